//! Record JSON text from anywhere: `Record::from_json` refuses it with a typed
//! error or gives a record that every built-in rulebook assesses (or refuses with
//! a typed error) without panicking or hanging, with `score` and `assess`
//! agreeing, and a batch of it keeps N in → N out.

#![no_main]

use std::sync::OnceLock;

use learning_city::assess::score;
use learning_city::{assess, assess_values, Outcome, Record, Rulebook};
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
    let record = match Record::from_json(text) {
        Ok(r) => r,
        Err(e) => {
            assert!(!e.info().code.is_empty());
            return;
        }
    };
    for rulebook in builtins() {
        let full = assess(rulebook, &record);
        let quick = score(rulebook, &record);
        match (&full, &quick) {
            (Ok(a), Ok(s)) => {
                assert_eq!(a.score.to_bits(), s.score.to_bits());
                assert_eq!(a.grade, s.grade);
                assert!(a.score.is_finite() && a.score >= 0.0 && a.score <= a.max_score);
                serde_json::to_string(a).expect("an assessment serialises");
            }
            (Err(a), Err(s)) => {
                assert_eq!(a, s);
                let _ = a.to_string();
            }
            _ => panic!("assess and score disagree: {full:?} / {quick:?}"),
        }
    }
    let value: serde_json::Value = serde_json::from_str(text).expect("it parsed once");
    let batch = [value.clone(), serde_json::Value::Null, value];
    let outcomes = assess_values(&builtins()[0], &batch);
    assert_eq!(outcomes.len(), 3);
    assert!(matches!(&outcomes[1], Outcome::Failed(f) if f.error.path == "records[1]"));
    if let Outcome::Failed(f) = &outcomes[2] {
        assert!(f.error.path.starts_with("records[2]"), "{}", f.error.path);
    }
});
