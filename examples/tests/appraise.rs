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
fn json_format_gives_one_line_per_record_in_order() {
    let text = stdout(&appraise(&["--format", "json"]));
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
        "json",
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
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown format `xml`"));
    let out = appraise(&["--rulebook", "/no/such/file.json"]);
    assert_eq!(out.status.code(), Some(2));
}
