//! A whole district appraised at once: its network, its teams and one year of
//! community records in, a report out (per street and for the district).
//!
//! This is the main job of the library, kept in the core so that the command-line
//! report, a Python notebook and a dashboard page all show the same figures.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::assess::{assess_values, Assessment, Outcome};
use crate::designation::{fill, Candidate, Category, Round, RoundResult};
use crate::error::ErrorInfo;
use crate::money::{review, Expense, Funding, MoneyReview};
use crate::network::{check, Facility, Finding, Level, Network, Unit};
use crate::rollup::{rank, summarise, Ranked, Summary};
use crate::rulebook::Rulebook;
use crate::teams::{roster_findings, seed_specialties, Member};
use crate::text::Text;

/// A district as a spreadsheet export holds it: units, team members, records.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct District {
    #[serde(default)]
    pub name: Text,
    #[serde(default)]
    pub units: Vec<Unit>,
    #[serde(default)]
    pub members: Vec<Member>,
    /// Records as given: each is checked when assessed, so one bad row is one
    /// failed outcome, not a failed district.
    #[serde(default)]
    pub records: Vec<Value>,
    /// Appraisal rounds (评选) to fill; a `community` round without its own
    /// candidates takes them from the records of its year.
    #[serde(default)]
    pub rounds: Vec<Round>,
    #[serde(default)]
    pub fundings: Vec<Funding>,
    #[serde(default)]
    pub expenses: Vec<Expense>,
}

/// The appraisal of a district.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DistrictReport {
    pub name: Text,
    pub rulebook: String,
    /// One outcome per record, in input order.
    pub outcomes: Vec<Outcome>,
    /// Every street, in the order the units list them.
    pub streets: Vec<StreetReport>,
    /// Records whose unit is not a community under a street of the network.
    pub unplaced: Vec<String>,
    /// The district as a whole.
    pub summary: Summary,
    pub ranking: Vec<Ranked>,
    /// Breaches of the network rules (N1–N5) and the roster rules (R…).
    pub findings: Vec<Finding>,
    pub coverage: Coverage,
    /// One result per round that could be filled, in the rounds' order.
    pub designations: Vec<RoundResult>,
    /// Rounds that could not be filled (`rounds[i].quota`).
    pub round_errors: Vec<ErrorInfo>,
    /// The money review, when the district has books and the rulebook a per-capita
    /// target.
    pub money: Option<MoneyReview>,
}

/// How far the facility system reaches ("学者有其校").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    pub streets: usize,
    pub streets_with_centre: usize,
    pub communities: usize,
    pub communities_with_teaching_point: usize,
}

/// One street's part of a district report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StreetReport {
    pub street: String,
    pub name: String,
    /// Communities under the street in the network.
    pub communities: usize,
    pub communities_with_teaching_point: usize,
    pub has_centre: bool,
    pub summary: Summary,
    pub ranking: Vec<Ranked>,
}

/// Appraises every record of `district` with `rulebook` and rolls the results up.
pub fn appraise(rulebook: &Rulebook, district: &District) -> DistrictReport {
    let outcomes = assess_values(rulebook, &district.records);
    let assessed: Vec<&Assessment> = outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::Assessed(a) => Some(a.as_ref()),
            Outcome::Failed(_) => None,
        })
        .collect();
    let by_id: HashMap<&str, &Unit> = district.units.iter().map(|u| (u.id.as_str(), u)).collect();
    let street_of = |a: &&Assessment| {
        by_id
            .get(a.unit.as_str())
            .filter(|u| u.level == Level::Community)
            .and_then(|u| u.parent_id())
            .and_then(|p| by_id.get(p))
            .filter(|s| s.level == Level::Street)
            .map(|s| s.id.as_str())
    };
    let streets = district
        .units
        .iter()
        .filter(|u| u.level == Level::Street)
        .map(|s| {
            let mine: Vec<Assessment> = assessed
                .iter()
                .filter(|a| street_of(a) == Some(s.id.as_str()))
                .map(|a| (*a).clone())
                .collect();
            street_report(rulebook, district, s, &mine)
        })
        .collect();
    let all: Vec<Assessment> = assessed.iter().map(|a| (*a).clone()).collect();
    let (designations, round_errors) = rounds(district, &all);
    DistrictReport {
        name: district.name.clone(),
        rulebook: rulebook.citation(),
        unplaced: assessed
            .iter()
            .filter(|a| street_of(a).is_none())
            .map(|a| a.unit.clone())
            .collect(),
        summary: summarise(rulebook, &all),
        ranking: rank(&all),
        streets,
        findings: findings(district),
        coverage: coverage(&district.units),
        designations,
        round_errors,
        money: money(rulebook, district),
        outcomes,
    }
}

fn coverage(units: &[Unit]) -> Coverage {
    let at = |level| units.iter().filter(move |u: &&Unit| u.level == level);
    Coverage {
        streets: at(Level::Street).count(),
        streets_with_centre: at(Level::Street)
            .filter(|u| u.facilities.contains(&Facility::StreetCentre))
            .count(),
        communities: at(Level::Community).count(),
        communities_with_teaching_point: at(Level::Community)
            .filter(|u| u.facilities.contains(&Facility::TeachingPoint))
            .count(),
    }
}

fn rounds(district: &District, assessed: &[Assessment]) -> (Vec<RoundResult>, Vec<ErrorInfo>) {
    let mut results = Vec::new();
    let mut errors = Vec::new();
    for (i, round) in district.rounds.iter().enumerate() {
        let candidates: Vec<Candidate> =
            if round.candidates.is_empty() && round.category == Category::Community {
                let year = round.year.to_string();
                assessed
                    .iter()
                    .filter(|a| a.period == year)
                    .map(Candidate::from)
                    .collect()
            } else {
                round.candidates.clone()
            };
        match fill(round, &candidates) {
            Ok(r) => results.push(r),
            Err(e) => {
                let mut info = e.info();
                info.path = format!("rounds[{i}].{}", e.path);
                errors.push(info);
            }
        }
    }
    (results, errors)
}

fn money(rulebook: &Rulebook, district: &District) -> Option<MoneyReview> {
    let target = rulebook.per_capita_target()?;
    if district.fundings.is_empty() && district.expenses.is_empty() {
        return None;
    }
    Some(review(
        &district.units,
        &district.fundings,
        &district.expenses,
        &district.members,
        target,
    ))
}

fn street_report(
    rulebook: &Rulebook,
    district: &District,
    street: &Unit,
    mine: &[Assessment],
) -> StreetReport {
    let communities = district
        .units
        .iter()
        .filter(|u| u.level == Level::Community && u.parent_id() == Some(street.id.as_str()))
        .count();
    let with_point = district
        .units
        .iter()
        .filter(|u| u.level == Level::Community && u.parent_id() == Some(street.id.as_str()))
        .filter(|u| u.facilities.contains(&Facility::TeachingPoint))
        .count();
    StreetReport {
        street: street.id.clone(),
        name: street.name.clone(),
        communities,
        communities_with_teaching_point: with_point,
        has_centre: street.facilities.contains(&Facility::StreetCentre),
        summary: summarise(rulebook, mine),
        ranking: rank(mine),
    }
}

/// Network findings always; roster findings when the network's shape is sound
/// enough to place members in it.
fn findings(district: &District) -> Vec<Finding> {
    let mut found = check(&district.units, &district.members);
    if let Ok(network) = Network::new(district.units.clone()) {
        found.extend(roster_findings(
            &district.members,
            &network,
            &seed_specialties(),
        ));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tiny() -> District {
        serde_json::from_value(json!({
            "name": {"zh": "测试区", "en": "Test district"},
            "units": [
                {"id": "d", "name": "区", "level": "district"},
                {"id": "s-1", "name": "东街道", "level": "street", "parent": "d"},
                {"id": "s-2", "name": "西街道", "level": "street", "parent": "d"},
                {"id": "c-1", "name": "一社区", "level": "community", "parent": "s-1"},
                {"id": "c-2", "name": "二社区", "level": "community", "parent": "s-1"},
                {"id": "c-3", "name": "三社区", "level": "community", "parent": "s-2"}
            ],
            "records": [
                {"unit": "c-1", "period": "2024", "residents": 100, "participants": 30},
                {"unit": "c-2", "period": "2024", "residents": -1},
                {"unit": "c-3", "period": "2024", "residents": 100, "participants": 10},
                {"unit": "c-9", "period": "2024"}
            ]
        }))
        .unwrap()
    }

    #[test]
    fn every_record_has_an_outcome_and_streets_group_their_communities() {
        let r = appraise(&Rulebook::builtin("standard").unwrap(), &tiny());
        assert_eq!(r.outcomes.len(), 4);
        assert!(matches!(r.outcomes[1], Outcome::Failed(_)));
        let s1 = &r.streets[0];
        assert_eq!(
            (s1.street.as_str(), s1.communities, s1.summary.assessed),
            ("s-1", 2, 1)
        );
        assert_eq!(r.streets[1].ranking[0].unit, "c-3");
        assert_eq!(r.unplaced, ["c-9"]);
        assert_eq!(r.summary.assessed, 3);
    }

    #[test]
    fn rounds_fill_from_records_and_books_are_reviewed() {
        let mut d = tiny();
        d.rounds = serde_json::from_value(json!([
            {"category": "community", "year": 2024, "quota": 1},
            {"category": "family", "year": 2024, "quota": 0}
        ]))
        .unwrap();
        d.fundings = serde_json::from_value(
            json!([{"unit": "c-1", "channel": "district_budget", "amount": 150}]),
        )
        .unwrap();
        let r = appraise(&Rulebook::builtin("standard").unwrap(), &d);
        assert_eq!(r.designations[0].winners[0].candidate, "c-1");
        assert_eq!(r.designations[0].missed[0].candidate, "c-3");
        assert_eq!(r.round_errors[0].path, "rounds[1].quota");
        let money = r.money.unwrap();
        assert_eq!(money.summary[0].target_per_capita, 2.0);
        assert_eq!((r.coverage.streets, r.coverage.streets_with_centre), (2, 0));
    }

    #[test]
    fn findings_cover_the_network_rules() {
        let r = appraise(&Rulebook::builtin("standard").unwrap(), &tiny());
        assert!(r.findings.iter().any(|f| f.rule == "N2"));
        assert!(r
            .findings
            .iter()
            .any(|f| f.rule == "N5" && f.unit.as_deref() == Some("c-1")));
    }
}
