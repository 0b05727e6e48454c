//! Periods, dates and deadlines.
//!
//! A record covers one calendar year, written as text (`"2024"`). Dates are ISO
//! `YYYY-MM-DD`; anything else, or a day that does not exist, is refused rather than
//! guessed at.

use chrono::{Datelike, NaiveDate};

/// Months in the year a record covers: monthly rules look at each of them.
pub const MONTHS: usize = 12;

/// Month names used in explanations, January first.
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The English name of a month (1–12).
pub fn month_en(month: u32) -> String {
    MONTHS_EN
        .get(month.wrapping_sub(1) as usize)
        .map_or_else(|| month.to_string(), |m| m.to_string())
}

/// The Chinese name of a month (1–12): `3月`.
pub fn month_zh(month: u32) -> String {
    format!("{month}月")
}

/// Parses a year written as four digits, `"2024"`.
///
/// ```
/// assert_eq!(learning_city::calendar::parse_year("2024"), Some(2024));
/// assert_eq!(learning_city::calendar::parse_year("24"), None);
/// ```
pub fn parse_year(text: &str) -> Option<i32> {
    if text.len() != 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|y| *y >= 1000)
}

/// Parses a strict ISO date `YYYY-MM-DD`; `None` for any other shape or for a day
/// that does not exist (`2023-02-29`).
///
/// ```
/// use learning_city::calendar::parse_date;
/// assert!(parse_date("2024-02-29").is_some());
/// assert!(parse_date("2023-02-29").is_none());
/// assert!(parse_date("2024-2-9").is_none());
/// ```
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    // Digits read directly, in one pass: chrono's `parse_from_str` re-reads its
    // format on every call, which made date parsing most of the cost of scoring.
    let number = |from: usize, to: usize| {
        b[from..to].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let year = i32::try_from(number(0, 4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(5, 7)?, number(8, 10)?)
}

/// The date `month`-`day` of `year`, if it exists.
pub fn date_in(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The deadline `month`-`day` in `year`; 29 February falls back to the 28th in a
/// common year, so a leap-day deadline still means "the end of February".
pub fn deadline_in(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    (day.saturating_sub(3).max(1)..=day)
        .rev()
        .find_map(|d| date_in(year, month, d))
}

/// True when `date` falls in `year`.
pub fn in_year(date: NaiveDate, year: i32) -> bool {
    date.year() == year
}

/// Whole days from `earlier` to `later` (negative when `later` comes first).
pub fn days_between(earlier: NaiveDate, later: NaiveDate) -> i64 {
    (later - earlier).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_strict() {
        assert_eq!(parse_date("2024-06-30"), date_in(2024, 6, 30));
        for bad in [
            "2024-13-01",
            "2024-04-31",
            "20240101",
            "2024/01/01",
            "",
            "２０２４-01-01",
            "2024-00-10",
            "2024-01-00",
            "2023-02-29",
            "2024-1-010",
        ] {
            assert!(parse_date(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn dates_read_as_chrono_reads_them() {
        for text in [
            "0000-01-01",
            "1000-12-31",
            "2024-02-29",
            "9999-12-31",
            "2100-02-28",
        ] {
            let chrono = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
            assert_eq!(parse_date(text), chrono, "{text}");
            assert!(chrono.is_some(), "{text}");
        }
        assert_eq!(parse_date("2100-02-29"), None);
    }

    #[test]
    fn years_are_four_digits() {
        assert_eq!(parse_year("0999"), None);
        assert_eq!(parse_year("2024x"), None);
        assert_eq!(parse_year("+202"), None);
    }

    #[test]
    fn day_counts_cross_month_ends_and_leap_days() {
        let d = |s| parse_date(s).unwrap();
        assert_eq!(days_between(d("2024-02-14"), d("2024-03-01")), 16);
        assert_eq!(days_between(d("2023-02-14"), d("2023-03-01")), 15);
        assert_eq!(days_between(d("2024-12-31"), d("2024-12-16")), -15);
    }

    #[test]
    fn leap_day_deadlines_fall_back_to_month_end() {
        assert_eq!(deadline_in(2023, 2, 29), date_in(2023, 2, 28));
        assert_eq!(deadline_in(2024, 2, 29), date_in(2024, 2, 29));
        assert_eq!(deadline_in(2024, 6, 30), date_in(2024, 6, 30));
        assert_eq!(deadline_in(2024, 13, 1), None);
    }

    #[test]
    fn month_names() {
        assert_eq!(month_en(3), "March");
        assert_eq!(month_zh(12), "12月");
        assert_eq!(month_en(13), "13");
    }
}
