//! Measuring one rule against one record, and saying in words what was found and
//! what it would take to meet the target.
//!
//! Measuring and explaining are separate steps. [`read`] checks the fields a rule
//! needs (impossible data is an error naming the field) and returns numbers only: a
//! [`Reading`]. [`explain`] turns a reading into sentences and a gap. Scoring a
//! large batch needs only the first step, so explanations cost nothing unless asked
//! for. Points are given by [`crate::assess`], not here.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::{self, month_en, month_zh, MONTHS};
use crate::cell::{self, Field, Fields};
use crate::error::{RecordError, RecordProblem};
use crate::record::Record;
use crate::rulebook::{Indicator, Rule};
use crate::text::{list_en, list_zh, number, percent, Text};

/// A measured value or target: a number, or a date for deadline rules.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Measure {
    Number(f64),
    Date(NaiveDate),
}

/// What an unmet indicator lacks: an amount in the indicator's own unit and a
/// sentence saying what would meet it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Gap {
    pub amount: f64,
    pub text: Text,
}

/// What one rule found in one record: numbers only.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    /// `None` when the record lacks the fields: "no data".
    pub value: Option<Measure>,
    pub target: Measure,
    pub met: bool,
    /// Where the value stands on the credit curve.
    pub progress: Progress,
    /// Periods, items or units short, for deduction credit.
    pub shortfall: f64,
    /// The record's figures behind the value, kept for [`explain`].
    detail: Detail,
}

/// What a credit curve and a score need of a reading: no figures, no target.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Judged {
    /// False when the record lacks the fields: "no data".
    pub has_value: bool,
    pub met: bool,
    pub progress: Progress,
    pub shortfall: f64,
}

impl Reading {
    /// The part of the reading that gives points.
    pub fn judged(&self) -> Judged {
        Judged {
            has_value: self.value.is_some(),
            met: self.met,
            progress: self.progress,
            shortfall: self.shortfall,
        }
    }
}

/// What a rule's reading is made into: a whole [`Reading`] when it will be
/// explained, only its [`Judged`] part when it will be scored. Each rule kind is
/// written once, for both; `detail` is called only for a `Reading`, so scoring does
/// not copy the figures an explanation needs.
pub(crate) trait Found: Sized {
    fn found(
        value: Option<Measure>,
        target: Measure,
        judged: Judged,
        detail: impl FnOnce() -> Detail,
    ) -> Self;
}

impl Found for Reading {
    fn found(
        value: Option<Measure>,
        target: Measure,
        judged: Judged,
        detail: impl FnOnce() -> Detail,
    ) -> Self {
        Reading {
            value,
            target,
            met: judged.met,
            progress: judged.progress,
            shortfall: judged.shortfall,
            detail: detail(),
        }
    }
}

impl Found for Judged {
    #[inline]
    fn found(
        _value: Option<Measure>,
        _target: Measure,
        judged: Judged,
        _detail: impl FnOnce() -> Detail,
    ) -> Self {
        judged
    }
}

/// The quantities a credit curve reads.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Progress {
    /// A value against its target (ratio, per capita).
    Toward { value: f64, target: f64 },
    /// `met` of `of` periods or items.
    Share { met: f64, of: f64 },
    /// A score out of its maximum.
    Score { value: f64, max: f64 },
    /// Only met or not met.
    Binary,
}

/// The figures each rule kind needs to explain itself.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Detail {
    /// Which of the rule's fields (in [`Rule::fields`] order) are absent.
    NoData([bool; 2]),
    Ratio {
        n: f64,
        d: f64,
    },
    PerCapita {
        a: f64,
        p: f64,
    },
    Months([f64; MONTHS]),
    Dated([bool; MONTHS]),
    Count(f64),
    Date {
        d: NaiveDate,
        deadline: NaiveDate,
    },
    Lead {
        total: usize,
        late: usize,
        shortest: i64,
    },
    Present(f64),
    Score(f64),
}

type Read<O> = Result<O, RecordError>;

/// Measures `indicator`'s rule against `record`, whose period is `year`.
pub fn read(indicator: &Indicator, record: &Record, year: i32) -> Read<Reading> {
    // A record finds its fields by name: the slots are a table's.
    read_rule(&indicator.rule, [0, 0], record, year)
}

/// Measures `rule` against a record's figures; `slots` are the places of the rule's
/// fields (in [`Rule::field_shapes`] order) in the rulebook's field list.
pub(crate) fn read_rule<O: Found>(
    rule: &Rule,
    slots: [usize; 2],
    f: &impl Fields,
    year: i32,
) -> Read<O> {
    let mut found = None;
    read_each(rule, slots, std::iter::once((0, f, year)), |_, r| {
        found = Some(r)
    });
    // `read_each` reads each record it is given: the one record here.
    found.unwrap_or_else(|| Err(RecordError::new("", RecordProblem::Missing)))
}

/// Measures `rule` against many records' figures, handing `out` each record's
/// number (as `records` gives it) and reading. The rule's kind is matched once for
/// them all, so a table's column is read by one tight loop of one rule.
#[inline]
pub(crate) fn read_each<F: Fields, O: Found>(
    rule: &Rule,
    slots: [usize; 2],
    records: impl Iterator<Item = (usize, F, i32)>,
    mut out: impl FnMut(usize, Read<O>),
) {
    let first = |name| Field {
        name,
        slot: slots[0],
    };
    let second = |name| Field {
        name,
        slot: slots[1],
    };
    match rule {
        Rule::Ratio {
            numerator,
            denominator,
            at_least,
        } => {
            let (n, d) = (first(numerator), second(denominator));
            records.for_each(|(i, f, _)| out(i, ratio(&f, n, d, *at_least)));
        }
        Rule::PerCapita {
            amount,
            population,
            at_least,
        } => {
            let (a, p) = (first(amount), second(population));
            records.for_each(|(i, f, _)| out(i, per_capita(&f, a, p, *at_least)));
        }
        Rule::CountEachPeriod { field, at_least } => {
            let field = first(field);
            records.for_each(|(i, f, _)| out(i, count_each_period(&f, field, *at_least)));
        }
        Rule::DatedEachPeriod { field, by_day } => {
            let field = first(field);
            records.for_each(|(i, f, y)| out(i, dated_each_period(&f, field, *by_day, y)));
        }
        Rule::CountInRange {
            field,
            at_least,
            at_most,
        } => {
            let field = first(field);
            records.for_each(|(i, f, _)| out(i, count_in_range(&f, field, *at_least, *at_most)));
        }
        Rule::DateBy { field, month, day } => {
            let field = first(field);
            records.for_each(|(i, f, y)| out(i, date_by(&f, field, *month, *day, y)));
        }
        Rule::LeadTime {
            field,
            at_least_days,
        } => {
            let field = first(field);
            records.for_each(|(i, f, y)| out(i, lead_time(&f, field, *at_least_days, y)));
        }
        Rule::Presence { field } => {
            let field = first(field);
            records.for_each(|(i, f, _)| out(i, presence(&f, field)));
        }
        Rule::CarriedScore {
            field,
            max,
            at_least,
        } => {
            let field = first(field);
            records.for_each(|(i, f, _)| out(i, carried_score(&f, field, *max, *at_least)));
        }
    }
}

fn no_data<O: Found>(target: Measure, missing: [bool; 2]) -> Read<O> {
    let judged = Judged {
        has_value: false,
        met: false,
        progress: Progress::Binary,
        shortfall: 1.0,
    };
    Ok(O::found(None, target, judged, || Detail::NoData(missing)))
}

fn count(f: &impl Fields, field: Field<'_>) -> Result<Option<f64>, RecordError> {
    f.count(field)
}

fn ratio<O: Found>(f: &impl Fields, numerator: Field, denominator: Field, target: f64) -> Read<O> {
    let (part, whole) = (count(f, numerator)?, count(f, denominator)?);
    let (Some(n), Some(d)) = (part, whole) else {
        return no_data(Measure::Number(target), [part.is_none(), whole.is_none()]);
    };
    check_part_of_whole(numerator.name, n, denominator.name, d)?;
    Ok(toward(n / d, target, || Detail::Ratio { n, d }))
}

fn per_capita<O: Found>(f: &impl Fields, amount: Field, population: Field, target: f64) -> Read<O> {
    let (sum, people) = (count(f, amount)?, count(f, population)?);
    let (Some(a), Some(p)) = (sum, people) else {
        return no_data(Measure::Number(target), [sum.is_none(), people.is_none()]);
    };
    if p == 0.0 {
        let problem = RecordProblem::ZeroWhole {
            part: amount.name.to_string(),
        };
        return Err(RecordError::new(population.name, problem));
    }
    Ok(toward(a / p, target, || Detail::PerCapita { a, p }))
}

fn count_each_period<O: Found>(f: &impl Fields, field: Field, at_least: f64) -> Read<O> {
    let Some(counts) = cell::months_of(f, field)? else {
        return no_data(Measure::Number(MONTHS as f64), [true, false]);
    };
    let short = counts.iter().filter(|c| **c < at_least).count();
    Ok(share(MONTHS - short, MONTHS, || Detail::Months(counts)))
}

fn dated_each_period<O: Found>(f: &impl Fields, field: Field, by_day: u32, year: i32) -> Read<O> {
    let mut covered = [false; MONTHS];
    let present = cell::each_date_of(f, field, year, |d| {
        if d.day() <= by_day {
            if let Some(month) = covered.get_mut((d.month() as usize).wrapping_sub(1)) {
                *month = true;
            }
        }
    })?;
    if !present {
        return no_data(Measure::Number(MONTHS as f64), [true, false]);
    }
    let met = covered.iter().filter(|c| **c).count();
    Ok(share(met, MONTHS, || Detail::Dated(covered)))
}

fn count_in_range<O: Found>(
    f: &impl Fields,
    field: Field,
    at_least: f64,
    at_most: Option<f64>,
) -> Read<O> {
    let Some(c) = count(f, field)? else {
        return no_data(Measure::Number(at_least), [true, false]);
    };
    let over = at_most.map_or(0.0, |hi| (c - hi).max(0.0));
    let shortfall = (at_least - c).max(0.0) + over;
    let judged = Judged {
        shortfall,
        ..judge(shortfall == 0.0, Progress::Binary)
    };
    Ok(numeric(c, at_least, judged, || Detail::Count(c)))
}

fn date_by<O: Found>(f: &impl Fields, field: Field, month: u32, day: u32, year: i32) -> Read<O> {
    let deadline = calendar::deadline_in(year, month, day)
        .ok_or_else(|| RecordError::new("period", RecordProblem::BadPeriod(year.to_string())))?;
    let Some(d) = cell::date(f.cell(field), field.name, year)? else {
        return no_data(Measure::Date(deadline), [true, false]);
    };
    let judged = judge(d <= deadline, Progress::Binary);
    let (value, target) = (Measure::Date(d), Measure::Date(deadline));
    Ok(O::found(Some(value), target, judged, || Detail::Date {
        d,
        deadline,
    }))
}

fn lead_time<O: Found>(f: &impl Fields, field: Field, at_least_days: u32, year: i32) -> Read<O> {
    let need = i64::from(at_least_days);
    let pairs = cell::date_pairs(f.cell(field), field.name, year)?.filter(|p| !p.is_empty());
    let Some(pairs) = pairs else {
        return no_data(Measure::Number(0.0), [true, false]);
    };
    let leads = pairs
        .iter()
        .map(|(sent, held)| calendar::days_between(*sent, *held));
    let late = leads.clone().filter(|d| *d < need).count();
    let shortest = leads.min().unwrap_or(need);
    let total = pairs.len();
    Ok(share(total - late, total, || Detail::Lead {
        total,
        late,
        shortest,
    }))
}

fn presence<O: Found>(f: &impl Fields, field: Field) -> Read<O> {
    let Some(c) = cell::presence(f.cell(field), field.name)? else {
        return no_data(Measure::Number(1.0), [true, false]);
    };
    Ok(binary(c, 1.0, c >= 1.0, || Detail::Present(c)))
}

fn carried_score<O: Found>(f: &impl Fields, field: Field, max: f64, at_least: f64) -> Read<O> {
    let Some(v) = count(f, field)? else {
        return no_data(Measure::Number(at_least), [true, false]);
    };
    if v > max {
        return Err(RecordError::new(
            field.name,
            RecordProblem::AboveMax { value: v, max },
        ));
    }
    let judged = judge(v >= at_least, Progress::Score { value: v, max });
    Ok(numeric(v, at_least, judged, || Detail::Score(v)))
}

/// A verdict: met or not, and 0 or 1 short.
fn judge(met: bool, progress: Progress) -> Judged {
    Judged {
        has_value: true,
        met,
        progress,
        shortfall: if met { 0.0 } else { 1.0 },
    }
}

/// A reading of a number against a numeric target.
fn numeric<O: Found>(
    value: f64,
    target: f64,
    judged: Judged,
    detail: impl FnOnce() -> Detail,
) -> O {
    let (v, t) = (Measure::Number(value), Measure::Number(target));
    O::found(Some(v), t, judged, detail)
}

fn toward<O: Found>(v: f64, target: f64, detail: impl FnOnce() -> Detail) -> O {
    let progress = Progress::Toward { value: v, target };
    numeric(v, target, judge(v >= target, progress), detail)
}

fn share<O: Found>(met: usize, of: usize, detail: impl FnOnce() -> Detail) -> O {
    let (m, o) = (met as f64, of as f64);
    let judged = Judged {
        shortfall: o - m,
        ..judge(met == of, Progress::Share { met: m, of: o })
    };
    numeric(m, o, judged, detail)
}

fn binary<O: Found>(value: f64, target: f64, met: bool, detail: impl FnOnce() -> Detail) -> O {
    numeric(value, target, judge(met, Progress::Binary), detail)
}

/// A ratio's part must fit in its whole, and the whole must not be empty.
fn check_part_of_whole(part: &str, n: f64, whole: &str, d: f64) -> Result<(), RecordError> {
    if d == 0.0 {
        let problem = RecordProblem::ZeroWhole {
            part: part.to_string(),
        };
        return Err(RecordError::new(whole, problem));
    }
    if n > d {
        let problem = RecordProblem::PartExceedsWhole {
            value: n,
            whole: whole.to_string(),
            whole_value: d,
        };
        return Err(RecordError::new(part, problem));
    }
    Ok(())
}

// ------------------------------------------------------------------ explaining

/// Says what `reading` found, in both languages, and what would meet the target.
pub fn explain(indicator: &Indicator, reading: &Reading) -> (Text, Option<Gap>) {
    let ex = Explainer {
        label: &indicator.label,
        noun: noun(indicator),
    };
    match (&indicator.rule, &reading.detail) {
        (rule, Detail::NoData(missing)) => (ex.no_data(rule, *missing), None),
        (Rule::Ratio { at_least, .. }, Detail::Ratio { n, d }) => ex.ratio(*n, *d, *at_least),
        (Rule::PerCapita { at_least, .. }, Detail::PerCapita { a, p }) => {
            ex.per_capita(*a, *p, *at_least)
        }
        (Rule::CountEachPeriod { at_least, .. }, Detail::Months(counts)) => {
            ex.months(counts, *at_least)
        }
        (Rule::DatedEachPeriod { by_day, .. }, Detail::Dated(covered)) => {
            ex.dated(covered, *by_day)
        }
        (
            Rule::CountInRange {
                at_least, at_most, ..
            },
            Detail::Count(c),
        ) => ex.count(*c, *at_least, *at_most),
        (_, Detail::Date { d, deadline }) => ex.date(*d, *deadline),
        (
            Rule::LeadTime { at_least_days, .. },
            Detail::Lead {
                total,
                late,
                shortest,
            },
        ) => ex.lead(*total, *late, *shortest, *at_least_days),
        (_, Detail::Present(c)) => ex.presence(*c),
        (Rule::CarriedScore { max, at_least, .. }, Detail::Score(v)) => {
            ex.score(*v, *max, *at_least)
        }
        // A reading always comes from its own indicator's rule, so the pairs above
        // are the only ones; say so plainly rather than panic.
        _ => (indicator.label.clone(), None),
    }
}

/// What the indicator counts; the field name when the rulebook gives no noun.
fn noun(indicator: &Indicator) -> Text {
    indicator.noun.clone().unwrap_or_else(|| {
        let field = indicator.rule.fields()[0].to_string();
        Text::new(field.clone(), field)
    })
}

struct Explainer<'a> {
    label: &'a Text,
    noun: Text,
}

impl Explainer<'_> {
    fn no_data(&self, rule: &Rule, missing: [bool; 2]) -> Text {
        let fields: Vec<String> = rule
            .fields()
            .iter()
            .zip(missing)
            .filter(|(_, m)| *m)
            .map(|(f, _)| format!("`{f}`"))
            .collect();
        let l = self.label;
        Text::new(
            format!("{}:无数据(缺少{})", l.zh, list_zh(&fields)),
            format!("{}: no data ({} missing)", l.en, list_en(&fields)),
        )
    }

    fn ratio(&self, n: f64, d: f64, target: f64) -> (Text, Option<Gap>) {
        let v = n / d;
        let (vp, tp) = percents(v, target);
        let (l, noun, ns, ds) = (self.label, &self.noun, number(n), number(d));
        let why = Text::new(
            format!("{}为{}({ns}/{ds}),目标不低于{}", l.zh, vp.1, tp.1),
            format!(
                "{} is {} ({ns} of {ds}); the target is at least {}",
                l.en, vp.0, tp.0
            ),
        );
        let gap = (v < target).then(|| {
            let k = more_needed(n, d, target);
            let ks = number(k);
            Gap {
                amount: k,
                text: Text::new(
                    format!("再有{ks}{}即可达到{}", noun.zh, tp.1),
                    format!("{ks} more {} would meet {}", noun.en, tp.0),
                ),
            }
        });
        (why, gap)
    }

    fn per_capita(&self, a: f64, p: f64, target: f64) -> (Text, Option<Gap>) {
        let v = a / p;
        let (l, u) = (self.label, &self.noun);
        let (vs, ts, as_, ps) = (number(v), number(target), number(a), number(p));
        let why = Text::new(
            format!("{}为{vs}{}({ps}人共{as_}{}),目标为人均不低于{ts}{}", l.zh, u.zh, u.zh, u.zh),
            format!(
                "{} is {vs} {} ({as_} {} for {ps} people); the target is at least {ts} {} per person",
                l.en, u.en, u.en, u.en
            ),
        );
        let gap = (v < target).then(|| {
            let x = cents_needed(a, p, target);
            let xs = number(x);
            Gap {
                amount: x,
                text: Text::new(
                    format!("再增加{xs}{}即可达到人均{ts}{}", u.zh, u.zh),
                    format!("{xs} {} more would meet {ts} {} per person", u.en, u.en),
                ),
            }
        });
        (why, gap)
    }

    fn months(&self, counts: &[f64; MONTHS], at_least: f64) -> (Text, Option<Gap>) {
        let short: Vec<(u32, f64)> = (1..)
            .zip(counts.iter().copied())
            .filter(|(_, c)| *c < at_least)
            .collect();
        let met = number((MONTHS - short.len()) as f64);
        let (l, u, n) = (self.label, &self.noun, number(at_least));
        let why = Text::new(
            format!("{}:12个月中有{met}个月不少于{n}{}", l.zh, u.zh),
            format!("{}: {met} of 12 months had at least {n} {}", l.en, u.en),
        );
        let gap = (!short.is_empty()).then(|| {
            let (en, zh) = months_by_count(&short);
            Gap {
                amount: short.iter().map(|(_, c)| at_least - c).sum(),
                text: Text::new(
                    format!("{zh};每月至少需要{n}{}", u.zh),
                    format!("{en}; {n} {} are needed every month", u.en),
                ),
            }
        });
        (why, gap)
    }

    fn dated(&self, covered: &[bool; MONTHS], by_day: u32) -> (Text, Option<Gap>) {
        let missing: Vec<u32> = (1..)
            .zip(covered)
            .filter(|(_, c)| !**c)
            .map(|(m, _)| m)
            .collect();
        let met = number((MONTHS - missing.len()) as f64);
        let (l, u) = (self.label, &self.noun);
        let why = Text::new(
            format!("{}:12个月中有{met}个月在{by_day}日前报送", l.zh),
            format!(
                "{}: {met} of 12 months had {} dated by day {by_day}",
                l.en, u.en
            ),
        );
        let gap = (!missing.is_empty()).then(|| {
            let en: Vec<String> = missing.iter().map(|m| month_en(*m)).collect();
            let zh: Vec<String> = missing.iter().map(|m| month_zh(*m)).collect();
            Gap {
                amount: missing.len() as f64,
                text: Text::new(
                    format!("{}在{by_day}日前没有{}", list_zh(&zh), u.zh),
                    format!("no {} dated by day {by_day} in {}", u.en, list_en(&en)),
                ),
            }
        });
        (why, gap)
    }

    fn count(&self, c: f64, at_least: f64, at_most: Option<f64>) -> (Text, Option<Gap>) {
        let (l, u, lo, cs) = (self.label, &self.noun, number(at_least), number(c));
        let (range_zh, range_en) = match at_most {
            Some(hi) => (
                format!("{lo}至{}", number(hi)),
                format!("from {lo} to {}", number(hi)),
            ),
            None => (format!("不少于{lo}"), format!("at least {lo}")),
        };
        let why = Text::new(
            format!("{}:全年{cs}{},目标为{range_zh}", l.zh, u.zh),
            format!("{}: {cs} in the year; the target is {range_en}", l.en),
        );
        let gap = if c < at_least {
            let ks = number(at_least - c);
            Some(Gap {
                amount: at_least - c,
                text: Text::new(
                    format!("还需{ks}{}", u.zh),
                    format!("{ks} short of the {lo} needed"),
                ),
            })
        } else {
            at_most.filter(|hi| c > *hi).map(|hi| {
                let (xs, hs) = (number(c - hi), number(hi));
                Gap {
                    amount: c - hi,
                    text: Text::new(
                        format!("比上限{hs}多{xs}"),
                        format!("{xs} more than the most of {hs}"),
                    ),
                }
            })
        };
        (why, gap)
    }

    fn date(&self, d: NaiveDate, deadline: NaiveDate) -> (Text, Option<Gap>) {
        let l = self.label;
        let why = Text::new(
            format!("{}:完成于{d},截止日期为{deadline}", l.zh),
            format!("{}: done on {d}; the deadline is {deadline}", l.en),
        );
        let late = calendar::days_between(deadline, d);
        let gap = (late > 0).then(|| Gap {
            amount: late as f64,
            text: Text::new(
                format!("晚于截止日期{late}天"),
                format!("{late} days after the deadline"),
            ),
        });
        (why, gap)
    }

    fn lead(&self, total: usize, late: usize, shortest: i64, need: u32) -> (Text, Option<Gap>) {
        let (l, u, ok) = (self.label, &self.noun, total - late);
        let why = Text::new(
            format!("{}:{total}{}中有{ok}提前至少{need}天", l.zh, u.zh),
            format!(
                "{}: {ok} of {total} {} had at least {need} days' notice",
                l.en, u.en
            ),
        );
        let gap = (late > 0).then(|| Gap {
            amount: late as f64,
            text: Text::new(
                format!("{late}{}提前不足{need}天,最短{shortest}天", u.zh),
                format!(
                    "{late} {} had less than {need} days' notice, the shortest {shortest}",
                    u.en
                ),
            ),
        });
        (why, gap)
    }

    fn presence(&self, c: f64) -> (Text, Option<Gap>) {
        let (l, u, cs) = (self.label, &self.noun, number(c));
        let why = Text::new(format!("{}:{cs}{}", l.zh, u.zh), format!("{}: {cs}", l.en));
        let gap = (c < 1.0).then(|| Gap {
            amount: 1.0,
            text: Text::new(
                format!("至少需要1{}", u.zh),
                "at least 1 is needed".to_string(),
            ),
        });
        (why, gap)
    }

    fn score(&self, v: f64, max: f64, at_least: f64) -> (Text, Option<Gap>) {
        let (l, vs, ms, ts) = (self.label, number(v), number(max), number(at_least));
        let why = Text::new(
            format!("{}:得分{vs}(满分{ms}),需达到{ts}", l.zh),
            format!("{}: scored {vs} of {ms}; {ts} is needed", l.en),
        );
        let gap = (v < at_least).then(|| {
            let xs = number(at_least - v);
            Gap {
                amount: at_least - v,
                text: Text::new(
                    format!("距{ts}分还差{xs}分"),
                    format!("{xs} points short of {ts}"),
                ),
            }
        });
        (why, gap)
    }
}

/// The most steps [`more_needed`] and [`cents_needed`] take to correct their first
/// estimate. The estimate is off by rounding only, one step for any real count; the
/// bound is for counts beyond 2^53 (a record claiming 10^19 residents), where a step
/// of one no longer changes the number and an unbounded loop never ended.
const ROUNDING_STEPS: usize = 16;

/// The fewest whole units to add to `n` so that `(n + k) / d` reaches `target`,
/// checked with the same division the rule uses, so rounding cannot make it lie.
fn more_needed(n: f64, d: f64, target: f64) -> f64 {
    let mut k = (target * d - n).ceil().max(0.0);
    for _ in 0..ROUNDING_STEPS {
        if k > 0.0 && (n + k - 1.0) / d >= target {
            k -= 1.0;
        } else {
            break;
        }
    }
    for _ in 0..ROUNDING_STEPS {
        if (n + k) / d < target {
            k += 1.0;
        } else {
            break;
        }
    }
    k
}

/// The least amount, in cents, to add to `a` so that `(a + x) / p` reaches `target`.
fn cents_needed(a: f64, p: f64, target: f64) -> f64 {
    let mut cents = ((target * p - a) * 100.0).ceil().max(0.0);
    for _ in 0..ROUNDING_STEPS {
        if cents > 0.0 && (a + (cents - 1.0) / 100.0) / p >= target {
            cents -= 1.0;
        } else {
            break;
        }
    }
    for _ in 0..ROUNDING_STEPS {
        if (a + cents / 100.0) / p < target {
            cents += 1.0;
        } else {
            break;
        }
    }
    cents / 100.0
}

/// A value and a target as percentages in (en, zh), with enough decimals that a
/// value just under the target does not print as equal to it.
fn percents(v: f64, target: f64) -> ((String, String), (String, String)) {
    // Each percentage is formatted once; its Chinese form is the same without the
    // space (as `percent_zh` writes it).
    let (value, goal) = (percent(v), percent(target));
    let zh = |en: &str| en.replace(' ', "");
    let shown = if v < target && value == goal {
        let digits = (2..=6)
            .find(|d| fmt_pct(v, *d) != fmt_pct(target, *d))
            .unwrap_or(6);
        let s = fmt_pct(v, digits);
        (format!("{s} %"), format!("{s}%"))
    } else {
        let value_zh = zh(&value);
        (value, value_zh)
    };
    let goal_zh = zh(&goal);
    (shown, (goal, goal_zh))
}

fn fmt_pct(v: f64, digits: usize) -> String {
    format!("{:.*}", digits, v * 100.0)
}

/// "March and August had 1, May had 0" — months grouped by their count, in the
/// order the counts first appear.
fn months_by_count(short: &[(u32, f64)]) -> (String, String) {
    let mut groups: Vec<(f64, Vec<u32>)> = Vec::new();
    for (month, count) in short {
        match groups.iter_mut().find(|(c, _)| c == count) {
            Some((_, months)) => months.push(*month),
            None => groups.push((*count, vec![*month])),
        }
    }
    let en = groups.iter().map(|(c, ms)| {
        let names: Vec<String> = ms.iter().map(|m| month_en(*m)).collect();
        format!("{} had {}", list_en(&names), number(*c))
    });
    let zh = groups.iter().map(|(c, ms)| {
        let names: Vec<String> = ms.iter().map(|m| month_zh(*m)).collect();
        format!("{}为{}", list_zh(&names), number(*c))
    });
    (
        en.collect::<Vec<_>>().join(", "),
        zh.collect::<Vec<_>>().join(","),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_needed_is_exact_at_float_edges() {
        assert_eq!(more_needed(1130.0, 4200.0, 0.25), 0.0);
        assert_eq!(more_needed(1038.0, 4200.0, 0.25), 12.0);
        // 0.7 × 100 is 70.00000000000001 in floating point: 70 of 100 still meets 70 %.
        assert_eq!(more_needed(69.0, 100.0, 0.7), 1.0);
        assert_eq!(more_needed(0.0, 3.0, 0.7), 3.0);
    }

    /// Found by the `record_json` fuzz target: `surveyed` of 3.4 × 10^19 made the
    /// gap's correction loop step by 1 where 1 no longer changes the number, and
    /// assessing the record never ended.
    #[test]
    fn gaps_of_huge_counts_end() {
        let k = more_needed(231.0, 34_444_444_444_444_444_400.0, 0.7);
        assert!(k > 2.4e19 && k < 2.42e19, "{k}");
        assert_eq!(more_needed(1e19, 1e20, 0.25), 1.5e19);
        let x = cents_needed(1.0, 1e300, 2.0);
        assert!(x.is_finite() && x > 1e300, "{x}");
        let record = Record::from_json(
            r#"{"unit": "j-017", "period": "2024", "surveyed": 34444444444444444400,
                "aware": 231, "residents": 1e19, "participants": 5, "funding_cny": 1}"#,
        )
        .unwrap();
        let rulebook = crate::Rulebook::builtin("standard").unwrap();
        let a = crate::assess(&rulebook, &record).unwrap();
        let gap = a.indicators[1].gap.as_ref().unwrap();
        assert!(gap.amount > 2.4e19, "{}", gap.amount);
        assert!(a.indicators[4].gap.is_some());
    }

    #[test]
    fn cents_needed_reaches_the_target() {
        assert_eq!(cents_needed(7560.0, 4200.0, 2.0), 840.0);
        let x = cents_needed(0.0, 3.0, 0.7);
        assert!(x / 3.0 >= 0.7 && (x - 0.01) / 3.0 < 0.7, "{x}");
    }

    #[test]
    fn near_misses_do_not_print_as_met() {
        let ((v, _), (t, _)) = percents(0.24999, 0.25);
        assert_ne!(v, t);
        for (v, t) in [(0.269, 0.25), (0.24999, 0.25), (0.7, 0.7), (1.0 / 3.0, 0.5)] {
            let ((en, zh), (ten, tzh)) = percents(v, t);
            assert_eq!(zh, en.replace(' ', ""));
            assert_eq!((ten, tzh), (percent(t), crate::text::percent_zh(t)));
        }
        assert_eq!(percents(0.269, 0.25).0 .0, "26.9 %");
    }

    #[test]
    fn months_group_by_count() {
        let (en, zh) = months_by_count(&[(3, 1.0), (5, 0.0), (8, 1.0)]);
        assert_eq!(en, "March and August had 1, May had 0");
        assert_eq!(zh, "3月、8月为1,5月为0");
    }
}
