//! `per_capita`: an amount per person reaches a target — community-education
//! funding of at least 2 CNY per resident a year (T5).

use serde::{Deserialize, Serialize};

use crate::appraisal::credit::Credit;
use crate::appraisal::limits::positive;
use crate::appraisal::rulebook::FieldShape;
use crate::cell::Fields;
use crate::error::{RecordError, RecordProblem, RulebookError};
use crate::text::{write_number, Lang};

use super::kind::{field, toward, Found, Kind, Measure, Read, Words};
use super::ratio::ROUNDING_STEPS;

/// `amount / population ≥ at_least` (CNY per resident).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerCapita {
    pub amount: String,
    pub population: String,
    /// The amount per person to reach, above 0.
    pub at_least: f64,
}

/// What a per-capita rule found.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct PerCapitaFigures {
    #[serde(serialize_with = "crate::text::serialize_count")]
    pub amount: f64,
    #[serde(serialize_with = "crate::text::serialize_count")]
    pub population: f64,
}

impl Kind for PerCapita {
    type Figures = PerCapitaFigures;
    const NAME: &'static str = "per_capita";

    fn fields(&self) -> Vec<(&str, FieldShape)> {
        vec![
            (&self.amount, FieldShape::Count),
            (&self.population, FieldShape::Count),
        ]
    }

    fn measured_mut(&mut self) -> &mut String {
        &mut self.amount
    }

    fn validate(&self, at: &str) -> Result<(), RulebookError> {
        positive(&format!("{at}.at_least"), self.at_least)
    }

    fn accepts(credit: &Credit) -> bool {
        matches!(
            credit,
            Credit::Linear | Credit::AllOrNothing | Credit::Deduct { .. }
        )
    }

    #[inline]
    fn read<O: Found<PerCapitaFigures>>(
        &self,
        f: &impl Fields,
        slots: [usize; 2],
        _: i32,
    ) -> Read<O> {
        let (amount, population) = (
            field(&self.amount, slots[0]),
            field(&self.population, slots[1]),
        );
        let (sum, people) = (f.count(amount)?, f.count(population)?);
        let (Some(a), Some(p)) = (sum, people) else {
            let target = Measure::Number(self.at_least);
            return Ok(O::no_data(target, [sum.is_none(), people.is_none()]));
        };
        if p == 0.0 {
            let problem = RecordProblem::ZeroWhole {
                part: self.amount.clone(),
            };
            return Err(RecordError::new(self.population.as_str(), problem));
        }
        Ok(toward(a / p, self.at_least, || PerCapitaFigures {
            amount: a,
            population: p,
        }))
    }

    fn why(&self, fig: &PerCapitaFigures, w: &Words, lang: Lang, out: &mut String) {
        let (a, p) = (fig.amount, fig.population);
        let unit = w.noun(lang);
        out.push_str(w.label(lang));
        match lang {
            Lang::Zh => {
                out.push('为');
                write_number(out, a / p);
                out.push_str(unit);
                out.push('(');
                write_number(out, p);
                out.push_str("人共");
                write_number(out, a);
                out.push_str(unit);
                out.push_str("),目标为人均不低于");
                write_number(out, self.at_least);
                out.push_str(unit);
            }
            Lang::En => {
                out.push_str(" is ");
                write_number(out, a / p);
                out.push(' ');
                out.push_str(unit);
                out.push_str(" (");
                write_number(out, a);
                out.push(' ');
                out.push_str(unit);
                out.push_str(" for ");
                write_number(out, p);
                out.push_str(" people); the target is at least ");
                write_number(out, self.at_least);
                out.push(' ');
                out.push_str(unit);
                out.push_str(" per person");
            }
        }
    }

    fn missing(&self, fig: &PerCapitaFigures) -> Option<f64> {
        let (a, p) = (fig.amount, fig.population);
        (a / p < self.at_least).then(|| cents_needed(a, p, self.at_least))
    }

    fn gap(&self, _: &PerCapitaFigures, x: f64, w: &Words, lang: Lang, out: &mut String) {
        let unit = w.noun(lang);
        match lang {
            Lang::Zh => {
                out.push_str("再增加");
                write_number(out, x);
                out.push_str(unit);
                out.push_str("即可达到人均");
                write_number(out, self.at_least);
                out.push_str(unit);
            }
            Lang::En => {
                write_number(out, x);
                out.push(' ');
                out.push_str(unit);
                out.push_str(" more would meet ");
                write_number(out, self.at_least);
                out.push(' ');
                out.push_str(unit);
                out.push_str(" per person");
            }
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cents_needed_reaches_the_target() {
        assert_eq!(cents_needed(7560.0, 4200.0, 2.0), 840.0);
        let x = cents_needed(0.0, 3.0, 0.7);
        assert!(x / 3.0 >= 0.7 && (x - 0.01) / 3.0 < 0.7, "{x}");
        let x = cents_needed(1.0, 1e300, 2.0);
        assert!(x.is_finite() && x > 1e300, "{x}");
    }
}
