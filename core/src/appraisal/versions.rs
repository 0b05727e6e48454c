//! Versioned rulebooks: one standard as it changed over the years, like dated legal
//! parameters. A record is assessed with the version in force on 1 January of its
//! year, so a year's rules are known before the year starts.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::assess::RulebookSource;
use crate::error::{join_path, RulebookError, RulebookProblem};
use crate::rulebook::Rulebook;

/// The versions of one rulebook, oldest first.
///
/// ```
/// use learning_city::{versions::RulebookSet, Rulebook};
/// let old = Rulebook::builtin("standard").unwrap();
/// let mut new = old.clone();
/// new.version = "2024".into();
/// new.effective_from = "2024-01-01".parse().unwrap();
/// let set = RulebookSet::new(vec![new, old]).unwrap();
/// use learning_city::assess::RulebookSource;
/// assert_eq!(set.for_year(2023).unwrap().version, "2020");
/// assert_eq!(set.for_year(2024).unwrap().version, "2024");
/// let e = set.for_year(2019).unwrap_err();
/// assert_eq!(e.to_string(), ": no version is in force for 2019: the first, standard@2020, applies from 2020-01-01");
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Rulebook>", into = "Vec<Rulebook>")]
pub struct RulebookSet {
    versions: Vec<Rulebook>,
}

impl RulebookSet {
    /// Checks each version and that they are versions of one rulebook with distinct
    /// effective dates; keeps them oldest first. Error paths are relative to the
    /// list (`[1].id`).
    pub fn new(mut versions: Vec<Rulebook>) -> Result<RulebookSet, RulebookError> {
        let Some(first) = versions.first() else {
            return Err(RulebookError::new("", RulebookProblem::Empty));
        };
        let id = first.id.clone();
        for (i, v) in versions.iter().enumerate() {
            let at = format!("[{i}]");
            v.validate()
                .map_err(|e| RulebookError::new(join_path(&at, &e.path), e.problem))?;
            if v.id != id {
                let problem = RulebookProblem::MixedIds(v.id.clone(), id.clone());
                return Err(RulebookError::new(format!("{at}.id"), problem));
            }
        }
        versions.sort_by_key(|v| v.effective_from);
        if let Some(pair) = versions
            .windows(2)
            .find(|w| w[0].effective_from == w[1].effective_from)
        {
            let problem = RulebookProblem::SameEffectiveDate(pair[0].effective_from.to_string());
            return Err(RulebookError::new("", problem));
        }
        Ok(RulebookSet { versions })
    }

    /// The versions, oldest first.
    pub fn versions(&self) -> &[Rulebook] {
        &self.versions
    }
}

impl RulebookSource for RulebookSet {
    fn for_year(&self, year: i32) -> Result<&Rulebook, RulebookError> {
        let start = NaiveDate::from_ymd_opt(year, 1, 1);
        let in_force =
            start.and_then(|d| self.versions.iter().rev().find(|v| v.effective_from <= d));
        in_force.ok_or_else(|| {
            let first = &self.versions[0];
            let problem = RulebookProblem::NoVersionInForce {
                year,
                first: first.citation(),
                from: first.effective_from.to_string(),
            };
            RulebookError::new("", problem)
        })
    }
}

impl TryFrom<Vec<Rulebook>> for RulebookSet {
    type Error = RulebookError;
    fn try_from(versions: Vec<Rulebook>) -> Result<Self, Self::Error> {
        RulebookSet::new(versions)
    }
}

impl From<RulebookSet> for Vec<Rulebook> {
    fn from(set: RulebookSet) -> Self {
        set.versions
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::{assess_values, Outcome};
    use serde_json::json;

    fn version(v: &str, from: &str, t1: f64) -> Rulebook {
        let mut rb = Rulebook::builtin("standard").unwrap();
        rb.version = v.into();
        rb.effective_from = from.parse().unwrap();
        if let crate::Rule::Ratio(ratio) = &mut rb.indicators[0].rule {
            ratio.at_least = t1;
        }
        rb
    }

    #[test]
    fn each_year_gets_the_version_in_force_on_1_january() {
        let set = RulebookSet::new(vec![
            version("b", "2022-07-01", 0.3),
            version("a", "2020-01-01", 0.25),
        ])
        .unwrap();
        assert_eq!(set.for_year(2022).unwrap().version, "a"); // b starts mid-year
        assert_eq!(set.for_year(2023).unwrap().version, "b");
        let records = [2019, 2021, 2023].map(
            |y| json!({"unit": "c", "period": y.to_string(), "residents": 100, "participants": 27}),
        );
        let out = assess_values(&set, &records);
        match &out[0] {
            Outcome::Failed(f) => {
                assert_eq!(
                    (f.error.kind.as_str(), f.error.path.as_str()),
                    ("rulebook", "records[0].period")
                );
                assert_eq!(f.error.code, "no_version_in_force");
            }
            other => panic!("{other:?}"),
        }
        let t1 = |o: &Outcome| match o {
            Outcome::Assessed(a) => (a.rulebook.clone(), a.indicators[0].met),
            Outcome::Failed(f) => panic!("{f:?}"),
        };
        assert_eq!(t1(&out[1]), ("standard@a".to_string(), true));
        assert_eq!(t1(&out[2]), ("standard@b".to_string(), false));
    }

    #[test]
    fn sets_hold_one_rulebook_with_distinct_dates() {
        let mut other = version("x", "2021-01-01", 0.25);
        other.id = "other".into();
        let e = RulebookSet::new(vec![version("a", "2020-01-01", 0.25), other]).unwrap_err();
        assert_eq!((e.path.as_str(), e.problem.code()), ("[1].id", "mixed_ids"));
        let e = RulebookSet::new(vec![
            version("a", "2020-01-01", 0.25),
            version("b", "2020-01-01", 0.3),
        ])
        .unwrap_err();
        assert_eq!(e.problem.code(), "same_effective_date");
        assert_eq!(
            RulebookSet::new(vec![]).unwrap_err().problem.code(),
            "empty"
        );
        let e = RulebookSet::new(vec![version("a", "2020-01-01", 1.5)]).unwrap_err();
        assert_eq!(e.path, "[0].indicators[0].rule.ratio.at_least");
    }

    #[test]
    fn a_set_round_trips_through_json() {
        let set = RulebookSet::new(vec![
            version("a", "2020-01-01", 0.25),
            version("b", "2023-01-01", 0.3),
        ])
        .unwrap();
        let back: RulebookSet =
            serde_json::from_str(&serde_json::to_string(&set).unwrap()).unwrap();
        assert_eq!(back, set);
    }
}
