//! What the engine reads: one community-year's figures, as a [`record::Record`] (a
//! map of JSON values) or as a row of a [`table::Table`] (columns), and the typed
//! readers in [`cell`] that check a field the same way wherever it is kept.
//!
//! Layer: above `text`, `calendar` and `error`; below `appraisal`.

pub(crate) mod cell;
pub mod record;
pub mod table;
