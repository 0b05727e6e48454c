//! Rulebooks: named, versioned appraisal standards held as data.
//!
//! An indicator names a rule kind from a small closed set ([`Rule`], one file per
//! kind in [`crate::appraisal::rules`]), a credit curve ([`Credit`]) and its
//! points. Every number a rule uses lives here, in the data: the engine only knows
//! how each kind is measured and explained. The checks serde cannot make are in
//! `validate.rs`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use crate::appraisal::credit::Credit;
pub use crate::appraisal::limits::{
    MAX_EVIDENCE, MAX_GRADES, MAX_INDICATORS, MAX_JSON_BYTES, MAX_NOTE, MAX_NUMBER, MAX_TEXT,
};
pub use crate::appraisal::rules::Rule;
use crate::error::{RulebookError, RulebookProblem};
use crate::text::Text;

#[cfg(test)]
mod tests;
mod validate;

/// The rulebook used when a caller names none: the seeds' own targets.
pub const DEFAULT_BUILTIN: &str = "standard";

/// The built-in rulebooks, by name: the seeds' numbers, the national 2010
/// demonstration-zone thresholds, and an example of the stricter practices (veto,
/// capped bonus, deductions, compound grades, weighted evidence).
const BUILTINS: [(&str, &str); 3] = [
    ("standard", include_str!("../../../rulebooks/standard.json")),
    (
        "national-2010",
        include_str!("../../../rulebooks/national-2010.json"),
    ),
    (
        "strict-example",
        include_str!("../../../rulebooks/strict-example.json"),
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
        self.indicators.iter().find_map(|i| match &i.rule {
            Rule::PerCapita(p) => Some(p.at_least),
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

fn malformed<E: std::fmt::Display>(e: serde_path_to_error::Error<E>) -> RulebookError {
    let path = crate::error::document_path(e.path());
    RulebookError::new(path, RulebookProblem::Malformed(e.inner().to_string()))
}
