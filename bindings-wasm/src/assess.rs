//! `assess`, `assessMany` and `scoreMany`: convert, call the core, map errors.

use learning_city as lc;
use learning_city::assess::ScoreOutcome;
use learning_city::documents::{BatchOptions, Elements};
use learning_city::error::ErrorKind;
use learning_city::error::RecordProblem;
use learning_city::record::{index_path, json_kind};
use learning_city::{ErrorInfo, Failure, RecordError};
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::convert::{json_arg, json_text, to_js};
use crate::errors::to_js_error;
use crate::rulebook::{resolve_one, Source};

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
/// version in force on 1 January of its year. `options` says what to explain
/// (`explain`: `"none"`, `"zh"`, `"en"` or `"both"`, the default) and in which
/// shape (`shape`: `"full"`, the default, a list of whole assessments; `"compact"`,
/// `{rulebook, explain, max_score, indicators, grades, records}`). Throws only when
/// the rulebook cannot be used, the options do not fit (`bad_option`), `records` is
/// not a list, or it holds more than 100 000 records
/// (`documents::MAX_ASSESS_RECORDS`, code `too_many`: split the batch, or use
/// `scoreMany`).
///
/// Its TypeScript declaration (one overload per shape) is in `types.d.ts`.
#[wasm_bindgen(js_name = assessMany, skip_typescript)]
pub fn assess_many(
    records: JsValue,
    rulebook: Option<JsValue>,
    options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let options = batch_options(options).map_err(|e| to_js_error(&e))?;
    let source = Source::resolve(rulebook).map_err(|e| to_js_error(&e))?;
    check_length(&records, lc::documents::MAX_ASSESS_RECORDS)?;
    let elements = record_elements(&records).map_err(|e| to_js_error(&e.info()))?;
    let batch = lc::documents::assess_elements(source.rulebooks(), &elements, options)
        .map_err(|e| to_js_error(&e))?;
    to_js(&batch)
}

/// The `{explain, shape}` options, read by the core.
fn batch_options(options: Option<JsValue>) -> Result<BatchOptions, ErrorInfo> {
    let value = match options {
        None => Value::Null,
        Some(v) => json_arg(&v, "options", ErrorKind::Input)?,
    };
    BatchOptions::from_value(&value)
}

/// Scores a list of records without their reasons: one outcome per record, in order,
/// `{unit, period, score, grade, vetoed}` or `{unit, error}` whose path starts
/// `records[i]`. The scores, grades and errors are those of `assessMany`, much faster:
/// no sentences, gaps or work lists are made. The rulebook is one rulebook (a
/// `Rulebook`, a built-in name, a document, or nothing for the default built-in); a
/// list of versions is for `assessMany`. Throws only when the rulebook cannot be used,
/// `records` is not a list, or it holds more than 1 000 000 records or 64 MiB of JSON
/// (`documents::MAX_SCORE_RECORDS`, `MAX_TEXT_BYTES`; codes `too_many`, `too_large`).
#[wasm_bindgen(js_name = scoreMany, unchecked_return_type = "ScoreOutcome[]")]
pub fn score_many(
    #[wasm_bindgen(unchecked_param_type = "RecordInput[]")] records: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RulebookArg | null")] rulebook: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let rulebook = resolve_one(rulebook, "scoreMany").map_err(|e| to_js_error(&e))?;
    check_length(&records, lc::documents::MAX_SCORE_RECORDS)?;
    let outcomes = score_records(&rulebook, &records).map_err(|e| to_js_error(&e))?;
    // Out through `to_js`, not serde_json text and `JSON.parse`: measured in Node 20
    // on 100 000 outcomes of benches/js's records, the whole call took 600-610 ms
    // against 575-600 ms through text, within run-to-run noise, and `to_js` needs no
    // second copy of the outcomes as text in the module's memory.
    to_js(&outcomes)
}

/// Refuses a list of more than `limit` records before any element is converted: the
/// module's memory (4 GiB) must hold every outcome until it is handed over.
fn check_length(records: &JsValue, limit: usize) -> Result<(), JsValue> {
    match records.dyn_ref::<js_sys::Array>() {
        Some(list) => {
            lc::documents::check_batch(list.length() as usize, limit).map_err(|e| to_js_error(&e))
        }
        None => Ok(()),
    }
}

/// Why one element of a batch has no JSON, with its `unit` when readable.
type ElementError = (Option<String>, RecordError);

/// One record of a batch as JSON, or why it has none.
type Converted = Result<Value, ElementError>;

/// A list of records as the core's batch elements: an element that could not be
/// converted is its own outcome, in its place.
pub(crate) fn record_elements(records: &JsValue) -> Result<Elements, RecordError> {
    let converted = records_from_js(records)?;
    Ok(Elements::new(converted.into_iter().map(|c| {
        c.map_err(|(unit, e)| Failure {
            unit,
            error: e.info(),
        })
    })))
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
    let text = element_text(i, item)?;
    element_value(i, item, &text)
}

/// The JSON text of element `i` of a list of records, or its conversion error.
fn element_text(i: usize, item: &JsValue) -> Result<String, ElementError> {
    json_text(item).map_err(|e| element_failed(i, item, e.into_record_error()))
}

/// Element `i`'s text read as a JSON value; `serde_json` refuses what
/// `JSON.stringify` writes but JSON cannot hold (nesting past its depth limit, a
/// lone surrogate).
fn element_value(i: usize, item: &JsValue, text: &str) -> Converted {
    serde_json::from_str(text).map_err(|e| {
        let e = RecordError::new("", RecordProblem::NotJson(e.to_string()));
        element_failed(i, item, e)
    })
}

/// A conversion error at `records[i]`, with the element's `unit` when it is text.
fn element_failed(i: usize, item: &JsValue, e: RecordError) -> ElementError {
    (unit_of(item), e.within(&index_path(i)))
}

/// An element's `unit` when it is text.
fn unit_of(item: &JsValue) -> Option<String> {
    js_sys::Reflect::get(item, &JsValue::from_str("unit"))
        .ok()
        .and_then(|u| u.as_string())
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

/// Puts each conversion failure in its place among a batch's outcomes.
fn put_failures<T>(
    outcomes: &mut [T],
    failures: Vec<(usize, Option<String>, RecordError)>,
    failed: impl Fn(Failure) -> T,
) {
    for (i, unit, error) in failures {
        if let Some(slot) = outcomes.get_mut(i) {
            *slot = failed(Failure {
                unit,
                error: error.info(),
            });
        }
    }
}

/// Scores a JavaScript list of records with the core's `documents::score_json`.
///
/// The list's JSON text goes to the core as it is, unparsed here: that is what makes
/// the call fast. Only when the list has no JSON text (an element holds `NaN`, a
/// `BigInt`, a cycle, …) or the core cannot read it (an element nested past
/// `serde_json`'s depth limit, a lone surrogate) is each element converted alone, as
/// `assessMany` does, and the elements' texts are scored by [`score_texts`].
fn score_records(
    rulebook: &lc::Rulebook,
    records: &JsValue,
) -> Result<Vec<ScoreOutcome>, ErrorInfo> {
    let whole = json_text(records).map_err(|e| e.within("records").into_record_error().info());
    let whole_error = match whole {
        Ok(text) => match lc::documents::score_json(rulebook, &text) {
            Ok(outcomes) => return Ok(outcomes),
            Err(e) => e,
        },
        Err(e) => e,
    };
    let Some(list) = records.dyn_ref::<js_sys::Array>() else {
        return Err(whole_error);
    };
    let mut failures = Vec::new();
    let texts = list
        .iter()
        .enumerate()
        .map(|(i, item)| match element_text(i, &item) {
            Ok(text) => Some(text),
            Err((unit, error)) => {
                failures.push((i, unit, error));
                None
            }
        })
        .collect();
    score_texts(rulebook, texts, failures, |i| unit_of(&list.get(i as u32)))
}

/// Scores the elements' texts joined into one list, `null` in place of each element
/// without one, whose outcome is then its failure. When the core cannot read the
/// list, each text it cannot read (see [`unreadable`]) becomes its element's failure
/// too (with `unit_of(i)`), and the rest is scored; the core's error stands when no
/// element is to blame (the list is over the core's size limit).
fn score_texts(
    rulebook: &lc::Rulebook,
    mut texts: Vec<Option<String>>,
    mut failures: Vec<(usize, Option<String>, RecordError)>,
    unit_of: impl Fn(usize) -> Option<String>,
) -> Result<Vec<ScoreOutcome>, ErrorInfo> {
    let mut outcomes = match lc::documents::score_json(rulebook, &joined(&texts)) {
        Ok(outcomes) => outcomes,
        Err(error) => {
            let before = failures.len();
            for (i, slot) in texts.iter_mut().enumerate() {
                if let Some(e) = slot.as_deref().and_then(unreadable) {
                    failures.push((i, unit_of(i), e.within(&index_path(i))));
                    *slot = None;
                }
            }
            if failures.len() == before {
                return Err(error);
            }
            lc::documents::score_json(rulebook, &joined(&texts))?
        }
    };
    put_failures(&mut outcomes, failures, ScoreOutcome::Failed);
    Ok(outcomes)
}

/// Texts of JSON values as one JSON list, `null` in place of each missing one.
fn joined(texts: &[Option<String>]) -> String {
    let size: usize = texts
        .iter()
        .map(|t| t.as_ref().map_or(4, String::len) + 1)
        .sum();
    let mut list = String::with_capacity(size + 2);
    list.push('[');
    for (i, text) in texts.iter().enumerate() {
        if i > 0 {
            list.push(',');
        }
        list.push_str(text.as_deref().unwrap_or("null"));
    }
    list.push(']');
    list
}

/// Why `serde_json` cannot read an element's JSON text where the core reads it,
/// inside a list, if it cannot: what it refuses in the text alone (the error
/// `assessMany` gives), else nesting that reaches its depth limit one level down.
fn unreadable(text: &str) -> Option<RecordError> {
    let refused =
        |e: serde_json::Error| RecordError::new("", RecordProblem::NotJson(e.to_string()));
    if let Err(e) = serde_json::from_str::<Value>(text) {
        return Some(refused(e));
    }
    serde_json::from_str::<Value>(&format!("[{text}]"))
        .err()
        .map(refused)
}

#[cfg(test)]
mod tests {
    use super::*;
    use learning_city::error::RulebookProblem;

    /// `{"unit": …, "period": "2024", "x": [[…1…]]}` with `depth` levels of lists.
    fn nested_record(unit: &str, depth: usize) -> String {
        let x = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        format!(r#"{{"unit": "{unit}", "period": "2024", "residents": 100, "x": {x}}}"#)
    }

    #[test]
    fn texts_the_core_cannot_read_in_a_list_become_their_elements_failures(
    ) -> Result<(), lc::RulebookError> {
        let rulebook = lc::Rulebook::builtin("standard")?;
        let good = r#"{"unit": "c-1", "period": "2024", "residents": 100, "participants": 30}"#;
        // 126 lists inside the record: serde_json reads it alone (as assessMany does),
        // not inside the list, where it is one level deeper.
        let edge = nested_record("c-edge", 126);
        assert!(serde_json::from_str::<Value>(&edge).is_ok());
        assert!(lc::documents::score_json(&rulebook, &format!("[{edge}]")).is_err());
        let nan = RecordError::new("residents", RecordProblem::NotFinite).within(&index_path(1));
        let texts = vec![
            Some(good.to_string()),
            None,
            Some(edge),
            Some(nested_record("c-ok", 60)),
            Some(r#"{"unit": "c-\ud800", "period": "2024"}"#.to_string()),
        ];
        let outcomes = score_texts(&rulebook, texts, vec![(1, Some("c-2".into()), nan)], |i| {
            Some(format!("unit of {i}"))
        })
        .map_err(|e| lc::RulebookError::new("", RulebookProblem::Malformed(e.reason)))?;
        let failure = |o: &ScoreOutcome| match o {
            ScoreOutcome::Failed(f) => {
                Some((f.unit.clone(), f.error.code.clone(), f.error.path.clone()))
            }
            ScoreOutcome::Scored(_) => None,
        };
        let got: Vec<_> = outcomes.iter().map(failure).collect();
        let failed = |unit: &str, code: &str, path: &str| {
            Some((Some(unit.to_string()), code.to_string(), path.to_string()))
        };
        assert_eq!(
            got,
            vec![
                None,
                failed("c-2", "not_finite", "records[1].residents"),
                failed("unit of 2", "not_json", "records[2]"),
                None,
                failed("unit of 4", "not_json", "records[4]"),
            ]
        );
        // Over the size limit, no element is to blame: the core's error stands.
        let big = Some(format!(
            r#"{{"unit": "{}"}}"#,
            "x".repeat(lc::documents::MAX_TEXT_BYTES)
        ));
        let e = score_texts(&rulebook, vec![big], Vec::new(), |_| None).err();
        assert_eq!(
            e.map(|e| (e.code, e.path)),
            Some(("too_large".to_string(), "records".to_string()))
        );
        Ok(())
    }
}
