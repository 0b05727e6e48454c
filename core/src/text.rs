//! Bilingual text and the number formats used in explanations.
//!
//! Every sentence the engine writes exists in Chinese and English, so a page can
//! toggle languages without asking the engine again.

use serde::{Deserialize, Serialize};

/// A piece of text in Chinese (`zh`) and English (`en`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    /// Builds a text from its two languages.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }
}

/// Formats a number the way a person writes it: whole numbers without a decimal
/// point, others with at most two decimals and no trailing zeros.
///
/// ```
/// use learning_city::text::number;
/// assert_eq!(number(1130.0), "1130");
/// assert_eq!(number(2.5), "2.5");
/// assert_eq!(number(1.0 / 3.0), "0.33");
/// ```
pub fn number(x: f64) -> String {
    trim(format!("{x:.2}"))
}

/// Formats a ratio as a percentage with at most one decimal: `0.269 → "26.9 %"`.
///
/// ```
/// use learning_city::text::percent;
/// assert_eq!(percent(0.25), "25 %");
/// assert_eq!(percent(1130.0 / 4200.0), "26.9 %");
/// ```
pub fn percent(ratio: f64) -> String {
    format!("{} %", trim(format!("{:.1}", ratio * 100.0)))
}

/// The Chinese form of [`percent`]: no space before the sign.
pub fn percent_zh(ratio: f64) -> String {
    percent(ratio).replace(' ', "")
}

fn trim(s: String) -> String {
    if !s.contains('.') {
        return s;
    }
    let t = s.trim_end_matches('0').trim_end_matches('.');
    if t == "-0" {
        "0".to_string()
    } else {
        t.to_string()
    }
}

/// A number as an error message echoes it: as Rust writes it (`-5`, `0.25`), but in
/// exponent form when that would take more than about 20 characters (`1e308`, not
/// a 1 followed by 308 zeros; `5e-324`, not 324 decimals).
///
/// ```
/// use learning_city::text::echo;
/// assert_eq!(echo(-5.0), "-5");
/// assert_eq!(echo(0.25), "0.25");
/// assert_eq!(echo(-1e308), "-1e308");
/// assert_eq!(echo(5e-324), "5e-324");
/// ```
pub fn echo(x: f64) -> String {
    let a = x.abs();
    if a == 0.0 || !a.is_finite() || (1e-6..1e16).contains(&a) {
        x.to_string()
    } else {
        format!("{x:e}")
    }
}

/// The longest echo of a user's value (an id, a parent, a bad date) inside a
/// message, in characters: a 10 MB id must not come back ten times in a report.
pub const MAX_ECHO: usize = 40;

/// Shortens a value echoed in a message to [`MAX_ECHO`] characters, marking the cut
/// with "…".
///
/// ```
/// use learning_city::text::clip;
/// assert_eq!(clip("c-017"), "c-017");
/// assert_eq!(clip(&"x".repeat(100)).chars().count(), 41);
/// ```
pub fn clip(text: &str) -> String {
    if text.chars().count() <= MAX_ECHO {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(MAX_ECHO).collect::<String>())
    }
}

/// True for text that is empty or only white space, as an empty spreadsheet cell
/// gives.
pub fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// Joins items as people list them: `a`, `a and b`, `a, b and c`.
pub fn list_en(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {}", init.join(", "), last),
    }
}

/// Joins items with the Chinese enumeration comma.
pub fn list_zh(items: &[String]) -> String {
    items.join("、")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_drop_useless_decimals() {
        assert_eq!(number(840.0), "840");
        assert_eq!(number(0.005), "0.01");
        assert_eq!(number(-0.001), "0");
        assert_eq!(percent(0.7), "70 %");
        assert_eq!(percent_zh(0.555), "55.5%");
    }

    #[test]
    fn echoed_numbers_stay_short() {
        for x in [0.0, 1.0, -5.0, 0.25, 1130.5, 9_999_999_999_999_998.0, 1e-6] {
            assert_eq!(echo(x), x.to_string());
        }
        assert_eq!(echo(1e16), "1e16");
        assert_eq!(echo(-1.7e308), "-1.7e308");
        assert_eq!(echo(1e-7), "1e-7");
    }

    #[test]
    fn lists_read_naturally() {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(list_en(&v(&["March"])), "March");
        assert_eq!(list_en(&v(&["March", "August"])), "March and August");
        assert_eq!(list_en(&v(&["May", "June", "July"])), "May, June and July");
        assert_eq!(list_zh(&v(&["3月", "8月"])), "3月、8月");
    }
}
