//! Findings: breaches of the organisation's rules (the network's N1–N5, the
//! roster's R1–R8, the books' M1–M2), found in documents that read as given. A
//! finding is not an error: the document is usable, and every breach is reported
//! at once, each with its rule, its path and a sentence in both languages.

use serde::{Deserialize, Serialize};

use crate::text::Text;

/// One breach of a rule, found in the input as given: which rule, which unit,
/// where (`units[5].parent`, `members[12].specialties`), a stable code for
/// programs, and a sentence for people in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// The rule broken: `N1`–`N5` for the network, `R1`–`R8` for the roster.
    pub rule: String,
    /// The id of the unit concerned, when there is one.
    pub unit: Option<String>,
    /// The path to the value at fault.
    pub path: String,
    /// A stable machine-readable code, such as `unknown_parent`.
    pub code: String,
    pub message: Text,
}

impl Finding {
    /// Builds a finding; `message` is a whole sentence.
    pub fn new(
        rule: &str,
        unit: Option<&str>,
        path: impl Into<String>,
        code: &str,
        message: Text,
    ) -> Self {
        Finding {
            rule: rule.to_string(),
            unit: unit.map(str::to_string),
            path: path.into(),
            code: code.to_string(),
            message,
        }
    }
}
