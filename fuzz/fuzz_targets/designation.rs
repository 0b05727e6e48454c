//! The designation stage machine fed random transitions: whatever is asked of it,
//! `Nomination::advance` keeps a history that `check()` accepts, refuses a step
//! without changing anything, and `run_steps` (directly and through the JSON
//! documents API) stops exactly where `advance` first refuses.
//!
//! Input bytes: [start-day offset (2), category (1)], then per step
//! [stage (1), days after the previous step (2, signed)].

#![no_main]

use chrono::{Days, NaiveDate};
use learning_city::designation::{run_steps, Category, Nomination, Stage, Step};
use learning_city::documents;
use libfuzzer_sys::fuzz_target;

const STAGES: [Stage; 5] = [
    Stage::Nominated,
    Stage::Submitted,
    Stage::Approved,
    Stage::Rejected,
    Stage::Awarded,
];

fn shift(date: NaiveDate, days: i16) -> NaiveDate {
    let d = Days::new(u64::from(days.unsigned_abs()));
    let moved = if days >= 0 {
        date.checked_add_days(d)
    } else {
        date.checked_sub_days(d)
    };
    moved.unwrap_or(date)
}

/// Steps read from one input at most: only four steps can ever succeed, so longer
/// inputs add nothing but time (each step re-checks the whole history).
const MAX_STEPS: usize = 64;

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let data = &data[..data.len().min(3 + 3 * MAX_STEPS)];
    let base = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let start = shift(base, i16::from_le_bytes([data[0], data[1]]));
    let category = Category::ALL[usize::from(data[2]) % Category::ALL.len()];
    let fresh = || Nomination::new("n-1", "c-1", category, 2024, start);

    let mut nomination = fresh();
    let mut steps = Vec::new();
    let mut first_refused = None;
    let mut on = start;
    for (i, chunk) in data[3..].chunks_exact(3).enumerate() {
        let stage = STAGES[usize::from(chunk[0]) % STAGES.len()];
        on = shift(on, i16::from_le_bytes([chunk[1], chunk[2]]));
        steps.push(Step { stage, on });
        let before = nomination.clone();
        match nomination.advance(stage, on) {
            Ok(()) => {
                assert_eq!(nomination.history.len(), before.history.len() + 1);
                assert_eq!(nomination.stage(), stage);
                assert!(before.stage().next().contains(&stage));
            }
            Err(e) => {
                assert_eq!(nomination, before, "a refused step changed the nomination");
                assert_eq!(e.path, format!("history[{}]", before.history.len()));
                first_refused.get_or_insert(i);
            }
        }
        nomination.check().expect("advance keeps the history valid");
    }

    // run_steps stops at the first refused step; what it kept is a valid history.
    let workflow = run_steps(fresh(), &steps);
    workflow
        .nomination
        .check()
        .expect("run_steps keeps the history valid");
    match first_refused {
        None => {
            assert!(workflow.error.is_none());
            assert_eq!(workflow.nomination, nomination);
        }
        Some(i) => {
            let error = workflow.error.as_ref().expect("a refused step is reported");
            assert_eq!(error.path, format!("steps[{i}]"));
            // Every step before the first refused one was taken.
            assert_eq!(workflow.nomination.history.len(), 1 + i);
        }
    }

    // The same through JSON, as the bindings call it.
    let doc = documents::run_steps(
        serde_json::to_value(fresh()).unwrap(),
        serde_json::to_value(&steps).unwrap(),
    )
    .expect("well-formed documents");
    assert_eq!(doc, workflow);

    // A stored history made of the same steps, valid or not, is judged by check()
    // exactly as replaying it with advance would.
    let mut stored = fresh();
    stored.history.extend(steps.iter().copied());
    let mut replay = fresh();
    let replayed = steps.iter().try_for_each(|s| replay.advance(s.stage, s.on));
    assert_eq!(stored.check().is_ok(), replayed.is_ok());
    let w = run_steps(stored, &[]);
    if let Some(e) = &w.error {
        assert!(e.path.starts_with("nomination.history["), "{}", e.path);
    }
});
