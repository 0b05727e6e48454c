//! Measuring one rule against one record, and saying in words what was found and
//! what it would take to meet the target.
//!
//! Each rule kind of [`Rule`] has one function here. It reads and checks the fields
//! it needs (impossible data is an error naming the field), then returns a
//! [`Measured`]: the value, the target, whether it is met, what the credit curves
//! need, and the sentences. Points are given by [`crate::assess`], not here.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::{self, month_en, month_zh, MONTHS};
use crate::error::{RecordError, RecordProblem};
use crate::record::Record;
use crate::rulebook::{Indicator, Rule};
use crate::text::{list_en, list_zh, number, percent, percent_zh, Text};

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

/// The result of measuring one rule against one record.
#[derive(Clone, Debug, PartialEq)]
pub struct Measured {
    /// `None` when the record lacks the fields: "no data".
    pub value: Option<Measure>,
    pub target: Measure,
    pub met: bool,
    /// How far along the credit curve the value is: the value against the target for
    /// linear credit, the share of periods or items for share credit, the carried
    /// score against its maximum for proportional credit.
    pub progress: Progress,
    /// Periods or items short, for deduction credit.
    pub shortfall: f64,
    pub why: Text,
    pub gap: Option<Gap>,
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

type Outcome = Result<Measured, RecordError>;

/// Measures `indicator` against `record`, whose period is `year`.
pub fn measure(indicator: &Indicator, record: &Record, year: i32) -> Outcome {
    let ctx = Ctx { indicator, record };
    match &indicator.rule {
        Rule::Ratio {
            numerator,
            denominator,
            at_least,
        } => ctx.ratio(numerator, denominator, *at_least),
        Rule::PerCapita {
            amount,
            population,
            at_least,
        } => ctx.per_capita(amount, population, *at_least),
        Rule::CountEachPeriod { field, at_least } => ctx.count_each_period(field, *at_least),
        Rule::DatedEachPeriod { field, by_day } => ctx.dated_each_period(field, *by_day, year),
        Rule::CountInRange {
            field,
            at_least,
            at_most,
        } => ctx.count_in_range(field, *at_least, *at_most),
        Rule::DateBy { field, month, day } => ctx.date_by(field, *month, *day, year),
        Rule::LeadTime {
            field,
            at_least_days,
        } => ctx.lead_time(field, *at_least_days, year),
        Rule::Presence { field } => ctx.presence(field),
        Rule::CarriedScore {
            field,
            max,
            at_least,
        } => ctx.carried_score(field, *max, *at_least),
    }
}

struct Ctx<'a> {
    indicator: &'a Indicator,
    record: &'a Record,
}

impl Ctx<'_> {
    fn label(&self) -> &Text {
        &self.indicator.label
    }

    /// What the indicator counts; the field name when the rulebook gives no noun.
    fn noun(&self) -> Text {
        self.indicator.noun.clone().unwrap_or_else(|| {
            let field = self.indicator.rule.fields()[0].to_string();
            Text::new(field.clone(), field)
        })
    }

    /// The "no data" result: names the fields that are absent (or empty).
    fn no_data(&self, target: Measure, missing: &[&str]) -> Outcome {
        let fields = missing.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>();
        let (l, en, zh) = (self.label(), list_en(&fields), list_zh(&fields));
        Ok(Measured {
            value: None,
            target,
            met: false,
            progress: Progress::Binary,
            shortfall: 1.0,
            why: Text::new(
                format!("{}:无数据(缺少{zh})", l.zh),
                format!("{}: no data ({en} missing)", l.en),
            ),
            gap: None,
        })
    }

    fn ratio(&self, numerator: &str, denominator: &str, target: f64) -> Outcome {
        let (part, whole) = (
            self.record.count(numerator)?,
            self.record.count(denominator)?,
        );
        let (Some(n), Some(d)) = (part, whole) else {
            return self.no_data(
                Measure::Number(target),
                &absent(&[(numerator, part), (denominator, whole)]),
            );
        };
        check_part_of_whole(numerator, n, denominator, d)?;
        let v = n / d;
        let (vp, tp) = percents(v, target);
        let (l, noun) = (self.label(), self.noun());
        let why = Text::new(
            format!(
                "{}为{}({}/{}),目标不低于{}",
                l.zh,
                vp.1,
                number(n),
                number(d),
                tp.1
            ),
            format!(
                "{} is {} ({} of {}); the target is at least {}",
                l.en,
                vp.0,
                number(n),
                number(d),
                tp.0
            ),
        );
        let gap = (v < target).then(|| {
            let k = more_needed(n, d, target);
            Gap {
                amount: k,
                text: Text::new(
                    format!("再有{}{}即可达到{}", number(k), noun.zh, tp.1),
                    format!("{} more {} would meet {}", number(k), noun.en, tp.0),
                ),
            }
        });
        Ok(toward(v, target, why, gap))
    }

    fn per_capita(&self, amount: &str, population: &str, target: f64) -> Outcome {
        let (sum, people) = (self.record.count(amount)?, self.record.count(population)?);
        let (Some(a), Some(p)) = (sum, people) else {
            return self.no_data(
                Measure::Number(target),
                &absent(&[(amount, sum), (population, people)]),
            );
        };
        if p == 0.0 {
            let problem = RecordProblem::ZeroWhole {
                part: amount.to_string(),
            };
            return Err(RecordError::new(population, problem));
        }
        let v = a / p;
        let (l, noun) = (self.label(), self.noun());
        let (vs, ts) = (number(v), number(target));
        let why = Text::new(
            format!(
                "{}为{vs}{}({}人共{}{}),目标为人均不低于{ts}{}",
                l.zh,
                noun.zh,
                number(p),
                number(a),
                noun.zh,
                noun.zh
            ),
            format!(
                "{} is {vs} {} ({} {} for {} people); the target is at least {ts} {} per person",
                l.en,
                noun.en,
                number(a),
                noun.en,
                number(p),
                noun.en
            ),
        );
        let gap = (v < target).then(|| {
            let x = cents_needed(a, p, target);
            Gap {
                amount: x,
                text: Text::new(
                    format!("再增加{}{}即可达到人均{ts}{}", number(x), noun.zh, noun.zh),
                    format!(
                        "{} {} more would meet {ts} {} per person",
                        number(x),
                        noun.en,
                        noun.en
                    ),
                ),
            }
        });
        Ok(toward(v, target, why, gap))
    }

    fn count_each_period(&self, field: &str, at_least: f64) -> Outcome {
        let all = Measure::Number(MONTHS as f64);
        let Some(counts) = self.record.counts(field, MONTHS)? else {
            return self.no_data(all, &[field]);
        };
        let short: Vec<(u32, f64)> = (1..)
            .zip(counts.iter().copied())
            .filter(|(_, c)| *c < at_least)
            .collect();
        let met_months = (MONTHS - short.len()) as f64;
        let (l, noun, n) = (self.label(), self.noun(), number(at_least));
        let why = Text::new(
            format!(
                "{}:12个月中有{}个月不少于{n}{}",
                l.zh,
                number(met_months),
                noun.zh
            ),
            format!(
                "{}: {} of 12 months had at least {n} {}",
                l.en,
                number(met_months),
                noun.en
            ),
        );
        let gap = (!short.is_empty()).then(|| {
            let (en, zh) = months_by_count(&short);
            Gap {
                amount: short.iter().map(|(_, c)| at_least - c).sum(),
                text: Text::new(
                    format!("{zh};每月至少需要{n}{}", noun.zh),
                    format!("{en}; {n} {} are needed every month", noun.en),
                ),
            }
        });
        Ok(share(
            met_months,
            MONTHS as f64,
            short.len() as f64,
            why,
            gap,
        ))
    }

    fn dated_each_period(&self, field: &str, by_day: u32, year: i32) -> Outcome {
        let all = Measure::Number(MONTHS as f64);
        let Some(dates) = self.record.dates(field, year)? else {
            return self.no_data(all, &[field]);
        };
        let mut covered = [false; MONTHS];
        for d in dates.iter().filter(|d| d.day() <= by_day) {
            covered[d.month0() as usize] = true;
        }
        let missing: Vec<u32> = (1..)
            .zip(covered)
            .filter(|(_, c)| !c)
            .map(|(m, _)| m)
            .collect();
        let met_months = (MONTHS - missing.len()) as f64;
        let (l, noun) = (self.label(), self.noun());
        let why = Text::new(
            format!(
                "{}:12个月中有{}个月在{by_day}日前报送",
                l.zh,
                number(met_months)
            ),
            format!(
                "{}: {} of 12 months had {} dated by day {by_day}",
                l.en,
                number(met_months),
                noun.en
            ),
        );
        let gap = (!missing.is_empty()).then(|| {
            let en: Vec<String> = missing.iter().map(|m| month_en(*m)).collect();
            let zh: Vec<String> = missing.iter().map(|m| month_zh(*m)).collect();
            Gap {
                amount: missing.len() as f64,
                text: Text::new(
                    format!("{}在{by_day}日前没有{}", list_zh(&zh), noun.zh),
                    format!("no {} dated by day {by_day} in {}", noun.en, list_en(&en)),
                ),
            }
        });
        Ok(share(
            met_months,
            MONTHS as f64,
            missing.len() as f64,
            why,
            gap,
        ))
    }

    fn count_in_range(&self, field: &str, at_least: f64, at_most: Option<f64>) -> Outcome {
        let Some(c) = self.record.count(field)? else {
            return self.no_data(Measure::Number(at_least), &[field]);
        };
        let (l, noun, lo) = (self.label(), self.noun(), number(at_least));
        let (range_zh, range_en) = match at_most {
            Some(hi) => (
                format!("{lo}至{}", number(hi)),
                format!("from {lo} to {}", number(hi)),
            ),
            None => (format!("不少于{lo}"), format!("at least {lo}")),
        };
        let why = Text::new(
            format!("{}:全年{}{},目标为{range_zh}", l.zh, number(c), noun.zh),
            format!(
                "{}: {} {} in the year; the target is {range_en}",
                l.en,
                number(c),
                noun.en
            ),
        );
        let over = at_most.filter(|hi| c > *hi);
        let gap = if c < at_least {
            let k = at_least - c;
            Some(Gap {
                amount: k,
                text: Text::new(
                    format!("还需{}{}", number(k), noun.zh),
                    format!("{} more {} are needed", number(k), noun.en),
                ),
            })
        } else {
            over.map(|hi| Gap {
                amount: c - hi,
                text: Text::new(
                    format!("比上限{}多{}", number(hi), number(c - hi)),
                    format!("{} more than the most of {}", number(c - hi), number(hi)),
                ),
            })
        };
        let shortfall = gap.as_ref().map_or(0.0, |g| g.amount);
        let mut m = binary(
            Measure::Number(c),
            Measure::Number(at_least),
            gap.is_none(),
            why,
            gap,
        );
        m.shortfall = shortfall;
        Ok(m)
    }

    fn date_by(&self, field: &str, month: u32, day: u32, year: i32) -> Outcome {
        let deadline = calendar::deadline_in(year, month, day).ok_or_else(|| {
            RecordError::new(
                "period",
                RecordProblem::BadPeriod(self.record.period.clone()),
            )
        })?;
        let Some(d) = self.record.date(field, year)? else {
            return self.no_data(Measure::Date(deadline), &[field]);
        };
        let l = self.label();
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
        Ok(binary(
            Measure::Date(d),
            Measure::Date(deadline),
            late <= 0,
            why,
            gap,
        ))
    }

    fn lead_time(&self, field: &str, at_least_days: u32, year: i32) -> Outcome {
        let need = i64::from(at_least_days);
        let pairs = self.record.date_pairs(field, year)?;
        let Some(pairs) = pairs.filter(|p| !p.is_empty()) else {
            return self.no_data(Measure::Number(0.0), &[field]);
        };
        let leads: Vec<i64> = pairs
            .iter()
            .map(|(sent, held)| calendar::days_between(*sent, *held))
            .collect();
        let late = leads.iter().filter(|d| **d < need).count();
        let (total, ok) = (pairs.len() as f64, (pairs.len() - late) as f64);
        let (l, noun) = (self.label(), self.noun());
        let why = Text::new(
            format!(
                "{}:{}{}中有{}提前至少{need}天",
                l.zh,
                number(total),
                noun.zh,
                number(ok)
            ),
            format!(
                "{}: {} of {} {} had at least {need} days' notice",
                l.en,
                number(ok),
                number(total),
                noun.en
            ),
        );
        let shortest = leads.iter().copied().min().unwrap_or(need);
        let gap = (late > 0).then(|| Gap {
            amount: late as f64,
            text: Text::new(
                format!("{late}{}提前不足{need}天,最短{shortest}天", noun.zh),
                format!(
                    "{late} {} had less than {need} days' notice, the shortest {shortest}",
                    noun.en
                ),
            ),
        });
        let mut m = share(ok, total, late as f64, why, gap);
        m.target = Measure::Number(total);
        Ok(m)
    }

    fn presence(&self, field: &str) -> Outcome {
        let Some(c) = self.record.presence(field)? else {
            return self.no_data(Measure::Number(1.0), &[field]);
        };
        let (l, noun) = (self.label(), self.noun());
        let why = Text::new(
            format!("{}:{}{}", l.zh, number(c), noun.zh),
            format!("{}: {} {}", l.en, number(c), noun.en),
        );
        let gap = (c < 1.0).then(|| Gap {
            amount: 1.0,
            text: Text::new(
                format!("至少需要1{}", noun.zh),
                format!("at least 1 of the {} is needed", noun.en),
            ),
        });
        Ok(binary(
            Measure::Number(c),
            Measure::Number(1.0),
            c >= 1.0,
            why,
            gap,
        ))
    }

    fn carried_score(&self, field: &str, max: f64, at_least: f64) -> Outcome {
        let Some(v) = self.record.count(field)? else {
            return self.no_data(Measure::Number(at_least), &[field]);
        };
        if v > max {
            return Err(RecordError::new(
                field,
                RecordProblem::AboveMax { value: v, max },
            ));
        }
        let l = self.label();
        let (vs, ms, ts) = (number(v), number(max), number(at_least));
        let why = Text::new(
            format!("{}:得分{vs}(满分{ms}),需达到{ts}", l.zh),
            format!("{}: scored {vs} of {ms}; {ts} is needed", l.en),
        );
        let gap = (v < at_least).then(|| Gap {
            amount: at_least - v,
            text: Text::new(
                format!("距{ts}分还差{}分", number(at_least - v)),
                format!("{} points short of {ts}", number(at_least - v)),
            ),
        });
        let met = v >= at_least;
        Ok(Measured {
            progress: Progress::Score { value: v, max },
            ..binary(Measure::Number(v), Measure::Number(at_least), met, why, gap)
        })
    }
}

fn toward(v: f64, target: f64, why: Text, gap: Option<Gap>) -> Measured {
    Measured {
        progress: Progress::Toward { value: v, target },
        ..binary(
            Measure::Number(v),
            Measure::Number(target),
            v >= target,
            why,
            gap,
        )
    }
}

fn share(met: f64, of: f64, short: f64, why: Text, gap: Option<Gap>) -> Measured {
    Measured {
        progress: Progress::Share { met, of },
        shortfall: short,
        ..binary(
            Measure::Number(met),
            Measure::Number(of),
            short == 0.0,
            why,
            gap,
        )
    }
}

fn binary(value: Measure, target: Measure, met: bool, why: Text, gap: Option<Gap>) -> Measured {
    Measured {
        value: Some(value),
        target,
        met,
        progress: Progress::Binary,
        shortfall: if met { 0.0 } else { 1.0 },
        why,
        gap,
    }
}

/// The names of the fields that are absent.
fn absent<'a>(fields: &[(&'a str, Option<f64>)]) -> Vec<&'a str> {
    fields
        .iter()
        .filter(|(_, v)| v.is_none())
        .map(|(f, _)| *f)
        .collect()
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

/// The fewest whole units to add to `n` so that `(n + k) / d` reaches `target`,
/// checked with the same division the rule uses, so rounding cannot make it lie.
fn more_needed(n: f64, d: f64, target: f64) -> f64 {
    let mut k = (target * d - n).ceil().max(0.0);
    while k > 0.0 && (n + k - 1.0) / d >= target {
        k -= 1.0;
    }
    while (n + k) / d < target {
        k += 1.0;
    }
    k
}

/// The least amount, in cents, to add to `a` so that `(a + x) / p` reaches `target`.
fn cents_needed(a: f64, p: f64, target: f64) -> f64 {
    let mut cents = ((target * p - a) * 100.0).ceil().max(0.0);
    while cents > 0.0 && (a + (cents - 1.0) / 100.0) / p >= target {
        cents -= 1.0;
    }
    while (a + cents / 100.0) / p < target {
        cents += 1.0;
    }
    cents / 100.0
}

/// A value and a target as percentages in (en, zh), with enough decimals that a
/// value just under the target does not print as equal to it.
fn percents(v: f64, target: f64) -> ((String, String), (String, String)) {
    let same = |a: f64, b: f64| percent(a) == percent(b);
    let shown = if v < target && same(v, target) {
        let digits = (2..=6)
            .find(|d| fmt_pct(v, *d) != fmt_pct(target, *d))
            .unwrap_or(6);
        let s = fmt_pct(v, digits);
        (format!("{s} %"), format!("{s}%"))
    } else {
        (percent(v), percent_zh(v))
    };
    (shown, (percent(target), percent_zh(target)))
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

    #[test]
    fn cents_needed_reaches_the_target() {
        assert_eq!(cents_needed(7560.0, 4200.0, 2.0), 840.0);
        let x = cents_needed(0.0, 3.0, 0.7);
        assert!((0.0 + x) / 3.0 >= 0.7 && (x - 0.01) / 3.0 < 0.7, "{x}");
    }

    #[test]
    fn near_misses_do_not_print_as_met() {
        let ((v, _), (t, _)) = percents(0.24999, 0.25);
        assert_ne!(v, t);
        assert_eq!(percents(0.269, 0.25).0 .0, "26.9 %");
    }

    #[test]
    fn months_group_by_count() {
        let (en, zh) = months_by_count(&[(3, 1.0), (5, 0.0), (8, 1.0)]);
        assert_eq!(en, "March and August had 1, May had 0");
        assert_eq!(zh, "3月、8月为1,5月为0");
    }
}
