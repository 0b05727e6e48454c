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

/// One of the two languages every sentence is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// The language's code, as written in JSON: `zh`, `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

impl Text {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

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
    let mut out = String::new();
    write_number(&mut out, x);
    out
}

/// [`number`], written at the end of `out`: sentences are built in one buffer.
pub fn write_number(out: &mut String, x: f64) {
    write_fixed(out, x, 2);
}

/// Formats a ratio as a percentage with at most one decimal: `0.269 → "26.9 %"`.
///
/// ```
/// use learning_city::text::percent;
/// assert_eq!(percent(0.25), "25 %");
/// assert_eq!(percent(1130.0 / 4200.0), "26.9 %");
/// ```
pub fn percent(ratio: f64) -> String {
    let mut out = String::new();
    write_percent(&mut out, ratio, " %");
    out
}

/// The Chinese form of [`percent`]: no space before the sign.
pub fn percent_zh(ratio: f64) -> String {
    let mut out = String::new();
    write_percent(&mut out, ratio, "%");
    out
}

/// [`percent`] (with `sign` " %") or [`percent_zh`] (with "%"), written at the end
/// of `out`.
pub fn write_percent(out: &mut String, ratio: f64, sign: &str) {
    write_fixed(out, ratio * 100.0, 1);
    out.push_str(sign);
}

/// `x` rounded to `digits` decimals (1 or 2) as `format!("{x:.digits$}")` rounds it,
/// then without trailing zeros (and `-0` as `0`).
///
/// The usual number is written from its scaled integer, which is exact while the
/// scaled value stays below 10^9 (its rounding error is then under 10^-7) and
/// does not lie within 10^-6 of a half, where rounding the scaled float and
/// rounding the exact decimal could differ; any other number takes the standard
/// library's exact formatting. Both paths agree (see the tests).
fn write_fixed(out: &mut String, x: f64, digits: usize) {
    let scale = if digits == 1 { 10.0 } else { 100.0 };
    let scaled = x * scale;
    let fraction = scaled - scaled.floor();
    if scaled.abs() < 1e9 && (fraction - 0.5).abs() > 1e-6 {
        let n = scaled.round() as i64;
        let unit = if digits == 1 { 10 } else { 100 };
        if n < 0 {
            out.push('-');
        }
        let (whole, mut part) = (n.unsigned_abs() / unit, n.unsigned_abs() % unit);
        push_int(out, whole);
        if part != 0 {
            out.push('.');
            let mut width = digits;
            while part % 10 == 0 {
                part /= 10;
                width -= 1;
            }
            if width == 2 && part < 10 {
                out.push('0');
            }
            push_int(out, part);
        }
        return;
    }
    let text = format!("{x:.digits$}");
    out.push_str(trim(&text));
}

/// A whole number's digits, without the formatting machinery.
pub(crate) fn push_int(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Only ASCII digits were written.
    out.push_str(std::str::from_utf8(&digits[i..]).unwrap_or_default());
}

fn trim(s: &str) -> &str {
    if !s.contains('.') {
        return s;
    }
    let t = s.trim_end_matches('0').trim_end_matches('.');
    if t == "-0" {
        "0"
    } else {
        t
    }
}

/// Serialises a count or an amount found in a record: a whole number as an integer
/// (`447`, not `447.0`: what the record held, shorter and quicker to write), any
/// other as the number it is.
pub fn serialize_count<S: serde::Serializer>(x: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    if x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 {
        serializer.serialize_i64(*x as i64)
    } else {
        serializer.serialize_f64(*x)
    }
}

/// [`serialize_count`] for a count that may be absent.
pub fn serialize_count_opt<S: serde::Serializer>(
    x: &Option<f64>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match x {
        Some(x) => serialize_count(x, serializer),
        None => serializer.serialize_none(),
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

/// Many texts kept in one buffer, each a span of it (or absent): how a batch keeps
/// a column of sentences without a string per cell, as an Arrow string array lays
/// them out (a value buffer, `rows + 1` offsets, a validity flag per row).
///
/// ```
/// use learning_city::text::TextColumn;
/// let mut c = TextColumn::default();
/// c.push_with(|out| out.push_str("26.9 %"));
/// c.push_none();
/// assert_eq!((c.get(0), c.get(1), c.len()), (Some("26.9 %"), None, 2));
/// assert_eq!(c.offsets(), [0, 6, 6]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextColumn {
    text: String,
    offsets: Vec<usize>,
    valid: Vec<bool>,
}

impl Default for TextColumn {
    fn default() -> Self {
        TextColumn {
            text: String::new(),
            offsets: vec![0],
            valid: Vec::new(),
        }
    }
}

impl TextColumn {
    /// An empty column with room for `rows` texts of about `bytes` bytes each.
    pub fn with_capacity(rows: usize, bytes: usize) -> Self {
        let mut offsets = Vec::with_capacity(rows + 1);
        offsets.push(0);
        TextColumn {
            text: String::with_capacity(rows.saturating_mul(bytes)),
            offsets,
            valid: Vec::with_capacity(rows),
        }
    }

    /// Empties the column, keeping its memory.
    pub fn clear(&mut self) {
        self.text.clear();
        self.offsets.clear();
        self.offsets.push(0);
        self.valid.clear();
    }

    /// Adds a text that `write` writes straight into the buffer.
    #[inline]
    pub fn push_with(&mut self, write: impl FnOnce(&mut String)) {
        write(&mut self.text);
        self.offsets.push(self.text.len());
        self.valid.push(true);
    }

    /// Adds an absent text (`null`).
    pub fn push_none(&mut self) {
        self.offsets.push(self.text.len());
        self.valid.push(false);
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.valid.len()
    }

    /// True when the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.valid.is_empty()
    }

    /// Row `i`'s text; `None` when absent or past the end.
    #[inline]
    pub fn get(&self, i: usize) -> Option<&str> {
        if !*self.valid.get(i)? {
            return None;
        }
        let (start, end) = (*self.offsets.get(i)?, *self.offsets.get(i + 1)?);
        self.text.get(start..end)
    }

    /// Every row's text, one after another.
    pub fn buffer(&self) -> &str {
        &self.text
    }

    /// Where each row's text starts in [`TextColumn::buffer`], and where the last
    /// ends: `rows + 1` offsets.
    pub fn offsets(&self) -> &[usize] {
        &self.offsets
    }

    /// Whether each row has a text.
    pub fn validity(&self) -> &[bool] {
        &self.valid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The formats as they were first written, with the standard library alone.
    fn number_by_format(x: f64) -> String {
        trim(&format!("{x:.2}")).to_string()
    }

    fn percent_by_format(ratio: f64) -> String {
        format!("{} %", trim(&format!("{:.1}", ratio * 100.0)))
    }

    #[test]
    fn the_fast_formats_write_what_the_standard_library_writes() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut values = vec![
            0.0,
            -0.0,
            0.005,
            0.015,
            0.025,
            0.125,
            2.675,
            1.005,
            -0.001,
            -0.005,
            1e9,
            1e7 + 0.005,
            9_999_999.995,
            0.7,
            0.25,
            1.0 / 3.0,
            2.0 / 3.0,
            f64::NAN,
            f64::INFINITY,
            -1e300,
            5e-324,
            1130.0,
            840.0,
            123_456_789.125,
        ];
        for _ in 0..200_000 {
            let bits = next();
            let x = match bits % 4 {
                0 => (bits >> 11) as f64 / (1u64 << 53) as f64,
                1 => ((bits >> 20) % 10_000_000) as f64 / 100.0 + 0.005,
                2 => ((bits >> 16) % 100_000) as f64 / ((bits >> 40) % 997 + 1) as f64,
                _ => f64::from_bits(bits),
            };
            values.push(x);
            values.push(-x);
        }
        for x in values {
            assert_eq!(number(x), number_by_format(x), "{x:e}");
            assert_eq!(percent(x), percent_by_format(x), "{x:e}");
        }
    }

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
