//! Appraising records by a rulebook: the rulebook and its validation, the rule
//! kinds, the credit curves, assessment (points, grade, reasons, gaps, work list),
//! rulebook versions, roll-ups and sensitivity.
//!
//! Layer: above `input`; below `district` and `documents`.

pub mod assess;
pub mod credit;
mod limits;
pub(crate) mod plan;
pub mod rollup;
pub mod rulebook;
pub mod rules;
pub mod sensitivity;
pub mod versions;
