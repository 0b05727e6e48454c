use super::*;
use proptest::prelude::*;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn cand(id: &str, score: f64, met: usize) -> Candidate {
    Candidate {
        id: id.into(),
        score,
        met,
        vetoed: false,
        statuses: vec![],
    }
}

fn round(quota: usize) -> Round {
    Round {
        category: Category::Estate,
        year: 2024,
        quota,
        min_score: None,
        preconditions: vec![],
        candidates: vec![],
    }
}

#[test]
fn the_workflow_runs_in_order_and_never_back() {
    let mut n = Nomination::new("n", "c", Category::Family, 2024, day("2024-11-01"));
    assert_eq!(
        n.advance(Stage::Approved, day("2024-11-02"))
            .unwrap_err()
            .problem
            .code(),
        "illegal_step"
    );
    n.advance(Stage::Submitted, day("2024-11-02")).unwrap();
    let e = n.advance(Stage::Rejected, day("2024-11-01")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "history[2]: 2024-11-01 is before the previous step's date 2024-11-02"
    );
    n.advance(Stage::Rejected, day("2024-11-02")).unwrap();
    let e = n.advance(Stage::Awarded, day("2024-12-01")).unwrap_err();
    assert!(e.to_string().ends_with("rejected is final"), "{e}");
}

#[test]
fn stored_histories_are_checked_from_the_start() {
    let mut n = Nomination::new("n", "c", Category::Family, 2024, day("2024-11-01"));
    n.history[0].stage = Stage::Submitted;
    assert_eq!(n.check().unwrap_err().path, "history[0]");
    let json = r#"{"id": "n", "candidate": "c", "category": "organ", "year": 2024,
        "history": [{"stage": "nominated", "on": "2024-10-01"}, {"stage": "awarded", "on": "2024-12-01"}]}"#;
    let n: Nomination = serde_json::from_str(json).unwrap();
    assert_eq!(n.check().unwrap_err().problem.code(), "illegal_step");
}

#[test]
fn ties_are_broken_by_indicators_met_then_id() {
    let r = fill(
        &round(2),
        &[cand("b", 80.0, 9), cand("a", 80.0, 9), cand("c", 80.0, 10)],
    )
    .unwrap();
    let order: Vec<&str> = r
        .winners
        .iter()
        .chain(&r.missed)
        .map(|p| p.candidate.as_str())
        .collect();
    assert_eq!(order, ["c", "a", "b"]);
    assert_eq!(r.missed[0].short_by, Some(0.0));
}

#[test]
fn missed_candidates_say_by_how_much() {
    let r = fill(&round(1), &[cand("a", 92.0, 0), cand("b", 80.5, 0)]).unwrap();
    assert_eq!((r.missed[0].rank, r.missed[0].short_by), (2, Some(11.5)));
    assert_eq!(r.winners[0].short_by, None);
}

#[test]
fn fewer_candidates_than_quota_all_win() {
    let r = fill(&round(5), &[cand("a", 70.0, 0)]).unwrap();
    assert_eq!((r.winners.len(), r.missed.len()), (1, 0));
    assert_eq!(fill(&round(0), &[]).unwrap_err().problem.code(), "no_quota");
}

#[test]
fn preconditions_count_whole_years_by_1_january() {
    let spell = |since: &str, until: Option<&str>| StatusSpell {
        status: "experimental_zone".into(),
        since: day(since),
        until: until.map(day),
    };
    assert_eq!(
        years_held(&[spell("2022-01-01", None)], "experimental_zone", 2024),
        2
    );
    assert_eq!(
        years_held(&[spell("2022-01-02", None)], "experimental_zone", 2024),
        1
    );
    assert_eq!(
        years_held(
            &[
                spell("2019-06-01", Some("2020-06-01")),
                spell("2022-06-01", None)
            ],
            "experimental_zone",
            2024
        ),
        2
    );
    let mut r = round(3);
    r.preconditions = vec![Precondition::YearsWithStatus {
        status: "experimental_zone".into(),
        years: 2,
    }];
    let mut ok = cand("ok", 60.0, 0);
    ok.statuses = vec![spell("2021-09-01", None)];
    let mut late = cand("late", 99.0, 0);
    late.statuses = vec![spell("2023-03-01", None)];
    let out = fill(&r, &[ok, late, cand("none", 99.0, 0)]).unwrap();
    assert_eq!(out.winners.len(), 1);
    assert_eq!(out.ineligible.len(), 2);
    assert_eq!(
        out.ineligible[0].reason.en,
        "held `experimental_zone` for 0 whole years by 1 January 2024; 2 are needed"
    );
}

#[test]
fn deciding_a_round_approves_winners_and_rejects_the_rest() {
    let result = fill(&round(1), &[cand("a", 90.0, 0), cand("b", 80.0, 0)]).unwrap();
    let mut noms: Vec<Nomination> = ["a", "b", "c"]
        .iter()
        .map(|c| {
            let mut n = Nomination::new(
                format!("n-{c}"),
                *c,
                Category::Estate,
                2024,
                day("2024-11-01"),
            );
            n.advance(Stage::Submitted, day("2024-11-05")).unwrap();
            n
        })
        .collect();
    noms[2].category = Category::Organ;
    let changed = decide(&result, &mut noms, day("2024-12-10")).unwrap();
    assert_eq!(changed, ["n-a", "n-b"]);
    assert_eq!(
        [noms[0].stage(), noms[1].stage(), noms[2].stage()],
        [Stage::Approved, Stage::Rejected, Stage::Submitted]
    );
}

fn any_stage() -> impl Strategy<Value = Stage> {
    prop_oneof![
        Just(Stage::Nominated),
        Just(Stage::Submitted),
        Just(Stage::Approved),
        Just(Stage::Rejected),
        Just(Stage::Awarded),
    ]
}

proptest! {
    #[test]
    fn random_steps_never_reach_an_illegal_history(steps in proptest::collection::vec((any_stage(), 0i64..40), 0..20)) {
        let start = day("2024-01-01");
        let mut n = Nomination::new("n", "c", Category::Family, 2024, start);
        for (stage, offset) in steps {
            let _ = n.advance(stage, start + chrono::Duration::days(offset));
            prop_assert!(n.check().is_ok());
        }
    }

    #[test]
    fn the_quota_is_never_exceeded(scores in proptest::collection::vec((0u32..100, 0usize..12), 0..40), quota in 1usize..10) {
        let cs: Vec<Candidate> = scores.iter().enumerate().map(|(i, (s, m))| cand(&format!("u{i:02}"), f64::from(*s), *m)).collect();
        let r = fill(&round(quota), &cs).unwrap();
        prop_assert!(r.winners.len() <= quota);
        prop_assert_eq!(r.winners.len() + r.missed.len() + r.ineligible.len(), cs.len());
        for (w, m) in r.winners.iter().zip(&r.missed) {
            prop_assert!(w.score >= m.score);
        }
    }
}
