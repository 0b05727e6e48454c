//! Runs every case in `conformance/cases/` through the public API and compares the
//! output with the case's `expected` byte for byte, after checking it against the
//! case's independent `reference` (score and grade, or the error's path and code).
//!
//! `BLESS=1 cargo test -p learning-city --test conformance` writes `expected` from the
//! engine instead: only after the reference check passes.

use std::fs;
use std::path::{Path, PathBuf};

use learning_city::documents as doc;
use learning_city::{assess_values, ErrorInfo, Outcome, Rulebook};
use serde::Serialize;
use serde_json::{json, Value};

fn case_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../conformance/cases");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

fn rulebook_of(value: &Value) -> Rulebook {
    match value {
        Value::String(name) => Rulebook::builtin(name).unwrap(),
        doc => Rulebook::from_value(doc.clone()).unwrap(),
    }
}

/// A result as every runtime shows it: the value, or `{"error": …}`.
fn shown<T: Serialize>(result: Result<T, ErrorInfo>) -> Value {
    match result {
        Ok(v) => serde_json::to_value(v).unwrap(),
        Err(e) => json!({ "error": e }),
    }
}

/// Runs a case of any kind but `assess` through the documents API.
fn run_kind(kind: &str, input: &Value) -> Value {
    let arg = |name: &str| input.get(name).cloned().unwrap_or(Value::Null);
    let records = || arg("records").as_array().cloned().unwrap_or_default();
    match kind {
        "assess_versioned" => {
            shown(doc::rulebook_set(arg("rulebooks")).map(|set| assess_values(&set, &records())))
        }
        "assess_batch" => {
            let name = |key: &str| input[key].as_str().map(str::to_string);
            let (explain, shape) = (name("explain"), name("shape"));
            let rulebook = rulebook_of(&input["rulebook"]);
            shown(
                doc::BatchOptions::from_names(explain.as_deref(), shape.as_deref()).and_then(|o| {
                    doc::assess_batch(doc::Rulebooks::One(&rulebook), &records(), o)
                        .map(|b| serde_json::to_value(b).unwrap())
                }),
            )
        }
        "network" => shown(doc::check_network(arg("units"), arg("members"))),
        "designation" => shown(doc::fill_round(arg("round"), arg("candidates"))),
        "workflow" => shown(doc::run_steps(arg("nomination"), arg("steps"))),
        "sensitivity" => {
            let change = input["change"].as_f64().unwrap();
            shown(doc::sensitivity(
                &rulebook_of(&input["rulebook"]),
                &records(),
                change,
            ))
        }
        "money" => {
            let target = input["at_least_per_capita"].as_f64().unwrap();
            shown(doc::review_money(
                arg("units"),
                arg("fundings"),
                arg("expenses"),
                arg("members"),
                target,
            ))
        }
        "district" => shown(doc::appraise_district(
            &rulebook_of(&input["rulebook"]),
            arg("district"),
        )),
        other => panic!("unknown case kind `{other}`"),
    }
}

/// The hand-written checks: each JSON pointer must hold its value.
fn check_pointers(name: &str, got: &Value, checks: &[Value]) {
    for c in checks {
        let (pointer, want) = (c[0].as_str().unwrap(), &c[1]);
        let found = got
            .pointer(pointer)
            .unwrap_or_else(|| panic!("{name}: nothing at {pointer} in {got}"));
        assert_eq!(found, want, "{name}: at {pointer}");
    }
}

fn check_reference(name: &str, outcomes: &[Outcome], reference: &[Value]) {
    assert_eq!(outcomes.len(), reference.len(), "{name}: outcome count");
    for (i, (out, want)) in outcomes.iter().zip(reference).enumerate() {
        match (out, want.get("error")) {
            (Outcome::Failed(f), Some(e)) => {
                assert_eq!(f.error.path, e["path"], "{name}[{i}] path");
                assert_eq!(f.error.code, e["code"], "{name}[{i}] code");
            }
            (Outcome::Assessed(a), None) => {
                let score = want["score"].as_f64().unwrap();
                assert!(
                    (a.score - score).abs() < 1e-9,
                    "{name}[{i}] score {} vs reference {score}",
                    a.score
                );
                assert_eq!(a.grade, want["grade"], "{name}[{i}] grade");
            }
            (out, _) => panic!("{name}[{i}]: {out:?} but the reference says {want}"),
        }
    }
}

/// A batch's records (the full shape's list, or the compact shape's `records`)
/// against the reference: score and grade, or the error's path and code.
fn check_batch_reference(name: &str, got: &Value, reference: &[Value]) {
    let records = got.get("records").unwrap_or(got).as_array().unwrap();
    assert_eq!(records.len(), reference.len(), "{name}: N in, N out");
    for (i, (r, want)) in records.iter().zip(reference).enumerate() {
        match want.get("error") {
            Some(e) => {
                assert_eq!(r["error"]["path"], e["path"], "{name}[{i}] path");
                assert_eq!(r["error"]["code"], e["code"], "{name}[{i}] code");
            }
            None => {
                let (score, want_score) = (
                    r["score"].as_f64().unwrap(),
                    want["score"].as_f64().unwrap(),
                );
                assert!(
                    (score - want_score).abs() < 1e-9,
                    "{name}[{i}] score {score} vs {want_score}"
                );
                assert_eq!(r["grade"], want["grade"], "{name}[{i}] grade");
            }
        }
    }
}

#[test]
fn every_case_matches_its_reference_and_expected_output() {
    let bless = std::env::var_os("BLESS").is_some();
    let files = case_files();
    assert!(files.len() >= 100, "only {} cases", files.len());
    for path in files {
        let text = fs::read_to_string(&path).unwrap();
        let mut case: Value = serde_json::from_str(&text).unwrap();
        let name = case["name"].as_str().unwrap().to_string();
        let got = match case["kind"].as_str().unwrap() {
            "assess" => {
                let records = case["records"].as_array().unwrap().clone();
                let outcomes = assess_values(&rulebook_of(&case["rulebook"]), &records);
                check_reference(&name, &outcomes, case["reference"].as_array().unwrap());
                serde_json::to_value(&outcomes).unwrap()
            }
            kind => {
                let got = run_kind(kind, &case["input"]);
                check_pointers(&name, &got, case["checks"].as_array().unwrap());
                if let Some(reference) = case.get("reference").and_then(Value::as_array) {
                    check_batch_reference(&name, &got, reference);
                }
                got
            }
        };
        if bless {
            case["expected"] = got;
            fs::write(&path, serde_json::to_string_pretty(&case).unwrap() + "\n").unwrap();
        } else {
            let (got, want) = (got.to_string(), case["expected"].to_string());
            assert_eq!(got, want, "{name}: output differs from expected");
        }
    }
}
