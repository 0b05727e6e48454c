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
    Ymd::parse(text).map(Ymd::naive)
}

/// A day that exists, kept as its parts in one number (`year << 9 | month << 5 |
/// day`), so that dates compare, copy and pack as numbers. Scoring reads a dozen
/// dates a record; building a `NaiveDate` for each was a large part of its cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Ymd(u32);

impl Ymd {
    /// No date: marks an empty cell in a column of dates (no day has month 0).
    pub const NONE: Ymd = Ymd(0);

    /// Parses a strict `YYYY-MM-DD` that exists, reading the digits in one pass.
    pub fn parse(text: &str) -> Option<Ymd> {
        let b: &[u8; 10] = text.as_bytes().try_into().ok()?;
        if b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digit = |i: usize| {
            let d = b[i].wrapping_sub(b'0');
            (d <= 9).then_some(u32::from(d))
        };
        let year = digit(0)? * 1000 + digit(1)? * 100 + digit(2)? * 10 + digit(3)?;
        let month = digit(5)? * 10 + digit(6)?;
        let day = digit(8)? * 10 + digit(9)?;
        (day >= 1 && day <= days_in_month(year, month)).then_some(Ymd(year << 9 | month << 5 | day))
    }

    pub fn year(self) -> i32 {
        (self.0 >> 9) as i32
    }

    pub fn month(self) -> u32 {
        (self.0 >> 5) & 15
    }

    pub fn day(self) -> u32 {
        self.0 & 31
    }

    /// The same day as a `NaiveDate` (every `Ymd` exists, so the fallback is never
    /// taken).
    pub fn naive(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year(), self.month(), self.day()).unwrap_or_default()
    }
}

impl std::fmt::Display for Ymd {
    /// `YYYY-MM-DD`, as the date was written and as `NaiveDate` prints it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

/// Days in `month` (1–12) of `year`; 0 for a month that does not exist.
fn days_in_month(year: u32, month: u32) -> u32 {
    const DAYS: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    match month {
        2 if leap => 29,
        1..=12 => DAYS[month as usize - 1],
        _ => 0,
    }
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
    fn ymd_reads_every_day_as_chrono_does() {
        let mut day = NaiveDate::from_ymd_opt(1999, 1, 1).unwrap();
        while day.year() < 2102 {
            let text = day.to_string();
            let ymd = Ymd::parse(&text).unwrap();
            assert_eq!((ymd.naive(), ymd.to_string()), (day, text));
            day = day.succ_opt().unwrap();
        }
        for bad in [
            "1900-02-29",
            "2024-00-01",
            "2024-13-01",
            "2024-06-31",
            "2024-06-00",
            "2024-06-3a",
        ] {
            assert_eq!(Ymd::parse(bad), None, "{bad}");
        }
        assert!(Ymd::parse("2024-01-01") < Ymd::parse("2024-01-02"));
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
