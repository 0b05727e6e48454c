//! The columns of `assess_frame`'s result, built straight from the core's outcomes so
//! that a large frame does not first become one Python dict per assessment.
//!
//! Only selection and layout happen here: which of the core's values go in which
//! column. Every value is the core's.

use std::collections::HashMap;

use learning_city::record::index_path;
use learning_city::Outcome;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::{record_values, PyRulebook};

/// An error path relative to its row: `records[3].residents` is `residents` in row 3.
fn relative(path: &str, row: usize) -> &str {
    let prefix = index_path(row);
    match path.strip_prefix(prefix.as_str()) {
        Some(rest) => rest.strip_prefix('.').unwrap_or(rest),
        None => path,
    }
}

/// Assesses the records and returns the frame's columns as lists, keyed by column
/// name: `score`, `grade`, `vetoed`, then `points_<id>`, `met_<id>`, `why_<id>`
/// (English) and `gap_<id>` (English) per indicator, and `error` ("field: reason",
/// or None). A row that could not be assessed has NaN and None in every column but
/// `error`. Used by `learning_city.assess_frame`; the records are dicts as for
/// `assess_many`.
#[pyfunction]
pub fn _assess_columns<'py>(
    py: Python<'py>,
    records: &Bound<'py, PyAny>,
    rulebook: &Bound<'py, PyRulebook>,
) -> PyResult<Bound<'py, PyDict>> {
    let (values, unconvertible) = record_values(records)?;
    let inner = &rulebook.get().inner;
    let mut outcomes = py.detach(|| learning_city::assess_json_batch(inner, &values));
    for (i, failure) in unconvertible {
        if let Some(slot) = outcomes.get_mut(i) {
            *slot = Outcome::Failed(failure);
        }
    }

    let ids: Vec<&str> = inner.indicators.iter().map(|i| i.id.as_str()).collect();
    let column_of: HashMap<&str, usize> = ids.iter().enumerate().map(|(j, id)| (*id, j)).collect();
    let n = outcomes.len();
    let mut score = vec![f64::NAN; n];
    let mut grade: Vec<Option<&str>> = vec![None; n];
    let mut vetoed: Vec<Option<bool>> = vec![None; n];
    let mut error: Vec<Option<String>> = vec![None; n];
    let mut points = vec![vec![f64::NAN; n]; ids.len()];
    let mut met: Vec<Vec<Option<bool>>> = vec![vec![None; n]; ids.len()];
    let mut why: Vec<Vec<Option<&str>>> = vec![vec![None; n]; ids.len()];
    let mut gap: Vec<Vec<Option<&str>>> = vec![vec![None; n]; ids.len()];
    for (row, outcome) in outcomes.iter().enumerate() {
        match outcome {
            Outcome::Assessed(a) => {
                score[row] = a.score;
                grade[row] = Some(&a.grade);
                vetoed[row] = Some(a.vetoed);
                for r in &a.indicators {
                    if let Some(&j) = column_of.get(r.id.as_str()) {
                        points[j][row] = r.points;
                        met[j][row] = Some(r.met);
                        why[j][row] = Some(&r.why.en);
                        gap[j][row] = r.gap.as_ref().map(|g| g.text.en.as_str());
                    }
                }
            }
            Outcome::Failed(f) => {
                let path = relative(&f.error.path, row);
                error[row] = Some(if path.is_empty() {
                    f.error.reason.clone()
                } else {
                    format!("{path}: {}", f.error.reason)
                });
            }
        }
    }

    let columns = PyDict::new(py);
    columns.set_item("score", score)?;
    columns.set_item("grade", grade)?;
    columns.set_item("vetoed", vetoed)?;
    for (j, id) in ids.iter().enumerate() {
        columns.set_item(format!("points_{id}"), &points[j])?;
    }
    for (j, id) in ids.iter().enumerate() {
        columns.set_item(format!("met_{id}"), &met[j])?;
    }
    for (j, id) in ids.iter().enumerate() {
        columns.set_item(format!("why_{id}"), &why[j])?;
    }
    for (j, id) in ids.iter().enumerate() {
        columns.set_item(format!("gap_{id}"), &gap[j])?;
    }
    columns.set_item("error", error)?;
    Ok(columns)
}
