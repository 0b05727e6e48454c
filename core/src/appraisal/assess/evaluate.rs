//! One indicator read against one record: its points and verdict, and, when it
//! is explained, its reading and sentences; an indicator weighted over several
//! evidence sources is read once per source and its points are the weighted mean.

use crate::appraisal::plan::View;
use crate::appraisal::rulebook::{Evidence, Indicator, Rule, SourceWeight};
use crate::appraisal::rules::{self, gap_amount, read_rule, Gap, Judged, Measure, Reading};
use crate::cell::Fields;
use crate::error::{RecordError, RecordProblem};
use crate::text::{write_number, Lang, Text};

use super::{IndicatorResult, SourceResult, Status};

/// An indicator read once, or once per weighted evidence source.
pub(super) struct Evaluated<'v> {
    pub points: f64,
    pub met: bool,
    /// The rule and reading shown: the only one, or the first source with data.
    pub rule: &'v Rule,
    pub main: Reading,
    pub sources: Vec<SourceReading<'v>>,
}

pub(super) struct SourceReading<'v> {
    pub weight: SourceWeight,
    /// The rule as it reads this source's fields (`field@source`).
    pub rule: &'v Rule,
    pub reading: Reading,
    pub points: f64,
}

/// The one view of an indicator without weighted sources.
pub(super) fn only<'v, 'r>(views: &'v [View<'r>]) -> Option<&'v View<'r>> {
    match views {
        [v] if v.weight.is_none() => Some(v),
        _ => None,
    }
}

pub(super) fn evaluate<'v>(
    ind: &Indicator,
    views: &'v [View],
    f: &impl Fields,
    year: i32,
) -> Result<Evaluated<'v>, RecordError> {
    if let Some(v) = only(views) {
        let main: Reading = read_rule(&v.rule, v.slots, f, year)?;
        return Ok(Evaluated {
            points: ind.credit.earned(ind.points, &main.judged()),
            met: main.met,
            rule: &v.rule,
            main,
            sources: Vec::new(),
        });
    }
    let mut sources = Vec::with_capacity(views.len());
    for v in views {
        let reading: Reading = read_rule(&v.rule, v.slots, f, year)?;
        let points = ind.credit.earned(ind.points, &reading.judged());
        sources.push(SourceReading {
            weight: v.weight.cloned().unwrap_or(SourceWeight {
                evidence: Evidence::SelfReport,
                weight: 1.0,
            }),
            rule: &v.rule,
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
    let (rule, main) = (shown.rule, shown.reading.clone());
    Ok(Evaluated {
        points,
        met,
        rule,
        main,
        sources,
    })
}

/// Never returned: [`crate::appraisal::plan::Plan::new`] gives every indicator at
/// least one view. Kept so that an empty list of views is an error, not a panic.
fn no_sources(ind: &Indicator) -> RecordError {
    let problem =
        RecordProblem::MissingColumn(format!("the indicator `{}` reads no field", ind.id));
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

/// An indicator's points and whether it was met, as [`evaluate`] gives them,
/// without keeping the readings that only explanations need.
#[inline]
pub(crate) fn points_of(
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
    Ok((ind.credit.earned(ind.points, &reading), reading.met))
}

pub(crate) fn status_of(value: Option<&Measure>, met: bool) -> Status {
    match (value, met) {
        (None, _) => Status::NoData,
        (_, true) => Status::Met,
        (_, false) => Status::Unmet,
    }
}

/// Writes sentences in one language into a buffer it reuses, and hands each out
/// as a string of its exact length: one allocation a sentence.
#[derive(Default)]
pub(crate) struct Scribe {
    buf: String,
}

impl Scribe {
    /// The sentence `write` makes in `lang`.
    pub fn one(&mut self, lang: Lang, write: impl FnOnce(Lang, &mut String)) -> String {
        self.buf.clear();
        write(lang, &mut self.buf);
        String::from(self.buf.as_str())
    }

    /// The sentence `write` makes, in both languages.
    pub fn both(&mut self, write: impl Fn(Lang, &mut String)) -> Text {
        Text {
            zh: self.one(Lang::Zh, &write),
            en: self.one(Lang::En, &write),
        }
    }
}

/// The full result of one indicator: both languages' reason and gap.
pub(super) fn result_of(ind: &Indicator, e: Evaluated, scribe: &mut Scribe) -> IndicatorResult {
    let (why, gap) = if e.sources.is_empty() {
        explain(ind, e.rule, &e.main, scribe)
    } else {
        explain_sources(ind, &e.sources, scribe)
    };
    let status = status_of(e.main.value.as_ref(), e.met);
    let sources = e
        .sources
        .iter()
        .map(|s| source_result(ind, s, scribe))
        .collect();
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
        sources,
    }
}

/// The reason and gap of one reading, in both languages.
fn explain(
    ind: &Indicator,
    rule: &Rule,
    reading: &Reading,
    scribe: &mut Scribe,
) -> (Text, Option<Gap>) {
    let why = scribe.both(|lang, out| rules::write_why(ind, rule, reading, lang, out));
    let gap = gap_amount(rule, reading).map(|amount| Gap {
        amount,
        text: scribe.both(|lang, out| rules::write_gap(ind, rule, reading, amount, lang, out)),
    });
    (why, gap)
}

fn source_result(ind: &Indicator, s: &SourceReading, scribe: &mut Scribe) -> SourceResult {
    SourceResult {
        evidence: s.weight.evidence,
        weight: s.weight.weight,
        status: status_of(s.reading.value.as_ref(), s.reading.met),
        value: s.reading.value,
        points: s.points,
        why: scribe.both(|lang, out| rules::write_why(ind, s.rule, &s.reading, lang, out)),
    }
}

/// Each source's sentence, labelled with the source and its weight; the gap of the
/// first source that falls short.
fn explain_sources(
    ind: &Indicator,
    sources: &[SourceReading],
    scribe: &mut Scribe,
) -> (Text, Option<Gap>) {
    let why = scribe.both(|lang, out| write_sources_why(ind, sources, lang, out));
    let gap = first_gap(sources).map(|(s, amount)| Gap {
        amount,
        text: scribe.both(|lang, out| write_source_gap(ind, s, amount, lang, out)),
    });
    (why, gap)
}

/// The first source that falls short, with what it misses: the gap a weighted
/// indicator shows.
pub(super) fn first_gap<'s, 'v>(
    sources: &'s [SourceReading<'v>],
) -> Option<(&'s SourceReading<'v>, f64)> {
    sources
        .iter()
        .find_map(|s| gap_amount(s.rule, &s.reading).map(|amount| (s, amount)))
}

/// "on-site inspection: 12 more residents taking part would meet 25 %".
pub(super) fn write_source_gap(
    ind: &Indicator,
    s: &SourceReading,
    amount: f64,
    lang: Lang,
    out: &mut String,
) {
    out.push_str(s.weight.evidence.label().get(lang));
    out.push_str(colon(lang));
    rules::write_gap(ind, s.rule, &s.reading, amount, lang, out);
}

/// "self-report (weight 0.4): …; on-site inspection (weight 0.6): …".
pub(super) fn write_sources_why(
    ind: &Indicator,
    sources: &[SourceReading],
    lang: Lang,
    out: &mut String,
) {
    for (i, s) in sources.iter().enumerate() {
        let label = s.weight.evidence.label();
        match lang {
            Lang::Zh => {
                if i > 0 {
                    out.push(';');
                }
                out.push_str(&label.zh);
                out.push_str("(权重");
                write_number(out, s.weight.weight);
                out.push_str("):");
            }
            Lang::En => {
                if i > 0 {
                    out.push_str("; ");
                }
                out.push_str(&label.en);
                out.push_str(" (weight ");
                write_number(out, s.weight.weight);
                out.push_str("): ");
            }
        }
        rules::write_why(ind, s.rule, &s.reading, lang, out);
    }
}

/// The colon that joins a label to what follows, in `lang`.
pub(super) fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => ":",
        Lang::En => ": ",
    }
}
