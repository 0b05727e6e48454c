//! The core's JSON entry points (`learning_city::documents`): networks, designation
//! rounds and workflows, sensitivity, money and whole districts. Each function
//! converts its Python arguments to JSON, calls the core, and returns plain Python
//! data or raises the core's error (its path starts with the argument's name).

use learning_city::documents as doc;
use learning_city::error::{join_path, ErrorKind, RecordProblem};
use learning_city::sensitivity::DEFAULT_CHANGE;
use learning_city::ErrorInfo;
use pyo3::prelude::*;
use serde_json::Value;

use crate::convert::{self, Problem, Unconvertible};
use crate::{errors, resolve};

/// A Python value with no JSON form, as an error of `kind` at `name`'s path.
pub fn unconvertible_info(kind: ErrorKind, name: &str, u: &Unconvertible) -> ErrorInfo {
    let problem = match &u.problem {
        Problem::NotFinite => RecordProblem::NotFinite,
        other => RecordProblem::NotJson(other.describe()),
    };
    ErrorInfo {
        kind,
        code: problem.code().to_string(),
        path: join_path(name, &u.path),
        reason: problem.to_string(),
    }
}

/// Argument `name` as JSON (`None`: `null`, which the core reads as "left out"
/// where the argument is optional); an error of `kind` when it has no JSON form.
fn argument(obj: Option<&Bound<'_, PyAny>>, name: &str, kind: ErrorKind) -> PyResult<Value> {
    let Some(obj) = obj else {
        return Ok(Value::Null);
    };
    match convert::to_value(obj)? {
        Ok(value) => Ok(value),
        Err(u) => Err(errors::from_info(
            obj.py(),
            &unconvertible_info(kind, name, &u),
        )),
    }
}

fn done<'py, T: serde::Serialize>(
    py: Python<'py>,
    result: Result<T, ErrorInfo>,
) -> PyResult<Bound<'py, PyAny>> {
    match result {
        Ok(value) => convert::to_python(py, &value),
        Err(info) => Err(errors::from_info(py, &info)),
    }
}

/// Checks a three-level network against the network rules N1-N5 (one parent one
/// level up, no cycles or duplicate ids; the hubs, the four bases, a manager per node,
/// a head per community centre).
///
/// units: a list of unit dicts: {"id", "name", "level" ("district" | "street" |
///     "community"), "parent", "residents", "facilities", "head"}.
/// members: a list of team-member dicts, or None.
///
/// Returns the findings (every breach at once), each a dict {"rule", "unit",
/// "path", "code", "message" {zh, en}}; an empty list for a sound network. Raises
/// NetworkError (path like "units[3].level") for a document of the wrong shape.
#[pyfunction]
#[pyo3(signature = (units, members = None))]
pub fn check_network<'py>(
    py: Python<'py>,
    units: &Bound<'py, PyAny>,
    members: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let units = argument(Some(units), "units", ErrorKind::Network)?;
    let members = argument(members, "members", ErrorKind::Network)?;
    done(py, doc::check_network(units, members))
}

/// Fills a designation round's quota by rank (learning-type families, estates,
/// organs, ...), with the round's tie-break.
///
/// round: the round dict ({"category", "year", "quota", ...}; it may list its own
///     "candidates").
/// candidates: a list of candidate dicts, or None to use the round's own.
///
/// Returns the round result dict. Raises DesignationError (path like "round.quota")
/// for a malformed or impossible round.
#[pyfunction]
#[pyo3(signature = (round, candidates = None))]
pub fn fill_round<'py>(
    py: Python<'py>,
    round: &Bound<'py, PyAny>,
    candidates: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let round = argument(Some(round), "round", ErrorKind::Designation)?;
    let candidates = argument(candidates, "candidates", ErrorKind::Designation)?;
    done(py, doc::fill_round(round, candidates))
}

/// Applies workflow steps to a nomination (nominated -> submitted -> approved |
/// rejected -> awarded; no stage may be skipped).
///
/// nomination: the nomination dict ({"id", "candidate", "category", "year",
///     "history": [{"stage", "on"}, ...]}).
/// steps: a list of {"stage", "on"} dicts.
///
/// Returns {"nomination": <after the steps that could be applied>, "error": None or
/// the first refused step's error dict}. Raises DesignationError for a malformed
/// document.
#[pyfunction]
pub fn run_steps<'py>(
    py: Python<'py>,
    nomination: &Bound<'py, PyAny>,
    steps: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let nomination = argument(Some(nomination), "nomination", ErrorKind::Designation)?;
    let steps = argument(Some(steps), "steps", ErrorKind::Designation)?;
    done(py, doc::run_steps(nomination, steps))
}

/// How grades and ranks move when each indicator's weight moves by +/- `change`.
///
/// records: a list of record dicts, as for assess_many (a bad record keeps its
///     place with its error).
/// rulebook: a Rulebook, a built-in name, a rulebook document (dict), or None for the
///     default ("standard").
/// change: the relative change of each weight, above 0 and below 1 (default
///     DEFAULT_CHANGE, 0.1 for +/-10 %).
///
/// Returns {"change", "records": [{"unit", "score", "grade", "min_score",
/// "max_score", "grades", "stable", "best_rank", "worst_rank", "error"}, ...],
/// "stable_share", "by_indicator"}. Raises RulebookError (path "change") for a
/// change out of range.
#[pyfunction]
#[pyo3(signature = (records, rulebook = None, change = DEFAULT_CHANGE))]
pub fn sensitivity<'py>(
    py: Python<'py>,
    records: &Bound<'py, PyAny>,
    rulebook: Option<&Bound<'py, PyAny>>,
    change: f64,
) -> PyResult<Bound<'py, PyAny>> {
    let rulebook = resolve(py, rulebook)?;
    let elements = crate::record_elements(records)?;
    let inner = &rulebook.get().inner;
    let report = py
        .detach(|| doc::sensitivity_elements(inner, &elements, change))
        .map_err(|info| errors::from_info(py, &info))?;
    convert::to_python(py, &report)
}

/// Reviews a district's books: funding received per resident against
/// `at_least_per_capita`, and expenses against the allowed categories and payees
/// (no teacher fee for volunteers or for government or community staff).
///
/// units, fundings, expenses, members: lists of dicts (None for none).
/// at_least_per_capita: the funding target in CNY per resident (2.0 in "standard").
///
/// Returns {"errors": [impossible entries, e.g. a negative amount], "findings":
/// [rule breaches], "summary": [per unit]}. Raises MoneyError for a malformed document.
#[pyfunction]
#[pyo3(signature = (units = None, fundings = None, expenses = None, members = None, *, at_least_per_capita))]
pub fn review_money<'py>(
    py: Python<'py>,
    units: Option<&Bound<'py, PyAny>>,
    fundings: Option<&Bound<'py, PyAny>>,
    expenses: Option<&Bound<'py, PyAny>>,
    members: Option<&Bound<'py, PyAny>>,
    at_least_per_capita: f64,
) -> PyResult<Bound<'py, PyAny>> {
    let units = argument(units, "units", ErrorKind::Money)?;
    let fundings = argument(fundings, "fundings", ErrorKind::Money)?;
    let expenses = argument(expenses, "expenses", ErrorKind::Money)?;
    let members = argument(members, "members", ErrorKind::Money)?;
    done(
        py,
        doc::review_money(units, fundings, expenses, members, at_least_per_capita),
    )
}

/// Appraises a whole district: every record assessed, roll-ups per street and for
/// the district, the network and roster checks, designation rounds and the books.
///
/// district: the district document {"name", "units", "members", "records", "rounds",
///     "fundings", "expenses"} (as examples/data/sample-district.json).
/// rulebook: a Rulebook, a built-in name, a rulebook document (dict), or None for the
///     default ("standard").
///
/// Returns the district report dict (its "outcomes" are assess_many's). Raises
/// DistrictError (path like "district.units") for a malformed document.
#[pyfunction]
#[pyo3(signature = (district, rulebook = None))]
pub fn appraise_district<'py>(
    py: Python<'py>,
    district: &Bound<'py, PyAny>,
    rulebook: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let rulebook = resolve(py, rulebook)?;
    let district = argument(Some(district), "district", ErrorKind::District)?;
    let inner = &rulebook.get().inner;
    let report = py.detach(|| doc::appraise_district(inner, district));
    done(py, report)
}

/// A list of rulebook versions (Rulebook objects, built-in names or documents) as
/// the core's rulebook set.
pub fn rulebook_set(
    py: Python<'_>,
    versions: &Bound<'_, PyAny>,
) -> PyResult<learning_city::versions::RulebookSet> {
    let mut items = Vec::new();
    for (i, item) in versions.try_iter()?.enumerate() {
        let item = item?;
        let value = if let Ok(rb) = item.cast::<crate::PyRulebook>() {
            serde_json::to_value(&rb.get().inner)
                .map_err(|e| pyo3::exceptions::PyTypeError::new_err(e.to_string()))?
        } else if let Ok(name) = item.extract::<String>() {
            let rb = crate::builtin(py, &name)?;
            serde_json::to_value(&rb.get().inner)
                .map_err(|e| pyo3::exceptions::PyTypeError::new_err(e.to_string()))?
        } else {
            argument(Some(&item), &format!("rulebooks[{i}]"), ErrorKind::Rulebook)?
        };
        items.push(value);
    }
    doc::rulebook_set(Value::Array(items)).map_err(|info| errors::from_info(py, &info))
}
