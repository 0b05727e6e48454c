//! The `Rulebook` class: one core [`learning_city::Rulebook`], validated, held in
//! WebAssembly memory.

use learning_city as lc;
use learning_city::assess::RulebookSource;
use learning_city::documents;
use learning_city::error::{ErrorKind, RulebookProblem};
use learning_city::versions::RulebookSet;
use learning_city::{ErrorInfo, RulebookError};
use wasm_bindgen::prelude::*;

use crate::convert::{json_arg, json_text, to_js};
use crate::errors::to_js_error;

/// A validated appraisal standard. Make one with `Rulebook.builtin(name)`,
/// `Rulebook.fromObject(doc)` or `Rulebook.fromJson(text)`; pass it to `assess` and
/// `assessMany`. `JSON.stringify(rulebook)` gives its document.
#[wasm_bindgen]
pub struct Rulebook {
    inner: lc::Rulebook,
}

#[wasm_bindgen]
impl Rulebook {
    /// A built-in rulebook by name (see `builtinNames()`); throws a
    /// `LearningCityError` (code `unknown_builtin`) for any other name.
    pub fn builtin(
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
    ) -> Result<Rulebook, JsValue> {
        let name = text_arg(&name, "the name of a built-in rulebook")?;
        lc::Rulebook::builtin(&name)
            .map(Rulebook::from)
            .map_err(|e| to_js_error(&e.info()))
    }

    /// The rulebook used when a call names none: the core's default built-in
    /// (`standard`).
    #[wasm_bindgen(js_name = defaultBuiltin)]
    pub fn default_builtin() -> Result<Rulebook, JsValue> {
        lc::Rulebook::default_builtin()
            .map(Rulebook::from)
            .map_err(|e| to_js_error(&e.info()))
    }

    /// Reads and validates a rulebook document (a plain object); errors name the
    /// path inside it (`indicators[0].rule.ratio.at_least`).
    #[wasm_bindgen(js_name = fromObject)]
    pub fn from_object(
        #[wasm_bindgen(unchecked_param_type = "RulebookDoc")] doc: JsValue,
    ) -> Result<Rulebook, JsValue> {
        rulebook_from_js(&doc)
            .map(Rulebook::from)
            .map_err(|e| to_js_error(&e.info()))
    }

    /// Parses and validates a rulebook from JSON text.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<Rulebook, JsValue> {
        let text = text_arg(&text, "the JSON text of a rulebook")?;
        lc::Rulebook::from_json(&text)
            .map(Rulebook::from)
            .map_err(|e| to_js_error(&e.info()))
    }

    /// The rulebook's short name, e.g. `standard`.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id.clone()
    }

    /// Its version, e.g. `2020`.
    #[wasm_bindgen(getter)]
    pub fn version(&self) -> String {
        self.inner.version.clone()
    }

    /// `id@version`, as assessments cite it.
    #[wasm_bindgen(getter)]
    pub fn citation(&self) -> String {
        self.inner.citation()
    }

    /// Every record field some indicator reads, once each, in indicator order.
    #[wasm_bindgen(getter)]
    pub fn fields(&self) -> Vec<String> {
        self.inner.fields()
    }

    /// The rulebook document, as a plain object.
    #[wasm_bindgen(js_name = toObject, unchecked_return_type = "RulebookDoc")]
    pub fn to_object(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner)
    }

    /// The same document, for `JSON.stringify`.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "RulebookDoc")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner)
    }
}

impl From<lc::Rulebook> for Rulebook {
    fn from(inner: lc::Rulebook) -> Self {
        Rulebook { inner }
    }
}

/// The rulebook an `assess` call names: the core's default for `undefined` or
/// `null`, a built-in for a name, else a document (a `Rulebook` instance converts to
/// its document through `toJSON`).
pub(crate) fn resolve(arg: Option<JsValue>) -> Result<lc::Rulebook, RulebookError> {
    match arg {
        None => lc::Rulebook::default_builtin(),
        Some(value) => match value.as_string() {
            Some(name) => lc::Rulebook::builtin(&name),
            None => rulebook_from_js(&value),
        },
    }
}

/// The one rulebook a call that takes no versions names (`scoreMany`), resolved as
/// [`resolve`] does; a list (of versions, as `assessMany` takes) is refused as a
/// `malformed` rulebook at `rulebook`, saying so.
pub(crate) fn resolve_one(arg: Option<JsValue>, function: &str) -> Result<lc::Rulebook, ErrorInfo> {
    match arg {
        Some(list) if js_sys::Array::is_array(&list) => {
            let reason = format!(
                "{function} takes one rulebook (a Rulebook, a built-in name or a document), \
                 not a list; assessMany takes a list of versions of one rulebook"
            );
            Err(RulebookError::new("rulebook", RulebookProblem::Malformed(reason)).info())
        }
        other => resolve(other).map_err(|e| e.info()),
    }
}

/// Where a batch finds each record's rulebook: one rulebook, or a list of versions
/// of one rulebook, each record assessed by the version in force on 1 January of its
/// year.
pub(crate) enum Source {
    One(Box<lc::Rulebook>),
    Versions(RulebookSet),
}

impl Source {
    /// What `assessMany` names: a list is a set of versions (the core's
    /// `documents::rulebook_set`); anything else is one rulebook, as for `assess`.
    pub fn resolve(arg: Option<JsValue>) -> Result<Source, ErrorInfo> {
        match arg {
            Some(list) if js_sys::Array::is_array(&list) => {
                let versions = json_arg(&list, "rulebooks", ErrorKind::Rulebook)?;
                documents::rulebook_set(versions).map(Source::Versions)
            }
            other => resolve(other)
                .map(|r| Source::One(Box::new(r)))
                .map_err(|e| e.info()),
        }
    }

    pub fn get(&self) -> &dyn RulebookSource {
        match self {
            Source::One(rulebook) => rulebook.as_ref(),
            Source::Versions(set) => set,
        }
    }

    /// The rulebook or versions, as the core's batch takes them.
    pub fn rulebooks(&self) -> documents::Rulebooks<'_> {
        match self {
            Source::One(rulebook) => documents::Rulebooks::One(rulebook),
            Source::Versions(set) => documents::Rulebooks::Versions(set),
        }
    }
}

/// Reads a rulebook document from any JavaScript value, as the core reads a JSON
/// value (so errors speak of the document's keys, not of positions in a text the
/// caller never wrote).
fn rulebook_from_js(value: &JsValue) -> Result<lc::Rulebook, RulebookError> {
    let text = json_text(value).map_err(|e| e.into_rulebook_error())?;
    let value = serde_json::from_str(&text)
        .map_err(|e| RulebookError::new("", RulebookProblem::Malformed(e.to_string())))?;
    lc::Rulebook::from_value(value)
}

/// A text argument, or a `malformed` rulebook error saying what was found.
fn text_arg(value: &JsValue, expected: &str) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| {
        let found = value.js_typeof().as_string().unwrap_or_default();
        let problem =
            RulebookProblem::Malformed(format!("expected {expected} as text, found {found}"));
        to_js_error(&RulebookError::new("", problem).info())
    })
}
