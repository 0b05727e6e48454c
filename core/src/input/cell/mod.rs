//! One field's value wherever a record keeps it: a [`Cell`], borrowed from a
//! record's JSON value or from a table's column ([`Cells`], the compact column
//! storage). The typed readers in [`read`] check a cell the same way whichever it
//! came from, so a value means the same and is refused with the same error however
//! it arrived.
//!
//! Layer: the bottom of `input`; `record` and `table` build on it.

use std::ops::Range;

use serde_json::Value;

use crate::calendar::Ymd;
use crate::error::{RecordError, RecordProblem};

pub(crate) mod read;

pub(crate) use read::*;

/// The longest `unit` or `period` text accepted, in characters.
pub const MAX_TEXT: usize = 200;
/// The longest list a field may hold (dates, monthly counts).
pub const MAX_LIST: usize = 10_000;

/// One value, borrowed from where it is kept.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Cell<'a> {
    /// Absent, JSON `null`, or an empty spreadsheet cell (NaN).
    Empty,
    Number(f64),
    Text(&'a str),
    /// A text that is a date `YYYY-MM-DD`, kept read (a table stores a column
    /// whose texts are all dates so): it is that text in every respect.
    Date(Ymd),
    List(List<'a>),
    /// Any other JSON value (true or false, an object), kept as it came.
    Json(&'a Value),
    /// A value the caller's runtime could not turn into data, with why.
    Unreadable(&'a str),
}

/// A list value's items.
#[derive(Clone, Copy, Debug)]
pub(crate) enum List<'a> {
    Json(&'a [Value]),
    /// A table's list of numbers (NaN is a `null` item).
    Numbers(&'a [f64]),
    /// A table's list of dates.
    Dates(&'a [Ymd]),
    /// A table's list cell: items `start..end` of the column's flat items.
    Items(&'a Cells, usize, usize),
    /// Dates written in one text cell, separated by `;` (spreadsheet practice);
    /// blank parts are skipped.
    Split(&'a str),
    /// One row read across numbered columns (`activities_by_month_1` … `_12`).
    Across(&'a [&'a Cells], usize),
}

impl<'a> Cell<'a> {
    /// The cell of a record's field: `None` (absent) is empty, like `null`.
    pub fn of_json(value: Option<&'a Value>) -> Cell<'a> {
        match value {
            None | Some(Value::Null) => Cell::Empty,
            Some(Value::Number(n)) => Cell::Number(n.as_f64().unwrap_or(f64::NAN)),
            Some(Value::String(s)) => Cell::Text(s),
            Some(Value::Array(items)) => Cell::List(List::Json(items)),
            Some(other) => Cell::Json(other),
        }
    }

    /// The JSON kind of the value, for "expected …, found …".
    pub fn kind(&self) -> &'static str {
        match self {
            Cell::Empty => "null",
            Cell::Number(_) => "a number",
            Cell::Text(_) | Cell::Date(_) => "text",
            Cell::List(_) => "a list",
            Cell::Json(v) => json_kind(v),
            Cell::Unreadable(_) => "a value with no JSON form",
        }
    }

    /// The problem of a cell that is not what a reader `expected`.
    fn unexpected(&self, expected: &'static str) -> RecordProblem {
        match self {
            Cell::Unreadable(why) => RecordProblem::NotJson((*why).to_string()),
            other => RecordProblem::WrongType {
                expected,
                found: other.kind(),
            },
        }
    }
}

impl<'a> List<'a> {
    pub(crate) fn len(&self) -> usize {
        match self {
            List::Json(items) => items.len(),
            List::Numbers(xs) => xs.len(),
            List::Dates(ds) => ds.len(),
            List::Items(_, start, end) => end.saturating_sub(*start),
            List::Split(text) => split(text).count(),
            List::Across(columns, _) => columns.len(),
        }
    }

    /// The items, in order, without collecting them.
    fn items(self) -> Items<'a> {
        match self {
            List::Json(values) => Items::Json(values.iter()),
            List::Numbers(xs) => Items::Numbers(xs.iter()),
            List::Dates(ds) => Items::Dates(ds.iter()),
            List::Items(cells, start, end) => Items::Cells(cells, start..end),
            List::Split(text) => Items::Split(split(text)),
            List::Across(columns, row) => Items::Across(columns.iter(), row),
        }
    }

    /// The list, refused when it is longer than [`MAX_LIST`].
    fn bounded(self, field: &str) -> Result<List<'a>, RecordError> {
        if self.len() > MAX_LIST {
            return Err(RecordError::new(field, RecordProblem::TooLong(MAX_LIST)));
        }
        Ok(self)
    }
}

/// A table's number: NaN is an empty cell.
#[inline]
pub(crate) fn number(x: f64) -> Cell<'static> {
    if x.is_nan() {
        Cell::Empty
    } else {
        Cell::Number(x)
    }
}

/// The iterator over a [`List`]'s items.
enum Items<'a> {
    Json(std::slice::Iter<'a, Value>),
    Numbers(std::slice::Iter<'a, f64>),
    Dates(std::slice::Iter<'a, Ymd>),
    Cells(&'a Cells, Range<usize>),
    Split(Parts<'a>),
    Across(std::slice::Iter<'a, &'a Cells>, usize),
}

impl<'a> Iterator for Items<'a> {
    type Item = Cell<'a>;

    fn next(&mut self) -> Option<Cell<'a>> {
        match self {
            Items::Json(values) => values.next().map(|v| Cell::of_json(Some(v))),
            Items::Numbers(xs) => xs.next().map(|x| number(*x)),
            Items::Dates(ds) => ds.next().map(|d| Cell::Date(*d)),
            Items::Cells(cells, range) => range.next().map(|i| cells.cell(i)),
            Items::Split(parts) => parts.next().map(Cell::Text),
            Items::Across(columns, row) => columns.next().map(|c| c.cell(*row)),
        }
    }
}

type Parts<'a> = std::iter::Filter<
    std::iter::Map<std::str::Split<'a, char>, fn(&str) -> &str>,
    fn(&&str) -> bool,
>;

/// The non-blank parts of a text of dates separated by `;`, trimmed.
fn split(text: &str) -> Parts<'_> {
    let trim: fn(&str) -> &str = str::trim;
    let filled: fn(&&str) -> bool = |p| !p.is_empty();
    text.split(';').map(trim).filter(filled)
}

/// The JSON kind of a value, for error messages ("expected a number, found text").
pub fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

// ------------------------------------------------------------------ columns

/// A column's cells, in the most compact layout that holds them all.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cells {
    /// Numbers; NaN is an empty cell.
    Numbers(Vec<f64>),
    /// Texts in one buffer.
    Texts { text: String, spans: Vec<Span> },
    /// Texts that are all dates `YYYY-MM-DD`, read once when the column was built;
    /// [`Ymd::NONE`] is an empty cell.
    Dates(Vec<Ymd>),
    /// Lists: each a span of one flat column of items.
    Lists { items: Box<Cells>, spans: Vec<Span> },
    /// Anything else, a cell at a time; lists' items in one flat column.
    Mixed {
        cells: Vec<Mixed>,
        items: Box<Cells>,
    },
}

/// Where a text or list cell lies in its column's buffer; `start == EMPTY` for an
/// empty cell.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Span {
    pub(crate) start: usize,
    pub(crate) end: usize,
}

pub(crate) const EMPTY: usize = usize::MAX;

impl Span {
    pub(crate) const NONE: Span = Span {
        start: EMPTY,
        end: EMPTY,
    };
}

/// One cell of a mixed column.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Mixed {
    Empty,
    Number(f64),
    Text(String),
    /// Items `start..end` of the column's flat items.
    List(usize, usize),
    Json(Value),
    Unreadable(String),
}

impl Cells {
    /// The cell in row `i` (the caller keeps `i` below the column's length).
    #[inline]
    pub(crate) fn cell(&self, i: usize) -> Cell<'_> {
        match self {
            Cells::Numbers(xs) => xs.get(i).map_or(Cell::Empty, |x| number(*x)),
            Cells::Texts { text, spans } => match spans.get(i) {
                Some(s) if s.start != EMPTY => Cell::Text(text.get(s.start..s.end).unwrap_or("")),
                _ => Cell::Empty,
            },
            Cells::Dates(ds) => match ds.get(i) {
                Some(d) if *d != Ymd::NONE => Cell::Date(*d),
                _ => Cell::Empty,
            },
            Cells::Lists { items, spans } => match spans.get(i) {
                Some(s) if s.start != EMPTY => Cell::List(items.list(s.start, s.end)),
                _ => Cell::Empty,
            },
            Cells::Mixed { cells, items } => match cells.get(i) {
                None | Some(Mixed::Empty) => Cell::Empty,
                Some(Mixed::Number(x)) => number(*x),
                Some(Mixed::Text(t)) => Cell::Text(t),
                Some(Mixed::List(start, end)) => Cell::List(items.list(*start, *end)),
                Some(Mixed::Json(v)) => Cell::of_json(Some(v)),
                Some(Mixed::Unreadable(why)) => Cell::Unreadable(why),
            },
        }
    }

    /// Items `start..end` of a column of list items, as a list: a slice where the
    /// items are numbers or dates, so that a reader can take them at once.
    pub(crate) fn list(&self, start: usize, end: usize) -> List<'_> {
        match self {
            Cells::Numbers(xs) => List::Numbers(xs.get(start..end).unwrap_or(&[])),
            Cells::Dates(ds) => List::Dates(ds.get(start..end).unwrap_or(&[])),
            other => List::Items(other, start, end),
        }
    }

    pub(crate) fn len(&self) -> usize {
        match self {
            Cells::Numbers(xs) => xs.len(),
            Cells::Dates(ds) => ds.len(),
            Cells::Texts { spans, .. } | Cells::Lists { spans, .. } => spans.len(),
            Cells::Mixed { cells, .. } => cells.len(),
        }
    }

    /// True when row `i` is empty.
    pub(crate) fn is_empty_at(&self, i: usize) -> bool {
        matches!(self.cell(i), Cell::Empty)
    }
}
