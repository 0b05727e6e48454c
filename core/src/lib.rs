//! # learning-city
//!
//! A pure rules engine for appraising learning-type communities (学习型社区) and
//! building learning-type districts (学习型城区), after the local documents collected
//! in the project's `DOMAIN.md`.
//!
//! The crate does no I/O, reads no clock and starts no threads: every function takes
//! its inputs and returns its answer, so the Python and WebAssembly bindings give the
//! very same numbers as a Rust service.
//!
//! ```
//! use learning_city::{assess, Record, Rulebook};
//!
//! let rulebook = Rulebook::builtin("standard").unwrap();
//! let record = Record::from_json(r#"{"unit": "c-017", "period": "2024",
//!     "residents": 4200, "participants": 1130}"#).unwrap();
//! let assessment = assess(&rulebook, &record).unwrap();
//! assert_eq!(assessment.indicators[0].points, 20.0); // T1: 26.9 % ≥ 25 %
//! assert_eq!(assessment.grade, "fail");              // the other indicators have no data
//! ```

pub mod appraisal;
pub mod calendar;
pub mod codes;
pub mod district;
pub mod documents;
pub mod error;
pub mod finding;
pub mod input;
pub mod text;

// Every public path of the flat layout keeps working.
pub(crate) use appraisal::plan;
pub use appraisal::{assess, rollup, rulebook, sensitivity, versions};

/// Reading one rule against one record, and saying what it found: the rule
/// kinds' shared vocabulary, at the path it had before the kinds got their files
/// ([`appraisal::rules`]).
pub mod measure {
    pub use crate::appraisal::rules::{
        explain, gap_amount, read, write_gap, write_why, Figures, Gap, Judged, Measure, Progress,
        Reading,
    };
}
pub use district::{activity, designation, money, network, teams};
pub(crate) use input::cell;
pub use input::{record, table};

pub use assess::{
    assess, assess_batch, assess_values, Assessment, Failure, Gap, IndicatorResult, Measure,
    Outcome, Status, WorkItem,
};
pub use error::{ErrorInfo, RecordError, RulebookError};
pub use record::Record;
pub use rulebook::{Credit, Evidence, FieldShape, GradeBand, Indicator, Rule, Rulebook};
pub use text::Text;
