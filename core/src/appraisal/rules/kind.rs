//! What every rule kind provides, and the vocabulary its readings are made of.
//!
//! A rule kind (a file beside this one) reads the record's fields it names,
//! checks them, and returns its **figures**: the numbers it found (a numerator and
//! a denominator, twelve monthly counts, a date and its deadline, …), once. Points
//! come from the figures through the credit curve ([`Judged`]); sentences and gaps
//! are rendered from the figures on request, one language at a time, into a buffer
//! the caller reuses ([`Kind::why`], [`Kind::gap`]).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::appraisal::credit::Credit;
use crate::appraisal::rulebook::FieldShape;
use crate::cell::{Field, Fields};
use crate::error::{RecordError, RulebookError};
use crate::text::{Lang, Text};

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

/// What a credit curve and a score need of a reading: no figures, no target.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Judged {
    /// False when the record lacks the fields: "no data".
    pub has_value: bool,
    pub met: bool,
    pub progress: Progress,
    /// Periods, items or units short, for deduction credit.
    pub shortfall: f64,
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

/// What a rule kind's reading is made into: a whole reading, figures included,
/// when it will be explained, or only its [`Judged`] part when it will be scored.
/// Each kind is written once for both; `figures` is called only when they are
/// kept, so scoring copies nothing an explanation needs.
pub(crate) trait Found<F>: Sized {
    fn found(value: Measure, target: Measure, judged: Judged, figures: impl FnOnce() -> F) -> Self;

    /// The record lacks the fields; `missing` says which (in [`Kind::fields`] order).
    fn no_data(target: Measure, missing: [bool; 2]) -> Self;
}

impl<F> Found<F> for Judged {
    #[inline]
    fn found(_: Measure, _: Measure, judged: Judged, _: impl FnOnce() -> F) -> Self {
        judged
    }

    #[inline]
    fn no_data(_: Measure, _: [bool; 2]) -> Self {
        NO_DATA
    }
}

/// The verdict of a rule whose fields are absent.
pub(crate) const NO_DATA: Judged = Judged {
    has_value: false,
    met: false,
    progress: Progress::Binary,
    shortfall: 1.0,
};

pub(crate) type Read<O> = Result<O, RecordError>;

/// What an indicator is called in a sentence: its label, and what it counts (its
/// `noun`, or the name of its measured field when the rulebook gives none).
pub(crate) struct Words<'a> {
    pub label: &'a Text,
    pub noun: Option<&'a Text>,
    pub field: &'a str,
}

impl Words<'_> {
    pub fn label(&self, lang: Lang) -> &str {
        self.label.get(lang)
    }

    pub fn noun(&self, lang: Lang) -> &str {
        self.noun.map_or(self.field, |n| n.get(lang))
    }
}

/// A rule kind: its parameters (the struct that implements this), the fields it
/// reads, its checks, its reading and its words.
pub(crate) trait Kind {
    /// What a reading found: the figures its points, sentences and gaps come from.
    type Figures;

    /// The kind's name, as written in JSON.
    const NAME: &'static str;

    /// The record fields read, each with the shape of value it must hold; the
    /// measured field first.
    fn fields(&self) -> Vec<(&str, FieldShape)>;

    /// The measured field (the numerator, the amount, the counted field), which a
    /// weighted evidence source reads as `field@source`.
    fn measured_mut(&mut self) -> &mut String;

    /// Checks the parameters' numbers; `at` is the path of the kind's parameters
    /// (`indicators[0].rule.ratio`).
    fn validate(&self, at: &str) -> Result<(), RulebookError>;

    /// Whether a credit curve can give points for this kind.
    fn accepts(credit: &Credit) -> bool;

    /// Reads and checks the fields (`slots` are their places in the rulebook's
    /// field list, as a table has resolved them) for a record of `year`.
    fn read<O: Found<Self::Figures>>(
        &self,
        f: &impl Fields,
        slots: [usize; 2],
        year: i32,
    ) -> Read<O>;

    /// What was found, in `lang`, written at the end of `out`.
    fn why(&self, figures: &Self::Figures, w: &Words, lang: Lang, out: &mut String);

    /// What is missing to meet the target, in the kind's own unit; `None` when met.
    fn missing(&self, figures: &Self::Figures) -> Option<f64>;

    /// What would meet the target, given what is [`Kind::missing`], in `lang`.
    fn gap(&self, figures: &Self::Figures, missing: f64, w: &Words, lang: Lang, out: &mut String);
}

/// The field at `slot`.
#[inline]
pub(crate) fn field(name: &str, slot: usize) -> Field<'_> {
    Field { name, slot }
}

/// A verdict: met or not, and 0 or 1 short.
#[inline]
pub(crate) fn judge(met: bool, progress: Progress) -> Judged {
    Judged {
        has_value: true,
        met,
        progress,
        shortfall: if met { 0.0 } else { 1.0 },
    }
}

/// A reading of a number against a numeric target.
#[inline]
pub(crate) fn numeric<O: Found<F>, F>(
    value: f64,
    target: f64,
    judged: Judged,
    figures: impl FnOnce() -> F,
) -> O {
    O::found(
        Measure::Number(value),
        Measure::Number(target),
        judged,
        figures,
    )
}

/// A value against its target, met when it reaches it (ratio, per capita).
#[inline]
pub(crate) fn toward<O: Found<F>, F>(v: f64, target: f64, figures: impl FnOnce() -> F) -> O {
    let progress = Progress::Toward { value: v, target };
    numeric(v, target, judge(v >= target, progress), figures)
}

/// `met` of `of` periods or items.
#[inline]
pub(crate) fn share<O: Found<F>, F>(met: usize, of: usize, figures: impl FnOnce() -> F) -> O {
    let (m, o) = (met as f64, of as f64);
    let judged = Judged {
        shortfall: o - m,
        ..judge(met == of, Progress::Share { met: m, of: o })
    };
    numeric(m, o, judged, figures)
}

/// `n` followed by the singular or the plural English word: "1 day", "3 days",
/// "1.5 points". The number as written decides (1.001 is written "1").
pub(crate) fn push_count_en(out: &mut String, n: f64, one: &str, many: &str) {
    let start = out.len();
    crate::text::write_number(out, n);
    let singular = out.get(start..) == Some("1");
    out.push(' ');
    out.push_str(if singular { one } else { many });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_counts_agree_in_number() {
        let said = |n: f64| {
            let mut out = String::new();
            push_count_en(&mut out, n, "day", "days");
            out
        };
        assert_eq!(said(1.0), "1 day");
        assert_eq!(said(1.001), "1 day");
        assert_eq!(said(2.0), "2 days");
        assert_eq!(said(0.5), "0.5 days");
        assert_eq!(said(0.0), "0 days");
    }
}
