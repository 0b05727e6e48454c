//! Assessing records against a rulebook: points per indicator, the total, the
//! grade, the reasons, and the work list (以评促建) of what to do next.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::cell::Fields;
use crate::error::{join_path, ErrorInfo, RecordError, RulebookError};
use crate::measure::{explain, read_rule, Judged, Progress, Reading};
use crate::plan::{Plan, View};
use crate::record::{index_path, Record};
use crate::rulebook::{Credit, Evidence, GradeBand, Indicator, Rule, Rulebook, SourceWeight};
use crate::text::number;
use crate::text::Text;

pub use crate::measure::{Gap, Measure};

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
    let results = plan
        .indicators()
        .map(|(ind, views)| evaluate(ind, views, f, year).map(|e| result_of(ind, e)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(summarise(plan.rulebook, unit, period, results))
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
pub fn assess_json_batch<S: RulebookSource + ?Sized>(source: &S, values: &[Value]) -> Vec<Outcome> {
    values
        .iter()
        .enumerate()
        .map(|(i, raw)| match assess_at(source, raw, &index_path(i)) {
            Ok(a) => Outcome::Assessed(Box::new(a)),
            Err(error) => Outcome::Failed(Failure {
                unit: raw.get("unit").and_then(Value::as_str).map(str::to_string),
                error,
            }),
        })
        .collect()
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

/// An indicator read once, or once per weighted evidence source.
struct Evaluated {
    points: f64,
    met: bool,
    /// The reading shown: the only one, or the first source with data.
    main: Reading,
    sources: Vec<SourceReading>,
}

struct SourceReading {
    weight: SourceWeight,
    /// The indicator as it reads this source's fields (`field@source`).
    view: Indicator,
    reading: Reading,
    points: f64,
}

/// The one view of an indicator without weighted sources.
fn only<'v, 'r>(views: &'v [View<'r>]) -> Option<&'v View<'r>> {
    match views {
        [v] if v.weight.is_none() => Some(v),
        _ => None,
    }
}

fn evaluate(
    ind: &Indicator,
    views: &[View],
    f: &impl Fields,
    year: i32,
) -> Result<Evaluated, RecordError> {
    if let Some(v) = only(views) {
        let main: Reading = read_rule(&v.rule, v.slots, f, year)?;
        return Ok(Evaluated {
            points: earned(ind, &main.judged()),
            met: main.met,
            main,
            sources: Vec::new(),
        });
    }
    let mut sources = Vec::with_capacity(views.len());
    for v in views {
        let reading: Reading = read_rule(&v.rule, v.slots, f, year)?;
        let view = Indicator {
            rule: v.rule.clone().into_owned(),
            sources: Vec::new(),
            ..ind.clone()
        };
        let points = earned(ind, &reading.judged());
        sources.push(SourceReading {
            weight: v.weight.cloned().unwrap_or(SourceWeight {
                evidence: Evidence::SelfReport,
                weight: 1.0,
            }),
            view,
            reading,
            points,
        });
    }
    let weighed = sources
        .iter()
        .map(|s| (s.weight.weight, s.points, s.reading.met));
    let (points, met) = weigh(weighed);
    let Some(shown) = sources
        .iter()
        .find(|s| s.reading.value.is_some())
        .or(sources.first())
    else {
        return Err(no_sources(ind));
    };
    Ok(Evaluated {
        points,
        met,
        main: shown.reading.clone(),
        sources,
    })
}

/// Never returned: [`Plan::new`] gives every indicator at least one view. Kept so
/// that an empty list of views is an error rather than a panic.
fn no_sources(ind: &Indicator) -> RecordError {
    let problem = crate::error::RecordProblem::MissingColumn(format!(
        "the indicator `{}` reads no field",
        ind.id
    ));
    RecordError::new("", problem)
}

/// The weighted mean of the sources' points, and whether every source was met.
fn weigh(sources: impl Iterator<Item = (f64, f64, bool)>) -> (f64, bool) {
    let (mut total, mut sum, mut met) = (0.0, 0.0, true);
    for (weight, points, is_met) in sources {
        total += weight;
        sum += weight * points;
        met &= is_met;
    }
    (sum / total, met)
}

/// An indicator's points and whether it was met, as [`evaluate`] gives them, without
/// keeping the readings that only explanations need.
fn points_of(
    ind: &Indicator,
    views: &[View],
    f: &impl Fields,
    year: i32,
) -> Result<(f64, bool), RecordError> {
    if let Some(v) = only(views) {
        return points_of_rule(ind, &v.rule, v.slots, f, year);
    }
    let mut weighed = Vec::with_capacity(views.len());
    for v in views {
        let (points, met) = points_of_rule(ind, &v.rule, v.slots, f, year)?;
        weighed.push((v.weight.map_or(1.0, |w| w.weight), points, met));
    }
    if weighed.is_empty() {
        return Err(no_sources(ind));
    }
    Ok(weigh(weighed.into_iter()))
}

/// The points `ind` earns by one rule (its own, or one source's view of it).
#[inline]
fn points_of_rule(
    ind: &Indicator,
    rule: &Rule,
    slots: [usize; 2],
    f: &impl Fields,
    year: i32,
) -> Result<(f64, bool), RecordError> {
    let reading: Judged = read_rule(rule, slots, f, year)?;
    Ok((earned(ind, &reading), reading.met))
}

fn status_of(value: Option<&Measure>, met: bool) -> Status {
    match (value, met) {
        (None, _) => Status::NoData,
        (_, true) => Status::Met,
        (_, false) => Status::Unmet,
    }
}

fn result_of(ind: &Indicator, e: Evaluated) -> IndicatorResult {
    let (why, gap) = if e.sources.is_empty() {
        explain(ind, &e.main)
    } else {
        explain_sources(&e.sources)
    };
    let status = status_of(e.main.value.as_ref(), e.met);
    IndicatorResult {
        id: ind.id.clone(),
        label: ind.label.clone(),
        status,
        met: e.met,
        value: e.main.value,
        target: e.main.target,
        points: e.points,
        max: ind.points,
        veto: ind.veto,
        bonus: ind.bonus,
        why,
        gap,
        sources: e.sources.iter().map(source_result).collect(),
    }
}

fn source_result(s: &SourceReading) -> SourceResult {
    SourceResult {
        evidence: s.weight.evidence,
        weight: s.weight.weight,
        status: status_of(s.reading.value.as_ref(), s.reading.met),
        value: s.reading.value,
        points: s.points,
        why: explain(&s.view, &s.reading).0,
    }
}

/// Each source's sentence, labelled with the source and its weight; the gap of the
/// first source that falls short.
fn explain_sources(sources: &[SourceReading]) -> (Text, Option<Gap>) {
    let mut zh = Vec::new();
    let mut en = Vec::new();
    let mut gap = None;
    for s in sources {
        let (why, g) = explain(&s.view, &s.reading);
        let (label, w) = (s.weight.evidence.label(), number(s.weight.weight));
        zh.push(format!("{}(权重{w}):{}", label.zh, why.zh));
        en.push(format!("{} (weight {w}): {}", label.en, why.en));
        if gap.is_none() {
            gap = g.map(|g| Gap {
                amount: g.amount,
                text: Text::new(
                    format!("{}:{}", label.zh, g.text.zh),
                    format!("{}: {}", label.en, g.text.en),
                ),
            });
        }
    }
    (Text::new(zh.join(";"), en.join("; ")), gap)
}

/// The points an indicator earns on its credit curve; none without data.
#[inline]
fn earned(ind: &Indicator, m: &Judged) -> f64 {
    if !m.has_value {
        return 0.0;
    }
    let points = ind.points;
    match (&ind.credit, m.progress) {
        (Credit::Linear, Progress::Toward { value, target }) => {
            let half = target / 2.0;
            points * ((value - half) / half).clamp(0.0, 1.0)
        }
        (Credit::Share, Progress::Share { met, of }) => points * met / of,
        // Multiplying first keeps whole-point scores exact: 100 × 59.99 / 100 = 59.99.
        (Credit::Proportional, Progress::Score { value, max }) => {
            (points * value / max).clamp(0.0, points)
        }
        (Credit::Deduct { per_shortfall }, _) => (points - per_shortfall * m.shortfall).max(0.0),
        _ if m.met => points,
        _ => 0.0,
    }
}

/// Points added up: base and bonus apart, so the bonus cap can apply.
#[derive(Clone, Default)]
struct Tally {
    base: f64,
    bonus: f64,
    bonus_max: f64,
    vetoed: bool,
}

impl Tally {
    fn add(&mut self, ind: &Indicator, points: f64, met: bool) {
        if ind.bonus {
            self.bonus += points;
            self.bonus_max += ind.points;
        } else {
            self.base += points;
        }
        self.vetoed |= ind.veto && !met;
    }

    fn cap(rulebook: &Rulebook) -> f64 {
        rulebook.bonus_cap.unwrap_or(f64::INFINITY)
    }

    fn score(&self, rulebook: &Rulebook) -> f64 {
        self.base + self.bonus.min(Tally::cap(rulebook))
    }

    fn max_score(&self, rulebook: &Rulebook) -> f64 {
        rulebook.max_base() + self.bonus_max.min(Tally::cap(rulebook))
    }
}

fn summarise(
    rulebook: &Rulebook,
    unit: &str,
    period: &str,
    results: Vec<IndicatorResult>,
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
        work_list: work_list(rulebook, &results),
        indicators: results,
    }
}

/// The grade: the floor band when vetoed (or the rulebook's `veto_grade`), else the
/// highest band whose minimum the score reaches and whose conditions are met.
/// Equal minimums go to the band listed first.
fn grade<'a>(
    rulebook: &'a Rulebook,
    score: f64,
    vetoed: bool,
    is_met: impl Fn(&str) -> bool,
) -> Option<&'a GradeBand> {
    let highest = |bands: &mut dyn Iterator<Item = &'a GradeBand>| {
        bands.fold(None, |best: Option<&'a GradeBand>, b| match best {
            Some(x) if x.min >= b.min => Some(x),
            _ => Some(b),
        })
    };
    let lowest_plain = rulebook.floor_band();
    if vetoed {
        let chosen = rulebook.veto_grade.as_ref();
        let named = chosen.and_then(|id| rulebook.grades.iter().find(|b| &b.id == id));
        return named.or(lowest_plain);
    }
    let qualifying = rulebook
        .grades
        .iter()
        .filter(|b| score >= b.min && b.requires_met.iter().all(|id| is_met(id)));
    highest(&mut { qualifying }).or(lowest_plain)
}

fn work_list(rulebook: &Rulebook, results: &[IndicatorResult]) -> Vec<WorkItem> {
    let mut items: Vec<WorkItem> = results
        .iter()
        .zip(&rulebook.indicators)
        .filter(|(r, _)| !r.met)
        .map(|(r, ind)| WorkItem {
            indicator: r.id.clone(),
            label: r.label.clone(),
            action: action(r),
            missing: r.gap.as_ref().map(|g| g.amount),
            department: ind.department.clone(),
            points_at_stake: r.max - r.points,
            veto: r.veto,
        })
        .collect();
    // Veto items first: one of them fails the year. Then the most points.
    items.sort_by(|a, b| {
        b.veto
            .cmp(&a.veto)
            .then(b.points_at_stake.total_cmp(&a.points_at_stake))
    });
    items
}

fn action(r: &IndicatorResult) -> Text {
    match &r.gap {
        Some(gap) => Text::new(
            format!("{}:{}", r.label.zh, gap.text.zh),
            format!("{}: {}", r.label.en, gap.text.en),
        ),
        None => Text::new(
            format!("补齐数据后重新评估:{}", r.why.zh),
            format!("Collect the data and assess again: {}", r.why.en),
        ),
    }
}

mod table;

pub use table::{assess_table, score_table, RowScore, ScoreOutcome, TableAssessments, TableScores};

#[cfg(test)]
mod tests;
