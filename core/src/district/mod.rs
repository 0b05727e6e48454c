//! The district as an organisation (DOMAIN.md §2–§7): its three-level network, the
//! five teams, activities, money, designation, and the whole-district appraisal.
//!
//! Layer: above `appraisal` (designation and the district appraisal read
//! assessments); below `documents`.

pub mod activity;
mod appraise;
pub mod designation;
pub mod money;
pub mod network;
pub mod teams;

pub use appraise::{appraise, Coverage, District, DistrictReport, StreetReport};
