//! Rulebook JSON text from anywhere (a page, an upload): `Rulebook::from_json`
//! either refuses it with a typed error or gives a rulebook that assesses a fixed
//! set of records without panicking, with `score` and `assess` agreeing, and that
//! survives a serde round trip.

#![no_main]

use std::sync::OnceLock;

use learning_city::assess::score;
use learning_city::{assess, Record, Rulebook};
use libfuzzer_sys::fuzz_target;

/// Records with every field the built-ins read, none of them, and huge values.
const RECORDS: [&str; 3] = [
    r#"{"unit": "c-1", "period": "2024", "residents": 4200, "participants": 1130,
        "surveyed": 300, "aware": 231, "recognising": 220, "satisfied": 170,
        "funding_cny": 9000, "activities_by_month": [2,3,2,2,1,2,4,2,2,3,2,0],
        "reports": ["2024-01-20", "2024-02-24", "2024-03-26"], "staff_trainings": 2,
        "leading_group_meetings": 1, "centre_organised_on": "2024-06-30",
        "signature_courses": true, "no_major_incident": 1, "commendations": 0,
        "course_material": [["2024-03-01", "2024-03-20"], ["2023-12-20", "2024-01-02"]],
        "plan_filed_on": "2024-04-30", "inspection_score": 15,
        "participants@on_site_inspection": 900, "participants@self_report": 1200}"#,
    r#"{"unit": "c-2", "period": "2023"}"#,
    r#"{"unit": "c-3", "period": "2024", "residents": 1e300, "participants": 1e299,
        "surveyed": 1e20, "aware": 1e19, "funding_cny": 5e-324, "inspection_score": 1e308,
        "activities_by_month": [0,0,0,0,0,0,0,0,0,0,0,1e308], "staff_trainings": 1e308}"#,
];

fn records() -> &'static [Record] {
    static RECORDS_PARSED: OnceLock<Vec<Record>> = OnceLock::new();
    RECORDS_PARSED.get_or_init(|| {
        RECORDS
            .iter()
            .map(|t| Record::from_json(t).expect("fixed record"))
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let rulebook = match Rulebook::from_json(text) {
        Ok(r) => r,
        Err(e) => {
            // Every refusal is typed and printable.
            let info = e.info();
            assert!(!info.code.is_empty());
            let _ = e.to_string();
            return;
        }
    };
    for record in records() {
        let full = assess(&rulebook, record);
        let quick = score(&rulebook, record);
        match (&full, &quick) {
            (Ok(a), Ok(s)) => {
                assert!(
                    a.score.to_bits() == s.score.to_bits()
                        || (a.score.is_nan() && s.score.is_nan()),
                    "score {} vs {}",
                    a.score,
                    s.score
                );
                assert_eq!(a.grade, s.grade);
                assert_eq!(a.indicators.len(), rulebook.indicators.len());
                serde_json::to_string(a).expect("an assessment serialises");
            }
            (Err(a), Err(s)) => assert_eq!(a, s),
            _ => panic!("assess and score disagree: {full:?} / {quick:?}"),
        }
    }
    let value = serde_json::to_value(&rulebook).expect("a rulebook serialises");
    let back = Rulebook::from_value(value).expect("a valid rulebook reads back");
    assert_eq!(back, rulebook);
});
