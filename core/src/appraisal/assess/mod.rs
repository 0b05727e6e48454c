//! Assessing records against a rulebook: points per indicator, the total, the
//! grade, the reasons, and the work list (以评促建) of what to do next.
//!
//! `evaluate.rs` reads one indicator (once, or once per weighted evidence source);
//! `grade.rs` adds points up and grades; `work.rs` makes the work list; `table.rs`
//! scores and assesses a [`crate::table::Table`] a column at a time.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::appraisal::plan::Plan;
use crate::appraisal::rulebook::{Evidence, Rulebook};
use crate::cell::Fields;
use crate::error::{join_path, ErrorInfo, RecordError, RulebookError};
use crate::input::record::{index_path, Record};
use crate::text::Text;

pub mod compact;
mod evaluate;
mod explained;
mod grade;
mod options;
mod table;
#[cfg(test)]
mod tests;
mod work;

pub use crate::appraisal::rules::{Gap, Measure};
pub use explained::Explainer;
pub use explained::{explain_table, TableExplained};
pub use options::{Explain, Shape};
pub(crate) use table::assess_table_from;
pub use table::{assess_table, score_table, RowScore, ScoreOutcome, TableAssessments, TableScores};

use evaluate::points_of;
pub(crate) use evaluate::Scribe;
use evaluate::{evaluate, only, result_of};
pub(crate) use grade::{grade, Tally};

/// The appraisal of one record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub unit: String,
    pub period: String,
    /// The rulebook used, as `id@version`.
    pub rulebook: String,
    /// The total: base points plus capped bonus points. Not rounded.
    pub score: f64,
    /// The most the score could be.
    pub max_score: f64,
    pub grade: String,
    pub grade_label: Text,
    /// True when a veto indicator (一票否决) was not met.
    pub vetoed: bool,
    pub indicators: Vec<IndicatorResult>,
    /// What to do about every indicator not met, most points at stake first.
    pub work_list: Vec<WorkItem>,
}

/// Whether an indicator was met.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    Unmet,
    NoData,
}

/// One indicator's result, with its reason.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorResult {
    pub id: String,
    pub label: Text,
    pub status: Status,
    pub met: bool,
    /// The measured value; `null` when there is no data.
    pub value: Option<Measure>,
    pub target: Measure,
    pub points: f64,
    pub max: f64,
    pub veto: bool,
    pub bonus: bool,
    /// What was found, in words.
    pub why: Text,
    /// What it would take to meet the target; `null` when met or without data.
    pub gap: Option<Gap>,
    /// For an indicator weighted over several evidence sources: each source's result.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceResult>,
}

/// One evidence source's part of a weighted indicator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourceResult {
    pub evidence: Evidence,
    pub weight: f64,
    pub status: Status,
    pub value: Option<Measure>,
    pub points: f64,
    pub why: Text,
}

/// One action on the work list: what to do, how much is missing, who owns it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkItem {
    pub indicator: String,
    pub label: Text,
    pub action: Text,
    /// The gap in the indicator's own unit; `null` when the data is missing.
    pub missing: Option<f64>,
    pub department: Option<Text>,
    /// Points the indicator did not earn.
    pub points_at_stake: f64,
    pub veto: bool,
}

/// One entry of a batch: an assessment, or why the record could not be assessed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Outcome {
    Assessed(Box<Assessment>),
    Failed(Failure),
}

/// A record that could not be assessed, with its unit when that much was readable.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Failure {
    pub unit: Option<String>,
    pub error: ErrorInfo,
}

/// Assesses one record.
///
/// ```
/// use learning_city::{assess, Record, Rulebook};
/// let rulebook = Rulebook::builtin("standard").unwrap();
/// let record = Record::new("c-001", "2024").with("residents", 4000).with("participants", 750);
/// let a = assess(&rulebook, &record).unwrap();
/// let t1 = &a.indicators[0];
/// // 18.75 % is halfway from 12.5 % (half the target: 0 points) to 25 % (all 20 points).
/// assert_eq!(t1.points, 10.0);
/// assert_eq!(t1.gap.as_ref().unwrap().text.en, "250 more residents taking part would meet 25 %");
/// ```
pub fn assess(rulebook: &Rulebook, record: &Record) -> Result<Assessment, RecordError> {
    let year = record.year()?;
    assess_figures(
        &Plan::new(rulebook),
        &record.unit,
        &record.period,
        year,
        record,
    )
}

/// Assesses one record's figures, wherever they are kept.
pub(crate) fn assess_figures(
    plan: &Plan,
    unit: &str,
    period: &str,
    year: i32,
    f: &impl Fields,
) -> Result<Assessment, RecordError> {
    let mut scribe = Scribe::default();
    let results = plan
        .indicators()
        .map(|(ind, views)| evaluate(ind, views, f, year).map(|e| result_of(ind, e, &mut scribe)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(summarise(plan.rulebook, unit, period, results, &mut scribe))
}

/// A score and grade without the sentences: what ranking a large batch needs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scored<'a> {
    pub score: f64,
    pub grade: &'a str,
    pub vetoed: bool,
}

/// Scores one record without explaining it: the same points, total and grade as
/// [`assess`], at a fraction of the cost, for batches where only the ranking counts.
///
/// ```
/// use learning_city::{assess, assess::score, Record, Rulebook};
/// let rb = Rulebook::builtin("standard").unwrap();
/// let r = Record::new("c-1", "2024").with("residents", 100).with("participants", 20);
/// let s = score(&rb, &r).unwrap();
/// let a = assess(&rb, &r).unwrap();
/// assert_eq!((s.score, s.grade), (a.score, a.grade.as_str()));
/// ```
pub fn score<'a>(rulebook: &'a Rulebook, record: &Record) -> Result<Scored<'a>, RecordError> {
    let year = record.year()?;
    score_figures(
        &Plan::new(rulebook),
        year,
        record,
        &mut Vec::new(),
        |_, _, _| {},
    )
}

/// Scores one record's figures; `each` is told every indicator's place, points and
/// verdict as they are found. `met` is scratch space, reused across records.
pub(crate) fn score_figures<'r>(
    plan: &Plan<'r>,
    year: i32,
    f: &impl Fields,
    met: &mut Vec<bool>,
    mut each: impl FnMut(usize, f64, bool),
) -> Result<Scored<'r>, RecordError> {
    let rulebook = plan.rulebook;
    let mut tally = Tally::default();
    // Which indicators were met matters only to a band with conditions; most
    // rulebooks have none, and then nothing is kept.
    met.clear();
    for (k, (ind, views)) in plan.indicators().enumerate() {
        let (points, is_met) = points_of(ind, views, f, year)?;
        tally.add(ind, points, is_met);
        each(k, points, is_met);
        if plan.conditional {
            met.push(is_met);
        }
    }
    let is_met = |id: &str| {
        let found = rulebook.indicators.iter().position(|i| i.id == id);
        found.is_some_and(|k| met.get(k).copied().unwrap_or(false))
    };
    let total = tally.score(rulebook);
    let band = grade(rulebook, total, tally.vetoed, is_met);
    Ok(Scored {
        score: total,
        grade: band.map_or("", |b| b.id.as_str()),
        vetoed: tally.vetoed,
    })
}

/// Assesses every record, keeping each one's outcome in order: errors name
/// `records[i]` and the field.
pub fn assess_batch(
    rulebook: &Rulebook,
    records: &[Record],
) -> Vec<Result<Assessment, RecordError>> {
    records
        .iter()
        .enumerate()
        .map(|(i, r)| assess(rulebook, r).map_err(|e| e.within(&index_path(i))))
        .collect()
}

/// Where a batch finds the rulebook for a record's year: one [`Rulebook`] for every
/// year, or a [`crate::versions::RulebookSet`] that picks the version in force.
pub trait RulebookSource {
    fn for_year(&self, year: i32) -> Result<&Rulebook, RulebookError>;
}

impl RulebookSource for Rulebook {
    fn for_year(&self, _year: i32) -> Result<&Rulebook, RulebookError> {
        Ok(self)
    }
}

/// Assesses JSON values as records (what a spreadsheet export, a page or a Python
/// list of dicts gives): N values in, N outcomes out, in order.
pub fn assess_values<S: RulebookSource + ?Sized>(source: &S, values: &[Value]) -> Vec<Outcome> {
    assess_values_iter(source, values.iter()).collect()
}

/// [`assess_values`] as the outcomes are made: a caller writing them out holds one
/// at a time, so memory stays flat however many records there are. `values` may
/// be any iterator of records; each outcome's paths count from the first.
pub fn assess_values_iter<'a, S: RulebookSource + ?Sized>(
    source: &'a S,
    values: impl IntoIterator<Item = &'a Value> + 'a,
) -> impl Iterator<Item = Outcome> + 'a {
    values.into_iter().enumerate().map(move |(i, raw)| {
        match assess_at(source, raw, &index_path(i)) {
            Ok(a) => Outcome::Assessed(Box::new(a)),
            Err(error) => Outcome::Failed(Failure {
                unit: raw.get("unit").and_then(Value::as_str).map(str::to_string),
                error,
            }),
        }
    })
}

/// Assesses one record given as a JSON value, with one rulebook or the version in
/// force for its year; error paths are relative to the record (`residents`).
///
/// ```
/// use learning_city::{assess::assess_value, Rulebook};
/// let rb = Rulebook::builtin("standard").unwrap();
/// let e = assess_value(&rb, &serde_json::json!({"unit": "c", "period": "2024", "residents": -1})).unwrap_err();
/// assert_eq!((e.path.as_str(), e.code.as_str()), ("residents", "negative"));
/// ```
pub fn assess_value<S: RulebookSource + ?Sized>(
    source: &S,
    value: &Value,
) -> Result<Assessment, ErrorInfo> {
    assess_at(source, value, "")
}

/// Reads, dates and assesses one record; `at` prefixes every error path.
fn assess_at<S: RulebookSource + ?Sized>(
    source: &S,
    value: &Value,
    at: &str,
) -> Result<Assessment, ErrorInfo> {
    let record = Record::from_value(value).map_err(|e| e.within(at).info())?;
    let year = record.year().map_err(|e| e.within(at).info())?;
    let rulebook = source
        .for_year(year)
        .map_err(|e| RulebookError::new(join_path(at, "period"), e.problem).info())?;
    assess(rulebook, &record).map_err(|e| e.within(at).info())
}

fn summarise(
    rulebook: &Rulebook,
    unit: &str,
    period: &str,
    results: Vec<IndicatorResult>,
    scribe: &mut Scribe,
) -> Assessment {
    let mut tally = Tally::default();
    for (ind, r) in rulebook.indicators.iter().zip(&results) {
        tally.add(ind, r.points, r.met);
    }
    let score = tally.score(rulebook);
    let is_met = |id: &str| results.iter().any(|r| r.id == id && r.met);
    let (grade, grade_label) = match grade(rulebook, score, tally.vetoed, is_met) {
        Some(band) => (band.id.clone(), band.label.clone()),
        // Only an unvalidated rulebook built in code can lack a floor band.
        None => (String::new(), Text::default()),
    };
    Assessment {
        unit: unit.to_string(),
        period: period.to_string(),
        rulebook: rulebook.citation(),
        score,
        max_score: tally.max_score(rulebook),
        grade,
        grade_label,
        vetoed: tally.vetoed,
        work_list: work::work_list(rulebook, &results, scribe),
        indicators: results,
    }
}
