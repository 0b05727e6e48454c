//! Adding points up and grading: base and bonus apart (so the bonus cap can
//! apply), vetoes, and the grade band a score and its conditions reach.

use crate::appraisal::rulebook::{GradeBand, Indicator, Rulebook};

/// Points added up: base and bonus apart, so the bonus cap can apply.
#[derive(Clone, Default)]
pub(crate) struct Tally {
    base: f64,
    bonus: f64,
    bonus_max: f64,
    pub vetoed: bool,
}

impl Tally {
    #[inline]
    pub fn add(&mut self, ind: &Indicator, points: f64, met: bool) {
        if ind.bonus {
            self.bonus += points;
            self.bonus_max += ind.points;
        } else {
            self.base += points;
        }
        self.vetoed |= ind.veto && !met;
    }

    fn cap(rulebook: &Rulebook) -> f64 {
        rulebook.bonus_cap.unwrap_or(f64::INFINITY)
    }

    /// The total: base points plus the capped bonus.
    pub fn score(&self, rulebook: &Rulebook) -> f64 {
        self.base + self.bonus.min(Tally::cap(rulebook))
    }

    /// The most the score could be.
    pub fn max_score(&self, rulebook: &Rulebook) -> f64 {
        rulebook.max_base() + self.bonus_max.min(Tally::cap(rulebook))
    }
}

/// The grade: the floor band when vetoed (or the rulebook's `veto_grade`), else the
/// highest band whose minimum the score reaches and whose conditions are met.
/// Equal minimums go to the band listed first.
pub(crate) fn grade<'a>(
    rulebook: &'a Rulebook,
    score: f64,
    vetoed: bool,
    is_met: impl Fn(&str) -> bool,
) -> Option<&'a GradeBand> {
    let lowest_plain = rulebook.floor_band();
    if vetoed {
        let chosen = rulebook.veto_grade.as_ref();
        let named = chosen.and_then(|id| rulebook.grades.iter().find(|b| &b.id == id));
        return named.or(lowest_plain);
    }
    let qualifying = rulebook
        .grades
        .iter()
        .filter(|b| score >= b.min && b.requires_met.iter().all(|id| is_met(id)));
    let highest = qualifying.fold(None, |best: Option<&'a GradeBand>, b| match best {
        Some(x) if x.min >= b.min => Some(x),
        _ => Some(b),
    });
    highest.or(lowest_plain)
}
