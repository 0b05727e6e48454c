//! The compiled half of `assess_frame`: a DataFrame's columns in, the result's
//! columns out, through the core's [`Table`], with no Python object per row.
//!
//! Only conversion happens here. A column of numbers arrives as a float64 buffer
//! (numpy) and is copied as it is; any other column arrives as a list and each cell
//! is converted the way [`crate::convert`] converts a record's value. Which columns
//! are read, the spreadsheet conventions, every check and every number come from
//! the core. The scores leave as raw float64 and byte buffers, which numpy wraps
//! without looking at each value.

use learning_city::assess::{assess_table, score_table, TableScores};
use learning_city::record::index_path;
use learning_city::table::{columns_read, Column, ColumnBuilder, MissingColumns, Table};
use learning_city::text::Text;
use learning_city::{Assessment, RecordError};
use pyo3::buffer::PyBuffer;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyBytes, PyDate, PyDateAccess, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple,
};

use crate::convert::{self, Problem, MAX_DEPTH};
use crate::{errors, PyRulebook};

/// The `missing_columns=` policy by name (the core's names).
fn policy(name: &str) -> PyResult<MissingColumns> {
    MissingColumns::from_name(name).ok_or_else(|| {
        let names: Vec<String> = MissingColumns::NAMES
            .iter()
            .map(|n| format!("'{n}'"))
            .collect();
        PyValueError::new_err(format!(
            "missing_columns must be one of {}, not '{name}'",
            names.join(", ")
        ))
    })
}

/// The columns of a frame with headers `names` that the rulebook reads, each once
/// (`unit`, `period`, each field's column or numbered columns). Raises RecordError
/// (code `missing_column` or `duplicate_column`, path the column) as the core does.
#[pyfunction]
pub fn _columns_read(
    py: Python<'_>,
    rulebook: &Bound<'_, PyRulebook>,
    names: Vec<String>,
    missing_columns: &str,
) -> PyResult<Vec<String>> {
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    columns_read(&rulebook.get().inner, &names, policy(missing_columns)?)
        .map_err(|e| errors::record(py, &e))
}

/// Scores a frame's columns (`(name, column)` pairs of `rows` cells; a column is a
/// float64 buffer or a list) and returns the result's columns keyed by name:
/// `score`, `points_<id>` as float64 bytes, `vetoed`, `met_<id>` and `failed` (the
/// rows that could not be scored) as bool bytes, `grade` and `error` ("field:
/// reason") as lists, and, when `explain` is "en" or "zh", `why_<id>` and
/// `gap_<id>` as lists in that language.
#[pyfunction]
#[pyo3(signature = (rulebook, rows, columns, missing_columns, explain))]
pub fn _score_frame<'py>(
    py: Python<'py>,
    rulebook: &Bound<'py, PyRulebook>,
    rows: usize,
    columns: Vec<(String, Bound<'py, PyAny>)>,
    missing_columns: &str,
    explain: Option<&str>,
) -> PyResult<Bound<'py, PyDict>> {
    let missing = policy(missing_columns)?;
    let language = match explain {
        None => None,
        Some(l @ ("en" | "zh")) => Some(l == "zh"),
        Some(other) => {
            return Err(PyValueError::new_err(format!(
                "explain must be 'en', 'zh' or None, not '{other}'"
            )))
        }
    };
    let mut table = Table::new(rows);
    for (name, column) in &columns {
        let column = to_column(column)?;
        table
            .push(name.as_str(), column)
            .map_err(|e| errors::record(py, &e))?;
    }
    let inner = &rulebook.get().inner;
    let scores = py
        .detach(|| score_table(inner, &table, missing))
        .map_err(|e| errors::record(py, &e))?;
    let out = PyDict::new(py);
    scores_to_columns(py, &scores, &out)?;
    if let Some(zh) = language {
        let assessments =
            assess_table(inner, &table, missing).map_err(|e| errors::record(py, &e))?;
        reasons_to_columns(
            &out,
            inner.indicators.iter().map(|i| i.id.as_str()),
            assessments,
            zh,
        )?;
    }
    Ok(out)
}

/// Floats as the bytes of a numpy float64 array (native byte order).
fn f64_bytes<'py>(py: Python<'py>, values: &[f64]) -> PyResult<Bound<'py, PyBytes>> {
    PyBytes::new_with(py, values.len() * 8, |buf| {
        for (chunk, x) in buf.chunks_exact_mut(8).zip(values) {
            chunk.copy_from_slice(&x.to_ne_bytes());
        }
        Ok(())
    })
}

/// Yes/no as the bytes of a numpy bool array.
fn bool_bytes<'py>(py: Python<'py>, values: &[bool]) -> PyResult<Bound<'py, PyBytes>> {
    PyBytes::new_with(py, values.len(), |buf| {
        for (byte, b) in buf.iter_mut().zip(values) {
            *byte = u8::from(*b);
        }
        Ok(())
    })
}

/// An error as the frame shows it: relative to its row, `residents: must not be
/// negative (found -5)`.
fn row_error(e: &RecordError, row: usize) -> String {
    let prefix = index_path(row);
    let path = match e.path.strip_prefix(prefix.as_str()) {
        Some(rest) => rest.strip_prefix('.').unwrap_or(rest),
        None => e.path.as_str(),
    };
    if path.is_empty() {
        e.problem.to_string()
    } else {
        format!("{path}: {}", e.problem)
    }
}

fn scores_to_columns<'py>(
    py: Python<'py>,
    scores: &TableScores,
    out: &Bound<'py, PyDict>,
) -> PyResult<()> {
    let rows = scores.rows();
    let mut failed = vec![false; rows];
    let mut error: Vec<Option<String>> = vec![None; rows];
    for (i, e) in &scores.errors {
        if let (Some(f), Some(slot)) = (failed.get_mut(*i), error.get_mut(*i)) {
            *f = true;
            *slot = Some(row_error(e, *i));
        }
    }
    // One Python string per grade band, shared by every row that has it.
    let bands: Vec<(&str, Bound<'py, PyString>)> = scores
        .rulebook
        .grades
        .iter()
        .map(|b| (b.id.as_str(), PyString::new(py, &b.id)))
        .collect();
    let grade = PyList::empty(py);
    for g in &scores.grade {
        match g.and_then(|id| bands.iter().find(|(b, _)| *b == id)) {
            Some((_, s)) => grade.append(s)?,
            None => grade.append(py.None())?,
        }
    }
    out.set_item("score", f64_bytes(py, &scores.score)?)?;
    out.set_item("grade", grade)?;
    out.set_item("vetoed", bool_bytes(py, &scores.vetoed)?)?;
    out.set_item("failed", bool_bytes(py, &failed)?)?;
    for (ind, points) in scores.rulebook.indicators.iter().zip(&scores.points) {
        out.set_item(format!("points_{}", ind.id), f64_bytes(py, points)?)?;
    }
    for (ind, met) in scores.rulebook.indicators.iter().zip(&scores.met) {
        out.set_item(format!("met_{}", ind.id), bool_bytes(py, met)?)?;
    }
    out.set_item("error", error)?;
    Ok(())
}

/// The reasons and gaps of every row, in one language, made one assessment at a
/// time.
fn reasons_to_columns<'a>(
    out: &Bound<'_, PyDict>,
    ids: impl Iterator<Item = &'a str>,
    assessments: impl Iterator<Item = Result<Assessment, RecordError>>,
    zh: bool,
) -> PyResult<()> {
    let ids: Vec<&str> = ids.collect();
    let pick = |t: &Text| if zh { t.zh.clone() } else { t.en.clone() };
    let mut why: Vec<Vec<Option<String>>> = vec![Vec::new(); ids.len()];
    let mut gap: Vec<Vec<Option<String>>> = vec![Vec::new(); ids.len()];
    for assessed in assessments {
        for (k, (w, g)) in why.iter_mut().zip(gap.iter_mut()).enumerate() {
            let found = assessed.as_ref().ok().and_then(|a| a.indicators.get(k));
            w.push(found.map(|r| pick(&r.why)));
            g.push(found.and_then(|r| r.gap.as_ref()).map(|g| pick(&g.text)));
        }
    }
    for (id, w) in ids.iter().zip(why) {
        out.set_item(format!("why_{id}"), w)?;
    }
    for (id, g) in ids.iter().zip(gap) {
        out.set_item(format!("gap_{id}"), g)?;
    }
    Ok(())
}

/// A frame's column as a core column: a float64 buffer as it is, a list cell by cell.
fn to_column(obj: &Bound<'_, PyAny>) -> PyResult<Column> {
    if let Ok(buffer) = PyBuffer::<f64>::get(obj) {
        return Ok(Column::numbers(buffer.to_vec(obj.py())?));
    }
    let list = obj.cast::<PyList>()?;
    let mut builder = ColumnBuilder::new();
    for cell in list.iter() {
        push(&mut builder, &cell, 0)?;
    }
    Ok(builder.finish())
}

/// Adds one cell, converted as [`convert::to_value`] converts a record's value: the
/// common types directly, the others through it. A value with no JSON form becomes
/// an unreadable cell (the row's error where a rule reads it); an exception Python
/// raises while the value is read is raised.
fn push(builder: &mut ColumnBuilder, obj: &Bound<'_, PyAny>, depth: usize) -> PyResult<()> {
    // The exact built-in types first: one pointer comparison each, where a
    // subclass test walks the type's bases.
    if let Ok(s) = obj.cast_exact::<PyString>() {
        text(builder, s);
    } else if let Ok(f) = obj.cast_exact::<PyFloat>() {
        builder.number(f.value());
    } else if obj.is_exact_instance_of::<PyInt>() {
        number_of_int(builder, obj);
    } else if let Ok(list) = obj.cast_exact::<PyList>() {
        if depth >= MAX_DEPTH {
            builder.unreadable(Problem::TooDeep.describe());
        } else {
            builder.list(|items| {
                list.iter()
                    .try_for_each(|item| push(items, &item, depth + 1))
            })?;
        }
    } else {
        push_other(builder, obj, depth)?;
    }
    Ok(())
}

fn text(builder: &mut ColumnBuilder, s: &Bound<'_, PyString>) {
    match s.to_str() {
        Ok(t) => builder.text(t),
        Err(_) => builder.unreadable(Problem::BadText.describe()),
    }
}

/// An int, beyond 64 bits as a float, which is what JSON text would give.
///
/// An int that fits in 64 bits is read as one (`PyLong_AsLongLong`): reading it as
/// a float goes through `int.__float__`, which allocates a float object per cell.
fn number_of_int(builder: &mut ColumnBuilder, obj: &Bound<'_, PyAny>) {
    let x = match obj.extract::<i64>() {
        Ok(i) => i as f64,
        Err(_) => obj.extract::<f64>().unwrap_or(f64::INFINITY),
    };
    builder.number(x);
}

/// Any cell that is not an exact str, float, int or list.
fn push_other(builder: &mut ColumnBuilder, obj: &Bound<'_, PyAny>, depth: usize) -> PyResult<()> {
    if depth > MAX_DEPTH {
        builder.unreadable(Problem::TooDeep.describe());
    } else if obj.is_none() {
        builder.empty();
    } else if let Ok(s) = obj.cast::<PyString>() {
        text(builder, s);
    } else if obj.cast::<PyBool>().is_ok() {
        // A bool is an int: kept as true or false, as the record's JSON would be.
        builder.value(&serde_json::Value::Bool(obj.is_truthy()?));
    } else if let Ok(f) = obj.cast::<PyFloat>() {
        builder.number(f.value());
    } else if obj.cast::<PyInt>().is_ok() {
        number_of_int(builder, obj);
    } else if let Ok(list) = obj.cast::<PyList>() {
        builder.list(|items| {
            list.iter()
                .try_for_each(|item| push(items, &item, depth + 1))
        })?;
    } else if let Ok(tuple) = obj.cast::<PyTuple>() {
        builder.list(|items| {
            tuple
                .iter()
                .try_for_each(|item| push(items, &item, depth + 1))
        })?;
    } else if let (Ok(date), false) = (obj.cast::<PyDate>(), is_missing(obj)) {
        let (y, m, d) = (date.get_year(), date.get_month(), date.get_day());
        builder.text(&format!("{y:04}-{m:02}-{d:02}"));
    } else {
        match convert::to_value(obj)? {
            Ok(value) => builder.value(&value),
            Err(u) if u.problem == Problem::NotFinite => builder.number(f64::INFINITY),
            Err(u) => builder.unreadable(u.problem.describe()),
        }
    }
    Ok(())
}

/// pandas' `NaT` is a `datetime` too; it is a missing value.
fn is_missing(obj: &Bound<'_, PyAny>) -> bool {
    obj.get_type().name().is_ok_and(|n| n == "NaTType")
}
