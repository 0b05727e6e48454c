//! `carried_score`: a score carried from elsewhere — the regular and surprise
//! inspections scored and counted in the year-end assessment (T14).

use serde::{Deserialize, Serialize};

use crate::appraisal::credit::Credit;
use crate::appraisal::limits::{check_number, positive};
use crate::appraisal::rulebook::FieldShape;
use crate::cell::Fields;
use crate::error::{RecordError, RecordProblem, RulebookError};
use crate::text::{write_number, Lang};

use super::kind::{field, judge, numeric, push_count_en, Found, Kind, Measure, Progress, Read, Words};

/// A score carried from elsewhere (an inspection), out of `max`; met at `at_least`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CarriedScore {
    pub field: String,
    pub max: f64,
    pub at_least: f64,
}

/// What a carried-score rule found.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct CarriedFigures {
    #[serde(serialize_with = "crate::text::serialize_count")]
    pub score: f64,
}

impl Kind for CarriedScore {
    type Figures = CarriedFigures;
    const NAME: &'static str = "carried_score";

    fn fields(&self) -> Vec<(&str, FieldShape)> {
        vec![(&self.field, FieldShape::Count)]
    }

    fn measured_mut(&mut self) -> &mut String {
        &mut self.field
    }

    fn validate(&self, at: &str) -> Result<(), RulebookError> {
        positive(&format!("{at}.max"), self.max)?;
        let t = self.at_least;
        let ok = t.is_finite() && t >= 0.0 && t <= self.max;
        check_number(&format!("{at}.at_least"), t, "a number from 0 to max", ok)
    }

    fn accepts(credit: &Credit) -> bool {
        matches!(
            credit,
            Credit::Proportional | Credit::AllOrNothing | Credit::Deduct { .. }
        )
    }

    #[inline]
    fn read<O: Found<CarriedFigures>>(
        &self,
        f: &impl Fields,
        slots: [usize; 2],
        _: i32,
    ) -> Read<O> {
        let Some(v) = f.count(field(&self.field, slots[0]))? else {
            return Ok(O::no_data(Measure::Number(self.at_least), [true, false]));
        };
        if v > self.max {
            let problem = RecordProblem::AboveMax {
                value: v,
                max: self.max,
            };
            return Err(RecordError::new(self.field.as_str(), problem));
        }
        let progress = Progress::Score {
            value: v,
            max: self.max,
        };
        let judged = judge(v >= self.at_least, progress);
        Ok(numeric(v, self.at_least, judged, || CarriedFigures { score: v }))
    }

    fn why(&self, fig: &CarriedFigures, w: &Words, lang: Lang, out: &mut String) {
        out.push_str(w.label(lang));
        match lang {
            Lang::Zh => {
                out.push_str(":得分");
                write_number(out, fig.score);
                out.push_str("(满分");
                write_number(out, self.max);
                out.push_str("),需达到");
                write_number(out, self.at_least);
            }
            Lang::En => {
                out.push_str(": scored ");
                write_number(out, fig.score);
                out.push_str(" of ");
                write_number(out, self.max);
                out.push_str("; ");
                write_number(out, self.at_least);
                out.push_str(" is needed");
            }
        }
    }

    fn missing(&self, fig: &CarriedFigures) -> Option<f64> {
        (fig.score < self.at_least).then_some(self.at_least - fig.score)
    }

    fn gap(&self, _: &CarriedFigures, x: f64, _: &Words, lang: Lang, out: &mut String) {
        match lang {
            Lang::Zh => {
                out.push('距');
                write_number(out, self.at_least);
                out.push_str("分还差");
                write_number(out, x);
                out.push('分');
            }
            Lang::En => {
                push_count_en(out, x, "point", "points");
                out.push_str(" short of ");
                write_number(out, self.at_least);
            }
        }
    }
}
