//! Credit curves: how a rule's reading becomes points (DOMAIN.md §4: linear from
//! half the target, the share of months, all or nothing; §10: deductions per
//! shortfall, a carried score in proportion).

use serde::{Deserialize, Serialize};

use crate::appraisal::rules::{Judged, Progress};

/// How points are given.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Credit {
    /// 0 at or below half the target, full at the target, a straight line between.
    Linear,
    /// The share of periods (or items) that meet the rule.
    Share,
    /// Full points when met, none otherwise.
    AllOrNothing,
    /// Points in proportion to a carried score out of its maximum.
    Proportional,
    /// Full points less `per_shortfall` for each period or item short, floored at 0.
    Deduct { per_shortfall: f64 },
}

impl Credit {
    /// The credit curve's name, as written in JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            Credit::Linear => "linear",
            Credit::Share => "share",
            Credit::AllOrNothing => "all_or_nothing",
            Credit::Proportional => "proportional",
            Credit::Deduct { .. } => "deduct",
        }
    }

    /// The points out of `points` a reading earns on this curve; none without data.
    ///
    /// ```
    /// use learning_city::rulebook::Credit;
    /// use learning_city::measure::{Judged, Progress};
    /// let half_way = Judged { has_value: true, met: false, shortfall: 1.0,
    ///     progress: Progress::Toward { value: 0.1875, target: 0.25 } };
    /// assert_eq!(Credit::Linear.earned(20.0, &half_way), 10.0);
    /// ```
    #[inline]
    pub fn earned(&self, points: f64, m: &Judged) -> f64 {
        if !m.has_value {
            return 0.0;
        }
        match (self, m.progress) {
            (Credit::Linear, Progress::Toward { value, target }) => {
                let half = target / 2.0;
                points * ((value - half) / half).clamp(0.0, 1.0)
            }
            (Credit::Share, Progress::Share { met, of }) => points * met / of,
            // Multiplying first keeps whole-point scores exact: 100 × 59.99 / 100 = 59.99.
            (Credit::Proportional, Progress::Score { value, max }) => {
                (points * value / max).clamp(0.0, points)
            }
            (Credit::Deduct { per_shortfall }, _) => {
                (points - per_shortfall * m.shortfall).max(0.0)
            }
            _ if m.met => points,
            _ => 0.0,
        }
    }
}
