//! The compact shape against the full one: on every record of every `assess`
//! conformance case, and for every choice of `explain`, a compact record says
//! what the full assessment says — the same score, grade, veto, points, statuses,
//! reasons, gaps, missing amounts and work list — and reads back as a
//! `CompactRecord` unchanged.

use std::fs;
use std::path::Path;

use learning_city::assess::compact::{CompactOutcome, CompactRecord};
use learning_city::assess::{Explain, Status};
use learning_city::documents::CompactBatch;
use learning_city::{assess_values, Assessment, Outcome, Rulebook};
use serde_json::{json, Value};

fn assess_cases() -> Vec<(String, Rulebook, Vec<Value>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../conformance/cases");
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .filter_map(|path| {
            let case: Value = serde_json::from_str(&fs::read_to_string(&path).ok()?).ok()?;
            (case["kind"] == "assess").then_some(())?;
            let rulebook = match &case["rulebook"] {
                Value::String(name) => Rulebook::builtin(name).unwrap(),
                doc => Rulebook::from_value(doc.clone()).unwrap(),
            };
            let records = case["records"].as_array()?.clone();
            Some((case["name"].as_str()?.to_string(), rulebook, records))
        })
        .collect()
}

/// What the full assessment says of indicator `k` in `lang` (`None`: both).
fn said(text: &learning_city::Text, lang: Option<&str>) -> Value {
    match lang {
        Some("zh") => json!(text.zh),
        Some(_) => json!(text.en),
        None => json!({"zh": text.zh, "en": text.en}),
    }
}

fn compare(name: &str, a: &Assessment, c: &Value, explain: Explain) {
    let at = |what: &str| format!("{name} {} {what} ({})", a.unit, explain.name());
    assert_eq!(c["score"], json!(a.score), "{}", at("score"));
    assert_eq!(c["grade"], json!(a.grade), "{}", at("grade"));
    assert_eq!(c["vetoed"], json!(a.vetoed), "{}", at("vetoed"));
    assert_eq!(c["period"], json!(a.period), "{}", at("period"));
    let lang = match explain {
        Explain::Zh => Some("zh"),
        Explain::En => Some("en"),
        _ => None,
    };
    for (k, ind) in a.indicators.iter().enumerate() {
        assert_eq!(c["points"][k], json!(ind.points), "{}", at(&ind.id));
        assert_eq!(c["status"][k], json!(ind.status), "{}", at(&ind.id));
        if explain == Explain::None {
            assert!(c.get("why").is_none() && c.get("figures").is_none());
            continue;
        }
        assert_eq!(c["why"][k], said(&ind.why, lang), "{}", at(&ind.id));
        let gap = ind.gap.as_ref();
        let want = gap.map_or(Value::Null, |g| said(&g.text, lang));
        assert_eq!(c["gap"][k], want, "{}", at(&ind.id));
        // Whole amounts are written as integers in the compact shape.
        assert_eq!(
            c["missing"][k].as_f64(),
            gap.map(|g| g.amount),
            "{}",
            at(&ind.id)
        );
        if ind.status == Status::NoData {
            assert!(c["figures"][k]["missing"].is_array(), "{}", at(&ind.id));
        }
    }
    let work: Vec<&str> = a.work_list.iter().map(|w| w.indicator.as_str()).collect();
    let compact_work: Vec<&str> = c["work_list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| a.indicators[k.as_u64().unwrap() as usize].id.as_str())
        .collect();
    assert_eq!(compact_work, work, "{}", at("work_list"));
}

#[test]
fn every_compact_record_says_what_the_full_assessment_says() {
    let cases = assess_cases();
    assert!(cases.len() >= 80, "read {} assess cases", cases.len());
    let mut records = 0;
    for (name, rulebook, values) in &cases {
        let full = assess_values(rulebook, values);
        for explain in [Explain::None, Explain::Zh, Explain::En, Explain::Both] {
            let batch = CompactBatch::new(rulebook, values, explain).unwrap();
            let json = serde_json::to_value(&batch).unwrap();
            assert_eq!(json["rulebook"], json!(rulebook.citation()));
            let rows = json["records"].as_array().unwrap();
            assert_eq!(rows.len(), full.len(), "{name}: N in, N out");
            for (outcome, row) in full.iter().zip(rows) {
                match outcome {
                    Outcome::Assessed(a) => compare(name, a, row, explain),
                    Outcome::Failed(f) => assert_eq!(row, &json!(f), "{name}"),
                }
                let back: CompactOutcome = serde_json::from_value(row.clone()).unwrap();
                assert_eq!(
                    &serde_json::to_value(&back).unwrap(),
                    row,
                    "{name}: read back"
                );
                records += 1;
            }
        }
    }
    assert!(records >= 350, "compared {records} records");
}

#[test]
fn a_compact_record_reads_back_as_its_owned_type() {
    let rb = Rulebook::builtin("standard").unwrap();
    let v = json!({"unit": "c-017", "period": "2024", "residents": 4200, "participants": 1000});
    let batch = CompactBatch::new(&rb, &[v], Explain::En).unwrap();
    let row = serde_json::to_value(batch.rows().next().unwrap()).unwrap();
    let record: CompactRecord = serde_json::from_value(row).unwrap();
    assert_eq!(record.points.len(), rb.indicators.len());
    // T4 (15 points, no data) is the first of the most points at stake; T1 lost 1.9.
    assert_eq!(record.work_list[0], 3);
    assert_eq!(*record.work_list.last().unwrap(), 0);
}
