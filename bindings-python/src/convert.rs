//! Conversions between Python objects and the JSON values the core reads and writes.
//!
//! Python → JSON follows what an analyst's data holds: `None`, `float('nan')`,
//! `pandas.NA` and `pandas.NaT` are a missing value (JSON `null`); numpy scalars and
//! arrays become their Python values; `datetime.date` and `datetime.datetime`
//! (and `pandas.Timestamp`) become `"YYYY-MM-DD"`; `decimal.Decimal` becomes a
//! number; any mapping is an object and any sequence other than text or bytes a
//! list. Anything else, an infinite number, or nesting deeper than [`MAX_DEPTH`],
//! cannot be written as JSON and is reported with its path.
//!
//! JSON → Python goes through serde (`pythonize`): objects become `dict`s (in the
//! order the core writes their fields), lists `list`s, numbers `int` or `float`.

use learning_city::error::join_path;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDate, PyDateAccess, PyDict, PyFloat, PyInt, PyList, PyMapping,
    PySequence, PyString, PyTuple,
};
use serde::Serialize;
use serde_json::{Map, Number, Value};

/// How deeply lists and dicts may nest: the limit `serde_json` applies to JSON text.
pub const MAX_DEPTH: usize = 128;

/// Why a Python value has no JSON form.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// An infinite number (JSON has none).
    NotFinite,
    /// Nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// A dict key that is not text.
    KeyNotText(String),
    /// Text that cannot be encoded as UTF-8 (a lone surrogate).
    BadText,
    /// An object of a type with no JSON form, by its Python type name.
    Unsupported(String),
}

impl Problem {
    /// The problem in words, completing "is not valid JSON: …".
    pub fn describe(&self) -> String {
        match self {
            Problem::NotFinite => "an infinite number has no JSON form".to_string(),
            Problem::TooDeep => format!("lists and dicts nest deeper than {MAX_DEPTH} levels"),
            Problem::KeyNotText(t) => format!("a dict key must be text, found a `{t}`"),
            Problem::BadText => "text holds a lone surrogate, which UTF-8 cannot encode".into(),
            Problem::Unsupported(t) => format!("a Python `{t}` has no JSON form"),
        }
    }
}

/// A value that could not be converted: where (relative to the converted object,
/// written the core's way, `reports[3]`) and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Unconvertible {
    pub path: String,
    pub problem: Problem,
}

/// One step of a path, pushed while an error travels back out of the walk.
enum Step {
    Key(String),
    Index(usize),
}

struct Failure {
    /// Innermost step first.
    steps: Vec<Step>,
    problem: Problem,
}

impl Failure {
    fn new(problem: Problem) -> Self {
        Failure {
            steps: Vec::new(),
            problem,
        }
    }

    fn at(mut self, step: Step) -> Self {
        self.steps.push(step);
        self
    }

    fn finish(self) -> Unconvertible {
        let mut path = String::new();
        for step in self.steps.iter().rev() {
            path = match step {
                Step::Key(k) => join_path(&path, k),
                Step::Index(i) => join_path(&path, &format!("[{i}]")),
            };
        }
        Unconvertible {
            path,
            problem: self.problem,
        }
    }
}

/// A conversion either fails for a reason about the data ([`Failure`]) or because
/// Python itself raised (a `__len__` or `tolist` that raises): the latter is passed on.
enum Error {
    Data(Failure),
    Python(PyErr),
}

impl From<PyErr> for Error {
    fn from(e: PyErr) -> Self {
        Error::Python(e)
    }
}

impl From<Failure> for Error {
    fn from(f: Failure) -> Self {
        Error::Data(f)
    }
}

/// Converts a Python object to a JSON value.
///
/// `Ok(Err(_))` is a value with no JSON form (reported to the caller as a record
/// or rulebook error with its path); `Err(_)` is an exception Python raised while
/// the object was read, passed on unchanged.
pub fn to_value(obj: &Bound<'_, PyAny>) -> PyResult<Result<Value, Unconvertible>> {
    match walk(obj, 0) {
        Ok(v) => Ok(Ok(v)),
        Err(Error::Data(f)) => Ok(Err(f.finish())),
        Err(Error::Python(e)) => Err(e),
    }
}

fn number(x: f64) -> Result<Value, Error> {
    if x.is_nan() {
        return Ok(Value::Null);
    }
    match Number::from_f64(x) {
        Some(n) => Ok(Value::Number(n)),
        None => Err(Failure::new(Problem::NotFinite).into()),
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_string())
}

fn walk(obj: &Bound<'_, PyAny>, depth: usize) -> Result<Value, Error> {
    if depth > MAX_DEPTH {
        return Err(Failure::new(Problem::TooDeep).into());
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return match s.to_str() {
            Ok(text) => Ok(Value::String(text.to_string())),
            Err(_) => Err(Failure::new(Problem::BadText).into()),
        };
    }
    // `bool` is a subclass of `int`: test it first.
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.cast::<PyInt>().is_ok() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::Number(i.into()));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::Number(u.into()));
        }
        // Beyond 64 bits: as a float, which is what JSON text would give.
        return number(obj.extract::<f64>().unwrap_or(f64::INFINITY));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return number(f.value());
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        let mut map = Map::new();
        for (k, v) in dict.iter() {
            let key = key_text(&k)?;
            let value = walk(&v, depth + 1).map_err(|e| within(e, Step::Key(key.clone())))?;
            map.insert(key, value);
        }
        return Ok(Value::Object(map));
    }
    if let Ok(list) = obj.cast::<PyList>() {
        return items(list.iter(), depth);
    }
    if let Ok(tuple) = obj.cast::<PyTuple>() {
        return items(tuple.iter(), depth);
    }
    // Missing values of pandas, tested by name so that pandas need not be imported.
    // (`NaT` is also a `datetime`, so this comes before dates.)
    let name = type_name(obj);
    if name == "NAType" || name == "NaTType" {
        return Ok(Value::Null);
    }
    // `datetime.datetime` and `pandas.Timestamp` are dates too: their day is kept.
    if let Ok(date) = obj.cast::<PyDate>() {
        let (y, m, d) = (date.get_year(), date.get_month(), date.get_day());
        return Ok(Value::String(format!("{y:04}-{m:02}-{d:02}")));
    }
    if name == "Decimal" {
        return number(obj.extract::<f64>()?);
    }
    if obj.cast::<PyBytes>().is_ok() || obj.cast::<PyByteArray>().is_ok() {
        return Err(Failure::new(Problem::Unsupported(name)).into());
    }
    // numpy scalars and arrays, pandas Series: their plain Python form.
    if obj.hasattr("tolist")? && obj.hasattr("dtype")? {
        let datetime64 = obj
            .getattr("dtype")
            .and_then(|d| d.getattr("kind"))
            .map(|k| k.to_string() == "M")
            .unwrap_or(false);
        // numpy datetimes: to days first, so that `tolist` gives dates (not nanoseconds).
        let plain = if datetime64 {
            obj.call_method1("astype", ("datetime64[D]",))?
                .call_method0("tolist")?
        } else {
            obj.call_method0("tolist")?
        };
        return walk(&plain, depth + 1);
    }
    if let Ok(mapping) = obj.cast::<PyMapping>() {
        let mut map = Map::new();
        for pair in mapping.items()?.iter() {
            let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = pair.extract()?;
            let key = key_text(&k)?;
            let value = walk(&v, depth + 1).map_err(|e| within(e, Step::Key(key.clone())))?;
            map.insert(key, value);
        }
        return Ok(Value::Object(map));
    }
    if obj.cast::<PySequence>().is_ok() {
        return items(obj.try_iter()?, depth);
    }
    Err(Failure::new(Problem::Unsupported(name)).into())
}

fn items<'py, I>(iter: I, depth: usize) -> Result<Value, Error>
where
    I: IntoIterator,
    I::Item: IntoBound<'py>,
{
    let mut out = Vec::new();
    for (i, item) in iter.into_iter().enumerate() {
        let item = item.into_bound()?;
        out.push(walk(&item, depth + 1).map_err(|e| within(e, Step::Index(i)))?);
    }
    Ok(Value::Array(out))
}

/// Items from a list or tuple iterator (plain objects) or from a Python iterator
/// (`PyResult`s).
trait IntoBound<'py> {
    fn into_bound(self) -> PyResult<Bound<'py, PyAny>>;
}

impl<'py> IntoBound<'py> for Bound<'py, PyAny> {
    fn into_bound(self) -> PyResult<Bound<'py, PyAny>> {
        Ok(self)
    }
}

impl<'py> IntoBound<'py> for PyResult<Bound<'py, PyAny>> {
    fn into_bound(self) -> PyResult<Bound<'py, PyAny>> {
        self
    }
}

fn within(e: Error, step: Step) -> Error {
    match e {
        Error::Data(f) => Error::Data(f.at(step)),
        other => other,
    }
}

fn key_text(key: &Bound<'_, PyAny>) -> Result<String, Error> {
    match key.cast::<PyString>() {
        Ok(s) => match s.to_str() {
            Ok(text) => Ok(text.to_string()),
            Err(_) => Err(Failure::new(Problem::BadText).into()),
        },
        Err(_) => Err(Failure::new(Problem::KeyNotText(type_name(key))).into()),
    }
}

/// Converts a serialisable core value to plain Python data (dicts, lists, str,
/// float, int, bool, None).
pub fn to_python<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, value).map_err(|e| PyTypeError::new_err(e.to_string()))
}
