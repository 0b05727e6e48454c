//! `date_by`: something done by a day of the year — the learning centre organised
//! by 30 June (T11), the work plan filed by 30 April (T12).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::appraisal::credit::Credit;
use crate::appraisal::limits::check_number;
use crate::appraisal::rulebook::FieldShape;
use crate::calendar;
use crate::cell::{self, Fields};
use crate::error::{RecordError, RecordProblem, RulebookError};
use crate::text::Lang;

use super::kind::{field, judge, push_count_en, Found, Kind, Measure, Progress, Read, Words};

/// A date in the record's year on or before `month`-`day`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateBy {
    pub field: String,
    pub month: u32,
    pub day: u32,
}

/// What a deadline rule found: the date, and the deadline in the record's year.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct DatedAgainstDeadline {
    pub date: NaiveDate,
    pub deadline: NaiveDate,
}

impl Kind for DateBy {
    type Figures = DatedAgainstDeadline;
    const NAME: &'static str = "date_by";

    fn fields(&self) -> Vec<(&str, FieldShape)> {
        vec![(&self.field, FieldShape::Date)]
    }

    fn measured_mut(&mut self) -> &mut String {
        &mut self.field
    }

    fn validate(&self, at: &str) -> Result<(), RulebookError> {
        // Checked against a leap year so that 29 February is allowed.
        let ok = calendar::date_in(2024, self.month, self.day).is_some();
        let expected = "a day that exists in the month";
        check_number(&format!("{at}.day"), f64::from(self.day), expected, ok)
    }

    fn accepts(credit: &Credit) -> bool {
        matches!(credit, Credit::AllOrNothing | Credit::Deduct { .. })
    }

    #[inline]
    fn read<O: Found<DatedAgainstDeadline>>(
        &self,
        f: &impl Fields,
        slots: [usize; 2],
        year: i32,
    ) -> Read<O> {
        let deadline = calendar::deadline_in(year, self.month, self.day)
            .ok_or_else(|| RecordError::new("period", RecordProblem::BadPeriod(year.to_string())))?;
        let at = field(&self.field, slots[0]);
        let Some(date) = cell::date(f.cell(at), at.name, year)? else {
            return Ok(O::no_data(Measure::Date(deadline), [true, false]));
        };
        let judged = judge(date <= deadline, Progress::Binary);
        let (value, target) = (Measure::Date(date), Measure::Date(deadline));
        Ok(O::found(value, target, judged, || DatedAgainstDeadline {
            date,
            deadline,
        }))
    }

    fn why(&self, fig: &DatedAgainstDeadline, w: &Words, lang: Lang, out: &mut String) {
        use std::fmt::Write;
        out.push_str(w.label(lang));
        // Writing to a String cannot fail.
        let _ = match lang {
            Lang::Zh => write!(out, ":完成于{},截止日期为{}", fig.date, fig.deadline),
            Lang::En => write!(out, ": done on {}; the deadline is {}", fig.date, fig.deadline),
        };
    }

    fn missing(&self, fig: &DatedAgainstDeadline) -> Option<f64> {
        let late = calendar::days_between(fig.deadline, fig.date);
        (late > 0).then_some(late as f64)
    }

    fn gap(&self, _: &DatedAgainstDeadline, late: f64, _: &Words, lang: Lang, out: &mut String) {
        match lang {
            Lang::Zh => {
                out.push_str("晚于截止日期");
                crate::text::write_number(out, late);
                out.push('天');
            }
            Lang::En => {
                push_count_en(out, late, "day", "days");
                out.push_str(" after the deadline");
            }
        }
    }
}
