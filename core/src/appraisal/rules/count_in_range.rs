//! `count_in_range`: a yearly count within a range — two to three staff training
//! sessions a year (T8), one or two leading-group meetings (T9).

use serde::{Deserialize, Serialize};

use crate::appraisal::credit::Credit;
use crate::appraisal::limits::{check_number, positive};
use crate::appraisal::rulebook::FieldShape;
use crate::cell::Fields;
use crate::error::RulebookError;
use crate::text::{write_number, Lang};

use super::kind::{field, judge, numeric, Found, Judged, Kind, Measure, Progress, Read, Words};

/// A yearly count `≥ at_least` (and `≤ at_most` when given).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountInRange {
    pub field: String,
    /// The least count, above 0.
    pub at_least: f64,
    /// The most, when more is too many.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<f64>,
}

/// What a yearly-count rule found.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct YearlyCount {
    #[serde(serialize_with = "crate::text::serialize_count")]
    pub count: f64,
}

impl Kind for CountInRange {
    type Figures = YearlyCount;
    const NAME: &'static str = "count_in_range";

    fn fields(&self) -> Vec<(&str, FieldShape)> {
        vec![(&self.field, FieldShape::Count)]
    }

    fn measured_mut(&mut self) -> &mut String {
        &mut self.field
    }

    fn validate(&self, at: &str) -> Result<(), RulebookError> {
        positive(&format!("{at}.at_least"), self.at_least)?;
        match self.at_most {
            Some(m) => {
                let ok = m.is_finite() && m >= self.at_least;
                check_number(&format!("{at}.at_most"), m, "a number ≥ at_least", ok)
            }
            None => Ok(()),
        }
    }

    fn accepts(credit: &Credit) -> bool {
        matches!(credit, Credit::AllOrNothing | Credit::Deduct { .. })
    }

    #[inline]
    fn read<O: Found<YearlyCount>>(&self, f: &impl Fields, slots: [usize; 2], _: i32) -> Read<O> {
        let Some(c) = f.count(field(&self.field, slots[0]))? else {
            return Ok(O::no_data(Measure::Number(self.at_least), [true, false]));
        };
        let over = self.at_most.map_or(0.0, |hi| (c - hi).max(0.0));
        let shortfall = (self.at_least - c).max(0.0) + over;
        let judged = Judged {
            shortfall,
            ..judge(shortfall == 0.0, Progress::Binary)
        };
        Ok(numeric(c, self.at_least, judged, || YearlyCount { count: c }))
    }

    fn why(&self, fig: &YearlyCount, w: &Words, lang: Lang, out: &mut String) {
        out.push_str(w.label(lang));
        match lang {
            Lang::Zh => {
                out.push_str(":全年");
                write_number(out, fig.count);
                out.push_str(w.noun(lang));
                out.push_str(",目标为");
                match self.at_most {
                    Some(hi) => {
                        write_number(out, self.at_least);
                        out.push('至');
                        write_number(out, hi);
                    }
                    None => {
                        out.push_str("不少于");
                        write_number(out, self.at_least);
                    }
                }
            }
            Lang::En => {
                out.push_str(": ");
                write_number(out, fig.count);
                out.push_str(" in the year; the target is ");
                match self.at_most {
                    Some(hi) => {
                        out.push_str("from ");
                        write_number(out, self.at_least);
                        out.push_str(" to ");
                        write_number(out, hi);
                    }
                    None => {
                        out.push_str("at least ");
                        write_number(out, self.at_least);
                    }
                }
            }
        }
    }

    fn missing(&self, fig: &YearlyCount) -> Option<f64> {
        let c = fig.count;
        if c < self.at_least {
            Some(self.at_least - c)
        } else {
            self.at_most.filter(|hi| c > *hi).map(|hi| c - hi)
        }
    }

    fn gap(&self, fig: &YearlyCount, x: f64, w: &Words, lang: Lang, out: &mut String) {
        let short = fig.count < self.at_least;
        match (lang, short) {
            (Lang::Zh, true) => {
                out.push_str("还需");
                write_number(out, x);
                out.push_str(w.noun(lang));
            }
            (Lang::En, true) => {
                write_number(out, x);
                out.push_str(" short of the ");
                write_number(out, self.at_least);
                out.push_str(" needed");
            }
            (Lang::Zh, false) => {
                out.push_str("比上限");
                write_number(out, self.at_most.unwrap_or_default());
                out.push('多');
                write_number(out, x);
            }
            (Lang::En, false) => {
                write_number(out, x);
                out.push_str(" more than the most of ");
                write_number(out, self.at_most.unwrap_or_default());
            }
        }
    }
}
