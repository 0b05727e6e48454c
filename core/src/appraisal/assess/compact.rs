//! The compact shape of a batch: what is the same for every record — the
//! rulebook's indicators with their labels, points, departments and rules, and its
//! grade bands — stated once ([`CompactHeader`]); then per record its score, grade
//! and veto, and per indicator (in the header's order) its points and status, and,
//! when a language is asked for, its figures, what it misses, and its reason and
//! gap in that language ([`CompactRecord`]). `docs/shapes.md` shows both.
//!
//! A batch's rows are written straight from the explained columns
//! ([`TableExplained::row`]), with no value per cell; [`CompactRecord`] is the
//! same record as an owned value, for reading it back.

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Serialize, Serializer};

use crate::appraisal::rulebook::{Credit, GradeBand, Indicator, Rule, Rulebook, SourceWeight};
use crate::appraisal::rules::Figures;
use crate::error::ErrorInfo;
use crate::text::{Lang, Text};

use super::work::order;
use super::{Explain, Status, TableExplained, Tally};

/// What every record of a compact batch shares.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompactHeader {
    /// The rulebook, as `id@version`.
    pub rulebook: String,
    pub explain: Explain,
    /// The most a score can be.
    pub max_score: f64,
    /// The indicators, in the order every record's lists follow.
    pub indicators: Vec<IndicatorHead>,
    pub grades: Vec<GradeBand>,
}

/// An indicator as a compact batch states it once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorHead {
    pub id: String,
    pub label: Text,
    /// The most points it gives.
    pub points: f64,
    pub veto: bool,
    pub bonus: bool,
    pub department: Option<Text>,
    pub rule: Rule,
    pub credit: Credit,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceWeight>,
}

impl CompactHeader {
    /// The header of a batch appraised by `rulebook`.
    pub fn new(rulebook: &Rulebook, explain: Explain) -> CompactHeader {
        let mut tally = Tally::default();
        for ind in &rulebook.indicators {
            tally.add(ind, 0.0, true);
        }
        CompactHeader {
            rulebook: rulebook.citation(),
            explain,
            max_score: tally.max_score(rulebook),
            indicators: rulebook.indicators.iter().map(IndicatorHead::of).collect(),
            grades: rulebook.grades.clone(),
        }
    }
}

impl IndicatorHead {
    fn of(ind: &Indicator) -> IndicatorHead {
        IndicatorHead {
            id: ind.id.clone(),
            label: ind.label.clone(),
            points: ind.points,
            veto: ind.veto,
            bonus: ind.bonus,
            department: ind.department.clone(),
            rule: ind.rule.clone(),
            credit: ind.credit.clone(),
            sources: ind.sources.clone(),
        }
    }
}

/// One record of a compact batch, owned: what [`TableExplained::row`] writes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompactRecord {
    pub unit: String,
    pub period: String,
    pub score: f64,
    /// The grade band's id.
    pub grade: String,
    pub vetoed: bool,
    /// Per indicator, the points earned.
    pub points: Vec<f64>,
    pub status: Vec<Status>,
    /// Per indicator, what was found (`{"missing": [fields]}` without data); only
    /// when a language is explained.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figures: Option<Vec<serde_json::Value>>,
    /// Per indicator, what is missing to meet the target in the indicator's unit
    /// (a whole amount written as an integer).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "amounts"
    )]
    pub missing: Option<Vec<Option<f64>>>,
    /// Per indicator, the reason: a string in one language, `{zh, en}` in both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<Vec<Said>>,
    /// Per indicator, what would meet the target; `null` when met or without data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gap: Option<Vec<Option<Said>>>,
    /// The indicators not met, by their place in the header, veto items first,
    /// then the most points at stake: the work list (以评促建).
    pub work_list: Vec<usize>,
}

fn amounts<S: Serializer>(x: &Option<Vec<Option<f64>>>, serializer: S) -> Result<S::Ok, S::Error> {
    match x {
        Some(v) => serializer.collect_seq(v.iter().map(|a| Amount(*a))),
        None => serializer.serialize_none(),
    }
}

/// A missing amount, whole ones as integers.
struct Amount(Option<f64>);

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::text::serialize_count_opt(&self.0, s)
    }
}

/// A sentence in the language asked for, or in both.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Said {
    One(String),
    Both(Text),
}

/// One entry of a compact batch: a record, or why it could not be assessed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CompactOutcome {
    Assessed(Box<CompactRecord>),
    Failed(super::Failure),
}

impl<'r> TableExplained<'r> {
    /// Row `i` in the compact shape, to be serialised.
    pub fn row(&self, i: usize) -> CompactRow<'_, 'r> {
        CompactRow { t: self, i }
    }

    /// Every row in the compact shape, in order.
    pub fn compact_rows(&self) -> impl Iterator<Item = CompactRow<'_, 'r>> {
        (0..self.rows()).map(move |i| self.row(i))
    }

    /// The indicators row `i` did not meet, in the work list's order.
    pub fn work_list(&self, i: usize) -> Vec<usize> {
        let inds = &self.scores.rulebook.indicators;
        let mut unmet: Vec<usize> = (0..inds.len())
            .filter(|&k| {
                !self
                    .scores
                    .met
                    .get(k)
                    .and_then(|c| c.get(i))
                    .copied()
                    .unwrap_or(true)
            })
            .collect();
        let stake = |k: usize| {
            let max = inds.get(k).map_or(0.0, |ind| ind.points);
            max - self
                .scores
                .points
                .get(k)
                .and_then(|c| c.get(i))
                .copied()
                .unwrap_or(0.0)
        };
        let veto = |k: usize| inds.get(k).is_some_and(|ind| ind.veto);
        unmet.sort_by(|&a, &b| order(veto(a), stake(a), veto(b), stake(b)));
        unmet
    }
}

/// A row of a [`TableExplained`] in the compact shape: it serialises as a
/// [`CompactOutcome`], written from the columns.
pub struct CompactRow<'t, 'r> {
    t: &'t TableExplained<'r>,
    i: usize,
}

impl Serialize for CompactRow<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (t, i) = (self.t, self.i);
        let unit = t.units.get(i);
        if let Some(e) = t.scores.error(i) {
            let mut map = serializer.serialize_map(Some(2))?;
            map.serialize_entry("unit", &unit)?;
            map.serialize_entry("error", &ErrorInfo::from(e.clone()))?;
            return map.end();
        }
        let explained = !t.explain.langs().is_empty();
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("unit", unit.unwrap_or(""))?;
        map.serialize_entry("period", t.periods.get(i).unwrap_or(""))?;
        map.serialize_entry("score", &t.scores.score.get(i))?;
        map.serialize_entry(
            "grade",
            t.scores.grade.get(i).copied().flatten().unwrap_or(""),
        )?;
        map.serialize_entry("vetoed", &t.scores.vetoed.get(i))?;
        map.serialize_entry("points", &Across(&t.scores.points, i))?;
        map.serialize_entry("status", &Across(&t.status, i))?;
        if explained {
            map.serialize_entry("figures", &FiguresOf(t, i))?;
            map.serialize_entry("missing", &Amounts(&t.missing, i))?;
            map.serialize_entry("why", &Texts(t, i, Part::Why))?;
            map.serialize_entry("gap", &Texts(t, i, Part::Gap))?;
        }
        map.serialize_entry("work_list", &t.work_list(i))?;
        map.end()
    }
}

/// Row `i` of each column: one value per indicator.
struct Across<'a, T>(&'a [Vec<T>], usize);

impl<T: Serialize> Serialize for Across<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for column in self.0 {
            seq.serialize_element(&column.get(self.1))?;
        }
        seq.end()
    }
}

/// Row `i`'s missing amounts, whole ones as integers.
struct Amounts<'a>(&'a [Vec<Option<f64>>], usize);

impl Serialize for Amounts<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for column in self.0 {
            seq.serialize_element(&Amount(column.get(self.1).copied().flatten()))?;
        }
        seq.end()
    }
}

struct FiguresOf<'t, 'r>(&'t TableExplained<'r>, usize);

impl Serialize for FiguresOf<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (t, i) = (self.0, self.1);
        let inds = &t.scores.rulebook.indicators;
        let mut seq = serializer.serialize_seq(Some(inds.len()))?;
        for (ind, column) in inds.iter().zip(&t.figures) {
            match column.get(i).and_then(Option::as_ref) {
                Some(Figures::NoData(m)) => {
                    let fields: Vec<&str> = ind
                        .rule
                        .fields()
                        .into_iter()
                        .zip(m.missing)
                        .filter_map(|(f, missing)| missing.then_some(f))
                        .collect();
                    seq.serialize_element(&NoDataFields(fields))?;
                }
                figures => seq.serialize_element(&figures)?,
            }
        }
        seq.end()
    }
}

/// `{"missing": ["residents"]}`: the fields a record lacks.
struct NoDataFields<'a>(Vec<&'a str>);

impl Serialize for NoDataFields<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("missing", &self.0)?;
        map.end()
    }
}

#[derive(Clone, Copy)]
enum Part {
    Why,
    Gap,
}

/// Row `i`'s reasons (or gaps), one per indicator, in the batch's languages.
struct Texts<'t, 'r>(&'t TableExplained<'r>, usize, Part);

impl Serialize for Texts<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (t, i) = (self.0, self.1);
        let columns = match self.2 {
            Part::Why => &t.why,
            Part::Gap => &t.gap,
        };
        let k = t.scores.rulebook.indicators.len();
        let langs = t.explain.langs();
        let mut seq = serializer.serialize_seq(Some(k))?;
        for j in 0..k {
            let text = |l: usize| columns.get(l).and_then(|c| c.get(j)).and_then(|c| c.get(i));
            match langs {
                [_] => seq.serialize_element(&text(0))?,
                _ => match (text(0), text(1)) {
                    (Some(zh), Some(en)) => seq.serialize_element(&Both(zh, en))?,
                    _ => seq.serialize_element(&None::<()>)?,
                },
            }
        }
        seq.end()
    }
}

/// `{"zh": …, "en": …}`.
struct Both<'a>(&'a str, &'a str);

impl Serialize for Both<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry(Lang::Zh.code(), self.0)?;
        map.serialize_entry(Lang::En.code(), self.1)?;
        map.end()
    }
}
