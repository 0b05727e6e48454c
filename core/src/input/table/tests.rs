use std::path::Path;

use proptest::prelude::*;
use serde_json::{json, Value};

use super::*;
use crate::assess::{assess_table, score_table, ScoreOutcome};
use crate::{assess_values, Outcome, Rulebook};

fn standard() -> Rulebook {
    Rulebook::builtin("standard").unwrap()
}

/// The fields a table must keep for `rulebook`: `unit`, `period` and those it reads.
fn keep(rulebook: &Rulebook) -> Vec<String> {
    let mut names = vec!["unit".to_string(), "period".to_string()];
    names.extend(rulebook.fields());
    names
}

/// Scores and assesses `values` as records and as a table (built from the values
/// and from their JSON text), and checks that every row agrees with its record
/// exactly: the same score, grade, points and verdicts, or the same error.
fn agree(rulebook: &Rulebook, values: &[Value]) {
    let names = keep(rulebook);
    let keep: Vec<&str> = names.iter().map(String::as_str).collect();
    let text = serde_json::to_string(values).unwrap();
    let tables = [
        Table::from_values(values, &keep),
        Table::from_json(&text, &keep).unwrap(),
    ];
    let expected = assess_values(rulebook, values);
    for table in tables {
        assert_eq!(table.rows(), values.len());
        let scores = score_table(rulebook, &table, MissingColumns::NoData).unwrap();
        let assessed: Vec<_> = assess_table(rulebook, &table, MissingColumns::NoData)
            .unwrap()
            .collect();
        assert_eq!(assessed.len(), values.len());
        let outcomes = scores.outcomes(&table);
        for (i, (outcome, scored)) in expected.iter().zip(&outcomes).enumerate() {
            match (outcome, scored) {
                (Outcome::Assessed(a), ScoreOutcome::Scored(s)) => {
                    assert_eq!((&s.unit, &s.period), (&a.unit, &a.period), "row {i}");
                    assert_eq!((s.score.to_bits(), &s.grade), (a.score.to_bits(), &a.grade));
                }
                (Outcome::Failed(f), ScoreOutcome::Failed(g)) => assert_eq!(f, g, "row {i}"),
                other => panic!("row {i}: {other:?}"),
            }
        }
        for (i, outcome) in expected.iter().enumerate() {
            match outcome {
                Outcome::Assessed(a) => {
                    assert_eq!(scores.error(i), None, "row {i}");
                    assert_eq!(scores.score[i].to_bits(), a.score.to_bits(), "row {i}");
                    assert_eq!(scores.grade[i], Some(a.grade.as_str()), "row {i}");
                    assert_eq!(scores.vetoed[i], a.vetoed, "row {i}");
                    for (k, r) in a.indicators.iter().enumerate() {
                        assert_eq!(
                            scores.points[k][i].to_bits(),
                            r.points.to_bits(),
                            "{i} {}",
                            r.id
                        );
                        assert_eq!(scores.met[k][i], r.met, "row {i} {}", r.id);
                    }
                    assert_eq!(assessed[i].as_ref().unwrap(), a.as_ref(), "row {i}");
                }
                Outcome::Failed(f) => {
                    let e = scores.error(i).unwrap_or_else(|| panic!("row {i} scored"));
                    assert_eq!(e.info(), f.error, "row {i}");
                    assert!(scores.score[i].is_nan());
                    assert_eq!(assessed[i].as_ref().unwrap_err().info(), f.error, "row {i}");
                }
            }
        }
    }
}

#[test]
fn every_conformance_record_scores_the_same_in_a_table() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../conformance/cases");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let case: Value =
            serde_json::from_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
        if case["kind"] != "assess" {
            continue;
        }
        let rulebook = match &case["rulebook"] {
            Value::String(name) => Rulebook::builtin(name).unwrap(),
            doc => Rulebook::from_value(doc.clone()).unwrap(),
        };
        let records = case["records"].as_array().unwrap();
        agree(&rulebook, records);
        checked += records.len();
    }
    assert!(checked >= 60, "{checked} records");
}

#[test]
fn wrong_types_and_mixed_columns_agree() {
    let values = [
        json!({"unit": "c-1", "period": "2024", "residents": 100, "participants": 30,
               "reports": ["2024-01-01", "2024-02-30"], "signature_courses": true}),
        json!({"unit": "c-2", "period": 2024, "residents": "many", "participants": 30}),
        json!({"unit": "c-3", "period": 2024.0, "residents": [1], "activities_by_month": [2, 2]}),
        json!({"unit": 4, "period": "2024"}),
        json!(["not", "a", "record"]),
        json!({"unit": "c-6", "period": "24"}),
        json!({"unit": "c-7", "period": "2024", "centre_organised_on": {"on": "2024-01-01"}}),
        json!({"unit": "c-8", "period": "2024", "activities_by_month": [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, null]}),
        json!({"unit": "c-9", "period": "2024", "reports": "2024-01-01"}),
        json!(null),
        json!({"unit": "c-11", "period": 99999}),
        json!({"unit": "2024-01-01", "period": "2024-01-01", "centre_organised_on": "2024-01-01"}),
        json!({"unit": "2024-01-02", "period": "2024", "centre_organised_on": "2023-12-31"}),
    ];
    for rulebook in Rulebook::builtin_names() {
        agree(&Rulebook::builtin(rulebook).unwrap(), &values);
    }
}

#[test]
fn a_builder_keeps_the_compact_layout_while_the_cells_agree() {
    let mut b = ColumnBuilder::new();
    b.empty();
    b.number(1.0);
    b.number(f64::NAN);
    assert!(matches!(b.finish().cells, Cells::Numbers(_)));
    let mut b = ColumnBuilder::new();
    b.text("a");
    b.number(2.0);
    b.empty();
    let column = b.finish();
    let Cells::Mixed { cells, .. } = &column.cells else {
        panic!("{column:?}")
    };
    assert_eq!(
        cells,
        &[Mixed::Text("a".into()), Mixed::Number(2.0), Mixed::Empty]
    );
    let mut b = ColumnBuilder::new();
    b.value(&json!([1, 2]));
    b.value(&json!(["2024-01-01"]));
    b.value(&json!(3));
    let column = b.finish();
    assert!(matches!(column.cells.cell(0), Cell::List(_)), "{column:?}");
    assert!(matches!(column.cells.cell(1), Cell::List(_)));
    assert!(matches!(column.cells.cell(2), Cell::Number(x) if x == 3.0));
}

#[test]
fn infinities_and_unreadable_cells_are_refused_where_read() {
    let mut t = Table::new(3);
    t.push("unit", Column::texts([Some("a"), Some("b"), Some("c")]))
        .unwrap();
    t.push("period", Column::numbers(vec![2024.0; 3])).unwrap();
    let mut residents = ColumnBuilder::new();
    residents.number(f64::INFINITY);
    residents.unreadable("a Python `set` has no JSON form");
    residents.number(100.0);
    t.push("residents", residents.finish()).unwrap();
    t.push("participants", Column::numbers(vec![1.0, 1.0, 1.0]))
        .unwrap();
    let rb = standard();
    let s = score_table(&rb, &t, MissingColumns::NoData).unwrap();
    let codes: Vec<_> = (0..3)
        .map(|i| s.error(i).map(|e| e.problem.code()))
        .collect();
    assert_eq!(codes, [Some("not_finite"), Some("not_json"), None]);
    assert_eq!(s.error(1).unwrap().path, "records[1].residents");
    assert_eq!(s.points[0][2], 0.0);
}

fn sheet(columns: &[(&str, Column)]) -> Table {
    let rows = columns.first().map_or(0, |(_, c)| c.len());
    let mut t = Table::new(rows);
    for (name, c) in columns {
        t.push(*name, c.clone()).unwrap();
    }
    t
}

#[test]
fn numbered_columns_and_date_text_read_as_lists() {
    let mut columns = vec![
        ("unit", Column::texts([Some("a"), Some("b")])),
        ("period", Column::texts([Some("2024"), Some("2024")])),
        (
            "reports",
            Column::texts([Some("2024-01-20; 2024-02-24"), None]),
        ),
    ];
    let names: Vec<String> = (1..=12)
        .map(|m| format!("activities_by_month_{m}"))
        .collect();
    for (m, name) in names.iter().enumerate() {
        let first = if m == 0 { 1.0 } else { 2.0 };
        columns.push((name, Column::numbers(vec![first, f64::NAN])));
    }
    let rb = standard();
    let s = score_table(&rb, &sheet(&columns), MissingColumns::NoData).unwrap();
    let listed = [
        json!({"unit": "a", "period": "2024", "reports": ["2024-01-20", "2024-02-24"],
               "activities_by_month": [1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]}),
        json!({"unit": "b", "period": "2024"}),
    ];
    let expected = assess_values(&standard(), &listed);
    for (i, e) in expected.iter().enumerate() {
        let Outcome::Assessed(a) = e else { panic!() };
        assert_eq!(s.score[i], a.score, "row {i}");
    }
    assert_eq!(s.points[5][0], 15.0 * 11.0 / 12.0);
    assert_eq!(s.points[6][0], 5.0 * 2.0 / 12.0);
    assert_eq!(s.points[5][1], 0.0);

    // One empty month among twelve is the record's error for a null month.
    columns[3].1 = Column::numbers(vec![f64::NAN, 2.0]);
    let s = score_table(&rb, &sheet(&columns), MissingColumns::NoData).unwrap();
    let e = |i| s.error(i).unwrap().to_string();
    assert_eq!(
        e(0),
        "records[0].activities_by_month[0]: expected a number, found null"
    );
    assert_eq!(
        e(1),
        "records[1].activities_by_month[1]: expected a number, found null"
    );
}

#[test]
fn missing_gapped_duplicate_and_short_columns_are_named() {
    let rb = standard();
    let base = || {
        vec![
            ("unit", Column::texts([Some("a")])),
            ("period", Column::texts([Some("2024")])),
            ("residents", Column::numbers(vec![10.0])),
        ]
    };
    let e = score_table(&rb, &sheet(&base()), MissingColumns::Error).unwrap_err();
    assert_eq!(
        (e.path.as_str(), e.problem.code()),
        ("participants", "missing_column")
    );
    assert!(e.to_string().starts_with(
        "participants: the rulebook standard@2020 reads `participants`, and the table has no such column; also missing: aware,"
    ), "{e}");
    let e = score_table(&rb, &sheet(&base()[1..]), MissingColumns::NoData).unwrap_err();
    assert_eq!(
        e.to_string(),
        "unit: is required and the table has no `unit` column (it has: period, residents)"
    );

    let mut gapped = base();
    gapped.push(("activities_by_month_1", Column::numbers(vec![2.0])));
    gapped.push(("activities_by_month_3", Column::numbers(vec![2.0])));
    let e = score_table(&rb, &sheet(&gapped), MissingColumns::NoData).unwrap_err();
    assert_eq!(
        (e.path.as_str(), e.problem.code()),
        ("activities_by_month_2", "missing_column")
    );

    let mut t = sheet(&base());
    let e = t.push("residents", Column::numbers(vec![1.0])).unwrap_err();
    assert_eq!(
        (e.path.as_str(), e.problem.code()),
        ("residents", "duplicate_column")
    );
    let e = t
        .push("aware", Column::numbers(vec![1.0, 2.0]))
        .unwrap_err();
    assert_eq!(e.to_string(), "aware: holds 2 cells; the table has 1 rows");

    let names = ["unit", "period", "residents", "x", "residents"];
    let e = columns_read(&rb, &names, MissingColumns::NoData).unwrap_err();
    assert_eq!(
        (e.path.as_str(), e.problem.code()),
        ("residents", "duplicate_column")
    );
    let names = [
        "unit",
        "period",
        "x",
        "x",
        "activities_by_month_2",
        "activities_by_month_1",
    ];
    let read = columns_read(&rb, &names, MissingColumns::NoData).unwrap();
    assert_eq!(
        read,
        [
            "unit",
            "period",
            "activities_by_month_2",
            "activities_by_month_1"
        ]
    );
}

#[test]
fn json_text_errors_name_the_records() {
    let keep = ["unit", "period"];
    let e = Table::from_json("[{", &keep).unwrap_err();
    assert_eq!((e.path.as_str(), e.problem.code()), ("records", "not_json"));
    let e = Table::from_json(r#"{"unit": "a"}"#, &keep).unwrap_err();
    assert_eq!(e.to_string(), "records: expected a list, found an object");
    let e = Table::from_json("[] x", &keep).unwrap_err();
    assert_eq!(e.problem.code(), "not_json");
    let t = Table::from_json("[]", &keep).unwrap();
    assert_eq!(t.rows(), 0);
}

#[test]
fn a_field_named_twice_keeps_its_last_value_as_json_does() {
    let text = r#"[{"unit": "a", "period": "2024", "residents": [1], "residents": 100, "participants": 50},
                   {"unit": "b", "period": "2024", "residents": 100, "participants": 10, "residents": "x"}]"#;
    let t = Table::from_json(text, &["unit", "period", "residents", "participants"]).unwrap();
    let values: Vec<Value> = serde_json::from_str(text).unwrap();
    let rb = standard();
    let s = score_table(&rb, &t, MissingColumns::NoData).unwrap();
    assert_eq!(s.points[0][0], 20.0);
    assert_eq!(s.error(1).unwrap().problem.code(), "wrong_type");
    agree(&standard(), &values);
}

#[test]
fn missing_column_policy_names() {
    assert_eq!(
        MissingColumns::from_name("no_data"),
        Some(MissingColumns::NoData)
    );
    assert_eq!(MissingColumns::from_name("ignore"), None);
    for name in MissingColumns::NAMES {
        let policy = MissingColumns::from_name(name).unwrap();
        assert_eq!(serde_json::to_value(policy).unwrap(), json!(name));
    }
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        (0.0..1e6f64).prop_map(Value::from),
        any::<i32>().prop_map(Value::from),
        "(2024-0[1-9]-[0-3][0-9]|[a-z]{0,3}|202[34])".prop_map(Value::from),
    ];
    leaf.prop_recursive(2, 16, 12, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..13).prop_map(Value::from),
            proptest::collection::btree_map("[a-z]{1,3}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A record whose fields of `rulebook` hold anything: good values, wrong types,
/// nulls, lists of anything.
fn any_record(fields: Vec<String>) -> impl Strategy<Value = Value> {
    let n = fields.len();
    (
        prop_oneof![Just(json!("2024")), Just(json!(2024)), any_json()],
        proptest::collection::vec(proptest::option::of(any_json()), n),
    )
        .prop_map(move |(period, values)| {
            let mut record = serde_json::Map::new();
            record.insert("unit".into(), json!("u"));
            record.insert("period".into(), period);
            for (f, v) in fields.iter().zip(values).filter_map(|(f, v)| Some((f, v?))) {
                record.insert(f.clone(), v);
            }
            Value::Object(record)
        })
}

proptest! {
    #[test]
    fn any_records_score_the_same_in_a_table(
        rows in proptest::collection::vec(any_record(standard().fields()), 1..6),
    ) {
        agree(&standard(), &rows);
    }

    #[test]
    fn any_records_of_the_strict_example_score_the_same_in_a_table(
        rows in proptest::collection::vec(
            any_record(Rulebook::builtin("strict-example").unwrap().fields()), 1..4),
    ) {
        agree(&Rulebook::builtin("strict-example").unwrap(), &rows);
    }
}
