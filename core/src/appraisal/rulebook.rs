//! Rulebooks: named, versioned appraisal standards held as data.
//!
//! An indicator names a rule kind from a small closed set ([`Rule`]), a credit curve
//! ([`Credit`]) and its points. Every number a rule uses lives here, in the data: the
//! engine in [`crate::assess`] only knows how each kind is measured and explained.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{RulebookError, RulebookProblem};
use crate::text::Text;

/// Most indicators a rulebook may hold: keeps a hostile document from hanging a page.
pub const MAX_INDICATORS: usize = 200;
/// Most grade bands a rulebook may hold.
pub const MAX_GRADES: usize = 20;
/// Longest id or label, in characters.
pub const MAX_TEXT: usize = 500;
/// Largest rulebook JSON text accepted, in bytes.
pub const MAX_JSON_BYTES: usize = 1 << 20;
/// Longest `source` note, in characters (each language).
pub const MAX_NOTE: usize = 4_000;
/// Most entries in an indicator's `evidence` list.
pub const MAX_EVIDENCE: usize = 20;
/// Largest number a rulebook may state (points, weights, targets, grade minimums):
/// 200 indicators of at most 10^9 points, weighted by at most 10^9, stay finite,
/// so no score becomes infinite and serialises as `null`.
pub const MAX_NUMBER: f64 = 1e9;

/// The rulebook used when a caller names none: the seeds' own targets.
pub const DEFAULT_BUILTIN: &str = "standard";

/// The built-in rulebooks, by name: the seeds' numbers, the national 2010
/// demonstration-zone thresholds, and an example of the stricter practices (veto,
/// capped bonus, deductions, compound grades, weighted evidence).
const BUILTINS: [(&str, &str); 3] = [
    ("standard", include_str!("../../rulebooks/standard.json")),
    (
        "national-2010",
        include_str!("../../rulebooks/national-2010.json"),
    ),
    (
        "strict-example",
        include_str!("../../rulebooks/strict-example.json"),
    ),
];

/// An appraisal standard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rulebook {
    /// A short name, e.g. `standard`.
    pub id: String,
    /// The version, e.g. `2020`; assessments cite `id@version`.
    pub version: String,
    /// The first day this version applies.
    pub effective_from: NaiveDate,
    /// A human title.
    pub title: Text,
    /// Where its numbers come from.
    #[serde(default)]
    pub source: Text,
    /// Grade bands; a score gets the first band (highest `min` first) it qualifies for.
    pub grades: Vec<GradeBand>,
    /// The grade given when a veto indicator (一票否决) is not met; defaults to the
    /// band with the lowest `min`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub veto_grade: Option<String>,
    /// The most that bonus indicators (加分) may add together.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bonus_cap: Option<f64>,
    pub indicators: Vec<Indicator>,
}

/// A grade band: `excellent` from 90, say; optionally only when some indicators are met.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeBand {
    pub id: String,
    pub label: Text,
    /// The lowest score in the band.
    pub min: f64,
    /// Indicators that must be met for this band ("excellent needs T1 met").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires_met: Vec<String>,
}

/// One indicator: what is measured, against what, for how many points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub id: String,
    pub label: Text,
    /// What the indicator counts, for gap sentences ("12 more *residents taking part*").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub noun: Option<Text>,
    pub points: f64,
    pub rule: Rule,
    pub credit: Credit,
    /// 一票否决: when not met, the year fails whatever the score.
    #[serde(default, skip_serializing_if = "is_false")]
    pub veto: bool,
    /// 加分: points on top of the base score, capped by the rulebook's `bonus_cap`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub bonus: bool,
    /// The responsible department (责任部门), named in the work list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<Text>,
    /// How the figures are gathered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// Several evidence sources measured apart and combined by weight: the rule then
    /// reads its measured field as `field@source` (`participants@on_site_inspection`)
    /// for each source, and the points are the weighted mean of the sources' points.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceWeight>,
}

/// One evidence source of a weighted indicator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceWeight {
    pub evidence: Evidence,
    pub weight: f64,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Where an indicator's figures come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    SelfReport,
    DossierReview,
    OnSiteInspection,
    Survey,
}

impl Evidence {
    /// The name used in JSON and in `field@source` record fields.
    pub fn id(self) -> &'static str {
        match self {
            Evidence::SelfReport => "self_report",
            Evidence::DossierReview => "dossier_review",
            Evidence::OnSiteInspection => "on_site_inspection",
            Evidence::Survey => "survey",
        }
    }

    pub fn label(self) -> Text {
        let (zh, en) = match self {
            Evidence::SelfReport => ("自评", "self-report"),
            Evidence::DossierReview => ("材料审核", "dossier review"),
            Evidence::OnSiteInspection => ("实地考察", "on-site inspection"),
            Evidence::Survey => ("问卷调查", "survey"),
        };
        Text::new(zh, en)
    }
}

/// The closed set of rule kinds. Each names the record fields it reads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Rule {
    /// `numerator / denominator ≥ at_least`, where the numerator is part of the
    /// denominator (participants of residents, aware of surveyed).
    Ratio {
        numerator: String,
        denominator: String,
        at_least: f64,
    },
    /// `amount / population ≥ at_least` (CNY per resident).
    PerCapita {
        amount: String,
        population: String,
        at_least: f64,
    },
    /// A list of twelve monthly counts, each `≥ at_least`.
    CountEachPeriod { field: String, at_least: f64 },
    /// A list of dates: in every month of the year, one dated on or before `by_day`.
    DatedEachPeriod { field: String, by_day: u32 },
    /// A yearly count `≥ at_least` (and `≤ at_most` when given).
    CountInRange {
        field: String,
        at_least: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at_most: Option<f64>,
    },
    /// A date in the record's year on or before `month`-`day`.
    DateBy { field: String, month: u32, day: u32 },
    /// A list of `[sent, held]` date pairs, each `held − sent ≥ at_least_days`.
    LeadTime { field: String, at_least_days: u32 },
    /// A yes/no (or a count, yes when ≥ 1).
    Presence { field: String },
    /// A score carried from elsewhere (an inspection), out of `max`; met at `at_least`.
    CarriedScore {
        field: String,
        max: f64,
        at_least: f64,
    },
}

/// The shape of value a record field must hold for the rule that reads it: what a
/// spreadsheet column or a form field has to be turned into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldShape {
    /// A number that is not negative.
    Count,
    /// Twelve monthly counts, January first.
    Months,
    /// One date, `YYYY-MM-DD`.
    Date,
    /// A list of dates.
    Dates,
    /// A list of `[earlier, later]` date pairs.
    DatePairs,
    /// Yes/no, or a count read as yes when it is at least 1.
    Flag,
}

impl FieldShape {
    /// The shape's name, as written in JSON: `count`, `months`, `date`, `dates`,
    /// `date_pairs`, `flag`.
    pub fn id(self) -> &'static str {
        match self {
            FieldShape::Count => "count",
            FieldShape::Months => "months",
            FieldShape::Date => "date",
            FieldShape::Dates => "dates",
            FieldShape::DatePairs => "date_pairs",
            FieldShape::Flag => "flag",
        }
    }
}

/// How points are given.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Credit {
    /// 0 at or below half the target, full at the target, a straight line between.
    Linear,
    /// The share of periods (or items) that meet the rule.
    Share,
    /// Full points when met, none otherwise.
    AllOrNothing,
    /// Points in proportion to a carried score out of its maximum.
    Proportional,
    /// Full points less `per_shortfall` for each period or item short, floored at 0.
    Deduct { per_shortfall: f64 },
}

impl Rule {
    /// The rule kind's name, as written in JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            Rule::Ratio { .. } => "ratio",
            Rule::PerCapita { .. } => "per_capita",
            Rule::CountEachPeriod { .. } => "count_each_period",
            Rule::DatedEachPeriod { .. } => "dated_each_period",
            Rule::CountInRange { .. } => "count_in_range",
            Rule::DateBy { .. } => "date_by",
            Rule::LeadTime { .. } => "lead_time",
            Rule::Presence { .. } => "presence",
            Rule::CarriedScore { .. } => "carried_score",
        }
    }

    /// The record fields the rule reads, each with the shape of value it expects.
    pub fn field_shapes(&self) -> Vec<(&str, FieldShape)> {
        use FieldShape::*;
        match self {
            Rule::Ratio {
                numerator,
                denominator,
                ..
            } => vec![(numerator, Count), (denominator, Count)],
            Rule::PerCapita {
                amount, population, ..
            } => vec![(amount, Count), (population, Count)],
            Rule::CountEachPeriod { field, .. } => vec![(field, Months)],
            Rule::DatedEachPeriod { field, .. } => vec![(field, Dates)],
            Rule::CountInRange { field, .. } | Rule::CarriedScore { field, .. } => {
                vec![(field, Count)]
            }
            Rule::DateBy { field, .. } => vec![(field, Date)],
            Rule::LeadTime { field, .. } => vec![(field, DatePairs)],
            Rule::Presence { field } => vec![(field, Flag)],
        }
    }

    /// The record fields the rule reads.
    pub fn fields(&self) -> Vec<&str> {
        self.field_shapes().into_iter().map(|(f, _)| f).collect()
    }

    /// The same rule reading one evidence source's figure: its measured field (the
    /// numerator, the amount, the counted field) becomes `field@source`; a
    /// denominator or population is the same whoever reports it.
    pub fn for_source(&self, evidence: Evidence) -> Rule {
        let mut rule = self.clone();
        let field = match &mut rule {
            Rule::Ratio { numerator, .. } => numerator,
            Rule::PerCapita { amount, .. } => amount,
            Rule::CountEachPeriod { field, .. }
            | Rule::DatedEachPeriod { field, .. }
            | Rule::CountInRange { field, .. }
            | Rule::DateBy { field, .. }
            | Rule::LeadTime { field, .. }
            | Rule::Presence { field }
            | Rule::CarriedScore { field, .. } => field,
        };
        *field = format!("{field}@{}", evidence.id());
        rule
    }

    fn accepts(&self, credit: &Credit) -> bool {
        match credit {
            Credit::AllOrNothing | Credit::Deduct { .. } => true,
            Credit::Linear => matches!(self, Rule::Ratio { .. } | Rule::PerCapita { .. }),
            Credit::Share => matches!(
                self,
                Rule::CountEachPeriod { .. } | Rule::DatedEachPeriod { .. } | Rule::LeadTime { .. }
            ),
            Credit::Proportional => matches!(self, Rule::CarriedScore { .. }),
        }
    }
}

impl Credit {
    /// The credit curve's name, as written in JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            Credit::Linear => "linear",
            Credit::Share => "share",
            Credit::AllOrNothing => "all_or_nothing",
            Credit::Proportional => "proportional",
            Credit::Deduct { .. } => "deduct",
        }
    }
}

impl Rulebook {
    /// The names of the built-in rulebooks.
    pub fn builtin_names() -> Vec<&'static str> {
        BUILTINS.iter().map(|(name, _)| *name).collect()
    }

    /// A built-in rulebook by name: `standard` (DOMAIN.md §4, the seeds' targets) or
    /// `national-2010` (the 2010 national demonstration-zone thresholds).
    ///
    /// ```
    /// let r = learning_city::Rulebook::builtin("standard").unwrap();
    /// assert_eq!(r.indicators.len(), 11);
    /// assert!(learning_city::Rulebook::builtin("nope").is_err());
    /// ```
    pub fn builtin(name: &str) -> Result<Rulebook, RulebookError> {
        let (_, json) = BUILTINS.iter().find(|(n, _)| *n == name).ok_or_else(|| {
            let names = Rulebook::builtin_names().join(", ");
            RulebookError::new("", RulebookProblem::UnknownBuiltin(name.to_string(), names))
        })?;
        Rulebook::from_json(json)
    }

    /// Parses and validates a rulebook from JSON text.
    pub fn from_json(text: &str) -> Result<Rulebook, RulebookError> {
        if text.len() > MAX_JSON_BYTES {
            return Err(RulebookError::new(
                "",
                RulebookProblem::TooLong(MAX_JSON_BYTES),
            ));
        }
        let de = &mut serde_json::Deserializer::from_str(text);
        let rulebook: Rulebook = serde_path_to_error::deserialize(de).map_err(malformed)?;
        rulebook.validate()?;
        Ok(rulebook)
    }

    /// Reads and validates a rulebook from a JSON value.
    pub fn from_value(value: serde_json::Value) -> Result<Rulebook, RulebookError> {
        let rulebook: Rulebook = serde_path_to_error::deserialize(value).map_err(malformed)?;
        rulebook.validate()?;
        Ok(rulebook)
    }

    /// `id@version`, as assessments cite it.
    pub fn citation(&self) -> String {
        format!("{}@{}", self.id, self.version)
    }

    /// Every record field some indicator reads, once each, in indicator order.
    ///
    /// ```
    /// let r = learning_city::Rulebook::builtin("standard").unwrap();
    /// assert_eq!(&r.fields()[..3], ["participants", "residents", "aware"]);
    /// ```
    pub fn fields(&self) -> Vec<String> {
        self.field_shapes().into_iter().map(|(f, _)| f).collect()
    }

    /// [`Rulebook::fields`] with the shape each field must hold; a weighted
    /// indicator's measured field appears once per source (`participants@survey`).
    ///
    /// ```
    /// use learning_city::{rulebook::FieldShape, Rulebook};
    /// let r = Rulebook::builtin("standard").unwrap();
    /// let shapes = r.field_shapes();
    /// assert!(shapes.contains(&("reports".to_string(), FieldShape::Dates)));
    /// assert!(shapes.contains(&("activities_by_month".to_string(), FieldShape::Months)));
    /// ```
    pub fn field_shapes(&self) -> Vec<(String, FieldShape)> {
        let mut seen: Vec<(String, FieldShape)> = Vec::new();
        for ind in &self.indicators {
            let rules = match ind.sources.as_slice() {
                [] => vec![ind.rule.clone()],
                sources => sources
                    .iter()
                    .map(|s| ind.rule.for_source(s.evidence))
                    .collect(),
            };
            for (field, shape) in rules.iter().flat_map(|r| r.field_shapes()) {
                if !seen.iter().any(|(f, _)| f == field) {
                    seen.push((field.to_string(), shape));
                }
            }
        }
        seen
    }

    /// The target of the first per-capita rule (CNY per resident in `standard`), for
    /// the money review.
    pub fn per_capita_target(&self) -> Option<f64> {
        self.indicators.iter().find_map(|i| match i.rule {
            Rule::PerCapita { at_least, .. } => Some(at_least),
            _ => None,
        })
    }

    /// The rulebook used when none is named: [`DEFAULT_BUILTIN`].
    pub fn default_builtin() -> Result<Rulebook, RulebookError> {
        Rulebook::builtin(DEFAULT_BUILTIN)
    }

    /// The most points the base (non-bonus) indicators give.
    pub fn max_base(&self) -> f64 {
        self.indicators
            .iter()
            .filter(|i| !i.bonus)
            .map(|i| i.points)
            .sum()
    }

    /// Checks everything serde cannot: ids, ranges, credit/rule fit, grade bands.
    pub fn validate(&self) -> Result<(), RulebookError> {
        check_text("id", &self.id)?;
        check_text("version", &self.version)?;
        check_label("title", &self.title, MAX_TEXT)?;
        check_label("source", &self.source, MAX_NOTE)?;
        self.validate_indicators()?;
        self.validate_grades()?;
        if let Some(cap) = self.bonus_cap {
            check_number("bonus_cap", cap, "a number ≥ 0", cap >= 0.0)?;
        }
        if let Some(g) = &self.veto_grade {
            self.grade_exists("veto_grade", g)?;
        }
        Ok(())
    }

    fn validate_indicators(&self) -> Result<(), RulebookError> {
        check_count("indicators", self.indicators.len(), MAX_INDICATORS)?;
        for (i, ind) in self.indicators.iter().enumerate() {
            let path = format!("indicators[{i}]");
            if self.indicators[..i].iter().any(|o| o.id == ind.id) {
                let problem = RulebookProblem::DuplicateId(ind.id.clone());
                return Err(RulebookError::new(format!("{path}.id"), problem));
            }
            ind.validate(&path)?;
        }
        Ok(())
    }

    fn validate_grades(&self) -> Result<(), RulebookError> {
        check_count("grades", self.grades.len(), MAX_GRADES)?;
        for (i, band) in self.grades.iter().enumerate() {
            let path = format!("grades[{i}]");
            check_text(&format!("{path}.id"), &band.id)?;
            if self.grades[..i].iter().any(|o| o.id == band.id) {
                let problem = RulebookProblem::DuplicateId(band.id.clone());
                return Err(RulebookError::new(format!("{path}.id"), problem));
            }
            check_label(&format!("{path}.label"), &band.label, MAX_TEXT)?;
            let ok = band.min.is_finite() && band.min >= 0.0;
            check_number(&format!("{path}.min"), band.min, "a number ≥ 0", ok)?;
            // Each condition is looked up for every record graded: bounded, so a
            // band cannot list the same indicator a million times.
            let found = band.requires_met.len();
            if found > MAX_INDICATORS {
                let problem = RulebookProblem::TooMany {
                    found,
                    limit: MAX_INDICATORS,
                };
                return Err(RulebookError::new(format!("{path}.requires_met"), problem));
            }
            for (j, id) in band.requires_met.iter().enumerate() {
                if !self.indicators.iter().any(|ind| &ind.id == id) {
                    let problem = RulebookProblem::UnknownIndicator(id.clone());
                    return Err(RulebookError::new(
                        format!("{path}.requires_met[{j}]"),
                        problem,
                    ));
                }
            }
        }
        if !self
            .grades
            .iter()
            .any(|b| b.min == 0.0 && b.requires_met.is_empty())
        {
            return Err(RulebookError::new("grades", RulebookProblem::NoFloorGrade));
        }
        Ok(())
    }

    fn grade_exists(&self, path: &str, id: &str) -> Result<(), RulebookError> {
        if self.grades.iter().any(|b| b.id == id) {
            Ok(())
        } else {
            let problem = RulebookProblem::UnknownGrade(id.to_string());
            Err(RulebookError::new(path, problem))
        }
    }

    /// The band every score can fall back to: the lowest `min` among bands without
    /// conditions (the first listed on a tie). Vetoed records get it unless the
    /// rulebook names a `veto_grade`; roll-ups count it as not passed.
    pub fn floor_band(&self) -> Option<&GradeBand> {
        self.grades
            .iter()
            .filter(|b| b.requires_met.is_empty())
            .fold(None, |low: Option<&GradeBand>, b| match low {
                Some(x) if x.min <= b.min => Some(x),
                _ => Some(b),
            })
    }

    /// The grade bands, highest `min` first (stable for equal mins).
    pub fn bands_high_first(&self) -> Vec<&GradeBand> {
        let mut bands: Vec<&GradeBand> = self.grades.iter().collect();
        bands.sort_by(|a, b| b.min.total_cmp(&a.min));
        bands
    }
}

impl Indicator {
    fn validate(&self, path: &str) -> Result<(), RulebookError> {
        check_text(&format!("{path}.id"), &self.id)?;
        check_label(&format!("{path}.label"), &self.label, MAX_TEXT)?;
        if let Some(noun) = &self.noun {
            check_label(&format!("{path}.noun"), noun, MAX_TEXT)?;
        }
        if let Some(department) = &self.department {
            check_label(&format!("{path}.department"), department, MAX_TEXT)?;
        }
        if self.evidence.len() > MAX_EVIDENCE {
            let problem = RulebookProblem::TooMany {
                found: self.evidence.len(),
                limit: MAX_EVIDENCE,
            };
            return Err(RulebookError::new(format!("{path}.evidence"), problem));
        }
        let points_ok = self.points.is_finite() && self.points >= 0.0;
        check_number(
            &format!("{path}.points"),
            self.points,
            "a number ≥ 0",
            points_ok,
        )?;
        if !self.rule.accepts(&self.credit) {
            let problem = RulebookProblem::CreditMismatch {
                credit: self.credit.kind(),
                rule: self.rule.kind(),
            };
            return Err(RulebookError::new(format!("{path}.credit"), problem));
        }
        if let Credit::Deduct { per_shortfall } = self.credit {
            let p = format!("{path}.credit.deduct.per_shortfall");
            let ok = per_shortfall.is_finite() && per_shortfall > 0.0;
            check_number(&p, per_shortfall, "a number > 0", ok)?;
        }
        self.validate_sources(path)?;
        validate_rule(&self.rule, &format!("{path}.rule.{}", self.rule.kind()))
    }

    fn validate_sources(&self, path: &str) -> Result<(), RulebookError> {
        for (i, s) in self.sources.iter().enumerate() {
            let at = format!("{path}.sources[{i}]");
            let ok = s.weight.is_finite() && s.weight > 0.0;
            check_number(&format!("{at}.weight"), s.weight, "a number > 0", ok)?;
            if self.sources[..i].iter().any(|o| o.evidence == s.evidence) {
                let problem = RulebookProblem::DuplicateId(s.evidence.id().to_string());
                return Err(RulebookError::new(format!("{at}.evidence"), problem));
            }
        }
        Ok(())
    }
}

fn validate_rule(rule: &Rule, path: &str) -> Result<(), RulebookError> {
    for field in rule.fields() {
        check_text(path, field)?;
    }
    let at = |name: &str| format!("{path}.{name}");
    match rule {
        Rule::Ratio { at_least, .. } => {
            let ok = *at_least > 0.0 && *at_least <= 1.0;
            check_number(
                &at("at_least"),
                *at_least,
                "a share above 0 and at most 1",
                ok,
            )
        }
        Rule::PerCapita { at_least, .. } => positive(&at("at_least"), *at_least),
        Rule::CountEachPeriod { at_least, .. } => positive(&at("at_least"), *at_least),
        Rule::DatedEachPeriod { by_day, .. } => {
            let ok = (1..=31).contains(by_day);
            check_number(&at("by_day"), f64::from(*by_day), "a day from 1 to 31", ok)
        }
        Rule::CountInRange {
            at_least, at_most, ..
        } => {
            positive(&at("at_least"), *at_least)?;
            match at_most {
                Some(m) => {
                    let ok = m.is_finite() && m >= at_least;
                    check_number(&at("at_most"), *m, "a number ≥ at_least", ok)
                }
                None => Ok(()),
            }
        }
        Rule::DateBy { month, day, .. } => {
            // Checked against a leap year so that 29 February is allowed.
            let ok = crate::calendar::date_in(2024, *month, *day).is_some();
            check_number(
                &at("day"),
                f64::from(*day),
                "a day that exists in the month",
                ok,
            )
        }
        Rule::LeadTime { .. } | Rule::Presence { .. } => Ok(()),
        Rule::CarriedScore { max, at_least, .. } => {
            positive(&at("max"), *max)?;
            let ok = at_least.is_finite() && *at_least >= 0.0 && at_least <= max;
            check_number(&at("at_least"), *at_least, "a number from 0 to max", ok)
        }
    }
}

fn positive(path: &str, x: f64) -> Result<(), RulebookError> {
    check_number(path, x, "a number > 0", x.is_finite() && x > 0.0)
}

fn check_number(
    path: &str,
    value: f64,
    expected: &'static str,
    ok: bool,
) -> Result<(), RulebookError> {
    let problem = if !ok {
        RulebookProblem::OutOfRange { value, expected }
    } else if value.abs() > MAX_NUMBER {
        RulebookProblem::OutOfRange {
            value,
            expected: "a number no larger than 1000000000",
        }
    } else {
        return Ok(());
    };
    Err(RulebookError::new(path, problem))
}

/// A label or note: each language at most `limit` characters (either may be empty).
fn check_label(path: &str, text: &Text, limit: usize) -> Result<(), RulebookError> {
    for (lang, t) in [("zh", &text.zh), ("en", &text.en)] {
        if t.chars().count() > limit {
            let problem = RulebookProblem::TooLong(limit);
            return Err(RulebookError::new(format!("{path}.{lang}"), problem));
        }
    }
    Ok(())
}

fn check_text(path: &str, text: &str) -> Result<(), RulebookError> {
    if text.is_empty() {
        return Err(RulebookError::new(path, RulebookProblem::Empty));
    }
    if text.chars().count() > MAX_TEXT {
        return Err(RulebookError::new(path, RulebookProblem::TooLong(MAX_TEXT)));
    }
    Ok(())
}

fn check_count(path: &str, found: usize, limit: usize) -> Result<(), RulebookError> {
    if found == 0 {
        return Err(RulebookError::new(path, RulebookProblem::Empty));
    }
    if found > limit {
        return Err(RulebookError::new(
            path,
            RulebookProblem::TooMany { found, limit },
        ));
    }
    Ok(())
}

fn malformed<E: std::fmt::Display>(e: serde_path_to_error::Error<E>) -> RulebookError {
    let path = crate::error::document_path(e.path());
    RulebookError::new(path, RulebookProblem::Malformed(e.inner().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn standard_value() -> serde_json::Value {
        serde_json::to_value(Rulebook::builtin("standard").unwrap()).unwrap()
    }

    #[test]
    fn builtins_parse_and_sum_to_100() {
        for name in Rulebook::builtin_names() {
            let r = Rulebook::builtin(name).unwrap();
            assert_eq!(r.max_base(), 100.0, "{name}");
        }
    }

    #[test]
    fn national_is_stricter_on_surveys() {
        let target = |r: &Rulebook, id: &str| match &r
            .indicators
            .iter()
            .find(|i| i.id == id)
            .unwrap()
            .rule
        {
            Rule::Ratio { at_least, .. } => *at_least,
            other => panic!("{other:?}"),
        };
        let (s, n) = (
            Rulebook::builtin("standard").unwrap(),
            Rulebook::builtin("national-2010").unwrap(),
        );
        assert_eq!((target(&s, "T2"), target(&n, "T2")), (0.7, 0.8));
        assert_eq!((target(&s, "T4"), target(&n, "T4")), (0.5, 0.7));
    }

    #[test]
    fn serde_errors_name_the_path() {
        let mut v = standard_value();
        v["indicators"][0]["rule"]["ratio"]["at_least"] = json!("a lot");
        let e = Rulebook::from_value(v).unwrap_err();
        assert_eq!(e.path, "indicators[0].rule.ratio.at_least");
        assert_eq!(e.problem.code(), "malformed");
    }

    #[test]
    fn unknown_fields_and_kinds_are_refused() {
        let mut v = standard_value();
        v["indicators"][1]["wieght"] = json!(3);
        assert_eq!(
            Rulebook::from_value(v).unwrap_err().path,
            "indicators[1].wieght"
        );
        let mut v = standard_value();
        v["indicators"][1]["rule"] = json!({"median": {}});
        assert_eq!(
            Rulebook::from_value(v).unwrap_err().path,
            "indicators[1].rule"
        );
    }

    #[test]
    fn semantic_checks_name_the_path() {
        let cases = [
            (
                "/indicators/1/id",
                json!("T1"),
                "indicators[1].id",
                "duplicate_id",
            ),
            (
                "/indicators/0/points",
                json!(-1),
                "indicators[0].points",
                "out_of_range",
            ),
            (
                "/indicators/0/rule/ratio/at_least",
                json!(1.5),
                "indicators[0].rule.ratio.at_least",
                "out_of_range",
            ),
            (
                "/indicators/0/credit",
                json!("share"),
                "indicators[0].credit",
                "credit_mismatch",
            ),
            ("/grades/3/min", json!(10), "grades", "no_floor_grade"),
            ("/veto_grade", json!("gold"), "veto_grade", "unknown_grade"),
            (
                "/grades/0/label",
                json!({"zh": "优秀", "en": "excellent"}),
                "grades[0].requires_met[0]",
                "unknown_indicator",
            ),
            ("/indicators", json!([]), "indicators", "empty"),
        ];
        for (pointer, value, path, code) in cases {
            let mut v = standard_value();
            v["grades"][0]["requires_met"] = json!(["T1"]);
            if path.starts_with("grades[0].requires_met") {
                v["grades"][0]["requires_met"] = json!(["T99"]);
            }
            match v.pointer_mut(pointer) {
                Some(slot) => *slot = value,
                None => {
                    v.as_object_mut()
                        .unwrap()
                        .insert(pointer[1..].to_string(), value);
                }
            }
            let e = Rulebook::from_value(v).unwrap_err();
            assert_eq!(
                (e.path.as_str(), e.problem.code()),
                (path, code),
                "{pointer}"
            );
        }
    }

    #[test]
    fn too_many_indicators_is_refused() {
        let mut v = standard_value();
        let one = v["indicators"][0].clone();
        v["indicators"] = json!(vec![one; MAX_INDICATORS + 1]);
        assert_eq!(
            Rulebook::from_value(v).unwrap_err().problem.code(),
            "too_many"
        );
    }

    #[test]
    fn broken_json_names_the_whole_document() {
        let e = Rulebook::from_json("{").unwrap_err();
        assert_eq!((e.path.as_str(), e.problem.code()), ("", "malformed"));
    }

    #[test]
    fn unknown_builtin_lists_the_names() {
        let e = Rulebook::builtin("gold").unwrap_err();
        assert!(
            e.to_string()
                .contains("standard, national-2010, strict-example"),
            "{e}"
        );
    }
}
