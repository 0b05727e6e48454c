//! The main job, run as a user runs it.

use std::io::Write;
use std::process::{Command, Output};

use serde_json::Value;

fn appraise(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_appraise"))
        .args(args)
        .output()
        .expect("the appraise binary runs")
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn sample_records() -> Vec<Value> {
    let text = include_str!("../data/sample-district.json");
    let doc: Value = serde_json::from_str(text).unwrap();
    doc["records"].as_array().unwrap().clone()
}

#[test]
fn the_report_has_every_street_and_section() {
    let text = stdout(&appraise(&[]));
    let street_lines = text
        .lines()
        .filter(|l| l.contains(" communities, "))
        .count();
    assert_eq!(street_lines, 8, "{text}");
    for section in [
        "Grade distribution",
        "Network and roster findings",
        "Most common unmet indicators",
        "standard@2020",
    ] {
        assert!(text.contains(section), "missing {section}:\n{text}");
    }
    // The grade counts add up to the communities assessed.
    let assessed: usize = text
        .lines()
        .find_map(|l| l.strip_prefix("Grade distribution 等级分布 ("))
        .and_then(|l| l.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("the grade heading says how many were assessed");
    assert!(assessed > 0 && assessed <= sample_records().len());
}

#[test]
fn jsonl_format_gives_one_line_per_record_in_order() {
    let text = stdout(&appraise(&["--format", "jsonl"]));
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let records = sample_records();
    assert_eq!(lines.len(), records.len());
    for (line, record) in lines.iter().zip(&records) {
        assert_eq!(line["unit"], record["unit"]);
        assert!(
            line.get("score").is_some() || line.get("error").is_some(),
            "{line}"
        );
    }
}

#[test]
fn records_and_rulebook_files_are_read_and_errors_kept_in_place() {
    let dir = std::env::temp_dir().join(format!("appraise-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let records = dir.join("records.json");
    let mut f = std::fs::File::create(&records).unwrap();
    let rows = r#"[{"unit": "x-1", "period": "2024", "residents": 100, "participants": 30},
                   {"unit": "x-2", "period": "2024", "residents": -4},
                   {"unit": "x-3", "period": "2024", "reports": ["2024-02-30"]}]"#;
    f.write_all(rows.as_bytes()).unwrap();
    let path = records.to_str().unwrap();
    let text = stdout(&appraise(&[
        "--records",
        path,
        "--rulebook",
        "national-2010",
        "--format",
        "jsonl",
    ]));
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["rulebook"], "national-2010@2010");
    assert_eq!(lines[0]["indicators"][0]["points"], 20.0);
    assert_eq!(lines[1]["error"]["path"], "records[1].residents");
    assert_eq!(lines[2]["error"]["code"], "bad_date");
    let report = stdout(&appraise(&["--records", path]));
    assert!(
        report.contains("x-2: records[1].residents: must not be negative"),
        "{report}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_arguments_fail_with_a_message() {
    let out = appraise(&["--format", "xml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid value 'xml'"));
    let out = appraise(&["--format", "jsonl", "--explain", "fr"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        err.contains("--explain: `fr` is not one of none, zh, en, both"),
        "{err}"
    );
    let out = appraise(&["--format", "jsonl", "--explain", "en"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("both languages"));
    let out = appraise(&["--rulebook", "/no/such/file.json"]);
    assert_eq!(out.status.code(), Some(2));
}

/// Every format and shape on the same records: the same scores and grades as the
/// full JSON lines, and errors in place.
#[test]
fn formats_and_shapes_agree_on_scores_and_keep_errors_in_place() {
    let dir = std::env::temp_dir().join(format!("appraise-formats-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("records.json");
    let mut records = sample_records();
    records.insert(
        3,
        serde_json::json!({"unit": "bad", "period": "2024", "residents": -1}),
    );
    records.insert(5, serde_json::json!(7));
    std::fs::write(&path, serde_json::to_string(&records).unwrap()).unwrap();
    let path = path.to_str().unwrap();
    let full: Vec<Value> = stdout(&appraise(&["--records", path, "--format", "jsonl"]))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(full.len(), records.len());
    assert_eq!(full[3]["error"]["path"], "records[3].residents");
    assert_eq!(full[5]["error"]["path"], "records[5]");
    let scores = |rows: &[Value]| -> Vec<(Value, Value)> {
        rows.iter()
            .map(|r| (r["score"].clone(), r["grade"].clone()))
            .collect()
    };
    for explain in ["none", "zh", "en", "both"] {
        let text = stdout(&appraise(&[
            "--records",
            path,
            "--format",
            "jsonl",
            "--shape",
            "compact",
            "--explain",
            explain,
        ]));
        let mut lines = text
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap());
        let header = lines.next().unwrap();
        assert_eq!(header["explain"], explain);
        assert_eq!(header["indicators"].as_array().unwrap().len(), 11);
        let rows: Vec<Value> = lines.collect();
        assert_eq!(scores(&rows), scores(&full), "{explain}");
        assert_eq!(rows[3]["error"], full[3]["error"]);
        // One whole document: the same records.
        let doc: Value = serde_json::from_str(&stdout(&appraise(&[
            "--records",
            path,
            "--format",
            "json",
            "--shape",
            "compact",
            "--explain",
            explain,
        ])))
        .unwrap();
        assert_eq!(doc["records"].as_array().unwrap(), &rows);
    }
    let array: Value =
        serde_json::from_str(&stdout(&appraise(&["--records", path, "--format", "json"]))).unwrap();
    assert_eq!(array.as_array().unwrap(), &full);
    let csv = stdout(&appraise(&[
        "--records",
        path,
        "--format",
        "csv",
        "--explain",
        "en",
    ]));
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let score = header.iter().position(|h| h == "score").unwrap();
    let why = header.iter().position(|h| h == "why_T1").unwrap();
    let code = header.iter().position(|h| h == "error_code").unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), records.len());
    assert_eq!(
        rows[0][score].parse::<f64>().unwrap(),
        full[0]["score"].as_f64().unwrap()
    );
    assert_eq!(rows[0][why], full[0]["indicators"][0]["why"]["en"]);
    assert_eq!(&rows[3][code], "negative");
    std::fs::remove_dir_all(&dir).unwrap();
}
