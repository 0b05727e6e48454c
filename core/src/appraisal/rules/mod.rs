//! The rule kinds: one file each (`ratio.rs`, `per_capita.rs`, …), holding the
//! kind's parameters, their checks, how it reads a record or a table row, and how
//! it explains itself and states its gap. The [`rule_kinds!`] table below lists
//! them once; from it come the [`Rule`] enum a rulebook names, the [`Figures`]
//! enum of what each kind found, and every dispatch (`match`) on the kind, so
//! adding a kind is a file and a line here (CONTRIBUTING.md walks through it).
//!
//! Measuring and explaining are separate steps: [`read`] checks the fields a rule
//! needs (impossible data is an error naming the field) and returns a [`Reading`]
//! whose [`Figures`] are numbers only; the sentences are rendered from the figures
//! on request ([`write_why`], [`write_gap`], or [`explain`] for both languages).
//! Scoring a batch reads with [`Judged`] and keeps no figures at all. Points are
//! given by the credit curve ([`crate::appraisal::credit`]), not here.

use serde::{Deserialize, Serialize};

use crate::appraisal::credit::Credit;
use crate::appraisal::rulebook::{Evidence, FieldShape, Indicator};
use crate::cell::Fields;
use crate::error::{RecordError, RecordProblem, RulebookError};
use crate::input::record::Record;
use crate::text::{Lang, Text};

mod kind;

pub(crate) use kind::{Found, Kind, Words};
pub use kind::{Gap, Judged, Measure, Progress};

/// The table of rule kinds: `Variant(Parameters, Figures) in module`. Each line
/// adds the kind to [`Rule`] (named in JSON by the variant in snake_case), its
/// figures to [`Figures`], and an arm to every dispatch.
macro_rules! rule_kinds {
    ($( $(#[$doc:meta])* $variant:ident($kind:ident, $figures:ident) in $module:ident, )+) => {
        $( pub mod $module; )+
        $( pub use $module::{$kind, $figures}; )+

        /// The closed set of rule kinds. Each names the record fields it reads.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Rule {
            $( $(#[$doc])* $variant($kind), )+
        }

        /// What one rule found in one record, by kind: the figures its points,
        /// sentences and gaps come from. Serialised without a tag: the indicator
        /// says which kind it is.
        #[derive(Clone, Debug, PartialEq, Serialize)]
        #[serde(untagged)]
        pub enum Figures {
            /// The record lacks fields the rule reads.
            NoData(MissingFields),
            $( $variant($figures), )+
        }

        $(
            impl From<$figures> for Figures {
                fn from(f: $figures) -> Self {
                    Figures::$variant(f)
                }
            }
        )+

        /// A reading's output that every kind can make: a [`Reading`] or a
        /// [`Judged`].
        pub(crate) trait ReadsAll: $( Found<$figures> + )+ Sized {}
        impl<T: $( Found<$figures> + )+ Sized> ReadsAll for T {}

        impl Rule {
            /// The rule kind's name, as written in JSON.
            pub fn kind(&self) -> &'static str {
                match self {
                    $( Rule::$variant(_) => <$kind as Kind>::NAME, )+
                }
            }

            /// The record fields the rule reads, each with the shape of value it
            /// expects; the measured field first.
            pub fn field_shapes(&self) -> Vec<(&str, FieldShape)> {
                match self {
                    $( Rule::$variant(k) => k.fields(), )+
                }
            }

            fn measured_mut(&mut self) -> &mut String {
                match self {
                    $( Rule::$variant(k) => k.measured_mut(), )+
                }
            }

            /// Checks the kind's numbers; `at` is the path of the rule
            /// (`indicators[0].rule`).
            pub(crate) fn validate_kind(&self, at: &str) -> Result<(), RulebookError> {
                let at = format!("{at}.{}", self.kind());
                match self {
                    $( Rule::$variant(k) => k.validate(&at), )+
                }
            }

            /// Whether `credit` can give points for this rule.
            pub(crate) fn accepts(&self, credit: &Credit) -> bool {
                match self {
                    $( Rule::$variant(_) => <$kind as Kind>::accepts(credit), )+
                }
            }
        }

        /// Measures `rule` against many records' fields, handing `out` each
        /// record's number (as `records` gives it) and reading. The rule's kind is
        /// matched once for them all, so a table's column is read by one tight,
        /// monomorphic loop of one kind.
        #[inline]
        pub(crate) fn read_each<F: Fields, O: ReadsAll>(
            rule: &Rule,
            slots: [usize; 2],
            records: impl Iterator<Item = (usize, F, i32)>,
            mut out: impl FnMut(usize, Result<O, RecordError>),
        ) {
            match rule {
                $( Rule::$variant(k) => records.for_each(|(i, f, y)| out(i, k.read(&f, slots, y))), )+
            }
        }

        /// Runs the words of `rule` on `figures`: the sentence, or the gap.
        fn render(rule: &Rule, figures: &Figures, w: &Words, lang: Lang, out: &mut String, part: Part) {
            match (rule, figures) {
                $(
                    (Rule::$variant(k), Figures::$variant(f)) => match part {
                        Part::Why => k.why(f, w, lang, out),
                        Part::Gap(x) => k.gap(f, x, w, lang, out),
                    },
                )+
                (_, Figures::NoData(m)) => {
                    if let Part::Why = part {
                        write_no_data(rule, m, w, lang, out);
                    }
                }
                // A reading always comes from its own rule, so the pairs above are
                // the only ones; say so plainly rather than panic.
                _ => out.push_str(w.label(lang)),
            }
        }

        /// What is missing to meet the target; `None` when met or without data.
        fn missing_of(rule: &Rule, figures: &Figures) -> Option<f64> {
            match (rule, figures) {
                $( (Rule::$variant(k), Figures::$variant(f)) => k.missing(f), )+
                _ => None,
            }
        }
    };
}

rule_kinds! {
    /// `numerator / denominator ≥ at_least`, where the numerator is part of the
    /// denominator (participants of residents, aware of surveyed).
    Ratio(Ratio, RatioFigures) in ratio,
    /// `amount / population ≥ at_least` (CNY per resident).
    PerCapita(PerCapita, PerCapitaFigures) in per_capita,
    /// A list of twelve monthly counts, each `≥ at_least`.
    CountEachPeriod(CountEachPeriod, MonthlyCounts) in count_each_period,
    /// A list of dates: in every month of the year, one dated on or before `by_day`.
    DatedEachPeriod(DatedEachPeriod, MonthsCovered) in dated_each_period,
    /// A yearly count `≥ at_least` (and `≤ at_most` when given).
    CountInRange(CountInRange, YearlyCount) in count_in_range,
    /// A date in the record's year on or before `month`-`day`.
    DateBy(DateBy, DatedAgainstDeadline) in date_by,
    /// A list of `[sent, held]` date pairs, each `held − sent ≥ at_least_days`.
    LeadTime(LeadTime, Notice) in lead_time,
    /// A yes/no (or a count, yes when ≥ 1).
    Presence(Presence, Present) in presence,
    /// A score carried from elsewhere (an inspection), out of `max`; met at `at_least`.
    CarriedScore(CarriedScore, CarriedFigures) in carried_score,
}

/// Which of a rule's fields (in [`Rule::field_shapes`] order) a record lacks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct MissingFields {
    pub missing: [bool; 2],
}

/// What part of an explanation to render.
#[derive(Clone, Copy)]
enum Part {
    Why,
    Gap(f64),
}

impl Rule {
    /// The record fields the rule reads.
    pub fn fields(&self) -> Vec<&str> {
        self.field_shapes().into_iter().map(|(f, _)| f).collect()
    }

    /// The same rule reading one evidence source's figure: its measured field (the
    /// numerator, the amount, the counted field) becomes `field@source`; a
    /// denominator or population is the same whoever reports it.
    pub fn for_source(&self, evidence: Evidence) -> Rule {
        let mut rule = self.clone();
        let field = rule.measured_mut();
        *field = format!("{field}@{}", evidence.id());
        rule
    }

    /// The measured field's name.
    fn measured(&self) -> &str {
        self.field_shapes().first().map_or("", |(f, _)| f)
    }
}

/// What one rule found in one record.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    /// `None` when the record lacks the fields: "no data".
    pub value: Option<Measure>,
    pub target: Measure,
    pub met: bool,
    /// Where the value stands on the credit curve.
    pub progress: Progress,
    /// Periods, items or units short, for deduction credit.
    pub shortfall: f64,
    /// The record's figures behind the value, which the sentences are made from.
    pub figures: Figures,
}

impl Reading {
    /// The part of the reading that gives points.
    pub fn judged(&self) -> Judged {
        Judged {
            has_value: self.value.is_some(),
            met: self.met,
            progress: self.progress,
            shortfall: self.shortfall,
        }
    }
}

impl<F: Into<Figures>> Found<F> for Reading {
    fn found(value: Measure, target: Measure, judged: Judged, figures: impl FnOnce() -> F) -> Self {
        Reading {
            value: Some(value),
            target,
            met: judged.met,
            progress: judged.progress,
            shortfall: judged.shortfall,
            figures: figures().into(),
        }
    }

    fn no_data(target: Measure, missing: [bool; 2]) -> Self {
        let judged = kind::NO_DATA;
        Reading {
            value: None,
            target,
            met: judged.met,
            progress: judged.progress,
            shortfall: judged.shortfall,
            figures: Figures::NoData(MissingFields { missing }),
        }
    }
}

/// Measures `indicator`'s rule against `record`, whose period is `year`.
pub fn read(indicator: &Indicator, record: &Record, year: i32) -> Result<Reading, RecordError> {
    // A record finds its fields by name: the slots are a table's.
    read_rule(&indicator.rule, [0, 0], record, year)
}

/// Measures `rule` against a record's fields; `slots` are the places of the rule's
/// fields (in [`Rule::field_shapes`] order) in the rulebook's field list.
#[inline]
pub(crate) fn read_rule<O: ReadsAll>(
    rule: &Rule,
    slots: [usize; 2],
    f: &impl Fields,
    year: i32,
) -> Result<O, RecordError> {
    let mut found = None;
    read_each(rule, slots, std::iter::once((0, f, year)), |_, r| {
        found = Some(r)
    });
    // `read_each` reads each record it is given: the one record here.
    found.unwrap_or_else(|| Err(RecordError::new("", RecordProblem::Missing)))
}

/// The words an indicator's sentences use, for `rule` (its own rule, or one
/// evidence source's view of it).
pub(crate) fn words<'a>(indicator: &'a Indicator, rule: &'a Rule) -> Words<'a> {
    Words {
        label: &indicator.label,
        noun: indicator.noun.as_ref(),
        field: rule.measured(),
    }
}

/// Writes what `reading` (of `rule`, for `indicator`) found, in `lang`.
pub fn write_why(
    indicator: &Indicator,
    rule: &Rule,
    reading: &Reading,
    lang: Lang,
    out: &mut String,
) {
    let w = words(indicator, rule);
    render(rule, &reading.figures, &w, lang, out, Part::Why);
}

/// What is missing to meet the target, in the indicator's own unit (people, CNY,
/// months, days); `None` when met or without data.
pub fn gap_amount(rule: &Rule, reading: &Reading) -> Option<f64> {
    missing_of(rule, &reading.figures)
}

/// Writes what would meet the target, given the [`gap_amount`] `missing`, in `lang`.
pub fn write_gap(
    indicator: &Indicator,
    rule: &Rule,
    reading: &Reading,
    missing: f64,
    lang: Lang,
    out: &mut String,
) {
    let w = words(indicator, rule);
    render(rule, &reading.figures, &w, lang, out, Part::Gap(missing));
}

/// Says what `reading` found, in both languages, and what would meet the target.
pub fn explain(indicator: &Indicator, reading: &Reading) -> (Text, Option<Gap>) {
    explain_rule(indicator, &indicator.rule, reading)
}

/// [`explain`] for one view of an indicator (its rule, or an evidence source's).
pub(crate) fn explain_rule(
    indicator: &Indicator,
    rule: &Rule,
    reading: &Reading,
) -> (Text, Option<Gap>) {
    let both = |write: &dyn Fn(Lang, &mut String)| {
        let (mut zh, mut en) = (String::new(), String::new());
        write(Lang::Zh, &mut zh);
        write(Lang::En, &mut en);
        Text { zh, en }
    };
    let why = both(&|lang, out| write_why(indicator, rule, reading, lang, out));
    let gap = gap_amount(rule, reading).map(|amount| Gap {
        amount,
        text: both(&|lang, out| write_gap(indicator, rule, reading, amount, lang, out)),
    });
    (why, gap)
}

/// "resident participation: no data (`participants` missing)".
fn write_no_data(rule: &Rule, m: &MissingFields, w: &Words, lang: Lang, out: &mut String) {
    let fields: Vec<String> = rule
        .fields()
        .iter()
        .zip(m.missing)
        .filter(|(_, missing)| *missing)
        .map(|(f, _)| format!("`{f}`"))
        .collect();
    out.push_str(w.label(lang));
    match lang {
        Lang::Zh => {
            out.push_str(":无数据(缺少");
            out.push_str(&crate::text::list_zh(&fields));
            out.push(')');
        }
        Lang::En => {
            out.push_str(": no data (");
            out.push_str(&crate::text::list_en(&fields));
            out.push_str(" missing)");
        }
    }
}
