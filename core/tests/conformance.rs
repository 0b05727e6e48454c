//! Runs every case in `conformance/cases/` through the public API and compares the
//! output with the case's `expected` byte for byte, after checking it against the
//! case's independent `reference` (score and grade, or the error's path and code).
//!
//! `BLESS=1 cargo test -p learning-city --test conformance` writes `expected` from the
//! engine instead: only after the reference check passes.

use std::fs;
use std::path::{Path, PathBuf};

use learning_city::{assess_json_batch, Outcome, Rulebook};
use serde_json::Value;

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

fn rulebook_of(case: &Value) -> Rulebook {
    match &case["rulebook"] {
        Value::String(name) => Rulebook::builtin(name).unwrap(),
        doc => Rulebook::from_value(doc.clone()).unwrap(),
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

#[test]
fn every_case_matches_its_reference_and_expected_output() {
    let bless = std::env::var_os("BLESS").is_some();
    let files = case_files();
    assert!(files.len() >= 40, "only {} cases", files.len());
    for path in files {
        let text = fs::read_to_string(&path).unwrap();
        let mut case: Value = serde_json::from_str(&text).unwrap();
        let name = case["name"].as_str().unwrap().to_string();
        assert_eq!(case["kind"], "assess", "{name}: unknown kind");
        let records = case["records"].as_array().unwrap().clone();
        let outcomes = assess_json_batch(&rulebook_of(&case), &records);
        check_reference(&name, &outcomes, case["reference"].as_array().unwrap());
        let got = serde_json::to_value(&outcomes).unwrap();
        if bless {
            case["expected"] = got;
            fs::write(&path, serde_json::to_string_pretty(&case).unwrap() + "\n").unwrap();
        } else {
            let (got, want) = (got.to_string(), case["expected"].to_string());
            assert_eq!(got, want, "{name}: output differs from expected");
        }
    }
}
