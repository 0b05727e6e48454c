//! The bounds a rulebook must keep, and the checks that apply them: every number,
//! text and count a rulebook states is checked here, so that a hostile document
//! cannot hang a page or overflow a score, and every refusal names its path.

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

pub(crate) fn positive(path: &str, x: f64) -> Result<(), RulebookError> {
    check_number(path, x, "a number > 0", x.is_finite() && x > 0.0)
}

pub(crate) fn check_number(
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
pub(crate) fn check_label(path: &str, text: &Text, limit: usize) -> Result<(), RulebookError> {
    for (lang, t) in [("zh", &text.zh), ("en", &text.en)] {
        if t.chars().count() > limit {
            let problem = RulebookProblem::TooLong(limit);
            return Err(RulebookError::new(format!("{path}.{lang}"), problem));
        }
    }
    Ok(())
}

pub(crate) fn check_text(path: &str, text: &str) -> Result<(), RulebookError> {
    if text.is_empty() {
        return Err(RulebookError::new(path, RulebookProblem::Empty));
    }
    if text.chars().count() > MAX_TEXT {
        return Err(RulebookError::new(path, RulebookProblem::TooLong(MAX_TEXT)));
    }
    Ok(())
}

pub(crate) fn check_count(path: &str, found: usize, limit: usize) -> Result<(), RulebookError> {
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
