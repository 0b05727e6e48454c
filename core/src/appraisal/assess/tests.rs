use super::*;
use serde_json::json;

fn standard() -> Rulebook {
    Rulebook::builtin("standard").unwrap()
}

/// The record sketched in DESIGN.md.
fn c017() -> Value {
    json!({"unit": "c-017", "period": "2024", "residents": 4200, "participants": 1130,
        "surveyed": 300, "aware": 231, "recognising": 220, "satisfied": 170, "funding_cny": 9000,
        "activities_by_month": [2,3,2,2,1,2,4,2,2,3,2,2],
        "reports": ["2024-01-20", "2024-02-24"],
        "staff_trainings": 2, "leading_group_meetings": 1,
        "centre_organised_on": "2024-05-10", "signature_courses": 1})
}

fn assess_value(rulebook: &Rulebook, v: Value) -> Result<Assessment, RecordError> {
    assess(rulebook, &Record::from_value(&v).unwrap())
}

fn points(a: &Assessment) -> Vec<(String, f64)> {
    a.indicators
        .iter()
        .map(|i| (i.id.clone(), i.points))
        .collect()
}

#[test]
fn the_design_record_scores_by_hand() {
    let a = assess_value(&standard(), c017()).unwrap();
    // T1 26.9 % ≥ 25 % → 20. T2 77 % ≥ 70 % → 10. T3 73.3 % → 10. T4 56.7 % ≥ 50 % → 15.
    // T5 2.14 CNY ≥ 2 → 15. T6 11 of 12 months → 15 × 11 / 12 = 13.75.
    // T7 reports in January and February only → 5 × 2 / 12. T8, T9, T11, T13 met → 3+2+2+3.
    let t7 = 5.0 * 2.0 / 12.0;
    let expected = [20.0, 10.0, 10.0, 15.0, 15.0, 13.75, t7, 3.0, 2.0, 2.0, 3.0];
    let got: Vec<f64> = points(&a).into_iter().map(|(_, p)| p).collect();
    assert_eq!(got, expected);
    assert_eq!(a.score, expected.iter().sum::<f64>());
    assert_eq!(a.grade, "excellent");
    assert_eq!(a.rulebook, "standard@2020");
    assert_eq!(a.max_score, 100.0);
}

#[test]
fn reasons_and_gaps_are_sentences() {
    let a = assess_value(&standard(), c017()).unwrap();
    let t1 = &a.indicators[0];
    assert_eq!(
        t1.why.en,
        "resident participation is 26.9 % (1130 of 4200); the target is at least 25 %"
    );
    assert_eq!(t1.why.zh, "居民参与率为26.9%(1130/4200),目标不低于25%");
    let t6 = &a.indicators[5];
    assert_eq!(
        t6.gap.as_ref().unwrap().text.en,
        "May had 1; 2 activities are needed every month"
    );
    let t7 = &a.indicators[6];
    assert!(t7
        .gap
        .as_ref()
        .unwrap()
        .text
        .en
        .starts_with("no reports dated by day 25 in March, April"));
    assert_eq!(t7.gap.as_ref().unwrap().amount, 10.0);
}

#[test]
fn linear_credit_runs_from_half_the_target() {
    let rb = standard();
    let t1 = |participants: u32| {
        let v =
            json!({"unit": "c", "period": "2024", "residents": 1000, "participants": participants});
        assess_value(&rb, v).unwrap().indicators[0].points
    };
    assert_eq!(t1(125), 0.0);
    assert_eq!(t1(100), 0.0);
    assert_eq!(t1(1000), 20.0);
    assert_eq!(t1(250), 20.0);
    assert_eq!(t1(200), 20.0 * ((0.2 - 0.125) / 0.125));
}

#[test]
fn missing_data_scores_zero_and_says_so() {
    let a = assess_value(&standard(), json!({"unit": "c", "period": "2024"})).unwrap();
    assert_eq!(a.score, 0.0);
    assert_eq!(a.grade, "fail");
    assert!(a.indicators.iter().all(|i| i.status == Status::NoData));
    assert_eq!(
        a.indicators[0].why.en,
        "resident participation: no data (`participants` and `residents` missing)"
    );
    assert_eq!(a.work_list.len(), 11);
    assert_eq!(a.work_list[0].indicator, "T1");
    assert_eq!(a.work_list[0].missing, None);
}

#[test]
fn impossible_data_names_the_field() {
    let rb = standard();
    let cases = [
        (json!({"residents": -1}), "residents", "negative"),
        (
            json!({"residents": 0, "participants": 0}),
            "residents",
            "zero_whole",
        ),
        (
            json!({"residents": 0, "funding_cny": 10}),
            "residents",
            "zero_whole",
        ),
        (json!({"surveyed": 0, "aware": 0}), "surveyed", "zero_whole"),
        (
            json!({"surveyed": 10, "satisfied": 11}),
            "satisfied",
            "part_exceeds_whole",
        ),
        (
            json!({"residents": 10, "participants": 11}),
            "participants",
            "part_exceeds_whole",
        ),
        (
            json!({"activities_by_month": [1, 2]}),
            "activities_by_month",
            "wrong_length",
        ),
        (
            json!({"reports": ["2023-12-20"]}),
            "reports[0]",
            "outside_year",
        ),
        (json!({"reports": ["2024-02-30"]}), "reports[0]", "bad_date"),
        (
            json!({"centre_organised_on": "2025-01-01"}),
            "centre_organised_on",
            "outside_year",
        ),
        (
            json!({"staff_trainings": "two"}),
            "staff_trainings",
            "wrong_type",
        ),
        (json!({"period": "24"}), "period", "bad_period"),
    ];
    for (fields, path, code) in cases {
        let mut v = json!({"unit": "c", "period": "2024"});
        for (k, x) in fields.as_object().unwrap() {
            v[k] = x.clone();
        }
        let e = assess_value(&rb, v).unwrap_err();
        assert_eq!(
            (e.path.as_str(), e.problem.code()),
            (path, code),
            "{fields}"
        );
    }
}

#[test]
fn surveyed_zero_without_answers_is_no_data() {
    let a = assess_value(
        &standard(),
        json!({"unit": "c", "period": "2024", "surveyed": 0}),
    )
    .unwrap();
    assert_eq!(a.indicators[1].status, Status::NoData);
}

#[test]
fn batches_keep_every_record_in_order() {
    let values = vec![
        c017(),
        json!({"unit": "bad", "period": "2024", "residents": -3}),
        json!(7),
        c017(),
    ];
    let out = assess_values(&standard(), &values);
    assert_eq!(out.len(), 4);
    assert!(matches!(&out[0], Outcome::Assessed(a) if a.unit == "c-017"));
    match &out[1] {
        Outcome::Failed(f) => {
            assert_eq!(f.unit.as_deref(), Some("bad"));
            assert_eq!(f.error.path, "records[1].residents");
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(&out[2], Outcome::Failed(f) if f.error.path == "records[2]" && f.unit.is_none())
    );
    assert!(matches!(&out[3], Outcome::Assessed(_)));
}

fn custom(indicators: Value, extra: Value) -> Rulebook {
    let mut v = json!({"id": "custom", "version": "1", "effective_from": "2020-01-01",
        "title": {"zh": "测试", "en": "test"},
        "grades": [{"id": "excellent", "label": {"zh": "优秀", "en": "excellent"}, "min": 90, "requires_met": ["A"]},
                   {"id": "pass", "label": {"zh": "合格", "en": "pass"}, "min": 60},
                   {"id": "fail", "label": {"zh": "不合格", "en": "fail"}, "min": 0}],
        "indicators": indicators});
    for (k, x) in extra.as_object().unwrap() {
        v[k] = x.clone();
    }
    if !v["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["id"] == "A")
    {
        v["grades"][0]["requires_met"] = json!([]);
    }
    Rulebook::from_value(v).unwrap()
}

fn score_ind(id: &str, points: f64) -> Value {
    json!({"id": id, "label": {"zh": id, "en": id}, "points": points,
        "rule": {"carried_score": {"field": id.to_lowercase(), "max": points, "at_least": 0}},
        "credit": "proportional"})
}

#[test]
fn veto_fails_the_year_whatever_the_score() {
    let mut veto = score_ind("V", 0.0);
    veto["rule"] = json!({"presence": {"field": "safety_ok"}});
    veto["credit"] = json!("all_or_nothing");
    veto["veto"] = json!(true);
    let rb = custom(json!([score_ind("A", 100.0), veto]), json!({}));
    let a = assess_value(
        &rb,
        json!({"unit": "c", "period": "2024", "a": 95, "safety_ok": false}),
    )
    .unwrap();
    assert_eq!((a.score, a.grade.as_str(), a.vetoed), (95.0, "fail", true));
    assert_eq!(a.work_list[0].indicator, "V");
    let a = assess_value(
        &rb,
        json!({"unit": "c", "period": "2024", "a": 95, "safety_ok": true}),
    )
    .unwrap();
    assert_eq!((a.grade.as_str(), a.vetoed), ("excellent", false));
}

#[test]
fn bonus_points_are_capped() {
    let mut b1 = score_ind("B1", 4.0);
    b1["bonus"] = json!(true);
    let mut b2 = score_ind("B2", 4.0);
    b2["bonus"] = json!(true);
    let rb = custom(
        json!([score_ind("A", 100.0), b1, b2]),
        json!({"bonus_cap": 5}),
    );
    let a = assess_value(
        &rb,
        json!({"unit": "c", "period": "2024", "a": 80, "b1": 4, "b2": 4}),
    )
    .unwrap();
    assert_eq!((a.score, a.max_score), (85.0, 105.0));
}

#[test]
fn compound_grades_need_their_conditions() {
    let mut a_ind = score_ind("A", 100.0);
    a_ind["rule"]["carried_score"]["at_least"] = json!(95);
    let rb = custom(json!([a_ind]), json!({}));
    let a = assess_value(&rb, json!({"unit": "c", "period": "2024", "a": 92})).unwrap();
    assert_eq!(a.grade, "pass"); // ≥ 90 but A (needs 95) is not met
    let a = assess_value(&rb, json!({"unit": "c", "period": "2024", "a": 96})).unwrap();
    assert_eq!(a.grade, "excellent");
}

#[test]
fn deductions_floor_at_zero() {
    let mut d = score_ind("D", 5.0);
    d["rule"] = json!({"dated_each_period": {"field": "reports", "by_day": 25}});
    d["credit"] = json!({"deduct": {"per_shortfall": 1}});
    let rb = custom(json!([d]), json!({}));
    let with = |dates: Value| {
        assess_value(
            &rb,
            json!({"unit": "c", "period": "2024", "reports": dates}),
        )
        .unwrap()
        .score
    };
    let all: Vec<String> = (1..=12).map(|m| format!("2024-{m:02}-25")).collect();
    assert_eq!(with(json!(all)), 5.0);
    assert_eq!(with(json!(all[..10])), 3.0);
    assert_eq!(with(json!([])), 0.0);
}

#[test]
fn lead_time_counts_days_across_month_ends() {
    let mut l = score_ind("L", 10.0);
    l["rule"] = json!({"lead_time": {"field": "material", "at_least_days": 15}});
    l["credit"] = json!("share");
    let rb = custom(json!([l]), json!({}));
    let v = json!({"unit": "c", "period": "2024", "material": [["2024-02-14", "2024-02-29"], ["2024-02-15", "2024-03-01"]]});
    let a = assess_value(&rb, v).unwrap();
    // 15 days, then 15 days across the leap day: both meet 15.
    assert_eq!(a.score, 10.0);
    let v = json!({"unit": "c", "period": "2024", "material": [["2024-12-20", "2025-01-02"]]});
    assert_eq!(assess_value(&rb, v).unwrap_err().path, "material[0][1]");
}

#[test]
fn weighted_sources_combine_points_and_explain_each_source() {
    let rb = Rulebook::builtin("strict-example").unwrap();
    let v = json!({"unit": "c", "period": "2024", "residents": 1000,
        "participants@self_report": 300, "participants@on_site_inspection": 200});
    let a = assess_value(&rb, v).unwrap();
    let t1 = a.indicators.iter().find(|i| i.id == "T1").unwrap();
    // self-report 30 % ≥ 25 % → 15; inspection 20 % → 15 × (0.2 − 0.125) / 0.125 = 9.
    assert_eq!(t1.sources.len(), 2);
    assert_eq!(
        (t1.sources[0].points, t1.sources[1].points),
        (15.0, 15.0 * ((0.2 - 0.125) / 0.125))
    );
    assert_eq!(
        t1.points,
        (0.4 * 15.0 + 0.6 * t1.sources[1].points) / (0.4 + 0.6)
    );
    assert!(!t1.met);
    assert!(
        t1.why
            .en
            .starts_with("self-report (weight 0.4): resident participation is 30 %"),
        "{}",
        t1.why.en
    );
    assert_eq!(
        t1.gap.as_ref().unwrap().text.en,
        "on-site inspection: 50 more residents taking part would meet 25 %"
    );
    assert!(rb
        .fields()
        .contains(&"participants@on_site_inspection".to_string()));
    // c017 has no `no_major_incident` field: the veto item has no data, so it fails.
    assert!(
        score(&rb, &Record::from_value(&c017()).unwrap())
            .unwrap()
            .vetoed
    );
}

#[test]
fn deadlines_compare_dates() {
    let rb = standard();
    let at = |d: &str| {
        assess_value(
            &rb,
            json!({"unit": "c", "period": "2024", "centre_organised_on": d}),
        )
        .unwrap()
    };
    assert_eq!(at("2024-06-30").indicators[9].points, 2.0);
    let late = at("2024-07-15");
    assert_eq!(late.indicators[9].points, 0.0);
    assert_eq!(
        late.indicators[9].gap.as_ref().unwrap().text.en,
        "15 days after the deadline"
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Any standard-shaped record that is valid: parts within wholes, dates in 2024.
    fn valid_record() -> impl Strategy<Value = Value> {
        (
            (1u32..20_000, 0.0f64..=1.0, 1u32..1_000, 0.0f64..=1.0, 0.0f64..=1.0, 0.0f64..=1.0),
            (0u32..100_000, proptest::collection::vec(0u32..6, 12), proptest::collection::vec((1u32..=12, 1u32..=28), 0..20)),
            (0u32..5, 0u32..4, 1u32..=366, 0u32..3),
        )
            .prop_map(|((res, p, sur, aw, rc, sa), (fund, months, reports), (st, lg, day, sc))| {
                let part = |share: f64, whole: u32| (share * f64::from(whole)).floor();
                let reports: Vec<String> = reports.iter().map(|(m, d)| format!("2024-{m:02}-{d:02}")).collect();
                let organised = chrono::NaiveDate::from_yo_opt(2024, day).unwrap().to_string();
                json!({"unit": "c", "period": "2024", "residents": res, "participants": part(p, res),
                    "surveyed": sur, "aware": part(aw, sur), "recognising": part(rc, sur), "satisfied": part(sa, sur),
                    "funding_cny": fund, "activities_by_month": months, "reports": reports,
                    "staff_trainings": st, "leading_group_meetings": lg, "centre_organised_on": organised,
                    "signature_courses": sc})
            })
    }

    proptest! {
        #[test]
        fn scores_stay_within_zero_and_max(v in valid_record()) {
            for name in Rulebook::builtin_names() {
                let a = assess_value(&Rulebook::builtin(name).unwrap(), v.clone()).unwrap();
                prop_assert!(a.score >= 0.0 && a.score <= a.max_score, "{}", a.score);
                for i in &a.indicators {
                    prop_assert!(i.points >= 0.0 && i.points <= i.max, "{} {}", i.id, i.points);
                }
            }
        }

        #[test]
        fn more_participants_never_cost_points(v in valid_record(), extra in 0u32..5_000) {
            let rb = standard();
            let before = assess_value(&rb, v.clone()).unwrap();
            let mut more = v.clone();
            let res = v["residents"].as_f64().unwrap();
            let p = (v["participants"].as_f64().unwrap() + f64::from(extra)).min(res);
            more["participants"] = json!(p);
            let mut richer = v.clone();
            richer["funding_cny"] = json!(v["funding_cny"].as_f64().unwrap() + f64::from(extra));
            let mut busier = v.clone();
            let month = (extra % 12) as usize;
            let busier_count = v["activities_by_month"][month].as_f64().unwrap() + f64::from(extra);
            busier["activities_by_month"][month] = json!(busier_count);
            let after = [assess_value(&rb, more).unwrap(), assess_value(&rb, richer).unwrap(), assess_value(&rb, busier).unwrap()];
            for a in &after {
                for (x, y) in before.indicators.iter().zip(&a.indicators) {
                    prop_assert!(y.points >= x.points, "{}: {} then {}", x.id, x.points, y.points);
                }
            }
        }

        #[test]
        fn scoring_alone_agrees_with_assessing(v in valid_record()) {
            for name in Rulebook::builtin_names() {
                let rb = Rulebook::builtin(name).unwrap();
                let r = Record::from_value(&v).unwrap();
                let (a, s) = (assess(&rb, &r).unwrap(), score(&rb, &r).unwrap());
                prop_assert_eq!((a.score, a.grade.as_str(), a.vetoed), (s.score, s.grade, s.vetoed));
            }
        }

        #[test]
        fn the_same_input_gives_the_same_output(v in valid_record()) {
            let rb = standard();
            prop_assert_eq!(assess_value(&rb, v.clone()).unwrap(), assess_value(&rb, v).unwrap());
        }

        #[test]
        fn documents_survive_a_json_round_trip(v in valid_record()) {
            let rb = standard();
            let record = Record::from_value(&v).unwrap();
            let back: Record = serde_json::from_str(&serde_json::to_string(&record).unwrap()).unwrap();
            prop_assert_eq!(&back, &record);
            let a = assess(&rb, &record).unwrap();
            let back: Assessment = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
            prop_assert_eq!(back, a);
            let rb_back = Rulebook::from_json(&serde_json::to_string(&rb).unwrap()).unwrap();
            prop_assert_eq!(rb_back, rb);
        }

        #[test]
        fn any_json_gives_an_outcome_and_never_panics(v in any_json()) {
            let out = assess_values(&standard(), &[v.clone(), json!({"unit": "u", "period": "2024", "residents": v})]);
            prop_assert_eq!(out.len(), 2);
        }
    }

    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("JSON numbers are finite", |x| x.is_finite())
                .prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            ".{0,12}".prop_map(Value::from),
        ];
        leaf.prop_recursive(3, 24, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
                proptest::collection::btree_map("[a-z_]{1,8}", inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }
}

/// Found by the `record_json` fuzz target: `surveyed` of 3.4 × 10^19 made a gap's
/// correction loop step by 1 where 1 no longer changes the number.
#[test]
fn gaps_of_huge_counts_end() {
    let record = Record::from_json(
        r#"{"unit": "j-017", "period": "2024", "surveyed": 34444444444444444400,
            "aware": 231, "residents": 1e19, "participants": 5, "funding_cny": 1}"#,
    )
    .unwrap();
    let a = assess(&standard(), &record).unwrap();
    let gap = a.indicators[1].gap.as_ref().unwrap();
    assert!(gap.amount > 2.4e19, "{}", gap.amount);
    assert!(a.indicators[4].gap.is_some());
}
