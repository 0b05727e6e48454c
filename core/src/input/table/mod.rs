//! Records laid out as columns: one array per field, as a spreadsheet, a pandas
//! DataFrame or a page's typed arrays hold them.
//!
//! A [`Table`] holds the same data as a list of [`crate::Record`]s and is read by the
//! same rules with the same checks: [`crate::assess::score_table`] gives each row
//! exactly the score, grade and error that [`crate::assess::score`] gives the
//! record. What changes is the layout. A record is a map of JSON values, one
//! allocation per field and per date; a column is one array of numbers, or one
//! buffer of text, so scoring reads memory in order and finds each field by its
//! place, resolved once for the batch, not by name.
//!
//! Two spreadsheet conventions hold in a table built column by column
//! ([`Table::push`]), because a sheet cannot hold lists, and not in a record or a
//! table read from records ([`Table::from_json`], [`Table::from_values`]): a field read as a list (twelve monthly counts, a list
//! of dates) may be given as numbered columns `field_1`, `field_2`, … (all empty:
//! no data), and a list of dates may be one text cell with the dates separated by
//! `;` (`"2024-01-20; 2024-02-24"`). A number cell that is NaN is empty, as pandas
//! and typed arrays mark a missing value.
//!
//! ```
//! use learning_city::table::{Column, Table};
//! let mut t = Table::new(2);
//! t.push("unit", Column::texts([Some("c-1"), Some("c-2")])).unwrap();
//! t.push("period", Column::numbers(vec![2024.0, 2024.0])).unwrap();
//! t.push("residents", Column::numbers(vec![4200.0, f64::NAN])).unwrap();
//! t.push("participants", Column::numbers(vec![1130.0, 10.0])).unwrap();
//! assert_eq!(t.rows(), 2);
//! ```

mod bind;
mod build;
mod json;
mod split;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::cell::{self, Cell};
pub(crate) use crate::cell::{Cells, Mixed, Span, EMPTY};
use crate::error::{RecordError, RecordProblem};

pub use bind::columns_read;
pub(crate) use bind::{Bound, Row};
pub use build::ColumnBuilder;
pub use json::read_json_chunks;
pub use split::{ArraySplitter, JsonArrayChunks, Scan};

/// What scoring does when a field a rule reads has no column at all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingColumns {
    /// Refuse the table (code `missing_column`): a misspelt header is the usual
    /// cause, and scoring it as no data would hide the mistake.
    #[default]
    Error,
    /// Score the field as no data in every row, as a record without it is.
    NoData,
}

impl MissingColumns {
    /// The names written in JSON and taken by the bindings: `error`, `no_data`.
    pub const NAMES: [&'static str; 2] = ["error", "no_data"];

    /// The policy of a name in [`MissingColumns::NAMES`].
    pub fn from_name(name: &str) -> Option<MissingColumns> {
        match name {
            "error" => Some(MissingColumns::Error),
            "no_data" => Some(MissingColumns::NoData),
            _ => None,
        }
    }
}

/// Records as named columns of equal length.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    rows: usize,
    names: Vec<String>,
    columns: Vec<Column>,
    /// Rows that are not records at all (a list element that is not an object),
    /// by row, relative to the row: they are this row's outcome.
    row_errors: Vec<(usize, RecordError)>,
    /// True for records read from JSON ([`Table::from_json`]), which are read
    /// exactly as records are, without the spreadsheet conventions.
    records: bool,
}

/// One column: a cell per row.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    cells: Cells,
}

impl Column {
    /// A column of numbers; NaN marks an empty cell.
    pub fn numbers(values: Vec<f64>) -> Column {
        Column {
            cells: Cells::Numbers(values),
        }
    }

    /// A column of texts; `None` is an empty cell.
    pub fn texts<S: AsRef<str>>(values: impl IntoIterator<Item = Option<S>>) -> Column {
        let mut b = ColumnBuilder::new();
        for v in values {
            match v {
                Some(t) => b.text(t.as_ref()),
                None => b.empty(),
            }
        }
        b.finish()
    }

    /// A column of JSON values, each read as a record's field is (`null` is empty).
    pub fn values<'a>(values: impl IntoIterator<Item = &'a Value>) -> Column {
        let mut b = ColumnBuilder::new();
        for v in values {
            b.value(v);
        }
        b.finish()
    }

    /// The number of cells.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// True when the column has no cells.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Table {
    /// An empty table of `rows` rows: every column pushed must have `rows` cells.
    pub fn new(rows: usize) -> Table {
        Table {
            rows,
            ..Table::default()
        }
    }

    /// The number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The columns' names, in the order they were pushed.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }

    /// Adds a column. Refused (with the column's name as the path) when the table
    /// already has a column of that name (`duplicate_column`) or the column's length
    /// is not the table's row count (`column_length`).
    pub fn push(&mut self, name: impl Into<String>, column: Column) -> Result<(), RecordError> {
        let name = name.into();
        if self.names.contains(&name) {
            return Err(RecordError::new(name, RecordProblem::DuplicateColumn));
        }
        if column.len() != self.rows {
            let problem = RecordProblem::ColumnLength {
                expected: self.rows,
                found: column.len(),
            };
            return Err(RecordError::new(name, problem));
        }
        self.names.push(name);
        self.columns.push(column);
        Ok(())
    }

    /// Row `i` of the column `name` when it holds text (a unit's id).
    pub(crate) fn text_at(&self, name: &str, i: usize) -> Option<String> {
        let k = self.names.iter().position(|n| n == name)?;
        match self.columns.get(k)?.cells.cell(i) {
            Cell::Text(t) => Some(t.to_string()),
            Cell::Date(d) => Some(d.to_string()),
            _ => None,
        }
    }

    /// Row `i`'s period, as a record reads it.
    pub(crate) fn period_at(&self, i: usize) -> Option<String> {
        let k = self.names.iter().position(|n| n == "period")?;
        cell::period(self.columns.get(k)?.cells.cell(i)).ok()
    }

    /// The error that keeps row `i` from being a record at all, if any.
    pub(crate) fn row_error(&self, i: usize) -> Option<&RecordError> {
        let k = self.row_errors.binary_search_by_key(&i, |(r, _)| *r).ok()?;
        self.row_errors.get(k).map(|(_, e)| e)
    }
}
