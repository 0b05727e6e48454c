//! `assess` and `assessMany`: convert, call the core, map errors.

use learning_city as lc;
use learning_city::assess::RulebookSource;
use learning_city::error::RecordProblem;
use learning_city::record::{index_path, json_kind};
use learning_city::{Failure, Outcome, RecordError};
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::convert::{json_text, to_js};
use crate::errors::to_js_error;
use crate::rulebook::Source;

/// Assesses one record against a rulebook (a `Rulebook`, a built-in name, a
/// rulebook document, a list of versions, or nothing for the default built-in). Returns the assessment;
/// throws a `LearningCityError` whose `path` names the bad field (`residents`,
/// `reports[3]`) when the record or the rulebook cannot be used.
#[wasm_bindgen(unchecked_return_type = "Assessment")]
pub fn assess(
    #[wasm_bindgen(unchecked_param_type = "RecordInput")] record: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RulebookArg | RulebookVersions | null")]
    rulebook: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let source = Source::resolve(rulebook).map_err(|e| to_js_error(&e))?;
    let value: Value = json_text(&record)
        .map_err(|e| e.into_record_error())
        .and_then(|text| {
            serde_json::from_str(&text)
                .map_err(|e| RecordError::new("", RecordProblem::NotJson(e.to_string())))
        })
        .map_err(|e| to_js_error(&e.info()))?;
    let assessment = lc::assess::assess_value(source.get(), &value).map_err(|e| to_js_error(&e))?;
    to_js(&assessment)
}

/// Assesses a list of records: one outcome per record, in order, each an
/// assessment or `{unit, error}` whose path starts `records[i]`. The rulebook may
/// also be a list of versions of one rulebook: each record is then assessed by the
/// version in force on 1 January of its year. Throws only when the rulebook cannot be
/// used or `records` is not a list.
#[wasm_bindgen(js_name = assessMany, unchecked_return_type = "Outcome[]")]
pub fn assess_many(
    #[wasm_bindgen(unchecked_param_type = "RecordInput[]")] records: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RulebookArg | RulebookVersions | null")]
    rulebook: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let source = Source::resolve(rulebook).map_err(|e| to_js_error(&e))?;
    let converted = records_from_js(&records).map_err(|e| to_js_error(&e.info()))?;
    to_js(&assess_converted(source.get(), converted))
}

/// One record of a batch as JSON, or why it has none (with its `unit` when readable).
type Converted = Result<Value, (Option<String>, RecordError)>;

/// Records as JSON values for a call that takes them whole (`sensitivity`): a
/// conversion failure is an error naming `records[i]`.
pub(crate) fn record_values(records: &JsValue) -> Result<Vec<Value>, RecordError> {
    records_from_js(records)?
        .into_iter()
        .map(|c| c.map_err(|(_, e)| e))
        .collect()
}

/// Converts a JavaScript list of records in one pass; only when that fails does it
/// convert each element alone, so that one bad element is that element's outcome.
fn records_from_js(records: &JsValue) -> Result<Vec<Converted>, RecordError> {
    let whole = json_text(records)
        .map_err(|e| e.within("records").into_record_error())
        .and_then(|text| {
            serde_json::from_str::<Value>(&text)
                .map_err(|e| RecordError::new("records", RecordProblem::NotJson(e.to_string())))
        });
    match whole {
        Ok(Value::Array(values)) => Ok(values.into_iter().map(Ok).collect()),
        Ok(other) => Err(not_a_list(json_kind(&other))),
        Err(e) => match records.dyn_ref::<js_sys::Array>() {
            Some(list) => Ok(list
                .iter()
                .enumerate()
                .map(|(i, item)| element_from_js(i, &item))
                .collect()),
            None => Err(e),
        },
    }
}

/// One element of a list of records as JSON, or its conversion error at `records[i]`.
fn element_from_js(i: usize, item: &JsValue) -> Converted {
    let failed = |e: RecordError| {
        let unit = js_sys::Reflect::get(item, &JsValue::from_str("unit"))
            .ok()
            .and_then(|u| u.as_string());
        (unit, e.within(&index_path(i)))
    };
    let text = json_text(item).map_err(|e| failed(e.into_record_error()))?;
    serde_json::from_str(&text)
        .map_err(|e| failed(RecordError::new("", RecordProblem::NotJson(e.to_string()))))
}

fn not_a_list(found: &'static str) -> RecordError {
    RecordError::new(
        "records",
        RecordProblem::WrongType {
            expected: "a list",
            found,
        },
    )
}

/// Assesses the converted records with the core's batch, keeping every entry in
/// place: an element that could not be converted gets its conversion error as its
/// outcome (the core is given `null` in its place, whose outcome is replaced).
fn assess_converted(rulebook: &dyn RulebookSource, converted: Vec<Converted>) -> Vec<Outcome> {
    let mut failures = Vec::new();
    let values: Vec<Value> = converted
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            c.unwrap_or_else(|(unit, error)| {
                failures.push((i, unit, error));
                Value::Null
            })
        })
        .collect();
    let mut outcomes = lc::assess_json_batch(rulebook, &values);
    for (i, unit, error) in failures {
        if let Some(slot) = outcomes.get_mut(i) {
            *slot = Outcome::Failed(Failure {
                unit,
                error: error.info(),
            });
        }
    }
    outcomes
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn conversion_failures_keep_their_place() -> Result<(), lc::RulebookError> {
        let rulebook = lc::Rulebook::builtin("standard")?;
        let bad = RecordError::new("residents", RecordProblem::NotFinite).within(&index_path(1));
        let converted = vec![
            Ok(json!({"unit": "c-1", "period": "2024", "residents": 100, "participants": 30})),
            Err((Some("c-2".to_string()), bad)),
            Ok(json!({"unit": "c-3", "period": "2024", "residents": -1})),
        ];
        let outcomes = assess_converted(&rulebook, converted);
        let out = serde_json::to_value(&outcomes).map_err(|e| {
            lc::RulebookError::new(
                "",
                learning_city::error::RulebookProblem::Malformed(e.to_string()),
            )
        })?;
        assert_eq!(out[0]["indicators"][0]["points"], json!(20.0));
        assert_eq!(
            out[1],
            json!({"unit": "c-2", "error": {"kind": "record", "code": "not_finite",
                "path": "records[1].residents", "reason": "must be a finite number"}})
        );
        assert_eq!(out[2]["error"]["path"], json!("records[2].residents"));
        assert_eq!(outcomes.len(), 3);
        Ok(())
    }
}
