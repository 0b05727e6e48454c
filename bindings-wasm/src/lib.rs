//! # learning-city for WebAssembly
//!
//! The npm package `learning-city`: the rules engine of the crate `learning-city`,
//! compiled to WebAssembly with `wasm-bindgen`, for web pages and Node. It is a thin
//! mirror of the core: it converts JavaScript values to the core's JSON, calls the
//! core, and turns the core's errors into JavaScript errors. No rule, default or
//! check lives here.
//!
//! ```js
//! import init, { assess, assessMany, scoreMany, Rulebook, builtinNames } from "learning-city";
//! await init(); // the web build only
//! const a = assess({ unit: "c-017", period: "2024", residents: 4200, participants: 1130 });
//! a.indicators[0].points;   // 20: T1, 26.9 % ≥ 25 %
//! a.indicators[0].why.zh;   // the reason, in Chinese (and `.en`)
//! scoreMany([{ unit: "c-017", period: "2024", residents: 4200, participants: 1130 }]);
//! // [{ unit: "c-017", period: "2024", score: 20, grade: "fail", vetoed: false }]: no reasons, fast
//! try { assess({ unit: "c-1", period: "2024", residents: -5 }); }
//! catch (e) { e.name === "LearningCityError"; e.path === "residents"; e.code === "negative"; }
//! ```
//!
//! | JavaScript | core |
//! |---|---|
//! | `builtinNames()` | `Rulebook::builtin_names` |
//! | `Rulebook.builtin(name)`, `.defaultBuiltin()` | `Rulebook::builtin`, `default_builtin` |
//! | `Rulebook.fromObject(doc)`, `.fromJson(text)` | `Rulebook::from_value`, `from_json` |
//! | `rulebook.id`, `.version`, `.citation`, `.fields`, `.toObject()` | fields, `citation`, `fields`, serde |
//! | `assess(record, rulebook?)` | `assess` (rulebook: instance, name, document, or the default built-in) |
//! | `assessMany(records, rulebook?)` (or a list of versions) | `assess_values`, `documents::rulebook_set` |
//! | `scoreMany(records, rulebook?)` (one rulebook) | `documents::score_json` |
//! | `checkNetwork(units, members?)` | `documents::check_network` |
//! | `fillRound(round, candidates?)`, `runSteps(nomination, steps)` | `documents::fill_round`, `run_steps` |
//! | `reviewMoney(units, fundings, expenses, members, atLeastPerCapita)` | `documents::review_money` |
//! | `appraiseDistrict(rulebook, district)` | `documents::appraise_district` |
//! | `sensitivity(rulebook, records, change)` | `documents::sensitivity` |
//!
//! Errors are thrown as `Error`s named `LearningCityError` with own properties
//! `kind`, `code`, `path` and `reason` (the core's `ErrorInfo`); the message is
//! `path: reason`. Nothing a caller passes can trap the instance: every JavaScript
//! value is converted through JSON (cycles, NaN, BigInt and functions are errors
//! with a path) and no code here can panic.

// No panic path reachable from input: a panic aborts the WebAssembly instance.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod assess;
mod convert;
mod documents;
mod errors;
mod rulebook;

use wasm_bindgen::prelude::*;

pub use assess::{assess, assess_many, score_many};
pub use documents::{
    appraise_district, check_network, fill_round, review_money, run_steps, sensitivity,
};
pub use rulebook::Rulebook;

/// The TypeScript interfaces of the plain objects the functions take and return.
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

/// The names of the built-in rulebooks, e.g. `["standard", "national-2010"]`.
#[wasm_bindgen(js_name = builtinNames)]
pub fn builtin_names() -> Vec<String> {
    learning_city::Rulebook::builtin_names()
        .into_iter()
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use learning_city::codes::error_codes;
    use learning_city::error::ErrorKind;

    #[test]
    fn every_error_code_and_kind_of_the_core_is_declared_in_typescript() {
        let declared = include_str!("types.d.ts");
        let codes = error_codes();
        let undeclared: Vec<String> = codes
            .iter()
            .map(|c| c.code.to_string())
            .filter(|c| !declared.contains(&format!("| \"{c}\"")))
            .chain(
                ErrorKind::ALL
                    .iter()
                    .map(|k| k.as_str().to_string())
                    .filter(|k| !declared.contains(&format!("\"{k}\""))),
            )
            .collect();
        assert!(
            undeclared.is_empty(),
            "add {undeclared:?} to `ErrorCode` / `ErrorKind` in bindings-wasm/src/types.d.ts"
        );
    }

    #[test]
    fn builtin_names_come_from_the_core() {
        assert_eq!(
            super::builtin_names(),
            learning_city::Rulebook::builtin_names()
        );
    }
}
