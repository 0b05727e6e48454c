//! Hostile documents, as a page or an upload could send them: each is refused with
//! a typed error naming the path, and none hangs, panics or echoes megabytes back.
//!
//! No test here times anything (DESIGN.md: measure with benchmarks, never with timed
//! tests); a hostile input that made the engine loop or recurse without end would
//! show as a test that never finishes or a stack overflow.

use learning_city::error::ErrorInfo;
use learning_city::network::{check, Level, Network, Unit};
use learning_city::record::{MAX_LIST, MAX_TEXT as MAX_RECORD_TEXT};
use learning_city::rulebook::{
    MAX_EVIDENCE, MAX_INDICATORS, MAX_JSON_BYTES, MAX_NUMBER, MAX_TEXT as MAX_RULEBOOK_TEXT,
};
use learning_city::{assess, assess::score, assess_values, Outcome, Record, Rulebook};
use serde_json::{json, Value};

const TEN_MB: usize = 10 << 20;

fn standard() -> Value {
    serde_json::to_value(Rulebook::builtin("standard").unwrap()).unwrap()
}

/// The path and code of a rulebook refused from a JSON value.
fn refused(value: Value) -> (String, String) {
    let e = Rulebook::from_value(value).expect_err("a hostile rulebook is refused");
    let info = e.info();
    assert!(
        info.reason.len() < 300,
        "the reason echoes the input: {}",
        info.reason.len()
    );
    (info.path, info.code)
}

/// The path and code of a rulebook refused from JSON text.
fn refused_text(text: &str) -> (String, String) {
    let e = Rulebook::from_json(text).expect_err("a hostile rulebook is refused");
    let info = e.info();
    assert!(
        info.reason.len() < 300,
        "the reason echoes the input: {}",
        info.reason.len()
    );
    (info.path, info.code)
}

fn pair(path: &str, code: &str) -> (String, String) {
    (path.to_string(), code.to_string())
}

/// `[[[ … ]]]`, `depth` deep, as JSON text.
fn nested_text(depth: usize) -> String {
    "[".repeat(depth) + &"]".repeat(depth)
}

// ------------------------------------------------------------------ rulebooks

#[test]
fn a_hundred_thousand_indicators() {
    let mut v = standard();
    let one = v["indicators"][0].clone();
    let many: Vec<Value> = (0..100_000)
        .map(|i| {
            let mut ind = one.clone();
            ind["id"] = json!(format!("X{i}"));
            ind
        })
        .collect();
    v["indicators"] = Value::Array(many);
    let text = v.to_string();
    assert!(text.len() > MAX_JSON_BYTES);
    // As text, the size limit refuses it before parsing; as a value, the count.
    assert_eq!(refused_text(&text), pair("", "too_long"));
    assert_eq!(refused(v), pair("indicators", "too_many"));
    let mut v = standard();
    v["indicators"] = json!(vec![one; MAX_INDICATORS + 1]);
    assert_eq!(refused(v), pair("indicators", "too_many"));
}

#[test]
fn ten_thousand_nested_arrays() {
    // serde_json stops at 128 levels when it reads text, and a struct read from a
    // list fails at its first element: a typed error either way, no overflow.
    let deep = nested_text(10_000);
    assert_eq!(refused_text(&deep), pair("[0]", "malformed"));
    let text =
        standard()
            .to_string()
            .replacen("\"indicators\":[", &format!("\"indicators\":[{deep},"), 1);
    assert_eq!(refused_text(&text), pair("indicators[0][0]", "malformed"));
    let e = Record::from_json(&format!(
        r#"{{"unit": "c", "period": "2024", "x": {deep}}}"#
    ))
    .unwrap_err();
    assert_eq!((e.path.as_str(), e.problem.code()), ("", "not_json"));
    // A value built in code is refused at its first level too. Building, cloning
    // and dropping a 10 000-deep `serde_json::Value` recurses (serde_json's own
    // code), so that happens on a thread with room for it; the bindings cap nesting
    // at serde_json's 128 levels when they convert, so they never build one.
    let on_big_stack = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(|| {
            let mut v = standard();
            v["indicators"] = json!([nested_value(10_000)]);
            refused(v)
        })
        .unwrap();
    assert_eq!(
        on_big_stack.join().unwrap(),
        pair("indicators[0][0]", "malformed")
    );
}

#[test]
fn huge_numbers() {
    let cases = [
        ("/indicators/0/points", json!(1e308), "indicators[0].points"),
        (
            "/indicators/0/points",
            json!(MAX_NUMBER * 2.0),
            "indicators[0].points",
        ),
        ("/grades/0/min", json!(1e300), "grades[0].min"),
        (
            "/indicators/4/rule/per_capita/at_least",
            json!(1.7e308),
            "indicators[4].rule.per_capita.at_least",
        ),
        (
            "/indicators/5/rule/count_each_period/at_least",
            json!(1e10),
            "indicators[5].rule.count_each_period.at_least",
        ),
        ("/bonus_cap", json!(1e308), "bonus_cap"),
    ];
    for (pointer, value, path) in cases {
        let mut v = standard();
        match v.pointer_mut(pointer) {
            Some(slot) => *slot = value,
            None => {
                v[&pointer[1..]] = value;
            }
        }
        assert_eq!(refused(v), pair(path, "out_of_range"), "{pointer}");
    }
    // Beyond f64 in text: serde_json refuses the number.
    let text = standard()
        .to_string()
        .replacen("\"points\":20.0", "\"points\":1e400", 1);
    assert!(text.contains("1e400"));
    assert_eq!(
        refused_text(&text),
        pair("indicators[0].points", "malformed")
    );
    // At the limit is still a number a rulebook may state.
    let mut v = standard();
    v["indicators"][0]["points"] = json!(MAX_NUMBER);
    let rb = Rulebook::from_value(v).unwrap();
    let r = Record::new("c", "2024")
        .with("residents", 10)
        .with("participants", 10);
    assert_eq!(score(&rb, &r).unwrap().score, MAX_NUMBER);
}

#[test]
fn nan_and_infinity_written_as_text() {
    for word in ["NaN", "Infinity", "-Infinity", "nan", "inf"] {
        let text =
            standard()
                .to_string()
                .replacen("\"points\":20.0", &format!("\"points\":{word}"), 1);
        assert_eq!(refused_text(&text).1, "malformed", "{word}");
        let mut v = standard();
        v["indicators"][0]["points"] = json!(word);
        assert_eq!(
            refused(v),
            pair("indicators[0].points", "malformed"),
            "{word}"
        );
    }
}

#[test]
fn negative_points_weights_and_targets() {
    let strict = serde_json::to_value(Rulebook::builtin("strict-example").unwrap()).unwrap();
    let (i, _) = strict["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .find(|(_, ind)| ind.get("sources").is_some())
        .expect("the strict example weighs sources");
    let mut v = strict.clone();
    v["indicators"][i]["sources"][0]["weight"] = json!(-1.0);
    let path = format!("indicators[{i}].sources[0].weight");
    assert_eq!(refused(v), pair(&path, "out_of_range"));
    let mut v = strict;
    v["indicators"][i]["sources"][0]["weight"] = json!(0.0);
    assert_eq!(refused(v), pair(&path, "out_of_range"));

    let mut v = standard();
    v["indicators"][0]["points"] = json!(-20);
    assert_eq!(refused(v), pair("indicators[0].points", "out_of_range"));
    let mut v = standard();
    v["grades"][3]["min"] = json!(-1);
    assert_eq!(refused(v), pair("grades[3].min", "out_of_range"));
    let mut v = standard();
    v["indicators"][0]["rule"]["ratio"]["at_least"] = json!(-0.25);
    assert_eq!(
        refused(v),
        pair("indicators[0].rule.ratio.at_least", "out_of_range")
    );
}

#[test]
fn ten_megabyte_strings() {
    let huge = "字".repeat(TEN_MB / 3);
    // As text, the whole document is over the size limit.
    let mut v = standard();
    v["id"] = json!(huge);
    assert_eq!(refused_text(&v.to_string()), pair("", "too_long"));
    assert_eq!(refused(v), pair("id", "too_long"));

    let long = "x".repeat(TEN_MB);
    let cases = [
        ("/version", "version"),
        ("/title/en", "title.en"),
        ("/source/zh", "source.zh"),
        ("/indicators/0/id", "indicators[0].id"),
        ("/indicators/0/label/zh", "indicators[0].label.zh"),
        ("/indicators/0/noun/en", "indicators[0].noun.en"),
        ("/indicators/0/department/zh", "indicators[0].department.zh"),
        (
            "/indicators/0/rule/ratio/numerator",
            "indicators[0].rule.ratio",
        ),
        ("/grades/0/id", "grades[0].id"),
        ("/grades/1/label/en", "grades[1].label.en"),
    ];
    for (pointer, path) in cases {
        let mut v = standard();
        *v.pointer_mut(pointer)
            .unwrap_or_else(|| panic!("{pointer}")) = json!(long);
        assert_eq!(refused(v), pair(path, "too_long"), "{pointer}");
    }
    // Just inside the limit is accepted.
    let mut v = standard();
    v["indicators"][0]["label"]["en"] = json!("x".repeat(MAX_RULEBOOK_TEXT));
    assert!(Rulebook::from_value(v).is_ok());
}

#[test]
fn long_lists_inside_a_rulebook() {
    // A band condition is checked for every record graded: a million of them would
    // make each assessment slow, so the list is bounded.
    let mut v = standard();
    v["grades"][0]["requires_met"] = json!(vec!["T1"; 1_000_000]);
    assert_eq!(refused(v), pair("grades[0].requires_met", "too_many"));
    let mut v = standard();
    v["grades"][0]["requires_met"] = json!(vec!["T1"; MAX_INDICATORS]);
    assert!(Rulebook::from_value(v).is_ok());
    let mut v = standard();
    v["indicators"][0]["evidence"] = json!(vec!["survey"; MAX_EVIDENCE + 1]);
    assert_eq!(refused(v), pair("indicators[0].evidence", "too_many"));
    let mut v = standard();
    v["grades"] = json!(vec![v["grades"][3].clone(); 100_000]);
    assert_eq!(refused(v), pair("grades", "too_many"));
}

#[test]
fn not_json_at_all() {
    for text in [
        "",
        "{",
        "nul",
        "\u{0}",
        "{\"id\": \"\\ud800\"}",
        "[1,]",
        "{'id': 1}",
    ] {
        assert_eq!(refused_text(text).1, "malformed", "{text:?}");
    }
}

// ------------------------------------------------------------------ records

#[test]
fn hostile_records_are_refused_with_their_path() {
    let rb = Rulebook::builtin("standard").unwrap();
    let long = "x".repeat(TEN_MB);
    let check = |value: Value, path: &str, code: &str| {
        let out = assess_values(&rb, &[value]);
        let Outcome::Failed(f) = &out[0] else {
            panic!("{path}: assessed");
        };
        assert_eq!((f.error.path.as_str(), f.error.code.as_str()), (path, code));
        assert!(
            f.error.reason.len() < 300,
            "{path}: the reason echoes the input"
        );
    };
    check(
        json!({"unit": long, "period": "2024"}),
        "records[0].unit",
        "too_long",
    );
    check(
        json!({"unit": "c", "period": "x".repeat(MAX_RECORD_TEXT + 1)}),
        "records[0].period",
        "too_long",
    );
    check(
        json!({"unit": "c", "period": "2024", "reports": vec!["2024-01-01"; MAX_LIST + 1]}),
        "records[0].reports",
        "too_long",
    );
    check(
        json!({"unit": "c", "period": "2024", "centre_organised_on": long}),
        "records[0].centre_organised_on",
        "bad_date",
    );
    check(
        json!({"unit": "c", "period": "2024", "residents": "1e308"}),
        "records[0].residents",
        "wrong_type",
    );
    check(
        json!({"unit": "c", "period": "2024", "residents": -1e308}),
        "records[0].residents",
        "negative",
    );
    // A 10 MB column no rule reads is carried, not refused.
    let a = assess_values(
        &rb,
        &[json!({"unit": "c", "period": "2024", "notes": long})],
    );
    assert!(matches!(a[0], Outcome::Assessed(_)));
}

#[test]
fn huge_counts_are_assessed_and_explained() {
    // Found by fuzzing: a count beyond 2^53 made the gap's rounding loop run forever.
    let record = Record::from_json(
        r#"{"unit": "c", "period": "2024", "residents": 1e300, "participants": 1e299,
            "surveyed": 34444444444444444400, "aware": 231, "recognising": 1e19,
            "satisfied": 0, "funding_cny": 5e-324, "staff_trainings": 1e308,
            "activities_by_month": [0,0,0,0,0,0,0,0,0,0,0,1e308]}"#,
    )
    .unwrap();
    for name in Rulebook::builtin_names() {
        let rb = Rulebook::builtin(name).unwrap();
        let a = assess(&rb, &record).unwrap();
        assert!(a.score.is_finite(), "{name}");
        assert_eq!(score(&rb, &record).unwrap().score, a.score, "{name}");
        for ind in &a.indicators {
            assert!(
                ind.why.en.len() < 2_000,
                "{name} {}: {}",
                ind.id,
                ind.why.en
            );
        }
        serde_json::to_string(&a).unwrap();
    }
}

// ------------------------------------------------------------------ networks

#[test]
fn hostile_networks_are_reported_not_echoed() {
    let long = "x".repeat(TEN_MB);
    let units = vec![
        Unit::new("d", "", Level::District),
        Unit::new(long.clone(), "", Level::Street).under("d"),
        Unit::new("c", "", Level::Community).under(long.clone()),
        Unit::new("c2", "", Level::Community).under(format!("{long}-missing")),
        Unit::new(long.clone(), "", Level::Street).under("d"),
    ];
    let findings = check(&units, &[]);
    assert!(findings
        .iter()
        .all(|f| f.message.en.len() < 400 && f.message.zh.len() < 400));
    let n1: Vec<(&str, &str)> = findings
        .iter()
        .filter(|f| f.rule == "N1")
        .map(|f| (f.path.as_str(), f.code.as_str()))
        .collect();
    assert_eq!(
        n1,
        [
            ("units[3].parent", "unknown_parent"),
            ("units[4].id", "duplicate_id"),
        ]
    );
    let e = Network::new(units).unwrap_err();
    assert_eq!(e.info().code, "unknown_parent");
    assert!(e.to_string().len() < 400);

    let doc = learning_city::documents::check_network(json!(nested_value(1_000)), json!(null));
    let info: ErrorInfo = doc.unwrap_err();
    assert_eq!(
        (info.path.as_str(), info.code.as_str()),
        ("units[0][0]", "malformed")
    );
}

fn nested_value(depth: usize) -> Value {
    let mut v = json!([]);
    for _ in 0..depth {
        v = Value::Array(vec![v]);
    }
    v
}

// ------------------------------------------------------------------ tables

/// Hostile lists of records, read straight into a table (`documents::score_json`,
/// what a page's `scoreMany` calls): refused as a whole with a typed error at
/// `records`, or scored record by record with each bad one's own error.
#[test]
fn hostile_record_lists_read_into_a_table() {
    use learning_city::assess::ScoreOutcome;
    use learning_city::documents::{score_json, MAX_SCORE_RECORDS, MAX_TEXT_BYTES};
    let rb = Rulebook::builtin("standard").unwrap();
    let failed = |text: &str| -> Vec<(String, String)> {
        score_json(&rb, text)
            .unwrap()
            .into_iter()
            .map(|o| match o {
                ScoreOutcome::Failed(f) => (f.error.path, f.error.code),
                ScoreOutcome::Scored(s) => (s.unit, "scored".to_string()),
            })
            .collect()
    };
    let refused = |text: &str| {
        let e = score_json(&rb, text).expect_err("refused");
        assert!(e.reason.len() < 300, "{}", e.reason.len());
        (e.path, e.code)
    };

    // Deeper than JSON text may nest, in a field and as the list itself.
    let deep = format!(
        r#"[{{"unit": "u", "period": "2024", "reports": {}}}]"#,
        nested_text(10_000)
    );
    assert_eq!(refused(&deep), pair("records", "not_json"));
    assert_eq!(refused(&nested_text(10_000)), pair("records", "not_json"));
    // Also in a field no rule reads, skipped: as JSON values, the text is refused.
    let skipped = format!(
        r#"[{{"unit": "u", "period": "2024", "notes": {}}}]"#,
        nested_text(200)
    );
    assert!(serde_json::from_str::<Value>(&skipped).is_err());
    assert_eq!(refused(&skipped), pair("records", "not_json"));
    // More text than a call may hand over.
    let big = format!("[{}]", "0,".repeat(MAX_TEXT_BYTES / 2) + "0");
    assert_eq!(refused(&big), pair("records", "too_large"));
    // More records than one call scores, in little text; exactly the limit is scored.
    let records = |n: usize| format!("[{}{{}}]", "{},".repeat(n - 1));
    assert_eq!(
        refused(&records(MAX_SCORE_RECORDS + 1)),
        pair("records", "too_many")
    );
    assert_eq!(
        score_json(&rb, &records(MAX_SCORE_RECORDS)).unwrap().len(),
        MAX_SCORE_RECORDS
    );
    // A hundred thousand fields no rule reads: skipped unread.
    let mut wide = serde_json::Map::new();
    wide.insert("unit".into(), json!("u"));
    wide.insert("period".into(), json!("2024"));
    for i in 0..100_000 {
        wide.insert(format!("f{i}"), json!(i));
    }
    let text = serde_json::to_string(&[Value::Object(wide)]).unwrap();
    assert_eq!(failed(&text), [pair("u", "scored")]);
    // A list longer than a field may hold, huge numbers, a 10 MB unit, not objects.
    let long = json!({"unit": "u", "period": "2024", "reports": vec!["2024-01-01"; MAX_LIST + 1]});
    let huge = json!({"unit": "u", "period": "2024", "residents": 1e308, "participants": 1e308, "surveyed": 1.7e308});
    let text = serde_json::to_string(
        &json!([long, huge, {"unit": "x".repeat(TEN_MB), "period": "2024"}, 1, null, "u"]),
    )
    .unwrap();
    assert_eq!(
        failed(&text),
        [
            pair("records[0].reports", "too_long"),
            pair("u", "scored"),
            pair("records[2].unit", "too_long"),
            pair("records[3]", "wrong_type"),
            pair("records[4]", "wrong_type"),
            pair("records[5]", "wrong_type"),
        ]
    );
    // A hundred thousand bad records: as many outcomes.
    let many = format!(
        "[{}]",
        vec![r#"{"unit": "u", "period": "24"}"#; 100_000].join(",")
    );
    let out = failed(&many);
    assert_eq!(out.len(), 100_000);
    assert_eq!(out[99_999], pair("records[99999].period", "bad_period"));
}
