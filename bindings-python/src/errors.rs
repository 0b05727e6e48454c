//! The exception hierarchy, and the one place where core errors become Python
//! exceptions.
//!
//! ```text
//! ValueError
//! └── LearningCityError        kind, code, path, reason
//!     ├── RulebookError        a rulebook that cannot be used
//!     ├── RecordError          a record that cannot be assessed
//!     ├── NetworkError         a network document of the wrong shape
//!     ├── DesignationError     a designation round or nomination that cannot be used
//!     ├── MoneyError           funding or expense documents of the wrong shape
//!     ├── ActivityError        activities that cannot be counted
//!     ├── DistrictError        a district document of the wrong shape
//!     └── InputError           an argument as a whole: not JSON, too large, too many
//! ```
//!
//! Each core [`ErrorKind`] has its class, chosen by an exhaustive `match`
//! ([`Classes::of`]): a new kind in the core does not compile here until it has one.
//!
//! ```text
//! ```
//!
//! The classes are named `learning_city.<Name>` so that they pickle by reference
//! (a Dask worker's error reaches the client intact): `learning_city/__init__.py`
//! re-exports them.

use std::ffi::CStr;

use learning_city::error::{ErrorKind, RecordProblem, RulebookProblem};
use learning_city::{ErrorInfo, RecordError, RulebookError};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

use crate::convert::{Problem, Unconvertible};

/// The exception classes, created once per interpreter.
pub struct Classes {
    pub base: Py<PyType>,
    pub rulebook: Py<PyType>,
    pub record: Py<PyType>,
    pub network: Py<PyType>,
    pub designation: Py<PyType>,
    pub money: Py<PyType>,
    pub district: Py<PyType>,
    pub activity: Py<PyType>,
    pub input: Py<PyType>,
}

impl Classes {
    /// The class of an error of `kind`.
    pub fn of(&self, kind: ErrorKind) -> &Py<PyType> {
        match kind {
            ErrorKind::Record => &self.record,
            ErrorKind::Rulebook => &self.rulebook,
            ErrorKind::Network => &self.network,
            ErrorKind::Designation => &self.designation,
            ErrorKind::Money => &self.money,
            ErrorKind::Activity => &self.activity,
            ErrorKind::District => &self.district,
            ErrorKind::Input => &self.input,
        }
    }
}

static CLASSES: PyOnceLock<Classes> = PyOnceLock::new();

const BASE_DOC: &CStr =
    c"Base of every error learning_city raises for bad input (a subclass of ValueError).

Attributes:
    kind:   the concern: \"record\", \"rulebook\", \"network\", ...
    code:   a stable machine-readable code: \"negative\", \"bad_date\", \"missing_column\", ...
    path:   where the bad value is: \"records[3].residents\", \"indicators[0].points\"
            (\"\" when the whole input is at fault)
    reason: why it is bad, in English

str(error) is \"path: reason\" (just the reason when the path is empty).";

const RULEBOOK_DOC: &CStr =
    c"A rulebook that cannot be used: malformed, out of range, an unknown built-in name.

Its path points into the rulebook document, e.g. \"indicators[0].rule.ratio.at_least\".
See LearningCityError for the attributes.";

const RECORD_DOC: &CStr = c"A record that cannot be assessed: impossible or malformed data.

Its path names the field, e.g. \"residents\" for assess(), \"records[3].residents\" in a
batch, or the column for assess_frame(). See LearningCityError for the attributes.";

const NETWORK_DOC: &CStr =
    c"A network document (units, members) that cannot be read: a wrong shape or value.

Its path starts with the argument, e.g. \"units[3].level\". A network that reads but
breaks the network rules (N1-N5) is not an error: check_network returns the findings.
See LearningCityError for the attributes.";

const DESIGNATION_DOC: &CStr =
    c"A designation round or nomination that cannot be used (malformed, no quota, ...).

Its path starts with the argument, e.g. \"round.quota\". See LearningCityError for the
attributes.";

const MONEY_DOC: &CStr = c"Funding or expense documents that cannot be read.

Its path starts with the argument, e.g. \"expenses[0].amount\". See LearningCityError
for the attributes.";

const DISTRICT_DOC: &CStr = c"A district document that cannot be read.

Its path starts with \"district\", e.g. \"district.units\". See LearningCityError for
the attributes.";

const ACTIVITY_DOC: &CStr =
    c"Activities that cannot be counted: a missing unit, hours that are not a number.

Its path starts with the argument, e.g. \"activities[3].hours\". See LearningCityError
for the attributes.";

const INPUT_DOC: &CStr =
    c"An argument that cannot be read as a whole: text that is not JSON, a text over
the size limit, a batch over the count limit.

Its path names the argument, e.g. \"records\". See LearningCityError for the attributes.";

fn create(py: Python<'_>) -> PyResult<Classes> {
    let value_error = py.get_type::<PyValueError>();
    let base = PyErr::new_type(
        py,
        c"learning_city.LearningCityError",
        Some(BASE_DOC),
        Some(&value_error),
        None,
    )?;
    let sub =
        |name: &CStr, doc: &CStr| PyErr::new_type(py, name, Some(doc), Some(base.bind(py)), None);
    let rulebook = sub(c"learning_city.RulebookError", RULEBOOK_DOC)?;
    let record = sub(c"learning_city.RecordError", RECORD_DOC)?;
    let network = sub(c"learning_city.NetworkError", NETWORK_DOC)?;
    let designation = sub(c"learning_city.DesignationError", DESIGNATION_DOC)?;
    let money = sub(c"learning_city.MoneyError", MONEY_DOC)?;
    let district = sub(c"learning_city.DistrictError", DISTRICT_DOC)?;
    let activity = sub(c"learning_city.ActivityError", ACTIVITY_DOC)?;
    let input = sub(c"learning_city.InputError", INPUT_DOC)?;
    Ok(Classes {
        base,
        rulebook,
        record,
        network,
        designation,
        money,
        district,
        activity,
        input,
    })
}

/// The exception classes (created on first use).
pub fn classes(py: Python<'_>) -> PyResult<&Classes> {
    CLASSES.get_or_try_init(py, || create(py))
}

/// The Python exception for a core error: its class chosen by `kind`, with the
/// attributes `kind`, `code`, `path` and `reason`.
pub fn from_info(py: Python<'_>, info: &ErrorInfo) -> PyErr {
    match build(py, info) {
        Ok(err) => err,
        Err(err) => err,
    }
}

fn build(py: Python<'_>, info: &ErrorInfo) -> PyResult<PyErr> {
    let classes = classes(py)?;
    let class = classes.of(info.kind);
    let message = if info.path.is_empty() {
        info.reason.clone()
    } else {
        format!("{}: {}", info.path, info.reason)
    };
    let exc = class.bind(py).call1((message,))?;
    exc.setattr("kind", info.kind.as_str())?;
    exc.setattr("code", &info.code)?;
    exc.setattr("path", &info.path)?;
    exc.setattr("reason", &info.reason)?;
    Ok(PyErr::from_value(exc))
}

/// A record error as a Python `RecordError`.
pub fn record(py: Python<'_>, e: &RecordError) -> PyErr {
    from_info(py, &e.info())
}

/// A rulebook error as a Python `RulebookError`.
pub fn rulebook(py: Python<'_>, e: &RulebookError) -> PyErr {
    from_info(py, &e.info())
}

/// A record value with no JSON form, as the core's own record error: an infinite
/// number is `not_finite`, anything else `not_json`.
pub fn record_unconvertible(u: &Unconvertible) -> RecordError {
    let problem = match &u.problem {
        Problem::NotFinite => RecordProblem::NotFinite,
        other => RecordProblem::NotJson(other.describe()),
    };
    RecordError::new(u.path.clone(), problem)
}

/// A rulebook value with no JSON form, as the core's own `malformed` rulebook error.
pub fn rulebook_unconvertible(u: &Unconvertible) -> RulebookError {
    RulebookError::new(
        u.path.clone(),
        RulebookProblem::Malformed(u.problem.describe()),
    )
}

/// Every (kind, code) pair the core can give, sorted: the core's registry
/// (`learning_city::codes::error_codes`). Each kind's errors are raised as that
/// kind's exception class.
///
/// >>> import learning_city as lc
/// >>> ("record", "negative") in lc.error_codes()
/// True
#[pyfunction]
pub fn error_codes() -> Vec<(&'static str, &'static str)> {
    learning_city::codes::error_codes()
        .into_iter()
        .map(|c| (c.kind.as_str(), c.code))
        .collect()
}
