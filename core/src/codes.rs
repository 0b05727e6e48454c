//! The registry of every error code the core gives, with its kind: what the
//! bindings' tests compare their exception mapping and their declared types
//! against, instead of reading the core's source.
//!
//! Each problem enum writes its list of codes with
//! [`problem_codes!`](crate::problem_codes), whose `match` is exhaustive, so no
//! variant can be missing here. Documents that serde cannot read are `malformed`
//! whatever their kind ([`crate::error::parse`]).

use serde::Serialize;

use crate::district::activity::ActivityProblem;
use crate::district::designation::DesignationProblem;
use crate::district::money::MoneyProblem;
use crate::district::network::NetworkProblem;
use crate::error::{ErrorKind, InputProblem, Problem, RecordProblem, RulebookProblem, MALFORMED};

/// One code a kind of error can have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ErrorCode {
    pub kind: ErrorKind,
    pub code: &'static str,
}

/// The kinds of the documents [`crate::documents`] reads with serde: each can be
/// `malformed`.
pub const DOCUMENT_KINDS: [ErrorKind; 5] = [
    ErrorKind::Rulebook,
    ErrorKind::Network,
    ErrorKind::Designation,
    ErrorKind::Money,
    ErrorKind::District,
];

/// Every `(kind, code)` pair the core can give, sorted, each once.
///
/// ```
/// use learning_city::{codes::error_codes, error::ErrorKind};
/// let codes = error_codes();
/// assert!(codes.iter().any(|c| c.kind == ErrorKind::Record && c.code == "negative"));
/// assert!(codes.iter().any(|c| c.kind == ErrorKind::Network && c.code == "malformed"));
/// ```
pub fn error_codes() -> Vec<ErrorCode> {
    let mut codes = Vec::new();
    add::<RecordProblem>(&mut codes);
    add::<RulebookProblem>(&mut codes);
    add::<InputProblem>(&mut codes);
    add::<NetworkProblem>(&mut codes);
    add::<DesignationProblem>(&mut codes);
    add::<MoneyProblem>(&mut codes);
    add::<ActivityProblem>(&mut codes);
    for kind in DOCUMENT_KINDS {
        codes.push(ErrorCode {
            kind,
            code: MALFORMED,
        });
    }
    codes.sort();
    codes.dedup();
    codes
}

fn add<P: Problem>(codes: &mut Vec<ErrorCode>) {
    codes.extend(P::CODES.iter().map(|&code| ErrorCode {
        kind: P::KIND,
        code,
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_code_and_codes_are_snake_case() {
        let codes = error_codes();
        for kind in ErrorKind::ALL {
            assert!(codes.iter().any(|c| c.kind == kind), "{kind} has no code");
        }
        for c in &codes {
            assert!(
                c.code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{c:?}"
            );
        }
    }
}
