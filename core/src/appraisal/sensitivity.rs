//! Sensitivity: would the grades and the ranking hold if the weights were a little
//! different? Analysts use this to show that a ranking is fair.
//!
//! Each indicator's points are moved by `−change` and `+change` (one indicator at a
//! time, the others as published) and every record is scored again. A record whose
//! grade is the same under every variant is *stable*. Grade bands stay where the
//! rulebook puts them.

use serde::{Deserialize, Serialize};

use crate::assess::score;
use crate::error::{ErrorInfo, RulebookError, RulebookProblem};
use crate::record::{index_path, records_from_values, Record};
use serde_json::Value;

/// The change analysts use when they name none: ±10 % (issue 3).
pub const DEFAULT_CHANGE: f64 = 0.1;
use crate::rulebook::Rulebook;

/// How grades and ranks move for a batch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sensitivity {
    /// The relative change applied to each weight, e.g. 0.1 for ±10 %.
    pub change: f64,
    /// One entry per record, in input order.
    pub records: Vec<RecordSensitivity>,
    /// Share of scored records whose grade never moves; `null` when none was scored.
    pub stable_share: Option<f64>,
    /// Per indicator: how many records change grade when its weight moves.
    pub by_indicator: Vec<IndicatorSensitivity>,
}

/// How one record's grade and rank move.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordSensitivity {
    pub unit: String,
    /// `null` fields when the record could not be scored; `error` says why.
    pub score: Option<f64>,
    pub grade: Option<String>,
    pub min_score: Option<f64>,
    pub max_score: Option<f64>,
    /// Every grade the record reaches under some variant, best first.
    pub grades: Vec<String>,
    pub stable: bool,
    pub best_rank: Option<usize>,
    pub worst_rank: Option<usize>,
    pub error: Option<ErrorInfo>,
}

/// How much one indicator's weight matters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorSensitivity {
    pub indicator: String,
    pub grade_changes: usize,
}

/// One variant's scores and grades, aligned with the scored records.
struct Variant {
    scores: Vec<f64>,
    grades: Vec<String>,
}

/// Scores `records` under `rulebook` and under every ±`change` variant of one weight.
///
/// ```
/// use learning_city::{sensitivity::sensitivity, Record, Rulebook};
/// let rb = Rulebook::builtin("standard").unwrap();
/// let r = Record::new("c-1", "2024").with("residents", 100).with("participants", 30);
/// let s = sensitivity(&rb, &[r], 0.1).unwrap();
/// // 20 points either way of the fail band's top (60): T1 alone moves the score by ±2.
/// assert_eq!((s.records[0].min_score, s.records[0].max_score), (Some(18.0), Some(22.0)));
/// assert_eq!(s.stable_share, Some(1.0));
/// ```
pub fn sensitivity(
    rulebook: &Rulebook,
    records: &[Record],
    change: f64,
) -> Result<Sensitivity, RulebookError> {
    let parsed: Vec<Result<&Record, ErrorInfo>> = records.iter().map(Ok).collect();
    let units = records.iter().map(|r| r.unit.clone()).collect();
    run(rulebook, &parsed, units, change)
}

/// [`sensitivity`] over records given as JSON values: a value that is not a record
/// keeps its place with its error, like every batch.
pub fn sensitivity_json(
    rulebook: &Rulebook,
    values: &[Value],
    change: f64,
) -> Result<Sensitivity, RulebookError> {
    let owned = records_from_values(values);
    let parsed: Vec<Result<&Record, ErrorInfo>> = owned
        .iter()
        .map(|r| r.as_ref().map_err(|e| e.info()))
        .collect();
    let units = values
        .iter()
        .map(|v| {
            v.get("unit")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        })
        .collect();
    run(rulebook, &parsed, units, change)
}

fn run(
    rulebook: &Rulebook,
    parsed: &[Result<&Record, ErrorInfo>],
    units: Vec<String>,
    change: f64,
) -> Result<Sensitivity, RulebookError> {
    if !(change > 0.0 && change < 1.0) {
        let expected = "a share above 0 and below 1, e.g. 0.1 for ±10 %";
        let problem = RulebookProblem::OutOfRange {
            value: change,
            expected,
        };
        return Err(RulebookError::new("change", problem));
    }
    let scored: Vec<Result<(f64, String), ErrorInfo>> = parsed
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let r = r.as_ref().map_err(Clone::clone)?;
            score(rulebook, r)
                .map(|s| (s.score, s.grade.to_string()))
                .map_err(|e| e.within(&index_path(i)).info())
        })
        .collect();
    let ok: Vec<&Record> = parsed
        .iter()
        .zip(&scored)
        .filter_map(|(r, s)| match (r, s) {
            (Ok(r), Ok(_)) => Some(*r),
            _ => None,
        })
        .collect();
    let base = variant(rulebook, &ok);
    let variants: Vec<(usize, Variant)> = (0..rulebook.indicators.len())
        .flat_map(|i| [-change, change].map(|c| (i, c)))
        .map(|(i, c)| {
            let mut rb = rulebook.clone();
            rb.indicators[i].points *= 1.0 + c;
            (i, variant(&rb, &ok))
        })
        .collect();
    Ok(Sensitivity {
        change,
        records: per_record(rulebook, &units, &scored, &base, &variants),
        stable_share: stable_share(&base, &variants),
        by_indicator: by_indicator(rulebook, &base, &variants),
    })
}

/// Scores records already known to be valid.
fn variant(rulebook: &Rulebook, records: &[&Record]) -> Variant {
    let (scores, grades) = records
        .iter()
        .map(|r| match score(rulebook, r) {
            Ok(s) => (s.score, s.grade.to_string()),
            Err(_) => (f64::NAN, String::new()),
        })
        .unzip();
    Variant { scores, grades }
}

fn per_record(
    rulebook: &Rulebook,
    units: &[String],
    scored: &[Result<(f64, String), ErrorInfo>],
    base: &Variant,
    variants: &[(usize, Variant)],
) -> Vec<RecordSensitivity> {
    let all: Vec<&Variant> = std::iter::once(base)
        .chain(variants.iter().map(|(_, v)| v))
        .collect();
    let ranks: Vec<Vec<usize>> = all.iter().map(|v| ranks(&v.scores)).collect();
    let mut k = 0;
    units
        .iter()
        .zip(scored)
        .map(|(unit, s)| match s {
            Err(e) => failed(unit, e.clone()),
            Ok((sc, gr)) => {
                let j = k;
                k += 1;
                let scores = all.iter().map(|v| v.scores[j]);
                let reached: Vec<&str> = all.iter().map(|v| v.grades[j].as_str()).collect();
                let grades = in_band_order(rulebook, &reached);
                RecordSensitivity {
                    unit: unit.clone(),
                    score: Some(*sc),
                    grade: Some(gr.clone()),
                    min_score: scores.clone().reduce(f64::min),
                    max_score: scores.reduce(f64::max),
                    stable: grades.len() == 1,
                    grades,
                    best_rank: ranks.iter().map(|r| r[j]).min(),
                    worst_rank: ranks.iter().map(|r| r[j]).max(),
                    error: None,
                }
            }
        })
        .collect()
}

fn failed(unit: &str, error: ErrorInfo) -> RecordSensitivity {
    RecordSensitivity {
        unit: unit.to_string(),
        score: None,
        grade: None,
        min_score: None,
        max_score: None,
        grades: Vec::new(),
        stable: false,
        best_rank: None,
        worst_rank: None,
        error: Some(error),
    }
}

/// Competition ranks (1, 2, 2, 4) of `scores`, best first.
fn ranks(scores: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|a, b| scores[*b].total_cmp(&scores[*a]));
    let mut out = vec![0; scores.len()];
    for (pos, &i) in order.iter().enumerate() {
        let tied = pos > 0 && scores[order[pos - 1]] == scores[i];
        out[i] = if tied { out[order[pos - 1]] } else { pos + 1 };
    }
    out
}

fn in_band_order(rulebook: &Rulebook, reached: &[&str]) -> Vec<String> {
    rulebook
        .bands_high_first()
        .into_iter()
        .filter(|b| reached.contains(&b.id.as_str()))
        .map(|b| b.id.clone())
        .collect()
}

fn stable_share(base: &Variant, variants: &[(usize, Variant)]) -> Option<f64> {
    let n = base.grades.len();
    let stable = (0..n)
        .filter(|j| {
            variants
                .iter()
                .all(|(_, v)| v.grades[*j] == base.grades[*j])
        })
        .count();
    (n > 0).then(|| stable as f64 / n as f64)
}

fn by_indicator(
    rulebook: &Rulebook,
    base: &Variant,
    variants: &[(usize, Variant)],
) -> Vec<IndicatorSensitivity> {
    rulebook
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| {
            let mine: Vec<&Variant> = variants
                .iter()
                .filter(|(k, _)| *k == i)
                .map(|(_, v)| v)
                .collect();
            let grade_changes = (0..base.grades.len())
                .filter(|j| mine.iter().any(|v| v.grades[*j] != base.grades[*j]))
                .count();
            IndicatorSensitivity {
                indicator: ind.id.clone(),
                grade_changes,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rec(unit: &str, participants: u32, aware: u32) -> Record {
        Record::new(unit, "2024")
            .with("residents", 1000)
            .with("participants", participants)
            .with("surveyed", 100)
            .with("aware", aware)
            .with("recognising", 80)
            .with("satisfied", 60)
            .with("funding_cny", 3000)
            .with("activities_by_month", vec![2; 12])
    }

    #[test]
    fn a_record_near_a_boundary_can_reach_two_grades() {
        // T1 20 + T2 10 + T3 10 + T4 15 + T5 15 + T6 15 = 85: "good"; ±10 % moves it ±8.5.
        let rb = Rulebook::builtin("standard").unwrap();
        let s = sensitivity(&rb, &[rec("a", 300, 90)], 0.1).unwrap();
        let r = &s.records[0];
        assert_eq!((r.score, r.grade.as_deref()), (Some(85.0), Some("good")));
        assert_eq!(r.grades, ["good"]);
        let s = sensitivity(&rb, &[rec("a", 300, 90)], 0.5).unwrap();
        assert_eq!(s.records[0].grades, ["excellent", "good"]); // T1 at ±50 %: 75 to 95
        assert!(!s.records[0].stable);
        assert_eq!(s.stable_share, Some(0.0));
    }

    #[test]
    fn bad_records_keep_their_place_and_the_change_is_checked() {
        let rb = Rulebook::builtin("standard").unwrap();
        let bad = Record::new("bad", "2024").with("residents", -1);
        let s = sensitivity(&rb, &[rec("a", 300, 90), bad, rec("c", 100, 90)], 0.1).unwrap();
        assert_eq!(s.records.len(), 3);
        assert_eq!(
            s.records[1].error.as_ref().unwrap().path,
            "records[1].residents"
        );
        assert_eq!(s.records[2].best_rank, Some(2));
        assert_eq!(sensitivity(&rb, &[], 1.5).unwrap_err().path, "change");
        assert_eq!(sensitivity(&rb, &[], 0.1).unwrap().stable_share, None);
    }

    #[test]
    fn ranks_are_competition_ranks() {
        assert_eq!(ranks(&[5.0, 9.0, 5.0, 1.0]), [2, 1, 2, 4]);
    }

    proptest! {
        #[test]
        fn the_published_grade_is_always_reachable(ps in proptest::collection::vec((0u32..=1000, 0u32..=100), 1..8), change in 0.01f64..0.9) {
            let rb = Rulebook::builtin("standard").unwrap();
            let records: Vec<Record> = ps.iter().enumerate().map(|(i, (p, a))| rec(&format!("u{i}"), *p, *a)).collect();
            let s = sensitivity(&rb, &records, change).unwrap();
            prop_assert_eq!(s.records.len(), records.len());
            for r in &s.records {
                let g = r.grade.clone().unwrap();
                prop_assert!(r.grades.contains(&g));
                prop_assert!(r.min_score.unwrap() <= r.score.unwrap() && r.score.unwrap() <= r.max_score.unwrap());
            }
        }
    }
}
