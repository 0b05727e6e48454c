//! Building a column a cell at a time, in whatever types the cells arrive: the
//! builder keeps the compact layout while the cells agree (all numbers, all texts,
//! all lists) and falls back to a cell-by-cell layout when they do not, so a
//! binding converts each value as it finds it and never has to guess a column's
//! type first.

use std::convert::Infallible;

use serde_json::Value;

use crate::calendar::Ymd;

use super::{Cells, Column, Mixed, Span, EMPTY};

/// Builds one [`Column`].
///
/// ```
/// use learning_city::table::ColumnBuilder;
/// let mut b = ColumnBuilder::new();
/// b.number(2.0);
/// b.empty();
/// b.list(|months| {
///     (0..12).for_each(|_| months.number(2.0));
///     Ok::<(), ()>(())
/// }).unwrap();
/// assert_eq!(b.finish().len(), 3);
/// ```
#[derive(Debug, Default)]
pub struct ColumnBuilder {
    kind: Kind,
    /// The flat items of every list cell.
    items: Option<Box<ColumnBuilder>>,
}

#[derive(Debug)]
enum Kind {
    /// Only empty cells so far: the layout is not decided.
    Blank(usize),
    Numbers(Vec<f64>),
    Texts {
        text: String,
        spans: Vec<Span>,
    },
    /// Texts that have all been dates so far.
    Dates(Vec<Ymd>),
    Lists(Vec<Span>),
    Mixed(Vec<Mixed>),
}

impl Default for Kind {
    fn default() -> Self {
        Kind::Blank(0)
    }
}

impl ColumnBuilder {
    pub fn new() -> ColumnBuilder {
        ColumnBuilder::default()
    }

    /// The cells so far.
    pub fn len(&self) -> usize {
        match &self.kind {
            Kind::Blank(n) => *n,
            Kind::Numbers(xs) => xs.len(),
            Kind::Dates(ds) => ds.len(),
            Kind::Texts { spans, .. } | Kind::Lists(spans) => spans.len(),
            Kind::Mixed(cells) => cells.len(),
        }
    }

    /// True when no cell has been added.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// An empty cell (absent, `null`, NaN, `None`).
    pub fn empty(&mut self) {
        match &mut self.kind {
            Kind::Blank(n) => *n += 1,
            Kind::Numbers(xs) => xs.push(f64::NAN),
            Kind::Dates(ds) => ds.push(Ymd::NONE),
            Kind::Texts { spans, .. } | Kind::Lists(spans) => spans.push(Span::NONE),
            Kind::Mixed(cells) => cells.push(Mixed::Empty),
        }
    }

    /// A number; NaN is an empty cell, an infinity is kept (and refused where a
    /// rule reads it, as `not_finite`).
    pub fn number(&mut self, x: f64) {
        if let Kind::Blank(n) = self.kind {
            self.kind = Kind::Numbers(vec![f64::NAN; n]);
        }
        match &mut self.kind {
            Kind::Numbers(xs) => xs.push(x),
            _ => self.push_mixed(Mixed::Number(x)),
        }
    }

    /// A text. A column whose texts are all dates `YYYY-MM-DD` keeps them read, so
    /// that scoring does not parse them again; the first text that is not a date
    /// turns it back into texts, written as they came.
    pub fn text(&mut self, t: &str) {
        if let Kind::Blank(n) = self.kind {
            self.kind = Kind::Dates(vec![Ymd::NONE; n]);
        }
        if let Kind::Dates(ds) = &mut self.kind {
            match Ymd::parse(t) {
                Some(d) => return ds.push(d),
                None => self.dates_to_texts(),
            }
        }
        match &mut self.kind {
            Kind::Texts { text, spans } => {
                let start = text.len();
                text.push_str(t);
                spans.push(Span {
                    start,
                    end: text.len(),
                });
            }
            _ => self.push_mixed(Mixed::Text(t.to_string())),
        }
    }

    /// A column of dates as texts, each written `YYYY-MM-DD` as it was given (a
    /// date parses only from that exact form).
    fn dates_to_texts(&mut self) {
        let Kind::Dates(ds) = &self.kind else {
            return;
        };
        let mut text = String::with_capacity(ds.len() * 10);
        let mut spans = Vec::with_capacity(ds.len());
        for d in ds {
            if *d == Ymd::NONE {
                spans.push(Span::NONE);
                continue;
            }
            let start = text.len();
            text.push_str(&d.to_string());
            spans.push(Span {
                start,
                end: text.len(),
            });
        }
        self.kind = Kind::Texts { text, spans };
    }

    /// A list: `fill` adds its items to the builder it is given (itself a column
    /// builder, so items may be lists too). When `fill` fails, no cell is added and
    /// its error is returned: the caller adds a cell for the row in its place.
    pub fn list<E>(
        &mut self,
        fill: impl FnOnce(&mut ColumnBuilder) -> Result<(), E>,
    ) -> Result<(), E> {
        if let Kind::Blank(n) = self.kind {
            self.kind = Kind::Lists(vec![Span::NONE; n]);
        }
        if !matches!(self.kind, Kind::Lists(_)) {
            self.make_mixed();
        }
        let items = self.items.get_or_insert_with(Box::default);
        let start = items.len();
        fill(items)?;
        let end = items.len();
        match &mut self.kind {
            Kind::Lists(spans) => spans.push(Span { start, end }),
            _ => self.push_mixed(Mixed::List(start, end)),
        }
        Ok(())
    }

    /// Any JSON value, taken apart into numbers, texts and lists where it is one.
    pub fn value(&mut self, v: &Value) {
        match v {
            Value::Null => self.empty(),
            Value::Number(n) => self.number(n.as_f64().unwrap_or(f64::NAN)),
            Value::String(s) => self.text(s),
            Value::Array(items) => {
                let filled = self.list(|b| {
                    items.iter().for_each(|item| b.value(item));
                    Ok::<(), Infallible>(())
                });
                if let Err(never) = filled {
                    match never {}
                }
            }
            other => self.push_mixed(Mixed::Json(other.clone())),
        }
    }

    /// A value the caller could not turn into data, with why: refused as
    /// `not_json` where a rule reads it.
    pub fn unreadable(&mut self, why: impl Into<String>) {
        self.push_mixed(Mixed::Unreadable(why.into()));
    }

    /// Takes back the last cell (a record that names a field twice keeps the last
    /// value, as JSON objects do). Its list items or text stay in the buffers,
    /// unreferenced.
    pub fn pop(&mut self) {
        match &mut self.kind {
            Kind::Blank(n) => *n = n.saturating_sub(1),
            Kind::Numbers(xs) => {
                xs.pop();
            }
            Kind::Dates(ds) => {
                ds.pop();
            }
            Kind::Texts { spans, .. } | Kind::Lists(spans) => {
                spans.pop();
            }
            Kind::Mixed(cells) => {
                cells.pop();
            }
        }
    }

    /// The column.
    pub fn finish(self) -> Column {
        Column {
            cells: self.into_cells(),
        }
    }

    fn into_cells(self) -> Cells {
        let items = || {
            let built = self.items.map(|b| b.into_cells());
            Box::new(built.unwrap_or(Cells::Numbers(Vec::new())))
        };
        match self.kind {
            Kind::Blank(n) => Cells::Numbers(vec![f64::NAN; n]),
            Kind::Numbers(xs) => Cells::Numbers(xs),
            Kind::Dates(ds) => Cells::Dates(ds),
            Kind::Texts { text, spans } => Cells::Texts { text, spans },
            Kind::Lists(spans) => Cells::Lists {
                items: items(),
                spans,
            },
            Kind::Mixed(cells) => Cells::Mixed {
                cells,
                items: items(),
            },
        }
    }

    /// Adds a cell to the cell-by-cell layout.
    fn push_mixed(&mut self, cell: Mixed) {
        self.make_mixed();
        if let Kind::Mixed(cells) = &mut self.kind {
            cells.push(cell);
        }
    }

    /// Turns the cells so far into the cell-by-cell layout: the layout once cells
    /// of different kinds have arrived.
    fn make_mixed(&mut self) {
        let spanned = |spans: Vec<Span>, cell: &dyn Fn(Span) -> Mixed| {
            let to = |s: Span| {
                if s.start == EMPTY {
                    Mixed::Empty
                } else {
                    cell(s)
                }
            };
            spans.into_iter().map(to).collect()
        };
        self.kind = Kind::Mixed(match std::mem::take(&mut self.kind) {
            Kind::Blank(n) => vec![Mixed::Empty; n],
            Kind::Numbers(xs) => xs.into_iter().map(Mixed::Number).collect(),
            Kind::Dates(ds) => ds
                .into_iter()
                .map(|d| match d {
                    Ymd::NONE => Mixed::Empty,
                    d => Mixed::Text(d.to_string()),
                })
                .collect(),
            Kind::Texts { text, spans } => spanned(spans, &|s| {
                Mixed::Text(text.get(s.start..s.end).unwrap_or("").to_string())
            }),
            Kind::Lists(spans) => spanned(spans, &|s| Mixed::List(s.start, s.end)),
            Kind::Mixed(cells) => cells,
        });
    }
}
