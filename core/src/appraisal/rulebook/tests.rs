use super::*;
use serde_json::json;

fn standard_value() -> serde_json::Value {
    serde_json::to_value(Rulebook::builtin("standard").unwrap()).unwrap()
}

#[test]
fn builtins_parse_and_sum_to_100() {
    for name in Rulebook::builtin_names() {
        let r = Rulebook::builtin(name).unwrap();
        assert_eq!(r.max_base(), 100.0, "{name}");
    }
}

#[test]
fn national_is_stricter_on_surveys() {
    let target =
        |r: &Rulebook, id: &str| match &r.indicators.iter().find(|i| i.id == id).unwrap().rule {
            Rule::Ratio(r) => r.at_least,
            other => panic!("{other:?}"),
        };
    let (s, n) = (
        Rulebook::builtin("standard").unwrap(),
        Rulebook::builtin("national-2010").unwrap(),
    );
    assert_eq!((target(&s, "T2"), target(&n, "T2")), (0.7, 0.8));
    assert_eq!((target(&s, "T4"), target(&n, "T4")), (0.5, 0.7));
}

#[test]
fn serde_errors_name_the_path() {
    let mut v = standard_value();
    v["indicators"][0]["rule"]["ratio"]["at_least"] = json!("a lot");
    let e = Rulebook::from_value(v).unwrap_err();
    assert_eq!(e.path, "indicators[0].rule.ratio.at_least");
    assert_eq!(e.problem.code(), "malformed");
}

#[test]
fn unknown_fields_and_kinds_are_refused() {
    let mut v = standard_value();
    v["indicators"][1]["wieght"] = json!(3);
    assert_eq!(
        Rulebook::from_value(v).unwrap_err().path,
        "indicators[1].wieght"
    );
    let mut v = standard_value();
    v["indicators"][1]["rule"] = json!({"median": {}});
    assert_eq!(
        Rulebook::from_value(v).unwrap_err().path,
        "indicators[1].rule"
    );
}

#[test]
fn semantic_checks_name_the_path() {
    let cases = [
        (
            "/indicators/1/id",
            json!("T1"),
            "indicators[1].id",
            "duplicate_id",
        ),
        (
            "/indicators/0/points",
            json!(-1),
            "indicators[0].points",
            "out_of_range",
        ),
        (
            "/indicators/0/rule/ratio/at_least",
            json!(1.5),
            "indicators[0].rule.ratio.at_least",
            "out_of_range",
        ),
        (
            "/indicators/0/credit",
            json!("share"),
            "indicators[0].credit",
            "credit_mismatch",
        ),
        ("/grades/3/min", json!(10), "grades", "no_floor_grade"),
        ("/veto_grade", json!("gold"), "veto_grade", "unknown_grade"),
        (
            "/grades/0/label",
            json!({"zh": "优秀", "en": "excellent"}),
            "grades[0].requires_met[0]",
            "unknown_indicator",
        ),
        ("/indicators", json!([]), "indicators", "empty"),
    ];
    for (pointer, value, path, code) in cases {
        let mut v = standard_value();
        v["grades"][0]["requires_met"] = json!(["T1"]);
        if path.starts_with("grades[0].requires_met") {
            v["grades"][0]["requires_met"] = json!(["T99"]);
        }
        match v.pointer_mut(pointer) {
            Some(slot) => *slot = value,
            None => {
                v.as_object_mut()
                    .unwrap()
                    .insert(pointer[1..].to_string(), value);
            }
        }
        let e = Rulebook::from_value(v).unwrap_err();
        assert_eq!(
            (e.path.as_str(), e.problem.code()),
            (path, code),
            "{pointer}"
        );
    }
}

#[test]
fn too_many_indicators_is_refused() {
    let mut v = standard_value();
    let one = v["indicators"][0].clone();
    v["indicators"] = json!(vec![one; MAX_INDICATORS + 1]);
    assert_eq!(
        Rulebook::from_value(v).unwrap_err().problem.code(),
        "too_many"
    );
}

#[test]
fn broken_json_names_the_whole_document() {
    let e = Rulebook::from_json("{").unwrap_err();
    assert_eq!((e.path.as_str(), e.problem.code()), ("", "malformed"));
}

#[test]
fn unknown_builtin_lists_the_names() {
    let e = Rulebook::builtin("gold").unwrap_err();
    assert!(
        e.to_string()
            .contains("standard, national-2010, strict-example"),
        "{e}"
    );
}
