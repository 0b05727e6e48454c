//! `dated_each_period`: in every month of the year, an item dated on or before a
//! day — an information report sent by the 25th of each month (T7).

use serde::{Deserialize, Serialize};

use crate::appraisal::credit::Credit;
use crate::appraisal::limits::check_number;
use crate::appraisal::rulebook::FieldShape;
use crate::calendar::{month_en, MONTHS};
use crate::cell::{self, Fields};
use crate::error::RulebookError;
use crate::text::{list_en, push_int, write_number, Lang};

use super::kind::{field, share, Found, Kind, Measure, Read, Words};

/// A list of dates: in every month of the year, one dated on or before `by_day`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatedEachPeriod {
    pub field: String,
    /// The last day of the month an item may be dated, 1 to 31.
    pub by_day: u32,
}

/// What a dated-each-month rule found: for each month, January first, whether an
/// item was dated by the day. Written in JSON as the months without one:
/// `{"months_without": [5, 8]}`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MonthsCovered {
    pub covered: [bool; MONTHS],
}

impl Serialize for MonthsCovered {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let without: Vec<u32> = self.missing().collect();
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("months_without", &without)?;
        map.end()
    }
}

impl MonthsCovered {
    /// The months (1–12) without an item dated by the day.
    fn missing(&self) -> impl Iterator<Item = u32> + '_ {
        (1..).zip(self.covered).filter(|(_, c)| !c).map(|(m, _)| m)
    }
}

impl Kind for DatedEachPeriod {
    type Figures = MonthsCovered;
    const NAME: &'static str = "dated_each_period";

    fn fields(&self) -> Vec<(&str, FieldShape)> {
        vec![(&self.field, FieldShape::Dates)]
    }

    fn measured_mut(&mut self) -> &mut String {
        &mut self.field
    }

    fn validate(&self, at: &str) -> Result<(), RulebookError> {
        let ok = (1..=31).contains(&self.by_day);
        let expected = "a day from 1 to 31";
        check_number(&format!("{at}.by_day"), f64::from(self.by_day), expected, ok)
    }

    fn accepts(credit: &Credit) -> bool {
        matches!(
            credit,
            Credit::Share | Credit::AllOrNothing | Credit::Deduct { .. }
        )
    }

    #[inline]
    fn read<O: Found<MonthsCovered>>(
        &self,
        f: &impl Fields,
        slots: [usize; 2],
        year: i32,
    ) -> Read<O> {
        let by_day = self.by_day;
        let mut covered = [false; MONTHS];
        let present = cell::each_date_of(f, field(&self.field, slots[0]), year, |d| {
            if d.day() <= by_day {
                if let Some(month) = covered.get_mut((d.month() as usize).wrapping_sub(1)) {
                    *month = true;
                }
            }
        })?;
        if !present {
            return Ok(O::no_data(Measure::Number(MONTHS as f64), [true, false]));
        }
        let met = covered.iter().filter(|c| **c).count();
        Ok(share(met, MONTHS, || MonthsCovered { covered }))
    }

    fn why(&self, fig: &MonthsCovered, w: &Words, lang: Lang, out: &mut String) {
        let met = MONTHS - fig.missing().count();
        out.push_str(w.label(lang));
        match lang {
            Lang::Zh => {
                out.push_str(":12个月中有");
                write_number(out, met as f64);
                out.push_str("个月在");
                push_int(out, u64::from(self.by_day));
                out.push_str("日前报送");
            }
            Lang::En => {
                out.push_str(": ");
                write_number(out, met as f64);
                out.push_str(" of 12 months had ");
                out.push_str(w.noun(lang));
                out.push_str(" dated by day ");
                push_int(out, u64::from(self.by_day));
            }
        }
    }

    fn missing(&self, fig: &MonthsCovered) -> Option<f64> {
        let n = fig.missing().count();
        (n > 0).then_some(n as f64)
    }

    fn gap(&self, fig: &MonthsCovered, _: f64, w: &Words, lang: Lang, out: &mut String) {
        match lang {
            Lang::Zh => {
                for (i, m) in fig.missing().enumerate() {
                    if i > 0 {
                        out.push('、');
                    }
                    push_int(out, u64::from(m));
                    out.push('月');
                }
                out.push('在');
                push_int(out, u64::from(self.by_day));
                out.push_str("日前没有");
                out.push_str(w.noun(lang));
            }
            Lang::En => {
                out.push_str("no ");
                out.push_str(w.noun(lang));
                out.push_str(" dated by day ");
                push_int(out, u64::from(self.by_day));
                out.push_str(" in ");
                let names: Vec<String> = fig.missing().map(month_en).collect();
                out.push_str(&list_en(&names));
            }
        }
    }
}
