//! What can be wrong with an argument as a whole, before any document in it is
//! read: the problems of [`super::InputError`].

use thiserror::Error;

/// What is wrong with an argument of a call.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum InputProblem {
    /// Text that does not parse as JSON.
    #[error("is not valid JSON: {0}")]
    NotJson(String),
    /// Text over the size one call accepts.
    #[error("is {found} bytes; the limit is {limit}")]
    TooLarge { found: usize, limit: usize },
    /// A batch over the count one call accepts.
    #[error("has {found} records; one call takes at most {limit}")]
    TooMany { found: usize, limit: usize },
    /// An option that is not one of its names, or that does not fit the others.
    #[error("{0}")]
    BadOption(String),
}

crate::problem_codes!(InputProblem, super::ErrorKind::Input, {
    InputProblem::NotJson(_) => "not_json",
    InputProblem::TooLarge{ .. } => "too_large",
    InputProblem::TooMany{ .. } => "too_many",
    InputProblem::BadOption(_) => "bad_option",
});
