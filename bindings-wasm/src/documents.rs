//! The core's JSON entry points (`learning_city::documents`): networks, designation
//! rounds and workflows, money, whole districts, sensitivity. Each converts its
//! arguments to JSON values, calls the core and throws the core's `ErrorInfo`, whose
//! path starts with the argument's name (`units[3].level`).

use learning_city::documents;
use learning_city::error::{join_path, parse, ErrorKind};
use learning_city::ErrorInfo;
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::assess::record_elements;
use crate::convert::{json_arg, to_js};
use crate::errors::to_js_error;
use crate::rulebook::resolve;

/// The core's answer as a plain object, or its error thrown.
fn answer<T: Serialize>(result: Result<T, ErrorInfo>) -> Result<JsValue, JsValue> {
    match result {
        Ok(value) => to_js(&value),
        Err(info) => Err(to_js_error(&info)),
    }
}

/// An optional argument: left out (`undefined`, `null`) is JSON `null`.
fn optional_arg(value: Option<JsValue>, name: &str, kind: ErrorKind) -> Result<Value, ErrorInfo> {
    match value {
        None => Ok(Value::Null),
        Some(v) => json_arg(&v, name, kind),
    }
}

/// A number argument, read by the core's document reader.
fn number_arg(value: &JsValue, name: &str, kind: ErrorKind) -> Result<f64, ErrorInfo> {
    let value = json_arg(value, name, kind)?;
    parse::<f64>(value, kind).map_err(|mut e| {
        e.path = join_path(name, &e.path);
        e
    })
}

/// Checks a three-level network (rules N1–N5 of DOMAIN.md) given as a flat list of
/// units and, optionally, the members of the five teams. Returns every finding.
#[wasm_bindgen(js_name = checkNetwork, unchecked_return_type = "Finding[]")]
pub fn check_network(
    #[wasm_bindgen(unchecked_param_type = "UnitDoc[]")] units: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MemberDoc[] | null")] members: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    answer((|| {
        let units = json_arg(&units, "units", ErrorKind::Network)?;
        let members = optional_arg(members, "members", ErrorKind::Network)?;
        documents::check_network(units, members)
    })())
}

/// Fills a designation round's quota by rank; `candidates` may be left out when the
/// round lists its own.
#[wasm_bindgen(js_name = fillRound, unchecked_return_type = "RoundResult")]
pub fn fill_round(
    #[wasm_bindgen(unchecked_param_type = "Round")] round: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Candidate[] | null")] candidates: Option<
        JsValue,
    >,
) -> Result<JsValue, JsValue> {
    answer((|| {
        let round = json_arg(&round, "round", ErrorKind::Designation)?;
        let candidates = optional_arg(candidates, "candidates", ErrorKind::Designation)?;
        documents::fill_round(round, candidates)
    })())
}

/// Applies workflow steps to a nomination (nominated → submitted → approved |
/// rejected → awarded): the nomination as far as the steps were legal, and the error
/// of the first illegal one.
#[wasm_bindgen(js_name = runSteps, unchecked_return_type = "Workflow")]
pub fn run_steps(
    #[wasm_bindgen(unchecked_param_type = "Nomination")] nomination: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Step[]")] steps: JsValue,
) -> Result<JsValue, JsValue> {
    answer((|| {
        let nomination = json_arg(&nomination, "nomination", ErrorKind::Designation)?;
        let steps = json_arg(&steps, "steps", ErrorKind::Designation)?;
        documents::run_steps(nomination, steps)
    })())
}

/// Reviews a district's books: funding per resident against `atLeastPerCapita`,
/// expense categories, teacher fees paid to volunteers or staff.
#[wasm_bindgen(js_name = reviewMoney, unchecked_return_type = "MoneyReview")]
pub fn review_money(
    #[wasm_bindgen(unchecked_param_type = "UnitDoc[] | null")] units: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Funding[] | null")] fundings: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Expense[] | null")] expenses: JsValue,
    #[wasm_bindgen(unchecked_param_type = "MemberDoc[] | null")] members: JsValue,
    #[wasm_bindgen(js_name = atLeastPerCapita, unchecked_param_type = "number")]
    at_least_per_capita: JsValue,
) -> Result<JsValue, JsValue> {
    answer((|| {
        let units = json_arg(&units, "units", ErrorKind::Money)?;
        let fundings = json_arg(&fundings, "fundings", ErrorKind::Money)?;
        let expenses = json_arg(&expenses, "expenses", ErrorKind::Money)?;
        let members = json_arg(&members, "members", ErrorKind::Money)?;
        let target = number_arg(
            &at_least_per_capita,
            "at_least_per_capita",
            ErrorKind::Money,
        )?;
        documents::review_money(units, fundings, expenses, members, target)
    })())
}

/// Appraises a whole district document: every record, the roll-ups per street and
/// for the district, the ranking, the network's findings, designation rounds, money.
#[wasm_bindgen(js_name = appraiseDistrict, unchecked_return_type = "DistrictReport")]
pub fn appraise_district(
    #[wasm_bindgen(unchecked_param_type = "RulebookArg | null | undefined")] rulebook: JsValue,
    #[wasm_bindgen(unchecked_param_type = "DistrictDoc")] district: JsValue,
) -> Result<JsValue, JsValue> {
    answer((|| {
        let rulebook = resolve(some(rulebook)).map_err(|e| e.info())?;
        let district = json_arg(&district, "district", ErrorKind::District)?;
        documents::appraise_district(&rulebook, district)
    })())
}

/// How grades and ranks move when each indicator's weight moves by ±`change` (a
/// share, e.g. 0.1 for ±10 %).
#[wasm_bindgen(unchecked_return_type = "Sensitivity")]
pub fn sensitivity(
    #[wasm_bindgen(unchecked_param_type = "RulebookArg | null | undefined")] rulebook: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RecordInput[]")] records: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] change: JsValue,
) -> Result<JsValue, JsValue> {
    answer((|| {
        let rulebook = resolve(some(rulebook)).map_err(|e| e.info())?;
        let elements = record_elements(&records).map_err(|e| e.info())?;
        let change = number_arg(&change, "change", ErrorKind::Rulebook)?;
        documents::sensitivity_elements(&rulebook, &elements, change)
    })())
}

/// `undefined` and `null` as `None`.
fn some(value: JsValue) -> Option<JsValue> {
    if value.is_undefined() || value.is_null() {
        None
    } else {
        Some(value)
    }
}
