//! The typed readers every rule reads a cell with: a count must be a number that
//! is not negative, a date must exist and fall in the record's year, twelve
//! monthly counts must be twelve, … Each refusal names the field.

use std::borrow::Cow;

use chrono::NaiveDate;
use serde_json::Value;

use crate::calendar::{Ymd, MONTHS};
use crate::error::{RecordError, RecordProblem};
use crate::text::clip;

use super::{Cell, List, MAX_LIST, MAX_TEXT};

/// Where a rule finds a record's fields: a [`crate::Record`] by name, one row of a
/// table by the field's slot in the rulebook's field list.
pub(crate) trait Fields {
    fn cell(&self, field: Field<'_>) -> Cell<'_>;

    /// A count, as [`count`] reads the field's cell; a layout that can find a
    /// number faster (a table's column of numbers) says so here.
    fn count(&self, field: Field<'_>) -> Result<Option<f64>, RecordError> {
        count(self.cell(field), field.name)
    }

    /// The items of a list field kept as one slice of numbers, if it is kept so:
    /// a table's twelve monthly counts, read without going through their cells.
    fn numbers(&self, _field: Field<'_>) -> Option<&[f64]> {
        None
    }

    /// The same for a list of dates.
    fn dates(&self, _field: Field<'_>) -> Option<&[Ymd]> {
        None
    }
}

impl<T: Fields + ?Sized> Fields for &T {
    fn cell(&self, field: Field<'_>) -> Cell<'_> {
        (**self).cell(field)
    }

    fn count(&self, field: Field<'_>) -> Result<Option<f64>, RecordError> {
        (**self).count(field)
    }

    fn numbers(&self, field: Field<'_>) -> Option<&[f64]> {
        (**self).numbers(field)
    }

    fn dates(&self, field: Field<'_>) -> Option<&[Ymd]> {
        (**self).dates(field)
    }
}

/// A field a rule reads: its name (for error paths, and for records, which find
/// fields by name) and its slot, its place in [`crate::Rulebook::field_shapes`],
/// which a table has resolved to a column once for the whole batch.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Field<'a> {
    pub name: &'a str,
    pub slot: usize,
}

fn at(field: &str, i: usize) -> impl Fn(RecordProblem) -> RecordError + '_ {
    move |p| RecordError::new(format!("{field}[{i}]"), p)
}

fn list<'a>(cell: Cell<'a>, field: &str) -> Result<Option<List<'a>>, RecordError> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::List(items) => items.bounded(field).map(Some),
        other => Err(RecordError::new(field, other.unexpected("a list"))),
    }
}

/// A count or amount: a number that is not negative; `None` when empty.
pub(crate) fn count(cell: Cell<'_>, field: &str) -> Result<Option<f64>, RecordError> {
    match cell {
        Cell::Empty => Ok(None),
        c => count_of(c)
            .map(Some)
            .map_err(|p| RecordError::new(field, p)),
    }
}

/// Twelve monthly counts of a record's field, January first.
pub(crate) fn months_of(
    f: &impl Fields,
    field: Field<'_>,
) -> Result<Option<[f64; MONTHS]>, RecordError> {
    if let Some(xs) = f.numbers(field) {
        if let Ok(counts) = <[f64; MONTHS]>::try_from(xs) {
            if counts.iter().all(|x| x.to_bits() < f64::INFINITY.to_bits()) {
                return Ok(Some(counts));
            }
        }
    }
    months(f.cell(field), field.name)
}

/// Each date of a record's list-of-dates field, as [`each_date`] reads them.
pub(crate) fn each_date_of(
    f: &impl Fields,
    field: Field<'_>,
    year: i32,
    mut visit: impl FnMut(Ymd),
) -> Result<bool, RecordError> {
    if let Some(ds) = f.dates(field) {
        // One pass: a date outside the year makes the reading an error, which the
        // long way below finds and words (the dates visited so far do not count).
        if ds.len() <= MAX_LIST && ds.iter().all(|d| d.year() == year && (visit(*d), true).1) {
            return Ok(true);
        }
    }
    each_date(f.cell(field), field.name, year, visit)
}

/// Twelve monthly counts, January first.
pub(crate) fn months(cell: Cell<'_>, field: &str) -> Result<Option<[f64; MONTHS]>, RecordError> {
    let Some(items) = list(cell, field)? else {
        return Ok(None);
    };
    let found = items.len();
    if found != MONTHS {
        let problem = RecordProblem::WrongLength {
            expected: MONTHS,
            found,
        };
        return Err(RecordError::new(field, problem));
    }
    let mut counts = [0.0; MONTHS];
    if let List::Numbers(xs) = items {
        // A table's numbers: checked as they are copied; the first bad one is
        // reported as any item is.
        counts.copy_from_slice(xs);
        if counts.iter().all(|x| x.to_bits() < f64::INFINITY.to_bits()) {
            return Ok(Some(counts));
        }
    }
    for (i, (slot, c)) in counts.iter_mut().zip(items.items()).enumerate() {
        *slot = count_of(c).map_err(at(field, i))?;
    }
    Ok(Some(counts))
}

/// Visits each date of a list of dates, each inside `year`; `Ok(false)` when empty.
pub(crate) fn each_date(
    cell: Cell<'_>,
    field: &str,
    year: i32,
    mut visit: impl FnMut(Ymd),
) -> Result<bool, RecordError> {
    let Some(items) = list(cell, field)? else {
        return Ok(false);
    };
    if let List::Dates(ds) = items {
        // A table's dates, read when it was built: only the year is left to check.
        if ds.iter().all(|d| d.year() == year) {
            ds.iter().copied().for_each(visit);
            return Ok(true);
        }
    }
    for (i, c) in items.items().enumerate() {
        visit(date_in_year(c, year).map_err(at(field, i))?);
    }
    Ok(true)
}

/// One date inside `year`.
pub(crate) fn date(
    cell: Cell<'_>,
    field: &str,
    year: i32,
) -> Result<Option<NaiveDate>, RecordError> {
    match cell {
        Cell::Empty => Ok(None),
        c => date_in_year(c, year)
            .map(|d| Some(d.naive()))
            .map_err(|p| RecordError::new(field, p)),
    }
}

/// A list of `[earlier, later]` date pairs; the later date must fall in `year`.
pub(crate) fn date_pairs(
    cell: Cell<'_>,
    field: &str,
    year: i32,
) -> Result<Option<Vec<(NaiveDate, NaiveDate)>>, RecordError> {
    let Some(items) = list(cell, field)? else {
        return Ok(None);
    };
    let mut pairs = Vec::with_capacity(items.len());
    for (i, item) in items.items().enumerate() {
        let place = |j: &str| {
            let path = format!("{field}[{i}]{j}");
            move |p| RecordError::new(path, p)
        };
        let two = match item {
            Cell::List(two) if two.len() == 2 => two,
            other => return Err(place("")(other.unexpected("a pair of dates"))),
        };
        let mut both = two.items();
        let (Some(first), Some(second)) = (both.next(), both.next()) else {
            return Err(place("")(item.unexpected("a pair of dates")));
        };
        let first = date_of(first).map_err(place("[0]"))?;
        let second = date_in_year(second, year).map_err(place("[1]"))?;
        pairs.push((first.naive(), second.naive()));
    }
    Ok(Some(pairs))
}

/// A yes/no; a count is read as yes when it is at least 1.
pub(crate) fn presence(cell: Cell<'_>, field: &str) -> Result<Option<f64>, RecordError> {
    match cell {
        Cell::Json(Value::Bool(b)) => Ok(Some(if *b { 1.0 } else { 0.0 })),
        c => count(c, field),
    }
}

/// Required text of at most [`MAX_TEXT`] characters: a record's `unit`.
pub(crate) fn required_text<'a>(cell: Cell<'a>, key: &str) -> Result<Cow<'a, str>, RecordError> {
    match cell {
        Cell::Empty => Err(RecordError::new(key, RecordProblem::Missing)),
        Cell::Text(s) if s.chars().count() > MAX_TEXT => {
            Err(RecordError::new(key, RecordProblem::TooLong(MAX_TEXT)))
        }
        Cell::Text(s) => Ok(Cow::Borrowed(s)),
        Cell::Date(d) => Ok(Cow::Owned(d.to_string())),
        other => Err(RecordError::new(key, other.unexpected("text"))),
    }
}

/// A record's `period`: text, or a whole number (`2024`, or `2024.0` as pandas
/// writes a whole-number column with gaps), read as its digits.
pub(crate) fn period(cell: Cell<'_>) -> Result<String, RecordError> {
    match cell {
        Cell::Number(x) if is_whole(x) => Ok(format!("{x:.0}")),
        other => required_text(other, "period").map(Cow::into_owned),
    }
}

/// The year of a `period` cell, as [`period`] and then [`crate::Record::year`] read
/// it, without building the text when it is good.
pub(crate) fn year(cell: Cell<'_>) -> Result<i32, RecordError> {
    match cell {
        Cell::Number(x) if is_whole(x) && (1000.0..=9999.0).contains(&x) => Ok(x as i32),
        Cell::Text(t) if t.len() <= MAX_TEXT => match crate::calendar::parse_year(t) {
            Some(y) => Ok(y),
            None => year_of(t),
        },
        other => year_of(&period(other)?),
    }
}

/// The year of a period text: four digits.
pub(crate) fn year_of(period: &str) -> Result<i32, RecordError> {
    crate::calendar::parse_year(period)
        .ok_or_else(|| RecordError::new("period", RecordProblem::BadPeriod(period.to_string())))
}

fn is_whole(x: f64) -> bool {
    x >= 0.0 && x.is_finite() && x.fract() == 0.0
}

fn count_of(cell: Cell<'_>) -> Result<f64, RecordProblem> {
    let Cell::Number(x) = cell else {
        return Err(cell.unexpected("a number"));
    };
    if !x.is_finite() {
        return Err(RecordProblem::NotFinite);
    }
    if x < 0.0 {
        return Err(RecordProblem::Negative(x));
    }
    Ok(x)
}

fn date_of(cell: Cell<'_>) -> Result<Ymd, RecordProblem> {
    match cell {
        Cell::Date(d) => Ok(d),
        Cell::Text(text) => Ymd::parse(text).ok_or_else(|| RecordProblem::BadDate(clip(text))),
        other => Err(other.unexpected("a date written YYYY-MM-DD")),
    }
}

fn date_in_year(cell: Cell<'_>, year: i32) -> Result<Ymd, RecordProblem> {
    let date = date_of(cell)?;
    if date.year() != year {
        return Err(RecordProblem::OutsideYear {
            date: date.to_string(),
            year,
        });
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_of_dates_splits_on_semicolons_and_skips_blanks() {
        let cell = Cell::List(List::Split(" 2024-01-20 ; 2024-02-24;;"));
        let mut seen = Vec::new();
        assert!(each_date(cell, "reports", 2024, |d| seen.push(d.to_string())).unwrap());
        assert_eq!(seen, ["2024-01-20", "2024-02-24"]);
        let e = each_date(Cell::List(List::Split("2024-01-20;x")), "r", 2024, |_| ()).unwrap_err();
        assert_eq!((e.path.as_str(), e.problem.code()), ("r[1]", "bad_date"));
    }

    #[test]
    fn periods_are_text_or_whole_numbers() {
        assert_eq!(period(Cell::Number(2024.0)).unwrap(), "2024");
        assert_eq!(period(Cell::Text("2024")).unwrap(), "2024");
        assert_eq!(
            period(Cell::Number(2024.5)).unwrap_err().problem.code(),
            "wrong_type"
        );
        assert_eq!(period(Cell::Empty).unwrap_err().problem.code(), "missing");
    }

    #[test]
    fn unreadable_cells_say_why() {
        let e = count(
            Cell::Unreadable("a Python `set` has no JSON form"),
            "residents",
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "residents: is not valid JSON: a Python `set` has no JSON form"
        );
    }

    #[test]
    fn pairs_must_be_pairs() {
        let v = json!([["2024-01-01", "2024-02-01"], ["2024-01-01"]]);
        let e = date_pairs(Cell::of_json(Some(&v)), "m", 2024).unwrap_err();
        assert_eq!((e.path.as_str(), e.problem.code()), ("m[1]", "wrong_type"));
    }
}
