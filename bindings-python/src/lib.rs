//! `learning_city._native`: the compiled half of the Python package `learning_city`.
//!
//! A thin mirror of the core crate `learning-city`: it converts Python data to the
//! JSON values the core reads ([`convert`]), calls the core, and maps its errors to
//! Python exceptions ([`errors`]). No rule, default or check lives here: the
//! default rulebook, the fields a rulebook reads and every validation come from the
//! core.

mod convert;
mod documents;
mod errors;
mod frame;

use std::path::PathBuf;

use learning_city::documents::{self as doc, BatchOptions, Elements, Rulebooks};
use learning_city::rulebook::DEFAULT_BUILTIN;
use learning_city::{Failure, Record, Rulebook};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyMapping, PyString, PyTuple, PyType};
use serde_json::Value;

/// An appraisal standard (a rulebook): named, versioned, and held as data.
///
/// Load one with Rulebook.builtin("standard"), Rulebook.from_dict(d),
/// Rulebook.from_json(text) or Rulebook.from_file(path); every loader validates it
/// and raises RulebookError naming the bad value's path. Rulebooks are immutable,
/// compare equal when their documents are equal, and pickle (so Dask or Spark
/// workers can receive them).
///
/// >>> rb = Rulebook.builtin("standard")
/// >>> rb.citation
/// 'standard@2020'
/// >>> rb.fields[:3]
/// ['participants', 'residents', 'aware']
#[pyclass(frozen, eq, module = "learning_city", name = "Rulebook")]
#[derive(PartialEq)]
pub struct PyRulebook {
    pub(crate) inner: Rulebook,
}

/// The built-in rulebooks, loaded once: `assess(record)` in a loop does not parse
/// the default rulebook again for every record.
static BUILTINS: PyOnceLock<Vec<(String, Py<PyRulebook>)>> = PyOnceLock::new();

pub(crate) fn builtin(py: Python<'_>, name: &str) -> PyResult<Py<PyRulebook>> {
    let loaded = BUILTINS.get_or_try_init(py, || {
        Rulebook::builtin_names()
            .into_iter()
            .map(|n| {
                let inner = Rulebook::builtin(n).map_err(|e| errors::rulebook(py, &e))?;
                Ok((n.to_string(), Py::new(py, PyRulebook { inner })?))
            })
            .collect::<PyResult<Vec<_>>>()
    })?;
    match loaded.iter().find(|(n, _)| n == name) {
        Some((_, rb)) => Ok(rb.clone_ref(py)),
        // Not a built-in: the core says so, and lists the names.
        None => match Rulebook::builtin(name) {
            Ok(inner) => Py::new(py, PyRulebook { inner }),
            Err(e) => Err(errors::rulebook(py, &e)),
        },
    }
}

fn from_value(py: Python<'_>, value: Value) -> PyResult<PyRulebook> {
    Rulebook::from_value(value)
        .map(|inner| PyRulebook { inner })
        .map_err(|e| errors::rulebook(py, &e))
}

fn from_object(obj: &Bound<'_, PyAny>) -> PyResult<PyRulebook> {
    let py = obj.py();
    match convert::to_value(obj)? {
        Ok(value) => from_value(py, value),
        Err(u) => Err(errors::rulebook(py, &errors::rulebook_unconvertible(&u))),
    }
}

#[pymethods]
impl PyRulebook {
    /// A built-in rulebook by name: "standard" (the seeds' targets, DOMAIN.md §4),
    /// "national-2010" (the 2010 national demonstration-zone thresholds), ...; see
    /// builtin_names(). Raises RulebookError (code "unknown_builtin") for any other name.
    #[classmethod]
    fn builtin(_cls: &Bound<'_, PyType>, py: Python<'_>, name: &str) -> PyResult<Py<PyRulebook>> {
        builtin(py, name)
    }

    /// The rulebook used when a caller names none (DEFAULT_RULEBOOK, "standard").
    #[classmethod]
    fn default(_cls: &Bound<'_, PyType>, py: Python<'_>) -> PyResult<Py<PyRulebook>> {
        builtin(py, DEFAULT_BUILTIN)
    }

    /// A rulebook from its document as Python data (a dict, as json.load gives).
    /// Raises RulebookError naming the bad value's path, e.g.
    /// "indicators[0].rule.ratio.at_least: ...".
    #[classmethod]
    fn from_dict(_cls: &Bound<'_, PyType>, document: &Bound<'_, PyAny>) -> PyResult<PyRulebook> {
        from_object(document)
    }

    /// A rulebook from its JSON text. Raises RulebookError naming the path and the
    /// reason (code "malformed" for JSON the rulebook schema does not accept).
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, py: Python<'_>, text: &str) -> PyResult<PyRulebook> {
        Rulebook::from_json(text)
            .map(|inner| PyRulebook { inner })
            .map_err(|e| errors::rulebook(py, &e))
    }

    /// A rulebook from a JSON file (a str or os.PathLike, read as UTF-8). Raises
    /// OSError when the file cannot be read and RulebookError when it is not a
    /// valid rulebook.
    #[classmethod]
    fn from_file(_cls: &Bound<'_, PyType>, py: Python<'_>, path: PathBuf) -> PyResult<PyRulebook> {
        let text = std::fs::read_to_string(&path)?;
        Rulebook::from_json(&text)
            .map(|inner| PyRulebook { inner })
            .map_err(|e| errors::rulebook(py, &e))
    }

    /// The rulebook's short name, e.g. "standard".
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    /// The rulebook's version, e.g. "2020".
    #[getter]
    fn version(&self) -> &str {
        &self.inner.version
    }

    /// "id@version", as assessments cite the rulebook: "standard@2020".
    #[getter]
    fn citation(&self) -> String {
        self.inner.citation()
    }

    /// The record fields some indicator reads, once each, in indicator order.
    #[getter]
    fn fields(&self) -> Vec<String> {
        self.inner.fields()
    }

    /// Each field some indicator reads, with the shape of value it needs, in
    /// indicator order: [("participants", "count"), ("reports", "dates"), ...]. Shapes
    /// are "count", "months", "date", "dates", "date_pairs" and "flag".
    #[getter]
    fn field_shapes(&self) -> Vec<(String, &'static str)> {
        self.inner
            .field_shapes()
            .into_iter()
            .map(|(field, shape)| (field, shape.id()))
            .collect()
    }

    /// The indicator ids, in the rulebook's order: ["T1", "T2", ...].
    #[getter]
    fn indicator_ids(&self) -> Vec<&str> {
        self.inner
            .indicators
            .iter()
            .map(|i| i.id.as_str())
            .collect()
    }

    /// The rulebook's document as plain Python data; Rulebook.from_dict reads it back.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_python(py, &self.inner)
    }

    /// The rulebook's document as JSON text; Rulebook.from_json reads it back.
    #[pyo3(signature = (pretty = false))]
    fn to_json(&self, pretty: bool) -> PyResult<String> {
        let text = if pretty {
            serde_json::to_string_pretty(&self.inner)
        } else {
            serde_json::to_string(&self.inner)
        };
        text.map_err(|e| PyTypeError::new_err(e.to_string()))
    }

    fn __repr__(&self) -> String {
        format!(
            "<Rulebook {} ({} indicators)>",
            self.inner.citation(),
            self.inner.indicators.len()
        )
    }

    /// Pickles as `Rulebook.from_json(<its JSON>)`.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let loader = slf.get_type().getattr("from_json")?;
        Ok((loader, (slf.get().to_json(false)?,)))
    }
}

/// Resolves the `rulebook=` argument: a Rulebook, a built-in name, a rulebook
/// document (a dict), or None for the core's default.
pub(crate) fn resolve<'py>(
    py: Python<'py>,
    spec: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyRulebook>> {
    let Some(spec) = spec.filter(|s| !s.is_none()) else {
        return Ok(builtin(py, DEFAULT_BUILTIN)?.into_bound(py));
    };
    if let Ok(rb) = spec.cast::<PyRulebook>() {
        return Ok(rb.clone());
    }
    if let Ok(name) = spec.cast::<PyString>() {
        return Ok(builtin(py, name.to_str()?)?.into_bound(py));
    }
    if spec.cast::<PyMapping>().is_ok() {
        return Bound::new(py, from_object(spec)?);
    }
    Err(PyTypeError::new_err(format!(
        "rulebook must be a Rulebook, a built-in name ({}), a rulebook document (dict) \
         or None, not {}",
        Rulebook::builtin_names().join(", "),
        spec.get_type().name()?
    )))
}

/// The rulebook meant by a `rulebook=` argument: a Rulebook (returned as is), the
/// name of a built-in ("standard", "national-2010"), a rulebook document (a dict),
/// or None for the default (DEFAULT_RULEBOOK). Raises RulebookError for an unknown
/// name or an invalid document, TypeError for anything else.
#[pyfunction]
#[pyo3(signature = (rulebook = None))]
fn load_rulebook<'py>(
    py: Python<'py>,
    rulebook: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyRulebook>> {
    resolve(py, rulebook)
}

/// The names of the built-in rulebooks, the default first: ["standard",
/// "national-2010", ...].
#[pyfunction]
fn builtin_names() -> Vec<&'static str> {
    Rulebook::builtin_names()
}

/// Assesses one record (one community for one year) and returns the assessment as
/// plain Python data.
///
/// record: a dict (or any mapping) with "unit" (the community's id, text), "period"
///     (the year: "2024" or 2024) and the fields the rulebook reads (see
///     Rulebook.fields), e.g. {"unit": "c-017", "period": "2024", "residents": 4200,
///     "participants": 1130}. A missing field, None or NaN means "no data" (the
///     indicator scores 0); other fields are ignored. Dates may be "YYYY-MM-DD" text
///     or datetime.date; numpy numbers are accepted.
/// rulebook: a Rulebook, a built-in name ("standard", "national-2010"), a rulebook
///     document (dict), or None for the default ("standard").
///
/// Returns a dict: unit, period, rulebook ("standard@2020"), score (not rounded),
/// max_score, grade, grade_label {zh, en}, vetoed, indicators (one dict per
/// indicator: id, label, status, met, value, target, points, max, veto, bonus,
/// why {zh, en}, gap {amount, text} or None) and work_list.
///
/// Raises RecordError (path names the field, e.g. "residents") for impossible data:
/// a negative count, residents = 0 where a ratio needs it, a date that does not exist
/// or falls outside the year, a month list that is not 12 long, ...; RulebookError
/// for a bad rulebook.
///
/// >>> assess({"unit": "c-017", "period": "2024", "residents": 4200, "participants": 1130})["indicators"][0]["points"]
/// 20.0
#[pyfunction]
#[pyo3(signature = (record, rulebook = None))]
fn assess<'py>(
    py: Python<'py>,
    record: &Bound<'py, PyAny>,
    rulebook: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let rulebook = resolve(py, rulebook)?;
    let value = match convert::to_value(record)? {
        Ok(value) => value,
        Err(u) => return Err(errors::record(py, &errors::record_unconvertible(&u))),
    };
    let record = Record::from_value(&value).map_err(|e| errors::record(py, &e))?;
    let assessment = learning_city::assess(&rulebook.get().inner, &record)
        .map_err(|e| errors::record(py, &e))?;
    convert::to_python(py, &assessment)
}

/// Assesses a batch of records: exactly one outcome per record, in order; nothing is
/// dropped and nothing raises for a bad record.
///
/// records: a list (or any iterable) of record dicts, as for assess().
/// rulebook: a Rulebook, a built-in name, a rulebook document (dict), or None for
///     the default ("standard"); or a list of versions of one rulebook (Rulebooks,
///     names or documents), each record then assessed by the version in force on
///     1 January of its year.
/// explain: what to explain: "none", "zh", "en" or "both" (the default).
/// shape: "full" (the default): a list of whole assessments, in both languages;
///     "compact": a dict {rulebook, explain, max_score, indicators, grades,
///     records} stating the indicators once and per record its score, grade,
///     points, statuses and (with a language) figures, reasons and gaps.
///
/// Each outcome is either the assessment dict (as assess() returns) or, for a record
/// that could not be assessed, {"unit": <its unit or None>, "error": {"kind",
/// "code", "path", "reason"}} with a path such as "records[3].residents". Test with
/// `"error" in outcome`.
///
/// Raises RulebookError for a bad rulebook or set of versions (path like
/// "rulebooks[1].id"), InputError (code "bad_option") for an explain or shape that
/// is not one of its names or that does not fit (the full shape with one language,
/// the compact shape with versions), TypeError when `records` is not a list of
/// records (a single dict or a string).
#[pyfunction]
#[pyo3(signature = (records, rulebook = None, explain = None, shape = None))]
fn assess_many<'py>(
    py: Python<'py>,
    records: &Bound<'py, PyAny>,
    rulebook: Option<&Bound<'py, PyAny>>,
    explain: Option<&str>,
    shape: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    let options =
        BatchOptions::from_names(explain, shape).map_err(|e| errors::from_info(py, &e))?;
    let elements = record_elements(records)?;
    match rulebook {
        // A list of rulebook versions: each record is assessed by the version in
        // force on 1 January of its year.
        Some(spec) if spec.cast::<PyList>().is_ok() || spec.cast::<PyTuple>().is_ok() => {
            let set = documents::rulebook_set(py, spec)?;
            let batch =
                py.detach(|| doc::assess_elements(Rulebooks::Versions(&set), &elements, options));
            convert::to_python(py, &batch.map_err(|e| errors::from_info(py, &e))?)
        }
        spec => {
            let rulebook = resolve(py, spec)?;
            let inner = &rulebook.get().inner;
            let batch =
                py.detach(|| doc::assess_elements(Rulebooks::One(inner), &elements, options));
            convert::to_python(py, &batch.map_err(|e| errors::from_info(py, &e))?)
        }
    }
}

/// A batch of records as the core's elements, in order: each record's JSON, or,
/// for one with no JSON form, the error to report in its place (`records[i].field`).
pub(crate) fn record_elements(records: &Bound<'_, PyAny>) -> PyResult<Elements> {
    if records.cast::<PyDict>().is_ok() || records.cast::<PyString>().is_ok() {
        return Err(PyTypeError::new_err(
            "records must be a list of records; for one record use assess()",
        ));
    }
    let mut elements = Vec::new();
    for (i, item) in records.try_iter()?.enumerate() {
        let item = item?;
        elements.push(match convert::to_value(&item)? {
            Ok(value) => Ok(value),
            Err(u) => {
                let error = errors::record_unconvertible(&u)
                    .within(&learning_city::record::index_path(i))
                    .info();
                let unit = item
                    .get_item("unit")
                    .ok()
                    .and_then(|u| u.extract::<String>().ok());
                Err(Failure { unit, error })
            }
        });
    }
    Ok(Elements::new(elements))
}

/// The compiled core of `learning_city`; import the package, not this module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let classes = errors::classes(py)?;
    m.add("LearningCityError", classes.base.bind(py))?;
    m.add("RulebookError", classes.rulebook.bind(py))?;
    m.add("RecordError", classes.record.bind(py))?;
    m.add("NetworkError", classes.network.bind(py))?;
    m.add("DesignationError", classes.designation.bind(py))?;
    m.add("MoneyError", classes.money.bind(py))?;
    m.add("DistrictError", classes.district.bind(py))?;
    m.add("ActivityError", classes.activity.bind(py))?;
    m.add("InputError", classes.input.bind(py))?;
    m.add("DEFAULT_RULEBOOK", DEFAULT_BUILTIN)?;
    m.add("DEFAULT_CHANGE", learning_city::sensitivity::DEFAULT_CHANGE)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<PyRulebook>()?;
    m.add_function(wrap_pyfunction!(builtin_names, m)?)?;
    m.add_function(wrap_pyfunction!(errors::error_codes, m)?)?;
    m.add_function(wrap_pyfunction!(load_rulebook, m)?)?;
    m.add_function(wrap_pyfunction!(assess, m)?)?;
    m.add_function(wrap_pyfunction!(assess_many, m)?)?;
    m.add_function(wrap_pyfunction!(documents::check_network, m)?)?;
    m.add_function(wrap_pyfunction!(documents::fill_round, m)?)?;
    m.add_function(wrap_pyfunction!(documents::run_steps, m)?)?;
    m.add_function(wrap_pyfunction!(documents::sensitivity, m)?)?;
    m.add_function(wrap_pyfunction!(documents::review_money, m)?)?;
    m.add_function(wrap_pyfunction!(documents::appraise_district, m)?)?;
    m.add_function(wrap_pyfunction!(frame::_columns_read, m)?)?;
    m.add_function(wrap_pyfunction!(frame::_score_frame, m)?)?;
    Ok(())
}
