//! Errors for bad input. Every error names the path to the bad value
//! (`records[3].surveyed`, `indicators[2].rule.ratio.at_least`) and a typed reason,
//! so a person can find and fix the value, and a program can branch on its code.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::text::echo;

/// The plain, serialisable form of any input error: what the bindings hand to
/// Python and JavaScript, and what a batch outcome carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorInfo {
    /// The concern: `record`, `rulebook`, `network`, …
    pub kind: String,
    /// A stable machine-readable code: `negative`, `bad_date`, …
    pub code: String,
    /// Where the bad value is.
    pub path: String,
    /// Why it is bad, in English.
    pub reason: String,
}

/// Reads a typed document (units, members, a round …) from a JSON value; a value
/// of the wrong shape is an error of `kind` naming the path inside the document.
///
/// ```
/// use learning_city::{error::parse, network::Unit};
/// let e = parse::<Vec<Unit>>(serde_json::json!([{"id": "d", "level": "county"}]), "network").unwrap_err();
/// assert_eq!((e.kind.as_str(), e.path.as_str()), ("network", "[0].level"));
/// ```
pub fn parse<T: DeserializeOwned>(value: serde_json::Value, kind: &str) -> Result<T, ErrorInfo> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        ErrorInfo {
            kind: kind.to_string(),
            code: "malformed".into(),
            path: if path == "." || path == "?" {
                String::new()
            } else {
                path
            },
            reason: e.inner().to_string(),
        }
    })
}

/// Joins a path prefix and a relative path: `("records[3]", "residents")` gives
/// `records[3].residents`; an empty side is left out.
pub fn join_path(prefix: &str, rest: &str) -> String {
    match (prefix.is_empty(), rest.is_empty()) {
        (true, _) => rest.to_string(),
        (_, true) => prefix.to_string(),
        _ if rest.starts_with('[') => format!("{prefix}{rest}"),
        _ => format!("{prefix}.{rest}"),
    }
}

/// A record that cannot be assessed: impossible or malformed data.
#[derive(Clone, Debug, PartialEq, Error)]
#[error("{path}: {problem}")]
pub struct RecordError {
    pub path: String,
    pub problem: RecordProblem,
}

/// What is wrong with a record's value.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum RecordProblem {
    #[error("is required")]
    Missing,
    #[error("expected {expected}, found {found}")]
    WrongType {
        expected: &'static str,
        found: &'static str,
    },
    #[error("`{0}` is not a year written as four digits, like \"2024\"")]
    BadPeriod(String),
    #[error("must not be negative (found {})", echo(*.0))]
    Negative(f64),
    #[error("must be a finite number")]
    NotFinite,
    #[error("is 0, so `{part}` cannot be measured against it")]
    ZeroWhole { part: String },
    #[error("{} is more than `{whole}` ({})", echo(*.value), echo(*.whole_value))]
    PartExceedsWhole {
        value: f64,
        whole: String,
        whole_value: f64,
    },
    #[error("must hold {expected} values, one per month (found {found})")]
    WrongLength { expected: usize, found: usize },
    #[error("`{0}` is not a date that exists, written YYYY-MM-DD")]
    BadDate(String),
    #[error("{date} is outside the record's year {year}")]
    OutsideYear { date: String, year: i32 },
    #[error("is longer than the limit of {0}")]
    TooLong(usize),
    #[error("is not valid JSON: {0}")]
    NotJson(String),
    #[error("{} is more than the maximum {}", echo(*.value), echo(*.max))]
    AboveMax { value: f64, max: f64 },
    /// A table lacks a column a rule reads; the text names the rulebook and says
    /// what the table has.
    #[error("{0}")]
    MissingColumn(String),
    #[error("appears more than once in the table, so its values are ambiguous")]
    DuplicateColumn,
    #[error("holds {found} cells; the table has {expected} rows")]
    ColumnLength { expected: usize, found: usize },
}

impl RecordProblem {
    /// A stable code for programs.
    pub fn code(&self) -> &'static str {
        match self {
            RecordProblem::Missing => "missing",
            RecordProblem::WrongType { .. } => "wrong_type",
            RecordProblem::BadPeriod(_) => "bad_period",
            RecordProblem::Negative(_) => "negative",
            RecordProblem::NotFinite => "not_finite",
            RecordProblem::ZeroWhole { .. } => "zero_whole",
            RecordProblem::PartExceedsWhole { .. } => "part_exceeds_whole",
            RecordProblem::WrongLength { .. } => "wrong_length",
            RecordProblem::BadDate(_) => "bad_date",
            RecordProblem::OutsideYear { .. } => "outside_year",
            RecordProblem::TooLong(_) => "too_long",
            RecordProblem::NotJson(_) => "not_json",
            RecordProblem::AboveMax { .. } => "above_max",
            RecordProblem::MissingColumn(_) => "missing_column",
            RecordProblem::DuplicateColumn => "duplicate_column",
            RecordProblem::ColumnLength { .. } => "column_length",
        }
    }
}

impl RecordError {
    pub fn new(path: impl Into<String>, problem: RecordProblem) -> Self {
        RecordError {
            path: path.into(),
            problem,
        }
    }

    /// The same error seen from further out: `residents` inside `records[3]`.
    pub fn within(mut self, prefix: &str) -> Self {
        self.path = join_path(prefix, &self.path);
        self
    }

    pub fn info(&self) -> ErrorInfo {
        ErrorInfo {
            kind: "record".into(),
            code: self.problem.code().into(),
            path: self.path.clone(),
            reason: self.problem.to_string(),
        }
    }
}

/// A rulebook that cannot be used.
#[derive(Clone, Debug, PartialEq, Error)]
#[error("{path}: {problem}")]
pub struct RulebookError {
    pub path: String,
    pub problem: RulebookProblem,
}

/// What is wrong with a rulebook.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum RulebookProblem {
    #[error("{0}")]
    Malformed(String),
    #[error("no built-in rulebook is called `{0}`; the built-ins are {1}")]
    UnknownBuiltin(String, String),
    #[error("the id `{0}` is used twice")]
    DuplicateId(String),
    #[error("names the indicator `{0}`, which the rulebook does not have")]
    UnknownIndicator(String),
    #[error("names the grade `{0}`, which the rulebook does not have")]
    UnknownGrade(String),
    #[error("{} is out of range: {expected}", echo(*.value))]
    OutOfRange { value: f64, expected: &'static str },
    #[error("credit `{credit}` cannot be used with a `{rule}` rule")]
    CreditMismatch {
        credit: &'static str,
        rule: &'static str,
    },
    #[error("needs a grade band with min 0 and no conditions, so every score gets a grade")]
    NoFloorGrade,
    #[error("must not be empty")]
    Empty,
    #[error("has {found} entries; the limit is {limit}")]
    TooMany { found: usize, limit: usize },
    #[error("is longer than the limit of {0} characters")]
    TooLong(usize),
    #[error("no version is in force for {year}: the first, {first}, applies from {from}")]
    NoVersionInForce {
        year: i32,
        first: String,
        from: String,
    },
    #[error("`{0}` is not the set's rulebook `{1}`: a set holds versions of one rulebook")]
    MixedIds(String, String),
    #[error("two versions take effect on {0}")]
    SameEffectiveDate(String),
}

impl RulebookProblem {
    /// A stable code for programs.
    pub fn code(&self) -> &'static str {
        match self {
            RulebookProblem::Malformed(_) => "malformed",
            RulebookProblem::UnknownBuiltin(..) => "unknown_builtin",
            RulebookProblem::DuplicateId(_) => "duplicate_id",
            RulebookProblem::UnknownIndicator(_) => "unknown_indicator",
            RulebookProblem::UnknownGrade(_) => "unknown_grade",
            RulebookProblem::OutOfRange { .. } => "out_of_range",
            RulebookProblem::CreditMismatch { .. } => "credit_mismatch",
            RulebookProblem::NoFloorGrade => "no_floor_grade",
            RulebookProblem::Empty => "empty",
            RulebookProblem::TooMany { .. } => "too_many",
            RulebookProblem::TooLong(_) => "too_long",
            RulebookProblem::NoVersionInForce { .. } => "no_version_in_force",
            RulebookProblem::MixedIds(..) => "mixed_ids",
            RulebookProblem::SameEffectiveDate(_) => "same_effective_date",
        }
    }
}

impl RulebookError {
    pub fn new(path: impl Into<String>, problem: RulebookProblem) -> Self {
        RulebookError {
            path: path.into(),
            problem,
        }
    }

    pub fn info(&self) -> ErrorInfo {
        ErrorInfo {
            kind: "rulebook".into(),
            code: self.problem.code().into(),
            path: self.path.clone(),
            reason: self.problem.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_join_with_dots_and_brackets() {
        assert_eq!(join_path("records[3]", "residents"), "records[3].residents");
        assert_eq!(join_path("records[3]", "[2]"), "records[3][2]");
        assert_eq!(join_path("", "residents"), "residents");
        assert_eq!(join_path("records[0]", ""), "records[0]");
    }

    #[test]
    fn errors_print_path_and_reason() {
        let e = RecordError::new("residents", RecordProblem::Negative(-5.0)).within("records[3]");
        assert_eq!(
            e.to_string(),
            "records[3].residents: must not be negative (found -5)"
        );
        assert_eq!(e.info().code, "negative");
    }
}
