//! `ratio`: a part of a whole reaches a share — resident participation (T1:
//! participants of residents ≥ 25 %), awareness, recognition and satisfaction of
//! those surveyed (T2–T4).

use serde::{Deserialize, Serialize};

use crate::appraisal::credit::Credit;
use crate::appraisal::limits::check_number;
use crate::appraisal::rulebook::FieldShape;
use crate::cell::Fields;
use crate::error::{RecordError, RecordProblem, RulebookError};
use crate::text::{write_percent, Lang};

use super::kind::{field, toward, Found, Kind, Measure, Read, Words};

/// `numerator / denominator ≥ at_least`, where the numerator is part of the
/// denominator (participants of residents, aware of surveyed).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ratio {
    pub numerator: String,
    pub denominator: String,
    /// The share to reach, above 0 and at most 1.
    pub at_least: f64,
}

/// What a ratio rule found.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct RatioFigures {
    #[serde(serialize_with = "crate::text::serialize_count")]
    pub numerator: f64,
    #[serde(serialize_with = "crate::text::serialize_count")]
    pub denominator: f64,
}

impl Kind for Ratio {
    type Figures = RatioFigures;
    const NAME: &'static str = "ratio";

    fn fields(&self) -> Vec<(&str, FieldShape)> {
        vec![
            (&self.numerator, FieldShape::Count),
            (&self.denominator, FieldShape::Count),
        ]
    }

    fn measured_mut(&mut self) -> &mut String {
        &mut self.numerator
    }

    fn validate(&self, at: &str) -> Result<(), RulebookError> {
        let ok = self.at_least > 0.0 && self.at_least <= 1.0;
        let expected = "a share above 0 and at most 1";
        check_number(&format!("{at}.at_least"), self.at_least, expected, ok)
    }

    fn accepts(credit: &Credit) -> bool {
        matches!(
            credit,
            Credit::Linear | Credit::AllOrNothing | Credit::Deduct { .. }
        )
    }

    #[inline]
    fn read<O: Found<RatioFigures>>(&self, f: &impl Fields, slots: [usize; 2], _: i32) -> Read<O> {
        let (numerator, denominator) = (
            field(&self.numerator, slots[0]),
            field(&self.denominator, slots[1]),
        );
        let (part, whole) = (f.count(numerator)?, f.count(denominator)?);
        let (Some(n), Some(d)) = (part, whole) else {
            let target = Measure::Number(self.at_least);
            return Ok(O::no_data(target, [part.is_none(), whole.is_none()]));
        };
        check_part_of_whole(&self.numerator, n, &self.denominator, d)?;
        Ok(toward(n / d, self.at_least, || RatioFigures {
            numerator: n,
            denominator: d,
        }))
    }

    fn why(&self, fig: &RatioFigures, w: &Words, lang: Lang, out: &mut String) {
        let (n, d) = (fig.numerator, fig.denominator);
        let (target, sign) = (self.at_least, sign(lang));
        out.push_str(w.label(lang));
        match lang {
            Lang::Zh => {
                out.push('为');
                write_value_percent(out, n / d, target, sign);
                out.push('(');
                crate::text::write_number(out, n);
                out.push('/');
                crate::text::write_number(out, d);
                out.push_str("),目标不低于");
            }
            Lang::En => {
                out.push_str(" is ");
                write_value_percent(out, n / d, target, sign);
                out.push_str(" (");
                crate::text::write_number(out, n);
                out.push_str(" of ");
                crate::text::write_number(out, d);
                out.push_str("); the target is at least ");
            }
        }
        write_percent(out, target, sign);
    }

    fn missing(&self, fig: &RatioFigures) -> Option<f64> {
        let (n, d) = (fig.numerator, fig.denominator);
        (n / d < self.at_least).then(|| more_needed(n, d, self.at_least))
    }

    fn gap(&self, _: &RatioFigures, k: f64, w: &Words, lang: Lang, out: &mut String) {
        let sign = sign(lang);
        match lang {
            Lang::Zh => {
                out.push_str("再有");
                crate::text::write_number(out, k);
                out.push_str(w.noun(lang));
                out.push_str("即可达到");
            }
            Lang::En => {
                crate::text::write_number(out, k);
                out.push_str(" more ");
                out.push_str(w.noun(lang));
                out.push_str(" would meet ");
            }
        }
        write_percent(out, self.at_least, sign);
    }
}

/// The percent sign as each language writes it after a number.
fn sign(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "%",
        Lang::En => " %",
    }
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

/// A value as a percentage, with enough decimals that a value just under the
/// target does not print as equal to it ("24.999 %" beside a 25 % target).
fn write_value_percent(out: &mut String, v: f64, target: f64, sign: &str) {
    let start = out.len();
    write_percent(out, v, sign);
    // Two percentages a tenth of a point apart or more never print alike.
    if v < target && (target - v) * 100.0 < 0.11 {
        let mut goal = String::new();
        write_percent(&mut goal, target, sign);
        if out.get(start..) == Some(goal.as_str()) {
            out.truncate(start);
            let digits = (2..=6)
                .find(|d| fmt_pct(v, *d) != fmt_pct(target, *d))
                .unwrap_or(6);
            out.push_str(&fmt_pct(v, digits));
            out.push_str(sign);
        }
    }
}

fn fmt_pct(v: f64, digits: usize) -> String {
    format!("{:.*}", digits, v * 100.0)
}

/// The most steps [`more_needed`] takes to correct its first estimate. The
/// estimate is off by rounding only, one step for any real count; the bound is for
/// counts beyond 2^53 (a record claiming 10^19 residents), where a step of one no
/// longer changes the number and an unbounded loop never ended.
pub(super) const ROUNDING_STEPS: usize = 16;

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
    }

    fn shown(v: f64, target: f64, sign: &str) -> String {
        let mut out = String::new();
        write_value_percent(&mut out, v, target, sign);
        out
    }

    #[test]
    fn near_misses_do_not_print_as_met() {
        assert_eq!(shown(0.24999, 0.25, " %"), "24.999 %");
        assert_eq!(shown(0.24999, 0.25, "%"), "24.999%");
        assert_eq!(shown(0.269, 0.25, " %"), "26.9 %");
        assert_eq!(shown(0.7, 0.7, " %"), "70 %");
        assert_eq!(shown(1.0 / 3.0, 0.5, "%"), "33.3%");
    }
}
