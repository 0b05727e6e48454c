//! Conversions between JavaScript values and the core's JSON values.
//!
//! In: a page's value goes through `JSON.stringify` (in `to_json.js`) and then
//! `serde_json`, so the core reads exactly the JSON a Rust service would read from
//! the same text (`4200` is a whole number, `2.5` is not), and cycles, depth, NaN,
//! BigInt and functions become errors with a path instead of traps.
//!
//! Out: the core's serde types go to plain JavaScript objects with
//! `serde_wasm_bindgen`'s JSON-compatible serializer: maps are objects, `None` is
//! `null`, numbers are numbers, so `JSON.stringify` of a result equals the Rust
//! `serde_json` text after `JSON.parse`.

use learning_city::error::{join_path, ErrorKind, RecordProblem, RulebookProblem};
use learning_city::{ErrorInfo, RecordError, RulebookError};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/to_json.js")]
extern "C" {
    /// The result of `to_json`: the JSON text, or where and why there is none.
    type Converted;

    /// Converts any JavaScript value to JSON text no longer than `limit`; never throws.
    fn to_json(value: &JsValue, limit: f64) -> Converted;

    #[wasm_bindgen(method, getter)]
    fn ok(this: &Converted) -> bool;
    #[wasm_bindgen(method, getter)]
    fn text(this: &Converted) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    fn path(this: &Converted) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    fn problem(this: &Converted) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    fn found(this: &Converted) -> Option<String>;
}

/// Why a JavaScript value has no JSON form, and where (relative to the value).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct NoJson {
    pub path: String,
    pub kind: NoJsonKind,
    /// What was found: `NaN`, `a bigint`, the message of a `TypeError`.
    pub found: String,
}

/// The kinds of value JSON cannot hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NoJsonKind {
    /// NaN, Infinity or -Infinity.
    NotFinite,
    /// A BigInt, a function or a symbol.
    NotJson,
    /// A cycle, a structure too deep to walk, a getter that throws, text over the
    /// core's size limit.
    Unconvertible,
}

impl NoJson {
    /// The same failure seen from further out (`residents` inside `records[3]`).
    pub fn within(mut self, prefix: &str) -> Self {
        self.path = join_path(prefix, &self.path);
        self
    }

    /// As a record error: a non-finite number is the core's `not_finite`, anything
    /// else the core's `not_json`.
    pub fn into_record_error(self) -> RecordError {
        let problem = match self.kind {
            NoJsonKind::NotFinite => RecordProblem::NotFinite,
            NoJsonKind::NotJson => {
                RecordProblem::NotJson(format!("{} has no JSON form", self.found))
            }
            NoJsonKind::Unconvertible => RecordProblem::NotJson(self.found),
        };
        RecordError::new(self.path, problem)
    }

    /// As an error about another kind of document (`network`, `money`, …): the
    /// core's `malformed`, as the core reports a document it cannot read.
    pub fn into_document_error(self, kind: ErrorKind) -> ErrorInfo {
        let reason = match self.kind {
            NoJsonKind::NotFinite => format!("must be a finite number, found {}", self.found),
            NoJsonKind::NotJson => format!("{} has no JSON form", self.found),
            NoJsonKind::Unconvertible => self.found,
        };
        ErrorInfo {
            kind,
            code: "malformed".to_string(),
            path: self.path,
            reason,
        }
    }

    /// As a rulebook error: the core's `malformed`.
    pub fn into_rulebook_error(self) -> RulebookError {
        let reason = match self.kind {
            NoJsonKind::NotFinite => format!("must be a finite number, found {}", self.found),
            NoJsonKind::NotJson => format!("{} has no JSON form", self.found),
            NoJsonKind::Unconvertible => self.found,
        };
        RulebookError::new(self.path, RulebookProblem::Malformed(reason))
    }
}

/// The JSON text of a JavaScript value (`undefined` reads as `null`).
pub(crate) fn json_text(value: &JsValue) -> Result<String, NoJson> {
    let converted = to_json(value, learning_city::documents::MAX_TEXT_BYTES as f64);
    match (converted.ok(), converted.text()) {
        (true, Some(text)) => Ok(text),
        _ => {
            let kind = match converted.problem().as_deref() {
                Some("not_finite") => NoJsonKind::NotFinite,
                Some("not_json") => NoJsonKind::NotJson,
                _ => NoJsonKind::Unconvertible,
            };
            Err(NoJson {
                path: converted.path().unwrap_or_default(),
                kind,
                found: converted
                    .found()
                    .unwrap_or_else(|| "a value without a JSON form".to_string()),
            })
        }
    }
}

/// Argument `name` of a call as a JSON value (`undefined` is `null`), or an error of
/// `kind` whose path starts with the argument's name (`units[3].level`).
pub(crate) fn json_arg(value: &JsValue, name: &str, kind: ErrorKind) -> Result<Value, ErrorInfo> {
    let text = json_text(value).map_err(|e| e.within(name).into_document_error(kind))?;
    serde_json::from_str(&text).map_err(|e| ErrorInfo {
        kind,
        code: "malformed".to_string(),
        path: name.to_string(),
        reason: e.to_string(),
    })
}

/// A plain JavaScript value (objects, arrays, numbers, `null`) from a core type.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(JsValue::from)
}
