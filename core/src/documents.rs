//! Entry points that take JSON documents: what the Python and WebAssembly bindings
//! (and any service that receives JSON) call, so that reading a document, and every
//! error about it, is written once and reads the same in every runtime.
//!
//! Each function reads its arguments with [`parse`]; a value of the wrong shape is
//! an [`ErrorInfo`] whose path starts with the argument's name (`units[3].level`).

use serde::de::DeserializeOwned;
use serde_json::Value;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Serialize, Serializer};

use crate::assess::compact::{CompactHeader, CompactRow};
use crate::assess::{
    assess_table_from, assess_values, score_table, Explain, Explainer, Failure, Outcome,
    RulebookSource, ScoreOutcome, Shape, TableExplained,
};
use crate::designation::{self, Candidate, Nomination, Round, RoundResult, Step, Workflow};
use crate::district::{self, District, DistrictReport};
use crate::error::{
    join_path, parse, ErrorInfo, ErrorKind, InputError, InputProblem, RulebookError,
    RulebookProblem,
};
use crate::money::{self, Expense, Funding, MoneyReview};
use crate::network::{self, Finding, Unit};
use crate::rulebook::Rulebook;
use crate::sensitivity::{self, Sensitivity};
use crate::table::{MissingColumns, Table};
use crate::teams::Member;
use crate::versions::RulebookSet;

/// The largest JSON text one call may hand over (a batch of records, a district):
/// larger text is refused before it is parsed, so a page cannot run out of memory.
pub const MAX_TEXT_BYTES: usize = 64 << 20;

/// The most records one [`score_json`] call scores. Text alone does not bound a
/// batch: 64 MiB of `{},` is 22 million records, and their outcomes (each an error
/// with its path) would not fit in the 4 GiB of a 32-bit WebAssembly module. A
/// million records (more than China's 650 000 communities) need about 0.5 GiB.
pub const MAX_SCORE_RECORDS: usize = 1_000_000;

/// The most records one batch of full assessments from a page may hold (what
/// `assessMany` checks with [`check_batch`]): each assessment, with its reasons in two
/// languages, its gaps and its work list, takes about 13 KB of module memory until it
/// is handed over, so about 330 000 of them fill a 32-bit WebAssembly module. Larger
/// batches are split by the caller, or scored without reasons ([`score_json`]).
pub const MAX_ASSESS_RECORDS: usize = 100_000;

/// Refuses a batch of `records` records over `limit` (path `records`, code
/// `too_many`), before any of it is read.
///
/// ```
/// use learning_city::documents::{check_batch, MAX_ASSESS_RECORDS};
/// assert!(check_batch(MAX_ASSESS_RECORDS, MAX_ASSESS_RECORDS).is_ok());
/// let e = check_batch(MAX_ASSESS_RECORDS + 1, MAX_ASSESS_RECORDS).unwrap_err();
/// assert_eq!((e.path.as_str(), e.code.as_str()), ("records", "too_many"));
/// ```
pub fn check_batch(records: usize, limit: usize) -> Result<(), ErrorInfo> {
    if records > limit {
        let problem = InputProblem::TooMany {
            found: records,
            limit,
        };
        return Err(InputError::new("records", problem).info());
    }
    Ok(())
}

/// Parses JSON text a binding received for argument `name`, refusing text over
/// [`MAX_TEXT_BYTES`].
///
/// ```
/// let e = learning_city::documents::parse_text("[1,", "records").unwrap_err();
/// assert_eq!((e.path.as_str(), e.code.as_str()), ("records", "not_json"));
/// ```
pub fn parse_text(text: &str, name: &str) -> Result<Value, ErrorInfo> {
    check_size(text, name)?;
    serde_json::from_str(text)
        .map_err(|e| InputError::new(name, InputProblem::NotJson(e.to_string())).info())
}

/// Refuses text over [`MAX_TEXT_BYTES`] for argument `name`.
fn check_size(text: &str, name: &str) -> Result<(), ErrorInfo> {
    if text.len() > MAX_TEXT_BYTES {
        let problem = InputProblem::TooLarge {
            found: text.len(),
            limit: MAX_TEXT_BYTES,
        };
        return Err(InputError::new(name, problem).info());
    }
    Ok(())
}

/// Scores a JSON list of records without their reasons: N records in, N outcomes
/// out, each a [`ScoreOutcome`] (`{unit, period, score, grade, vetoed}` or
/// `{unit, error}` with the path `records[i]…`), the same scores and grades as
/// [`crate::assess_values`] gives. The records are read straight into a
/// [`Table`], keeping only the fields the rulebook reads. Refused when the text is
/// over [`MAX_TEXT_BYTES`], is not JSON, is not a list or holds more than
/// [`MAX_SCORE_RECORDS`] records (path `records`).
///
/// ```
/// use learning_city::{assess::ScoreOutcome, documents::score_json, Rulebook};
/// let rb = Rulebook::builtin("standard").unwrap();
/// let out = score_json(&rb, r#"[{"unit": "c-1", "period": 2024, "residents": 100, "participants": 30}, {"unit": "c-2"}]"#).unwrap();
/// let ScoreOutcome::Scored(s) = &out[0] else { panic!() };
/// assert_eq!((s.score, s.grade.as_str(), s.period.as_str()), (20.0, "fail", "2024"));
/// let ScoreOutcome::Failed(f) = &out[1] else { panic!() };
/// assert_eq!((f.unit.as_deref(), f.error.path.as_str()), (Some("c-2"), "records[1].period"));
/// ```
pub fn score_json(rulebook: &Rulebook, records: &str) -> Result<Vec<ScoreOutcome>, ErrorInfo> {
    check_size(records, "records")?;
    let mut keep = vec!["unit".to_string(), "period".to_string()];
    keep.extend(rulebook.fields());
    let keep: Vec<&str> = keep.iter().map(String::as_str).collect();
    let table = Table::from_json(records, &keep).map_err(|e| e.info())?;
    check_batch(table.rows(), MAX_SCORE_RECORDS)?;
    let scores = score_table(rulebook, &table, MissingColumns::NoData).map_err(|e| e.info())?;
    Ok(scores.outcomes(&table))
}

/// How many records a compact batch explains at a time: enough that each column
/// loop runs long, few enough that a chunk's columns stay small (a few MB), so a
/// batch's memory grows with its output, not with its working columns.
pub const CHUNK_ROWS: usize = 1024;

/// One rulebook, or the versions of one rulebook, each record assessed by the
/// version in force on 1 January of its year.
#[derive(Clone, Copy, Debug)]
pub enum Rulebooks<'a> {
    One(&'a Rulebook),
    Versions(&'a RulebookSet),
}

impl RulebookSource for Rulebooks<'_> {
    fn for_year(&self, year: i32) -> Result<&Rulebook, RulebookError> {
        match self {
            Rulebooks::One(r) => Ok(r),
            Rulebooks::Versions(set) => set.for_year(year),
        }
    }
}

/// What a batch is asked for: which explanations, in which shape.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchOptions {
    #[serde(default)]
    pub explain: Explain,
    #[serde(default)]
    pub shape: Shape,
}

impl BatchOptions {
    /// The options named as every runtime names them (`explain`: `none`, `zh`,
    /// `en`, `both`; `shape`: `full`, `compact`); a name left out takes its default
    /// (`both`, `full`). An unknown name is `bad_option` at its path.
    ///
    /// ```
    /// use learning_city::documents::BatchOptions;
    /// let o = BatchOptions::from_names(Some("en"), Some("compact")).unwrap();
    /// assert_eq!((o.explain.name(), o.shape), ("en", learning_city::assess::Shape::Compact));
    /// let e = BatchOptions::from_names(Some("fr"), None).unwrap_err();
    /// assert_eq!((e.path.as_str(), e.code.as_str()), ("explain", "bad_option"));
    /// ```
    pub fn from_names(explain: Option<&str>, shape: Option<&str>) -> Result<Self, ErrorInfo> {
        let explain = match explain {
            None => Explain::default(),
            Some(name) => Explain::from_name(name)
                .ok_or_else(|| unknown_name("explain", name, &Explain::NAMES))?,
        };
        let shape = match shape {
            None => Shape::default(),
            Some(name) => {
                Shape::from_name(name).ok_or_else(|| unknown_name("shape", name, &Shape::NAMES))?
            }
        };
        Ok(BatchOptions { explain, shape })
    }

    /// The options given as a JSON object `{explain, shape}` (what a page passes);
    /// `null` or a missing key takes the default, and anything but a name is
    /// `bad_option` at its key.
    pub fn from_value(options: &Value) -> Result<Self, ErrorInfo> {
        let name = |key: &str| match options.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(other) => Err(bad_option(
                key,
                &format!(
                    "must be one of its names, not {}",
                    crate::record::json_kind(other)
                ),
            )),
        };
        match options {
            Value::Null | Value::Object(_) => Self::from_names(name("explain")?, name("shape")?),
            other => Err(bad_option(
                "options",
                &format!(
                    "must be an object {{explain, shape}}, not {}",
                    crate::record::json_kind(other)
                ),
            )),
        }
    }

    /// Refuses options that do not fit together or with the rulebooks given.
    pub fn check(&self, rulebooks: &Rulebooks) -> Result<(), ErrorInfo> {
        if self.shape == Shape::Full && self.explain != Explain::Both {
            return Err(bad_option(
                "explain",
                "the full shape carries every reason in both languages: ask for explain \"both\", \
                 or for the compact shape",
            ));
        }
        if self.shape == Shape::Compact && matches!(rulebooks, Rulebooks::Versions(_)) {
            return Err(bad_option(
                "rulebook",
                "the compact shape states one rulebook's indicators once: give one rulebook, \
                 not a list of versions",
            ));
        }
        Ok(())
    }
}

fn unknown_name(path: &str, name: &str, names: &[&str]) -> ErrorInfo {
    let reason = format!(
        "`{}` is not one of {}",
        crate::text::clip(name),
        names.join(", ")
    );
    InputError::new(path, InputProblem::BadOption(reason)).info()
}

fn bad_option(path: &str, reason: &str) -> ErrorInfo {
    InputError::new(path, InputProblem::BadOption(reason.to_string())).info()
}

/// The answer to a batch: every record's whole assessment, or the compact shape.
#[derive(Clone, Debug, PartialEq)]
pub enum Batch<'r> {
    Full(Vec<Outcome>),
    Compact(CompactBatch<'r>),
}

impl Serialize for Batch<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Batch::Full(outcomes) => outcomes.serialize(serializer),
            Batch::Compact(batch) => batch.serialize(serializer),
        }
    }
}

/// A batch in the compact shape: its header once, then its records, explained a
/// chunk of [`CHUNK_ROWS`] at a time. Serialises as `{rulebook, explain,
/// max_score, indicators, grades, records}`.
#[derive(Clone, Debug, PartialEq)]
pub struct CompactBatch<'r> {
    pub header: CompactHeader,
    pub chunks: Vec<TableExplained<'r>>,
    /// Records that could not be read at all, by index: their outcome replaces
    /// their row ([`Elements`]).
    pub failed: Vec<(usize, Failure)>,
}

impl<'r> CompactBatch<'r> {
    /// Explains `values` (JSON records) by `rulebook` as `explain` asks.
    ///
    /// ```
    /// use learning_city::{assess::Explain, documents::CompactBatch, Rulebook};
    /// let rb = Rulebook::builtin("standard").unwrap();
    /// let records = [serde_json::json!({"unit": "c-1", "period": 2024, "residents": 100, "participants": 30})];
    /// let batch = CompactBatch::new(&rb, &records, Explain::En).unwrap();
    /// let json = serde_json::to_value(&batch).unwrap();
    /// assert_eq!(json["indicators"][0]["id"], "T1");
    /// assert_eq!(json["records"][0]["why"][0], "resident participation is 30 % (30 of 100); the target is at least 25 %");
    /// assert_eq!(json["records"][0]["points"][0], 20.0);
    /// ```
    pub fn new(
        rulebook: &'r Rulebook,
        values: &[Value],
        explain: Explain,
    ) -> Result<CompactBatch<'r>, ErrorInfo> {
        let keep = keep_fields(rulebook);
        let keep: Vec<&str> = keep.iter().map(String::as_str).collect();
        let mut chunks = Vec::with_capacity(values.len().div_ceil(CHUNK_ROWS));
        for (c, chunk) in values.chunks(CHUNK_ROWS).enumerate() {
            let table = Table::from_values(chunk, &keep);
            let mut explainer = Explainer::new(rulebook, explain);
            explainer
                .explain(&table, MissingColumns::NoData, c * CHUNK_ROWS)
                .map_err(|e| e.info())?;
            chunks.push(explainer.into_explained());
        }
        Ok(CompactBatch {
            header: CompactHeader::new(rulebook, explain),
            chunks,
            failed: Vec::new(),
        })
    }

    /// Every record in the compact shape, in order.
    pub fn rows(&self) -> impl Iterator<Item = CompactRow<'_, 'r>> {
        self.chunks.iter().flat_map(TableExplained::compact_rows)
    }

    /// The number of records.
    pub fn len(&self) -> usize {
        self.chunks.iter().map(TableExplained::rows).sum()
    }

    /// True when the batch has no records.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Serialize for CompactBatch<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let h = &self.header;
        let mut map = serializer.serialize_map(Some(6))?;
        map.serialize_entry("rulebook", &h.rulebook)?;
        map.serialize_entry("explain", &h.explain)?;
        map.serialize_entry("max_score", &h.max_score)?;
        map.serialize_entry("indicators", &h.indicators)?;
        map.serialize_entry("grades", &h.grades)?;
        map.serialize_entry("records", &Records(self))?;
        map.end()
    }
}

struct Records<'a, 'r>(&'a CompactBatch<'r>);

impl Serialize for Records<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The failures are in index order: one walk through them.
        let mut failed = self.0.failed.iter().peekable();
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for (i, row) in self.0.rows().enumerate() {
            match failed.next_if(|(k, _)| *k == i) {
                Some((_, f)) => seq.serialize_element(f)?,
                None => seq.serialize_element(&row)?,
            }
        }
        seq.end()
    }
}

/// The fields a table read for `rulebook` keeps: `unit`, `period` and every field
/// a rule reads.
pub fn keep_fields(rulebook: &Rulebook) -> Vec<String> {
    let mut keep = vec!["unit".to_string(), "period".to_string()];
    keep.extend(rulebook.fields());
    keep
}

/// Assesses a batch of JSON records as `options` ask: N records in, N outcomes
/// out, in order, each an assessment (whole, or in the compact shape) or its error
/// with the path `records[i]…`. Refused only when the options do not fit
/// (`bad_option`).
///
/// ```
/// use learning_city::documents::{assess_batch, BatchOptions, Batch, Rulebooks};
/// use learning_city::Rulebook;
/// let rb = Rulebook::builtin("standard").unwrap();
/// let records = [serde_json::json!({"unit": "c-1", "period": 2024}), serde_json::json!({"unit": "c-2"})];
/// let options = BatchOptions::from_names(Some("none"), Some("compact")).unwrap();
/// let Batch::Compact(batch) = assess_batch(Rulebooks::One(&rb), &records, options).unwrap() else { panic!() };
/// let json = serde_json::to_value(&batch).unwrap();
/// assert_eq!(json["records"][1]["error"]["path"], "records[1].period");
/// ```
pub fn assess_batch<'r>(
    rulebooks: Rulebooks<'r>,
    values: &[Value],
    options: BatchOptions,
) -> Result<Batch<'r>, ErrorInfo> {
    options.check(&rulebooks)?;
    match (options.shape, rulebooks) {
        (Shape::Compact, Rulebooks::One(rulebook)) => {
            CompactBatch::new(rulebook, values, options.explain).map(Batch::Compact)
        }
        _ => Ok(Batch::Full(assess_values(&rulebooks, values))),
    }
}

/// The records of a batch as a binding converted them: each one's JSON, or the
/// outcome to report in its place when it has none (a value the caller's runtime
/// cannot turn into JSON). The core is given `null` in the failed places and puts
/// each failure back at its index: N elements in, N outcomes out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Elements {
    values: Vec<Value>,
    failed: Vec<(usize, Failure)>,
}

impl Elements {
    /// The elements, in order.
    pub fn new(elements: impl IntoIterator<Item = Result<Value, Failure>>) -> Elements {
        let mut failed = Vec::new();
        let values = elements
            .into_iter()
            .enumerate()
            .map(|(i, e)| {
                e.unwrap_or_else(|f| {
                    failed.push((i, f));
                    Value::Null
                })
            })
            .collect();
        Elements { values, failed }
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The values, `null` where an element failed.
    pub fn values(&self) -> &[Value] {
        &self.values
    }

    /// Puts each failure back at its index among `items` (one per value).
    pub fn put_back<T>(&self, items: &mut [T], put: impl Fn(&mut T, Failure)) {
        for (i, f) in &self.failed {
            if let Some(slot) = items.get_mut(*i) {
                put(slot, f.clone());
            }
        }
    }
}

/// [`assess_batch`] of records a binding converted: each element that could not be
/// converted is that element's outcome, in its place, in either shape.
pub fn assess_elements<'r>(
    rulebooks: Rulebooks<'r>,
    elements: &Elements,
    options: BatchOptions,
) -> Result<Batch<'r>, ErrorInfo> {
    let mut batch = assess_batch(rulebooks, elements.values(), options)?;
    match &mut batch {
        Batch::Full(outcomes) => elements.put_back(outcomes, |o, f| *o = Outcome::Failed(f)),
        Batch::Compact(compact) => compact.failed.clone_from(&elements.failed),
    }
    Ok(batch)
}

/// A chunk of a batch answered: its outcomes, or its rows explained for the
/// compact shape.
pub enum Answer<'a, 'r> {
    Full(Vec<Outcome>),
    Compact(&'a TableExplained<'r>),
}

/// Answers the chunks of a batch one after another — each a table of records as
/// [`read_json_chunks`] reads it — as `options` ask: what a program writing
/// answers as it reads its input holds. The compact shape's columns are reused
/// from chunk to chunk.
///
/// [`read_json_chunks`]: crate::table::read_json_chunks
pub struct Answerer<'r> {
    rulebook: &'r Rulebook,
    options: BatchOptions,
    explainer: Explainer<'r>,
}

impl<'r> Answerer<'r> {
    /// Refused when the options do not fit (`bad_option`).
    pub fn new(rulebook: &'r Rulebook, options: BatchOptions) -> Result<Answerer<'r>, ErrorInfo> {
        options.check(&Rulebooks::One(rulebook))?;
        Ok(Answerer {
            rulebook,
            options,
            explainer: Explainer::new(rulebook, options.explain),
        })
    }

    /// Answers `table`, whose first record is record `first` of the batch.
    pub fn answer(&mut self, table: &Table, first: usize) -> Result<Answer<'_, 'r>, ErrorInfo> {
        let policy = MissingColumns::NoData;
        match self.options.shape {
            Shape::Full => {
                let assessed =
                    assess_table_from(self.rulebook, table, policy, first).map_err(|e| e.info())?;
                Ok(Answer::Full(assessed.outcomes().collect()))
            }
            Shape::Compact => self
                .explainer
                .explain(table, policy, first)
                .map(Answer::Compact)
                .map_err(|e| e.info()),
        }
    }
}

/// Reads argument `name` of a call as `T`; `null` reads as `T`'s empty default when
/// the argument may be left out.
fn arg<T: DeserializeOwned>(value: Value, name: &str, kind: ErrorKind) -> Result<T, ErrorInfo> {
    parse(value, kind).map_err(|mut e| {
        e.path = join_path(name, &e.path);
        e
    })
}

fn optional_list<T: DeserializeOwned>(
    value: Value,
    name: &str,
    kind: ErrorKind,
) -> Result<Vec<T>, ErrorInfo> {
    match value {
        Value::Null => Ok(Vec::new()),
        v => arg(v, name, kind),
    }
}

/// Checks a network (N1–N5) given as a list of units and (optionally) members.
///
/// ```
/// use serde_json::json;
/// let e = learning_city::documents::check_network(json!([{"id": "d", "level": "county"}]), json!(null)).unwrap_err();
/// assert_eq!(e.path, "units[0].level");
/// ```
pub fn check_network(units: Value, members: Value) -> Result<Vec<Finding>, ErrorInfo> {
    let units: Vec<Unit> = arg(units, "units", ErrorKind::Network)?;
    let members: Vec<Member> = optional_list(members, "members", ErrorKind::Network)?;
    Ok(network::check(&units, &members))
}

/// Appraises a whole district document (`{name, units, members, records, rounds,
/// fundings, expenses}`).
pub fn appraise_district(
    rulebook: &Rulebook,
    district: Value,
) -> Result<DistrictReport, ErrorInfo> {
    let district: District = arg(district, "district", ErrorKind::District)?;
    Ok(district::appraise(rulebook, &district))
}

/// Fills a round's quota; `candidates` may be `null` when the round lists its own.
pub fn fill_round(round: Value, candidates: Value) -> Result<RoundResult, ErrorInfo> {
    let round: Round = arg(round, "round", ErrorKind::Designation)?;
    let candidates: Vec<Candidate> = match candidates {
        Value::Null => round.candidates.clone(),
        v => arg(v, "candidates", ErrorKind::Designation)?,
    };
    designation::fill(&round, &candidates).map_err(|e| {
        let mut info = e.info();
        info.path = join_path("round", &e.path);
        info
    })
}

/// Applies workflow steps to a nomination.
pub fn run_steps(nomination: Value, steps: Value) -> Result<Workflow, ErrorInfo> {
    let nomination: Nomination = arg(nomination, "nomination", ErrorKind::Designation)?;
    let steps: Vec<Step> = arg(steps, "steps", ErrorKind::Designation)?;
    Ok(designation::run_steps(nomination, &steps))
}

/// Reviews a district's books against a per-capita target.
pub fn review_money(
    units: Value,
    fundings: Value,
    expenses: Value,
    members: Value,
    at_least_per_capita: f64,
) -> Result<MoneyReview, ErrorInfo> {
    let units: Vec<Unit> = optional_list(units, "units", ErrorKind::Money)?;
    let fundings: Vec<Funding> = optional_list(fundings, "fundings", ErrorKind::Money)?;
    let expenses: Vec<Expense> = optional_list(expenses, "expenses", ErrorKind::Money)?;
    let members: Vec<Member> = optional_list(members, "members", ErrorKind::Money)?;
    Ok(money::review(
        &units,
        &fundings,
        &expenses,
        &members,
        at_least_per_capita,
    ))
}

/// Builds a set of rulebook versions from a list of rulebook documents.
pub fn rulebook_set(versions: Value) -> Result<RulebookSet, ErrorInfo> {
    let Value::Array(items) = versions else {
        let found = crate::record::json_kind(&versions);
        let problem =
            RulebookProblem::Malformed(format!("expected a list of rulebooks, found {found}"));
        return Err(RulebookError::new("rulebooks", problem).info());
    };
    let mut books = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let book = Rulebook::from_value(item).map_err(|e| {
            let mut info = e.info();
            info.path = join_path(&format!("rulebooks[{i}]"), &e.path);
            info
        })?;
        books.push(book);
    }
    RulebookSet::new(books).map_err(|e| {
        let mut info = e.info();
        info.path = join_path("rulebooks", &e.path);
        info
    })
}

/// [`sensitivity`] of records a binding converted: an element that could not be
/// converted keeps its place with its own error.
pub fn sensitivity_elements(
    rulebook: &Rulebook,
    elements: &Elements,
    change: f64,
) -> Result<Sensitivity, ErrorInfo> {
    let mut report = sensitivity(rulebook, elements.values(), change)?;
    elements.put_back(&mut report.records, |slot, f| {
        slot.unit = f.unit.unwrap_or_default();
        slot.error = Some(f.error);
    });
    Ok(report)
}

/// How grades and ranks move when each weight moves by ±`change`.
pub fn sensitivity(
    rulebook: &Rulebook,
    records: &[Value],
    change: f64,
) -> Result<Sensitivity, ErrorInfo> {
    sensitivity::sensitivity_json(rulebook, records, change).map_err(|e| e.info())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn argument_names_lead_every_path() {
        let e = fill_round(json!({"category": "estate", "year": 2024}), json!(null)).unwrap_err();
        assert_eq!((e.path.as_str(), e.kind.as_str()), ("round", "designation"));
        let round = json!({"category": "estate", "year": 2024, "quota": 0});
        assert_eq!(
            fill_round(round, json!([])).unwrap_err().path,
            "round.quota"
        );
        let e = run_steps(json!({"id": "n"}), json!([])).unwrap_err();
        assert_eq!(e.path, "nomination");
        let e = review_money(
            json!(null),
            json!([{"unit": "c", "channel": "x", "amount": "lots"}]),
            json!(null),
            json!(null),
            2.0,
        )
        .unwrap_err();
        assert_eq!(e.path, "fundings[0].amount");
    }

    #[test]
    fn elements_that_failed_keep_their_place_in_both_shapes() {
        let rulebook = Rulebook::builtin("standard").unwrap();
        let failure = Failure {
            unit: Some("c-2".into()),
            error: crate::RecordError::new(
                "records[1].residents",
                crate::error::RecordProblem::NotFinite,
            )
            .info(),
        };
        let elements = Elements::new([
            Ok(json!({"unit": "c-1", "period": "2024", "residents": 100, "participants": 30})),
            Err(failure.clone()),
            Ok(json!({"unit": "c-3", "period": "2024", "residents": -1})),
        ]);
        for shape in ["full", "compact"] {
            let options = BatchOptions::from_names(Some("both"), Some(shape)).unwrap();
            let batch = assess_elements(Rulebooks::One(&rulebook), &elements, options).unwrap();
            let json = serde_json::to_value(&batch).unwrap();
            let out = json.get("records").unwrap_or(&json);
            assert_eq!(out.as_array().unwrap().len(), 3, "{shape}");
            assert_eq!(out[1], serde_json::to_value(&failure).unwrap(), "{shape}");
            assert_eq!(out[2]["error"]["path"], "records[2].residents", "{shape}");
        }
        let report = sensitivity_elements(&rulebook, &elements, 0.1).unwrap();
        assert_eq!(report.records[1].unit, "c-2");
        assert_eq!(report.records[1].error.as_ref().unwrap().code, "not_finite");
    }

    #[test]
    fn options_come_from_names_or_an_object() {
        let o = BatchOptions::from_value(&json!({"explain": "zh", "shape": "compact"})).unwrap();
        assert_eq!((o.explain, o.shape), (Explain::Zh, Shape::Compact));
        assert_eq!(
            BatchOptions::from_value(&Value::Null).unwrap(),
            BatchOptions::default()
        );
        let e = BatchOptions::from_value(&json!({"explain": 3})).unwrap_err();
        assert_eq!(
            (e.path.as_str(), e.code.as_str()),
            ("explain", "bad_option")
        );
        let e = BatchOptions::from_value(&json!([1])).unwrap_err();
        assert_eq!(e.path, "options");
    }

    #[test]
    fn rulebook_sets_name_the_bad_version() {
        let standard = serde_json::to_value(Rulebook::builtin("standard").unwrap()).unwrap();
        let mut other = standard.clone();
        other["id"] = json!("other");
        other["effective_from"] = json!("2023-01-01");
        let e = rulebook_set(json!([standard.clone(), other])).unwrap_err();
        assert_eq!(
            (e.path.as_str(), e.code.as_str()),
            ("rulebooks[1].id", "mixed_ids")
        );
        let mut bad = standard;
        bad["grades"] = json!([]);
        assert_eq!(
            rulebook_set(json!([bad])).unwrap_err().path,
            "rulebooks[0].grades"
        );
        assert_eq!(rulebook_set(json!({})).unwrap_err().path, "rulebooks");
    }
}
