//! Roll-ups: from community assessments to a street, a district, any group.
//!
//! A roll-up answers what an education office asks first: how many were assessed,
//! how many passed, the spread of scores and grades, and which indicators are most
//! often missed (the weakest, so work can start there).

use serde::{Deserialize, Serialize};

use crate::assess::{Assessment, Status};
use crate::rulebook::Rulebook;
use crate::text::Text;

/// Figures for a group of assessments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub assessed: usize,
    /// Share of assessed records not in the floor grade (and not vetoed); `null`
    /// when nothing was assessed.
    pub pass_rate: Option<f64>,
    pub mean_score: Option<f64>,
    pub median_score: Option<f64>,
    /// Every grade of the rulebook, highest first, with its count (zeros included).
    pub grades: Vec<GradeCount>,
    /// Indicators not met, most often missed first (ties: more points lost first,
    /// then rulebook order). Indicators met everywhere are left out.
    pub weakest: Vec<Weakness>,
}

/// How many assessments got one grade.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GradeCount {
    pub grade: String,
    pub label: Text,
    pub count: usize,
}

/// How often one indicator was missed across a group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Weakness {
    pub indicator: String,
    pub label: Text,
    /// Records where it was measured and not met.
    pub unmet: usize,
    /// Records without the data for it.
    pub no_data: usize,
    /// Points lost on it, summed over the group.
    pub points_lost: f64,
    pub department: Option<Text>,
}

/// A place in a ranking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ranked {
    pub unit: String,
    pub score: f64,
    pub grade: String,
    /// 1 for the best; equal scores share a rank (1, 2, 2, 4).
    pub rank: usize,
}

/// Rolls up a group of assessments made with `rulebook`.
///
/// ```
/// use learning_city::{assess, rollup::summarise, Record, Rulebook};
/// let rb = Rulebook::builtin("standard").unwrap();
/// let a = assess(&rb, &Record::new("c-1", "2024").with("residents", 100).with("participants", 30)).unwrap();
/// let s = summarise(&rb, &[a]);
/// assert_eq!((s.assessed, s.mean_score), (1, Some(20.0)));
/// // No survey data: T4 is missed with 15 points lost, the most, and first in rulebook order.
/// assert_eq!(s.weakest[0].indicator, "T4");
/// ```
pub fn summarise(rulebook: &Rulebook, assessments: &[Assessment]) -> Summary {
    let n = assessments.len();
    let mut scores: Vec<f64> = assessments.iter().map(|a| a.score).collect();
    scores.sort_by(f64::total_cmp);
    let floor = rulebook.floor_band().map(|b| b.id.as_str());
    let passed = assessments
        .iter()
        .filter(|a| !a.vetoed && Some(a.grade.as_str()) != floor)
        .count();
    Summary {
        assessed: n,
        pass_rate: (n > 0).then(|| passed as f64 / n as f64),
        mean_score: (n > 0).then(|| scores.iter().sum::<f64>() / n as f64),
        median_score: median(&scores),
        grades: grade_counts(rulebook, assessments),
        weakest: weakest(rulebook, assessments),
    }
}

/// Ranks assessments by score, best first; equal scores share a rank and are
/// listed by unit id, so the order never depends on the input order.
pub fn rank(assessments: &[Assessment]) -> Vec<Ranked> {
    let mut sorted: Vec<&Assessment> = assessments.iter().collect();
    sorted.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.unit.cmp(&b.unit))
    });
    let mut out: Vec<Ranked> = Vec::with_capacity(sorted.len());
    for (i, a) in sorted.iter().enumerate() {
        let rank = match out.last() {
            Some(prev) if prev.score == a.score => prev.rank,
            _ => i + 1,
        };
        out.push(Ranked {
            unit: a.unit.clone(),
            score: a.score,
            grade: a.grade.clone(),
            rank,
        });
    }
    out
}

fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

fn grade_counts(rulebook: &Rulebook, assessments: &[Assessment]) -> Vec<GradeCount> {
    rulebook
        .bands_high_first()
        .into_iter()
        .map(|b| GradeCount {
            grade: b.id.clone(),
            label: b.label.clone(),
            count: assessments.iter().filter(|a| a.grade == b.id).count(),
        })
        .collect()
}

fn weakest(rulebook: &Rulebook, assessments: &[Assessment]) -> Vec<Weakness> {
    let mut out: Vec<Weakness> = rulebook
        .indicators
        .iter()
        .map(|ind| Weakness {
            indicator: ind.id.clone(),
            label: ind.label.clone(),
            unmet: 0,
            no_data: 0,
            points_lost: 0.0,
            department: ind.department.clone(),
        })
        .collect();
    for a in assessments {
        for r in &a.indicators {
            let Some(w) = out.iter_mut().find(|w| w.indicator == r.id) else {
                continue;
            };
            match r.status {
                Status::Unmet => w.unmet += 1,
                Status::NoData => w.no_data += 1,
                Status::Met => {}
            }
            w.points_lost += r.max - r.points;
        }
    }
    out.retain(|w| w.unmet + w.no_data > 0);
    // A stable sort keeps rulebook order among equals.
    out.sort_by(|a, b| {
        (b.unmet + b.no_data)
            .cmp(&(a.unmet + a.no_data))
            .then(b.points_lost.total_cmp(&a.points_lost))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{assess, Record};
    use proptest::prelude::*;

    fn scored(unit: &str, participants: u32) -> Assessment {
        let rb = Rulebook::builtin("standard").unwrap();
        let r = Record::new(unit, "2024")
            .with("residents", 1000)
            .with("participants", participants);
        assess(&rb, &r).unwrap()
    }

    #[test]
    fn empty_groups_have_no_averages() {
        let s = summarise(&Rulebook::builtin("standard").unwrap(), &[]);
        assert_eq!(
            (s.assessed, s.mean_score, s.median_score, s.pass_rate),
            (0, None, None, None)
        );
        assert!(s.weakest.is_empty());
        assert_eq!(s.grades.len(), 4);
    }

    #[test]
    fn medians_of_even_groups_average_the_middle_two() {
        assert_eq!(median(&[1.0, 2.0, 4.0, 10.0]), Some(3.0));
        assert_eq!(median(&[5.0]), Some(5.0));
    }

    #[test]
    fn ranks_are_shared_on_equal_scores_and_ordered_by_unit() {
        let group = [
            scored("b", 250),
            scored("a", 250),
            scored("c", 100),
            scored("d", 300),
        ];
        let ranks: Vec<(String, usize)> =
            rank(&group).into_iter().map(|r| (r.unit, r.rank)).collect();
        let want = [("a", 1), ("b", 1), ("d", 1), ("c", 4)].map(|(u, r)| (u.to_string(), r));
        assert_eq!(ranks, want);
    }

    #[test]
    fn weakest_counts_unmet_and_missing() {
        let rb = Rulebook::builtin("standard").unwrap();
        let s = summarise(&rb, &[scored("a", 100), scored("b", 300)]);
        let t1 = s.weakest.iter().find(|w| w.indicator == "T1").unwrap();
        assert_eq!((t1.unmet, t1.no_data, t1.points_lost), (1, 0, 20.0));
        assert_eq!(s.weakest[0].no_data, 2);
    }

    proptest! {
        #[test]
        fn grade_counts_add_up_to_the_group(ps in proptest::collection::vec(0u32..=1000, 0..30)) {
            let group: Vec<Assessment> = ps.iter().enumerate().map(|(i, p)| scored(&format!("u{i}"), *p)).collect();
            let s = summarise(&Rulebook::builtin("standard").unwrap(), &group);
            prop_assert_eq!(s.grades.iter().map(|g| g.count).sum::<usize>(), group.len());
            prop_assert_eq!(rank(&group).len(), group.len());
        }
    }
}
