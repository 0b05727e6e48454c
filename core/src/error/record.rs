//! What can be wrong with a record's value: the problems of [`super::RecordError`].

use thiserror::Error;

use crate::text::echo;

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

crate::problem_codes!(RecordProblem, super::ErrorKind::Record, {
    RecordProblem::Missing => "missing",
    RecordProblem::WrongType{ .. } => "wrong_type",
    RecordProblem::BadPeriod(_) => "bad_period",
    RecordProblem::Negative(_) => "negative",
    RecordProblem::NotFinite => "not_finite",
    RecordProblem::ZeroWhole{ .. } => "zero_whole",
    RecordProblem::PartExceedsWhole{ .. } => "part_exceeds_whole",
    RecordProblem::WrongLength{ .. } => "wrong_length",
    RecordProblem::BadDate(_) => "bad_date",
    RecordProblem::OutsideYear{ .. } => "outside_year",
    RecordProblem::TooLong(_) => "too_long",
    RecordProblem::NotJson(_) => "not_json",
    RecordProblem::AboveMax{ .. } => "above_max",
    RecordProblem::MissingColumn(_) => "missing_column",
    RecordProblem::DuplicateColumn => "duplicate_column",
    RecordProblem::ColumnLength{ .. } => "column_length",
});
