//! A JSON list of records from anywhere, read two ways: straight into a table and
//! scored a column at a time (`documents::score_json`), and value by value as
//! records (`assess_values`). Both refuse the same text, or give the same
//! number of outcomes with, record for record, the same score, grade, veto, unit
//! and period, or the same error. Never a panic or a hang.

#![no_main]

use std::sync::OnceLock;

use learning_city::assess::ScoreOutcome;
use learning_city::documents::score_json;
use learning_city::{assess_values, Outcome, Rulebook};
use libfuzzer_sys::fuzz_target;

fn builtins() -> &'static [Rulebook] {
    static BOOKS: OnceLock<Vec<Rulebook>> = OnceLock::new();
    BOOKS.get_or_init(|| {
        Rulebook::builtin_names()
            .into_iter()
            .map(|n| Rulebook::builtin(n).expect("built-in"))
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let values = match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Array(values)) => Some(values),
        _ => None,
    };
    for rulebook in builtins() {
        let scored = score_json(rulebook, text);
        let (Some(values), Ok(scored)) = (&values, &scored) else {
            // Text that is not a list of JSON values is refused by both readings.
            assert!(values.is_none() && scored.is_err(), "{scored:?}");
            continue;
        };
        let assessed = assess_values(rulebook, values);
        assert_eq!(scored.len(), assessed.len());
        for (s, a) in scored.iter().zip(&assessed) {
            match (s, a) {
                (ScoreOutcome::Scored(s), Outcome::Assessed(a)) => {
                    assert_eq!(s.score.to_bits(), a.score.to_bits());
                    assert_eq!((&s.grade, s.vetoed), (&a.grade, a.vetoed));
                    assert_eq!((&s.unit, &s.period), (&a.unit, &a.period));
                }
                (ScoreOutcome::Failed(f), Outcome::Failed(g)) => assert_eq!(f, g),
                other => panic!("the table and the records disagree: {other:?}"),
            }
        }
    }
});
