//! What can be wrong with a rulebook: the problems of [`super::RulebookError`].

use thiserror::Error;

use crate::text::echo;

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

crate::problem_codes!(RulebookProblem, super::ErrorKind::Rulebook, {
    RulebookProblem::Malformed(_) => "malformed",
    RulebookProblem::UnknownBuiltin(..) => "unknown_builtin",
    RulebookProblem::DuplicateId(_) => "duplicate_id",
    RulebookProblem::UnknownIndicator(_) => "unknown_indicator",
    RulebookProblem::UnknownGrade(_) => "unknown_grade",
    RulebookProblem::OutOfRange{ .. } => "out_of_range",
    RulebookProblem::CreditMismatch{ .. } => "credit_mismatch",
    RulebookProblem::NoFloorGrade => "no_floor_grade",
    RulebookProblem::Empty => "empty",
    RulebookProblem::TooMany{ .. } => "too_many",
    RulebookProblem::TooLong(_) => "too_long",
    RulebookProblem::NoVersionInForce{ .. } => "no_version_in_force",
    RulebookProblem::MixedIds(..) => "mixed_ids",
    RulebookProblem::SameEffectiveDate(_) => "same_effective_date",
});
