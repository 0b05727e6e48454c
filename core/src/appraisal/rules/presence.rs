//! `presence`: something exists — one community, one signature course (T13).

use serde::{Deserialize, Serialize};

use crate::appraisal::credit::Credit;
use crate::appraisal::rulebook::FieldShape;
use crate::cell::{self, Fields};
use crate::error::RulebookError;
use crate::text::{write_number, Lang};

use super::kind::{field, judge, numeric, Found, Kind, Measure, Progress, Read, Words};

/// A yes/no (or a count, yes when ≥ 1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Presence {
    pub field: String,
}

/// What a presence rule found: the count (1 for yes, 0 for no).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Present {
    #[serde(serialize_with = "crate::text::serialize_count")]
    pub count: f64,
}

impl Kind for Presence {
    type Figures = Present;
    const NAME: &'static str = "presence";

    fn fields(&self) -> Vec<(&str, FieldShape)> {
        vec![(&self.field, FieldShape::Flag)]
    }

    fn measured_mut(&mut self) -> &mut String {
        &mut self.field
    }

    fn validate(&self, _: &str) -> Result<(), RulebookError> {
        Ok(())
    }

    fn accepts(credit: &Credit) -> bool {
        matches!(credit, Credit::AllOrNothing | Credit::Deduct { .. })
    }

    #[inline]
    fn read<O: Found<Present>>(&self, f: &impl Fields, slots: [usize; 2], _: i32) -> Read<O> {
        let at = field(&self.field, slots[0]);
        let Some(c) = cell::presence(f.cell(at), at.name)? else {
            return Ok(O::no_data(Measure::Number(1.0), [true, false]));
        };
        let judged = judge(c >= 1.0, Progress::Binary);
        Ok(numeric(c, 1.0, judged, || Present { count: c }))
    }

    fn why(&self, fig: &Present, w: &Words, lang: Lang, out: &mut String) {
        out.push_str(w.label(lang));
        match lang {
            Lang::Zh => {
                out.push(':');
                write_number(out, fig.count);
                out.push_str(w.noun(lang));
            }
            Lang::En => {
                out.push_str(": ");
                write_number(out, fig.count);
            }
        }
    }

    fn missing(&self, fig: &Present) -> Option<f64> {
        (fig.count < 1.0).then_some(1.0)
    }

    fn gap(&self, _: &Present, _: f64, w: &Words, lang: Lang, out: &mut String) {
        match lang {
            Lang::Zh => {
                out.push_str("至少需要1");
                out.push_str(w.noun(lang));
            }
            Lang::En => out.push_str("at least 1 is needed"),
        }
    }
}
