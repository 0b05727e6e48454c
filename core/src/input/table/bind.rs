//! Finding, once per batch, the column behind every field a rulebook reads, and
//! reading a row through those columns.

use crate::calendar::Ymd;
use crate::cell::{Cell, Field, Fields, List};
use crate::error::{RecordError, RecordProblem};
use crate::plan::Plan;
use crate::rulebook::{FieldShape, Rulebook};

use super::{Cells, MissingColumns, Table};

/// Where one field's values are, as indices into a list of column names.
#[derive(Clone, Debug, PartialEq)]
enum Source {
    /// No column: every row has no data.
    Absent,
    /// One column; `split` when a text cell holds a list of dates.
    Named { column: usize, split: bool },
    /// Numbered columns `field_1` … `field_n`, read as one list.
    Numbered(Vec<usize>),
}

/// Which columns hold `unit`, `period` and each slot's field.
#[derive(Debug)]
struct Resolution {
    unit: usize,
    period: usize,
    slots: Vec<Source>,
}

fn missing(path: String, reason: String) -> RecordError {
    RecordError::new(path, RecordProblem::MissingColumn(reason))
}

/// Finds the columns among `names`; `sheet` when the spreadsheet conventions hold
/// (numbered columns, dates in one text).
fn resolve(
    names: &[&str],
    fields: &[(&str, FieldShape)],
    citation: &str,
    policy: MissingColumns,
    sheet: bool,
) -> Result<Resolution, RecordError> {
    let find = |name: &str| names.iter().position(|n| *n == name);
    let required = |name: &str| {
        find(name).ok_or_else(|| {
            let has = if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            };
            let reason =
                format!("is required and the table has no `{name}` column (it has: {has})");
            missing(name.to_string(), reason)
        })
    };
    let (unit, period) = (required("unit")?, required("period")?);
    let mut absent: Vec<&str> = Vec::new();
    let mut slots = Vec::with_capacity(fields.len());
    for &(field, shape) in fields {
        let source = match find(field) {
            Some(column) => Source::Named {
                column,
                split: sheet && shape == FieldShape::Dates,
            },
            None if sheet && is_list(shape) => numbered(names, field)?,
            None => Source::Absent,
        };
        if source == Source::Absent && !absent.contains(&field) {
            absent.push(field);
        }
        slots.push(source);
    }
    if let (Some(first), MissingColumns::Error) = (absent.first(), policy) {
        let also = match absent.get(1..) {
            Some(rest) if !rest.is_empty() => format!("; also missing: {}", rest.join(", ")),
            _ => String::new(),
        };
        let reason = format!(
            "the rulebook {citation} reads `{first}`, and the table has no such column{also}. \
             Pass missing_columns=\"no_data\" to score absent columns as no data"
        );
        return Err(missing(first.to_string(), reason));
    }
    Ok(Resolution {
        unit,
        period,
        slots,
    })
}

/// Shapes a spreadsheet may spread over numbered columns.
fn is_list(shape: FieldShape) -> bool {
    matches!(
        shape,
        FieldShape::Months | FieldShape::Dates | FieldShape::DatePairs
    )
}

/// The columns `field_1`, `field_2`, … in order; a gap is an error naming the
/// first missing one.
fn numbered(names: &[&str], field: &str) -> Result<Source, RecordError> {
    let mut found: Vec<(usize, usize)> = names
        .iter()
        .enumerate()
        .filter_map(|(i, name)| {
            let digits = name.strip_prefix(field)?.strip_prefix('_')?;
            let ok = !digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit());
            let n = digits.parse::<usize>().ok().filter(|_| ok)?;
            Some((n, i))
        })
        .collect();
    if found.is_empty() {
        return Ok(Source::Absent);
    }
    found.sort_unstable();
    if let Some(gap) = (1..).zip(&found).find(|(k, (n, _))| k != n).map(|(k, _)| k) {
        let present: Vec<&str> = found
            .iter()
            .filter_map(|(_, i)| names.get(*i).copied())
            .collect();
        let reason = format!(
            "is missing while {} are present: the numbered columns of `{field}` must run \
             from {field}_1 without a gap",
            present.join(", ")
        );
        return Err(missing(format!("{field}_{gap}"), reason));
    }
    Ok(Source::Numbered(
        found.into_iter().map(|(_, i)| i).collect(),
    ))
}

/// The columns a table built column by column must hold for `rulebook` to score
/// it, among `names` (a frame's headers, in order): `unit`, `period`, and each field's column or
/// numbered columns, each once, in the order of `names`. A binding converts only
/// these. Refused as scoring would refuse the table (`missing_column`), and when
/// one of them appears twice in `names` (`duplicate_column`).
///
/// ```
/// use learning_city::{table::{columns_read, MissingColumns}, Rulebook};
/// let rb = Rulebook::builtin("standard").unwrap();
/// let names = ["unit", "period", "name", "residents", "participants"];
/// let read = columns_read(&rb, &names, MissingColumns::NoData).unwrap();
/// assert_eq!(read, ["unit", "period", "residents", "participants"]);
/// let e = columns_read(&rb, &names, MissingColumns::Error).unwrap_err();
/// assert_eq!((e.path.as_str(), e.problem.code()), ("aware", "missing_column"));
/// ```
pub fn columns_read(
    rulebook: &Rulebook,
    names: &[&str],
    missing: MissingColumns,
) -> Result<Vec<String>, RecordError> {
    let plan = Plan::new(rulebook);
    let r = resolve(names, &plan.fields(), &rulebook.citation(), missing, true)?;
    let mut used = vec![false; names.len()];
    let mut mark = |i: usize| {
        if let Some(u) = used.get_mut(i) {
            *u = true;
        }
    };
    mark(r.unit);
    mark(r.period);
    for source in &r.slots {
        match source {
            Source::Absent => {}
            Source::Named { column, .. } => mark(*column),
            Source::Numbered(columns) => columns.iter().copied().for_each(&mut mark),
        }
    }
    let mut read: Vec<String> = Vec::new();
    for (name, _) in names.iter().zip(&used).filter(|(_, u)| **u) {
        if names.iter().filter(|n| *n == name).count() > 1 {
            return Err(RecordError::new(*name, RecordProblem::DuplicateColumn));
        }
        read.push(name.to_string());
    }
    Ok(read)
}

/// Where one slot's values are, in a table.
enum Resolved<'t> {
    Absent,
    Column { cells: &'t Cells, split: bool },
    Across(Vec<&'t Cells>),
}

impl Resolved<'_> {
    #[inline]
    fn cell(&self, row: usize) -> Cell<'_> {
        match self {
            Resolved::Absent => Cell::Empty,
            Resolved::Column { cells, split } => match cells.cell(row) {
                Cell::Text(t) if *split => Cell::List(List::Split(t)),
                // One date in a column of dates: a list of that one date.
                Cell::Date(_) if *split => Cell::List(cells.list(row, row + 1)),
                c => c,
            },
            // A row whose numbered cells are all empty has no data for the field.
            Resolved::Across(columns) if columns.iter().all(|c| c.is_empty_at(row)) => Cell::Empty,
            Resolved::Across(columns) => Cell::List(List::Across(columns, row)),
        }
    }
}

/// True for a number that is finite and not negative (nor -0), tested on its bits
/// with one comparison: what a count usually is. Every other number is read the
/// long way, which says what is wrong with it.
#[inline]
fn is_plain_count(x: f64) -> bool {
    x.to_bits() < f64::INFINITY.to_bits()
}

/// A table with every field of a plan found.
pub(crate) struct Bound<'t> {
    table: &'t Table,
    unit: &'t Cells,
    period: &'t Cells,
    slots: Vec<Resolved<'t>>,
}

impl<'t> Bound<'t> {
    pub fn new(
        table: &'t Table,
        plan: &Plan,
        missing: MissingColumns,
    ) -> Result<Self, RecordError> {
        let names: Vec<&str> = table.names().collect();
        let citation = plan.rulebook.citation();
        let r = resolve(&names, &plan.fields(), &citation, missing, !table.records)?;
        let column = |i: usize| table.columns.get(i).map(|c| &c.cells);
        let (Some(unit), Some(period)) = (column(r.unit), column(r.period)) else {
            return Err(missing_in(table));
        };
        let slots = r
            .slots
            .iter()
            .map(|s| match s {
                Source::Absent => Resolved::Absent,
                Source::Named { column: i, split } => match column(*i) {
                    Some(cells) => Resolved::Column {
                        cells,
                        split: *split,
                    },
                    None => Resolved::Absent,
                },
                Source::Numbered(columns) => {
                    Resolved::Across(columns.iter().filter_map(|i| column(*i)).collect())
                }
            })
            .collect();
        Ok(Bound {
            table,
            unit,
            period,
            slots,
        })
    }

    pub fn rows(&self) -> usize {
        self.table.rows
    }

    pub fn row(&self, i: usize) -> Row<'_> {
        Row { bound: self, i }
    }
}

/// Only a table whose names and columns disagree, which `Table::push` prevents.
fn missing_in(table: &Table) -> RecordError {
    let reason = format!(
        "the table's {} columns could not be read",
        table.columns.len()
    );
    missing(String::new(), reason)
}

/// One row of a bound table: a record's figures.
pub(crate) struct Row<'b> {
    bound: &'b Bound<'b>,
    i: usize,
}

impl Row<'_> {
    pub fn unit(&self) -> Cell<'_> {
        self.bound.unit.cell(self.i)
    }

    pub fn period(&self) -> Cell<'_> {
        self.bound.period.cell(self.i)
    }

    /// Why the row is not a record at all, when it is not.
    pub fn error(&self) -> Option<&RecordError> {
        self.bound.table.row_error(self.i)
    }
}

impl Fields for Row<'_> {
    #[inline]
    fn cell(&self, field: Field<'_>) -> Cell<'_> {
        match self.bound.slots.get(field.slot) {
            Some(source) => source.cell(self.i),
            None => Cell::Empty,
        }
    }

    /// A good number of a column of numbers straight from the column; anything
    /// else (an empty cell, a bad number, another layout) as any cell is read.
    #[inline]
    fn count(&self, field: Field<'_>) -> Result<Option<f64>, RecordError> {
        if let Some(Resolved::Column {
            cells: Cells::Numbers(xs),
            ..
        }) = self.bound.slots.get(field.slot)
        {
            match xs.get(self.i) {
                Some(x) if x.is_nan() => return Ok(None),
                Some(x) if is_plain_count(*x) => return Ok(Some(*x)),
                _ => {}
            }
        }
        crate::cell::count(self.cell(field), field.name)
    }

    #[inline]
    fn numbers(&self, field: Field<'_>) -> Option<&[f64]> {
        match self.list_items(field)? {
            (Cells::Numbers(xs), start, end) => xs.get(start..end),
            _ => None,
        }
    }

    #[inline]
    fn dates(&self, field: Field<'_>) -> Option<&[Ymd]> {
        match self.list_items(field)? {
            (Cells::Dates(ds), start, end) => ds.get(start..end),
            _ => None,
        }
    }
}

impl Row<'_> {
    /// Where this row's list cell of `field` lies in its column's flat items.
    #[inline]
    fn list_items(&self, field: Field<'_>) -> Option<(&Cells, usize, usize)> {
        match self.bound.slots.get(field.slot)? {
            Resolved::Column {
                cells: Cells::Lists { items, spans },
                ..
            } => {
                let span = spans.get(self.i)?;
                (span.start != super::EMPTY).then_some((&**items, span.start, span.end))
            }
            _ => None,
        }
    }
}
