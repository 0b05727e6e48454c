//! Errors for bad input. Every error names the path to the bad value
//! (`records[3].surveyed`, `indicators[2].rule.ratio.at_least`) and a typed reason,
//! so a person can find and fix the value, and a program can branch on its code.
//!
//! One error type, [`Error<P>`], serves every concern: `P` is the concern's
//! [`Problem`] enum (what is wrong), which knows its [`ErrorKind`] and the stable
//! code of each variant. The [`problem_codes!`](crate::problem_codes) macro writes a
//! problem's `code` function and the list of all its codes from one table, so
//! the registry in [`crate::codes`] cannot miss a code: the `match` it writes is
//! exhaustive.
//!
//! The concerns' problems live beside their concept (`NetworkProblem` in
//! `district::network`, …); the record's, the rulebook's and the input's, which
//! every layer above uses, live here.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

mod input;
mod record;
mod rulebook;

pub use input::InputProblem;
pub use record::RecordProblem;
pub use rulebook::RulebookProblem;

/// The concern an error belongs to: which document, or which kind of value, is at
/// fault. Each binding maps every kind to an exception class with an exhaustive
/// `match`, so a new kind cannot fall silently to the base class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// A record that cannot be assessed.
    Record,
    /// A rulebook that cannot be used.
    Rulebook,
    /// Units or members that do not form a network document.
    Network,
    /// A designation round or nomination that cannot be used.
    Designation,
    /// Funding or expense rows that cannot be counted.
    Money,
    /// Activities that cannot be counted.
    Activity,
    /// A district document that cannot be read.
    District,
    /// An argument of a call as a whole: text that is not JSON, too large, too many
    /// records.
    Input,
}

impl ErrorKind {
    /// Every kind, in declaration order.
    pub const ALL: [ErrorKind; 8] = [
        ErrorKind::Record,
        ErrorKind::Rulebook,
        ErrorKind::Network,
        ErrorKind::Designation,
        ErrorKind::Money,
        ErrorKind::Activity,
        ErrorKind::District,
        ErrorKind::Input,
    ];

    /// The name written in JSON: `record`, `rulebook`, …
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Record => "record",
            ErrorKind::Rulebook => "rulebook",
            ErrorKind::Network => "network",
            ErrorKind::Designation => "designation",
            ErrorKind::Money => "money",
            ErrorKind::Activity => "activity",
            ErrorKind::District => "district",
            ErrorKind::Input => "input",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What is wrong with a value, for one concern: an enum whose variants each have
/// a stable code. Implemented by [`problem_codes!`](crate::problem_codes).
pub trait Problem: std::error::Error + Clone + PartialEq {
    /// The concern.
    const KIND: ErrorKind;
    /// Every code a value of this type can have, in declaration order.
    const CODES: &'static [&'static str];
    /// This problem's code.
    fn code(&self) -> &'static str;
}

/// Writes a problem enum's `code` (inherent, so callers need no import, and the
/// [`Problem`] trait's) and its list of codes, from one table of
/// `Type::Variant pattern => "code"`. The `match` is exhaustive: a variant without a
/// code does not compile.
#[macro_export]
#[doc(hidden)]
macro_rules! problem_codes {
    ($ty:ident, $kind:expr, { $($pattern:pat => $code:literal,)+ }) => {
        impl $ty {
            /// A stable code for programs.
            pub fn code(&self) -> &'static str {
                match self {
                    $( $pattern => $code, )+
                }
            }
        }

        impl $crate::error::Problem for $ty {
            const KIND: $crate::error::ErrorKind = $kind;
            const CODES: &'static [&'static str] = &[$($code),+];
            fn code(&self) -> &'static str {
                $ty::code(self)
            }
        }
    };
}

/// An error of one concern: where the bad value is, and what is wrong with it.
///
/// ```
/// use learning_city::error::{Error, RecordProblem};
/// let e = Error::new("residents", RecordProblem::Negative(-5.0)).within("records[3]");
/// assert_eq!(e.to_string(), "records[3].residents: must not be negative (found -5)");
/// assert_eq!((e.info().kind.as_str(), e.info().code.as_str()), ("record", "negative"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Error<P> {
    /// Where the bad value is: `records[3].residents`; empty for the whole input.
    pub path: String,
    pub problem: P,
}

/// A record that cannot be assessed: impossible or malformed data.
pub type RecordError = Error<RecordProblem>;
/// A rulebook that cannot be used.
pub type RulebookError = Error<RulebookProblem>;
/// An argument of a call that cannot be read as a whole.
pub type InputError = Error<InputProblem>;

impl<P: Problem> Error<P> {
    pub fn new(path: impl Into<String>, problem: P) -> Self {
        Error {
            path: path.into(),
            problem,
        }
    }

    /// The same error seen from further out: `residents` inside `records[3]`.
    pub fn within(mut self, prefix: &str) -> Self {
        self.path = join_path(prefix, &self.path);
        self
    }

    /// The plain, serialisable form.
    pub fn info(&self) -> ErrorInfo {
        ErrorInfo {
            kind: P::KIND,
            code: self.problem.code().into(),
            path: self.path.clone(),
            reason: self.problem.to_string(),
        }
    }
}

impl<P: Problem> fmt::Display for Error<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.problem)
    }
}

impl<P: Problem + fmt::Debug + 'static> std::error::Error for Error<P> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.problem)
    }
}

impl<P: Problem> From<Error<P>> for ErrorInfo {
    fn from(e: Error<P>) -> ErrorInfo {
        e.info()
    }
}

/// The plain, serialisable form of any input error: what the bindings hand to
/// Python and JavaScript, and what a batch outcome carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorInfo {
    /// The concern: `record`, `rulebook`, `network`, …
    pub kind: ErrorKind,
    /// A stable machine-readable code: `negative`, `bad_date`, …
    pub code: String,
    /// Where the bad value is.
    pub path: String,
    /// Why it is bad, in English.
    pub reason: String,
}

impl ErrorInfo {
    /// The same error with `prefix` before its path (`units` before `[3].level`).
    pub fn within(mut self, prefix: &str) -> ErrorInfo {
        self.path = join_path(prefix, &self.path);
        self
    }

    /// A document of `kind` that serde could not read as its type.
    pub(crate) fn malformed(kind: ErrorKind, path: String, reason: String) -> ErrorInfo {
        ErrorInfo {
            kind,
            code: MALFORMED.into(),
            path,
            reason,
        }
    }
}

/// The code of a document that does not have its type's shape (serde refused it),
/// whatever its kind.
pub const MALFORMED: &str = "malformed";

/// Reads a typed document (units, members, a round …) from a JSON value; a value
/// of the wrong shape is an error of `kind` naming the path inside the document.
///
/// ```
/// use learning_city::{error::{parse, ErrorKind}, network::Unit};
/// let e = parse::<Vec<Unit>>(serde_json::json!([{"id": "d", "level": "county"}]), ErrorKind::Network).unwrap_err();
/// assert_eq!((e.kind, e.path.as_str()), (ErrorKind::Network, "[0].level"));
/// ```
pub fn parse<T: DeserializeOwned>(
    value: serde_json::Value,
    kind: ErrorKind,
) -> Result<T, ErrorInfo> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = document_path(e.path());
        ErrorInfo::malformed(kind, path, e.inner().to_string())
    })
}

/// A serde path as this crate writes paths: serde_path_to_error writes "." for the
/// document itself and "?" when the text ends before any key; both mean the whole
/// document, the empty path.
pub(crate) fn document_path(path: &serde_path_to_error::Path) -> String {
    let path = path.to_string();
    if path == "." || path == "?" {
        String::new()
    } else {
        path
    }
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
        assert_eq!(e.info().kind, ErrorKind::Record);
    }

    #[test]
    fn kinds_serialise_as_their_names() {
        for kind in ErrorKind::ALL {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
    }
}
