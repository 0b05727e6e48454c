//! `count_each_period`: a count reaches a number in every month of the year — at
//! least two activities a month at each learning centre (T6).

use serde::{Deserialize, Serialize};

use crate::appraisal::credit::Credit;
use crate::appraisal::limits::positive;
use crate::appraisal::rulebook::FieldShape;
use crate::calendar::{month_en, MONTHS};
use crate::cell::{self, Fields};
use crate::error::RulebookError;
use crate::text::{list_en, write_number, Lang};

use super::kind::{field, share, Found, Kind, Measure, Read, Words};

/// A list of twelve monthly counts, each `≥ at_least`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountEachPeriod {
    pub field: String,
    /// The count each month must reach, above 0.
    pub at_least: f64,
}

/// What a monthly-count rule found: the twelve counts, January first.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthlyCounts {
    #[serde(serialize_with = "counts")]
    pub counts: [f64; MONTHS],
}

/// The twelve counts, each as [`crate::text::serialize_count`] writes it.
fn counts<S: serde::Serializer>(counts: &[f64; MONTHS], serializer: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    struct Count(f64);
    impl Serialize for Count {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            crate::text::serialize_count(&self.0, s)
        }
    }
    let mut seq = serializer.serialize_seq(Some(MONTHS))?;
    for c in counts {
        seq.serialize_element(&Count(*c))?;
    }
    seq.end()
}

impl CountEachPeriod {
    /// The months (1–12) that fell short, with their counts.
    fn short(&self, fig: &MonthlyCounts) -> impl Iterator<Item = (u32, f64)> + '_ {
        let at_least = self.at_least;
        (1..)
            .zip(fig.counts)
            .filter(move |(_, c)| *c < at_least)
    }
}

impl Kind for CountEachPeriod {
    type Figures = MonthlyCounts;
    const NAME: &'static str = "count_each_period";

    fn fields(&self) -> Vec<(&str, FieldShape)> {
        vec![(&self.field, FieldShape::Months)]
    }

    fn measured_mut(&mut self) -> &mut String {
        &mut self.field
    }

    fn validate(&self, at: &str) -> Result<(), RulebookError> {
        positive(&format!("{at}.at_least"), self.at_least)
    }

    fn accepts(credit: &Credit) -> bool {
        matches!(
            credit,
            Credit::Share | Credit::AllOrNothing | Credit::Deduct { .. }
        )
    }

    #[inline]
    fn read<O: Found<MonthlyCounts>>(
        &self,
        f: &impl Fields,
        slots: [usize; 2],
        _: i32,
    ) -> Read<O> {
        let Some(counts) = cell::months_of(f, field(&self.field, slots[0]))? else {
            return Ok(O::no_data(Measure::Number(MONTHS as f64), [true, false]));
        };
        let short = counts.iter().filter(|c| **c < self.at_least).count();
        Ok(share(MONTHS - short, MONTHS, || MonthlyCounts { counts }))
    }

    fn why(&self, fig: &MonthlyCounts, w: &Words, lang: Lang, out: &mut String) {
        let met = MONTHS - self.short(fig).count();
        out.push_str(w.label(lang));
        match lang {
            Lang::Zh => {
                out.push_str(":12个月中有");
                write_number(out, met as f64);
                out.push_str("个月不少于");
                write_number(out, self.at_least);
                out.push_str(w.noun(lang));
            }
            Lang::En => {
                out.push_str(": ");
                write_number(out, met as f64);
                out.push_str(" of 12 months had at least ");
                write_number(out, self.at_least);
                out.push(' ');
                out.push_str(w.noun(lang));
            }
        }
    }

    fn missing(&self, fig: &MonthlyCounts) -> Option<f64> {
        let mut short = self.short(fig).peekable();
        short.peek()?;
        Some(short.map(|(_, c)| self.at_least - c).sum())
    }

    fn gap(&self, fig: &MonthlyCounts, _: f64, w: &Words, lang: Lang, out: &mut String) {
        let short: Vec<(u32, f64)> = self.short(fig).collect();
        write_months_by_count(out, &short, lang);
        match lang {
            Lang::Zh => {
                out.push_str(";每月至少需要");
                write_number(out, self.at_least);
                out.push_str(w.noun(lang));
            }
            Lang::En => {
                out.push_str("; ");
                write_number(out, self.at_least);
                out.push(' ');
                out.push_str(w.noun(lang));
                out.push_str(" are needed every month");
            }
        }
    }
}

/// "March and August had 1, May had 0" — months grouped by their count, in the
/// order the counts first appear.
fn write_months_by_count(out: &mut String, short: &[(u32, f64)], lang: Lang) {
    let mut groups: Vec<(f64, Vec<u32>)> = Vec::new();
    for (month, count) in short {
        match groups.iter_mut().find(|(c, _)| c == count) {
            Some((_, months)) => months.push(*month),
            None => groups.push((*count, vec![*month])),
        }
    }
    for (i, (count, months)) in groups.iter().enumerate() {
        match lang {
            Lang::Zh => {
                if i > 0 {
                    out.push(',');
                }
                for (j, m) in months.iter().enumerate() {
                    if j > 0 {
                        out.push('、');
                    }
                    crate::text::push_int(out, u64::from(*m));
                    out.push('月');
                }
                out.push('为');
            }
            Lang::En => {
                if i > 0 {
                    out.push_str(", ");
                }
                let names: Vec<String> = months.iter().map(|m| month_en(*m)).collect();
                out.push_str(&list_en(&names));
                out.push_str(" had ");
            }
        }
        write_number(out, *count);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_group_by_count() {
        let short = [(3, 1.0), (5, 0.0), (8, 1.0)];
        let (mut en, mut zh) = (String::new(), String::new());
        write_months_by_count(&mut en, &short, Lang::En);
        write_months_by_count(&mut zh, &short, Lang::Zh);
        assert_eq!(en, "March and August had 1, May had 0");
        assert_eq!(zh, "3月、8月为1,5月为0");
    }
}
