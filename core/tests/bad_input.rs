//! Malformed and impossible documents from `conformance/bad-input.json`: each must
//! give a typed error with the exact path and code the table names, through the same
//! entry points the bindings call (`learning_city::documents`, `assess_values`,
//! `Rulebook::from_value` / `from_json`). Batches keep N in → N out.
//!
//! The table is shared with the Python and Node suites; it is written by
//! `conformance/make_bad_input.py` (see `conformance/README.md`).

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use learning_city::documents as doc;
use learning_city::error::ErrorInfo;
use learning_city::{assess_values, Outcome, Rulebook};
use serde_json::{json, Value};

const CALLS: [&str; 7] = [
    "assess", "rulebook", "network", "round", "workflow", "money", "district",
];

struct Case {
    name: String,
    call: String,
    input: Value,
    path: String,
    code: String,
}

fn cases() -> Vec<Case> {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../conformance/bad-input.json");
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let rows: Vec<Value> = serde_json::from_str(&text).expect("bad-input.json is JSON");
    rows.into_iter()
        .map(|row| {
            let field = |k: &str| {
                row[k]
                    .as_str()
                    .unwrap_or_else(|| panic!("{row}: no text `{k}`"))
                    .to_string()
            };
            Case {
                name: field("name"),
                call: field("call"),
                path: field("path"),
                code: field("code"),
                input: row["input"].clone(),
            }
        })
        .collect()
}

fn rulebook_of(value: &Value) -> Rulebook {
    match value {
        Value::String(name) => Rulebook::builtin(name).unwrap(),
        doc => Rulebook::from_value(doc.clone()).unwrap(),
    }
}

/// The error a call gives: the error it returns, or the first error inside the
/// report it returns (a failed outcome, a workflow's error, a money error); for a
/// network, whose check reports every breach at once, each finding. Empty when
/// there is none.
fn errors(call: &str, input: &Value) -> Vec<ErrorInfo> {
    if call == "network" {
        return network_errors(input);
    }
    first_error(call, input).map_or_else(Vec::new, |e| vec![e])
}

fn network_errors(input: &Value) -> Vec<ErrorInfo> {
    let arg = |name: &str| input.get(name).cloned().unwrap_or(Value::Null);
    match doc::check_network(arg("units"), arg("members")) {
        Err(e) => vec![e],
        Ok(findings) => findings
            .into_iter()
            .map(|f| ErrorInfo {
                kind: learning_city::error::ErrorKind::Network,
                code: f.code,
                path: f.path,
                reason: f.message.en,
            })
            .collect(),
    }
}

fn first_error(call: &str, input: &Value) -> Option<ErrorInfo> {
    let arg = |name: &str| input.get(name).cloned().unwrap_or(Value::Null);
    let failed = |outcomes: &[Outcome]| {
        outcomes.iter().find_map(|o| match o {
            Outcome::Failed(f) => Some(f.error.clone()),
            Outcome::Assessed(_) => None,
        })
    };
    match call {
        "assess" => {
            let outcomes = assess_values(&rulebook_of(&input["rulebook"]), &[arg("record")]);
            assert_eq!(outcomes.len(), 1, "one record in, one outcome out");
            failed(&outcomes)
        }
        "rulebook" => match input {
            Value::String(text) => Rulebook::from_json(text).err().map(|e| e.info()),
            doc => Rulebook::from_value(doc.clone()).err().map(|e| e.info()),
        },
        "network" => unreachable!("networks are read by `network_errors`"),
        "round" => doc::fill_round(arg("round"), arg("candidates")).err(),
        "workflow" => match doc::run_steps(arg("nomination"), arg("steps")) {
            Err(e) => Some(e),
            Ok(w) => w.error,
        },
        "money" => {
            let target = input["at_least_per_capita"].as_f64().unwrap_or(2.0);
            let review = doc::review_money(
                arg("units"),
                arg("fundings"),
                arg("expenses"),
                arg("members"),
                target,
            );
            match review {
                Err(e) => Some(e),
                Ok(r) => r.errors.into_iter().next(),
            }
        }
        "district" => {
            let records = arg("district")
                .get("records")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            match doc::appraise_district(&rulebook_of(&input["rulebook"]), arg("district")) {
                Err(e) => Some(e),
                Ok(report) => {
                    assert_eq!(
                        report.outcomes.len(),
                        records,
                        "N records in, N outcomes out"
                    );
                    failed(&report.outcomes)
                        .or_else(|| report.round_errors.first().cloned())
                        .or_else(|| report.money.and_then(|m| m.errors.into_iter().next()))
                }
            }
        }
        other => panic!("unknown call `{other}`"),
    }
}

#[test]
fn the_table_is_well_formed() {
    let cases = cases();
    assert!(cases.len() >= 60, "only {} cases", cases.len());
    let mut names = HashSet::new();
    let mut per_call: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &cases {
        assert!(names.insert(c.name.as_str()), "`{}` twice", c.name);
        assert!(
            CALLS.contains(&c.call.as_str()),
            "{}: call `{}`",
            c.name,
            c.call
        );
        *per_call.entry(c.call.as_str()).or_default() += 1;
    }
    // Every call is exercised.
    assert_eq!(per_call.len(), CALLS.len(), "{per_call:?}");
}

#[test]
fn every_bad_document_gives_its_path_and_code() {
    let mut wrong = Vec::new();
    for c in cases() {
        let got = errors(&c.call, &c.input);
        let wanted = |e: &&ErrorInfo| {
            (e.path.as_str(), e.code.as_str()) == (c.path.as_str(), c.code.as_str())
        };
        match (got.iter().find(wanted), got.first()) {
            (Some(e), _) => {
                assert!(!e.reason.is_empty(), "{}: no reason", c.name);
                assert!(
                    e.reason.len() < 600,
                    "{}: a long reason: {}",
                    c.name,
                    e.reason
                );
            }
            (None, Some(e)) => wrong.push(format!(
                "{} ({}): got {} {} ({}), want {} {}",
                c.name, c.call, e.path, e.code, e.reason, c.path, c.code
            )),
            (None, None) => wrong.push(format!(
                "{} ({}): no error, want {} {}",
                c.name, c.call, c.path, c.code
            )),
        }
    }
    assert!(
        wrong.is_empty(),
        "{} rows differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// All the bad records of a rulebook in one batch, each after a good record: the
/// batch gives one outcome per record, in order, and each bad one fails with its
/// own row's path.
#[test]
fn batches_keep_every_row_in_order() {
    let good = json!({"unit": "c-good", "period": "2024", "residents": 100, "participants": 30});
    let mut by_rulebook: BTreeMap<String, Vec<Case>> = BTreeMap::new();
    for c in cases().into_iter().filter(|c| c.call == "assess") {
        by_rulebook
            .entry(c.input["rulebook"].to_string())
            .or_default()
            .push(c);
    }
    assert!(!by_rulebook.is_empty());
    for (book, rows) in by_rulebook {
        let rulebook = rulebook_of(&rows[0].input["rulebook"]);
        let batch: Vec<Value> = rows
            .iter()
            .flat_map(|c| [good.clone(), c.input["record"].clone()])
            .collect();
        let outcomes = assess_values(&rulebook, &batch);
        assert_eq!(outcomes.len(), batch.len(), "{book}: N in, N out");
        for (i, c) in rows.iter().enumerate() {
            assert!(
                matches!(&outcomes[2 * i], Outcome::Assessed(a) if a.unit == "c-good"),
                "{book}: the good record before `{}`",
                c.name
            );
            let Outcome::Failed(f) = &outcomes[2 * i + 1] else {
                panic!("{book}: `{}` was assessed", c.name);
            };
            let rest = c
                .path
                .strip_prefix("records[0]")
                .expect("assess paths start at the row");
            let want = format!("records[{}]{rest}", 2 * i + 1);
            assert_eq!(
                (f.error.path.as_str(), f.error.code.as_str()),
                (want.as_str(), c.code.as_str()),
                "{}",
                c.name
            );
        }
    }
}

/// Every bad record of the table, read straight into a table and scored
/// (`documents::score_json`, what `scoreMany` calls), fails with exactly the error
/// the record gets from `assess_values`; all of them in one batch keep N in → N
/// out, each at its own `records[i]`.
#[test]
fn bad_records_fail_the_same_when_scored_as_a_table() {
    use learning_city::assess::ScoreOutcome;
    let records: Vec<Case> = cases().into_iter().filter(|c| c.call == "assess").collect();
    assert!(records.len() >= 20, "{} bad records", records.len());
    for c in &records {
        let rulebook = rulebook_of(&c.input["rulebook"]);
        let record = c.input.get("record").cloned().unwrap_or(Value::Null);
        let text = serde_json::to_string(&[&record]).unwrap();
        let scored = doc::score_json(&rulebook, &text).unwrap();
        let assessed = assess_values(&rulebook, &[record]);
        match (&scored[..], &assessed[..]) {
            ([ScoreOutcome::Failed(s)], [Outcome::Failed(a)]) => assert_eq!(s, a, "{}", c.name),
            other => panic!("{}: {other:?}", c.name),
        }
    }
    let rulebook = Rulebook::builtin("standard").unwrap();
    let all: Vec<Value> = records
        .iter()
        .map(|c| c.input.get("record").cloned().unwrap_or(Value::Null))
        .collect();
    let scored = doc::score_json(&rulebook, &serde_json::to_string(&all).unwrap()).unwrap();
    assert_eq!(scored.len(), all.len());
    for (i, s) in scored.iter().enumerate() {
        if let ScoreOutcome::Failed(f) = s {
            assert!(
                f.error.path.starts_with(&format!("records[{i}]")),
                "{}",
                f.error.path
            );
        }
    }
}
