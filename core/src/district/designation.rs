//! Designation (评选表彰): nominating learning-type individuals, families, estates,
//! communities … and filling each year's quota by rank.
//!
//! The workflow of seed 003 is a stage machine: the learning centre writes up the
//! candidate (`nominated`), the community-education office receives it
//! (`submitted`), the leading group decides (`approved` or `rejected`), the centre
//! holds the appraisal (`awarded`). Seed 001 sets a quota per category (5 estates,
//! 5 organs, …), filled by rank with a tie-break stated in the result.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::assess::{Assessment, Status};
use crate::error::ErrorInfo;
use crate::text::Text;

/// What is being designated (DOMAIN.md §7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Individual,
    Family,
    Building,
    Estate,
    Community,
    Organ,
    Enterprise,
    LearningLeader,
}

impl Category {
    pub const ALL: [Category; 8] = [
        Category::Individual,
        Category::Family,
        Category::Building,
        Category::Estate,
        Category::Community,
        Category::Organ,
        Category::Enterprise,
        Category::LearningLeader,
    ];

    pub fn label(self) -> Text {
        let (zh, en) = match self {
            Category::Individual => ("学习型个人", "learning-type individual"),
            Category::Family => ("学习型家庭", "learning-type family"),
            Category::Building => ("学习型楼栋(村组)", "learning-type building"),
            Category::Estate => ("学习型小区", "learning-type estate"),
            Category::Community => ("学习型社区", "learning-type community"),
            Category::Organ => ("学习型机关", "learning-type organ"),
            Category::Enterprise => ("学习型企业", "learning-type enterprise"),
            Category::LearningLeader => ("学习带头人", "learning leader"),
        };
        Text::new(zh, en)
    }
}

/// Where a nomination stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Nominated,
    Submitted,
    Approved,
    Rejected,
    Awarded,
}

impl Stage {
    /// The stages one step on; none may be skipped and none leads back.
    pub fn next(self) -> &'static [Stage] {
        match self {
            Stage::Nominated => &[Stage::Submitted],
            Stage::Submitted => &[Stage::Approved, Stage::Rejected],
            Stage::Approved => &[Stage::Awarded],
            Stage::Rejected | Stage::Awarded => &[],
        }
    }
}

/// One dated step of a nomination's history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub stage: Stage,
    pub on: NaiveDate,
}

/// A candidate's way through the workflow.
///
/// ```
/// use learning_city::designation::{Category, Nomination, Stage};
/// let day = |s: &str| s.parse().unwrap();
/// let mut n = Nomination::new("n-1", "f-017", Category::Family, 2024, day("2024-11-01"));
/// n.advance(Stage::Submitted, day("2024-11-10")).unwrap();
/// let e = n.advance(Stage::Awarded, day("2024-12-20")).unwrap_err();
/// assert_eq!(e.to_string(), "history[2]: cannot go from submitted to awarded: the next stage is approved or rejected");
/// n.advance(Stage::Approved, day("2024-12-01")).unwrap();
/// assert_eq!(n.stage(), Stage::Approved);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Nomination {
    pub id: String,
    /// The unit, family or person nominated.
    pub candidate: String,
    pub category: Category,
    pub year: i32,
    /// Oldest first; always starts with `nominated`.
    pub history: Vec<Step>,
}

/// A step that breaks the workflow.
pub type DesignationError = crate::error::Error<DesignationProblem>;

#[derive(Clone, Debug, PartialEq, Error)]
pub enum DesignationProblem {
    #[error("a history must start with a `nominated` step")]
    NotStartedAsNominated,
    #[error("cannot go from {from} to {to}: {}", next_words(*.from))]
    IllegalStep { from: Stage, to: Stage },
    #[error("{on} is before the previous step's date {previous}")]
    DateBackwards { on: NaiveDate, previous: NaiveDate },
    #[error("the quota must be at least 1")]
    NoQuota,
}

fn next_words(from: Stage) -> String {
    let names: Vec<&str> = from.next().iter().map(|s| stage_name(*s)).collect();
    match names.as_slice() {
        [] => format!("{} is final", stage_name(from)),
        _ => format!("the next stage is {}", names.join(" or ")),
    }
}

fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::Nominated => "nominated",
        Stage::Submitted => "submitted",
        Stage::Approved => "approved",
        Stage::Rejected => "rejected",
        Stage::Awarded => "awarded",
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(stage_name(*self))
    }
}

crate::problem_codes!(DesignationProblem, crate::error::ErrorKind::Designation, {
    DesignationProblem::NotStartedAsNominated => "not_started_as_nominated",
    DesignationProblem::IllegalStep { .. } => "illegal_step",
    DesignationProblem::DateBackwards { .. } => "date_backwards",
    DesignationProblem::NoQuota => "no_quota",
});

impl Nomination {
    /// A new nomination, written up on `on`.
    pub fn new(
        id: impl Into<String>,
        candidate: impl Into<String>,
        category: Category,
        year: i32,
        on: NaiveDate,
    ) -> Nomination {
        Nomination {
            id: id.into(),
            candidate: candidate.into(),
            category,
            year,
            history: vec![Step {
                stage: Stage::Nominated,
                on,
            }],
        }
    }

    /// The current stage.
    pub fn stage(&self) -> Stage {
        self.history.last().map_or(Stage::Nominated, |s| s.stage)
    }

    /// Moves one step on, if the workflow allows it and the date does not run back.
    pub fn advance(&mut self, to: Stage, on: NaiveDate) -> Result<(), DesignationError> {
        let step = Step { stage: to, on };
        check_step(self.history.last(), step, self.history.len())?;
        self.history.push(step);
        Ok(())
    }

    /// Checks a stored history (one read from JSON) from its first step.
    pub fn check(&self) -> Result<(), DesignationError> {
        let mut previous: Option<&Step> = None;
        for (i, step) in self.history.iter().enumerate() {
            check_step(previous, *step, i)?;
            previous = Some(step);
        }
        Ok(())
    }
}

fn check_step(previous: Option<&Step>, step: Step, index: usize) -> Result<(), DesignationError> {
    let err = |problem| DesignationError {
        path: format!("history[{index}]"),
        problem,
    };
    let Some(prev) = previous else {
        return match step.stage {
            Stage::Nominated => Ok(()),
            _ => Err(err(DesignationProblem::NotStartedAsNominated)),
        };
    };
    if !prev.stage.next().contains(&step.stage) {
        return Err(err(DesignationProblem::IllegalStep {
            from: prev.stage,
            to: step.stage,
        }));
    }
    if step.on < prev.on {
        return Err(err(DesignationProblem::DateBackwards {
            on: step.on,
            previous: prev.on,
        }));
    }
    Ok(())
}

// ------------------------------------------------------------------ rounds

/// A status held for a while: "experimental zone since 2021-03-01".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusSpell {
    pub status: String,
    pub since: NaiveDate,
    #[serde(default)]
    pub until: Option<NaiveDate>,
}

/// A condition a candidate must meet before it may be ranked at all.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Precondition {
    /// Held `status` for at least `years` whole years by 1 January of the round's year
    /// ("two years as an experimental zone before applying as a demonstration zone").
    YearsWithStatus { status: String, years: u32 },
}

/// One candidate in a round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Candidate {
    pub id: String,
    pub score: f64,
    /// Indicators met: the first tie-break.
    #[serde(default)]
    pub met: usize,
    #[serde(default)]
    pub vetoed: bool,
    #[serde(default)]
    pub statuses: Vec<StatusSpell>,
}

impl From<&Assessment> for Candidate {
    fn from(a: &Assessment) -> Candidate {
        Candidate {
            id: a.unit.clone(),
            score: a.score,
            met: a
                .indicators
                .iter()
                .filter(|i| i.status == Status::Met)
                .count(),
            vetoed: a.vetoed,
            statuses: Vec::new(),
        }
    }
}

/// An appraisal round: one category, one year, a quota.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Round {
    pub category: Category,
    pub year: i32,
    pub quota: usize,
    /// Candidates below this score are not ranked.
    #[serde(default)]
    pub min_score: Option<f64>,
    #[serde(default)]
    pub preconditions: Vec<Precondition>,
    /// The candidates, for categories not scored from community records.
    #[serde(default)]
    pub candidates: Vec<Candidate>,
}

/// Who won, who missed the quota and by how much, who could not be ranked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundResult {
    pub category: Category,
    pub category_label: Text,
    pub year: i32,
    pub quota: usize,
    pub tie_break: Text,
    pub winners: Vec<Placing>,
    pub missed: Vec<Placing>,
    pub ineligible: Vec<Ineligible>,
}

/// A ranked candidate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Placing {
    pub candidate: String,
    pub rank: usize,
    pub score: f64,
    /// For a candidate that missed the quota: points below the last winner (0 when
    /// it lost on the tie-break).
    pub short_by: Option<f64>,
}

/// A candidate that was not ranked, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ineligible {
    pub candidate: String,
    pub reason: Text,
}

/// Fills `round`'s quota from `candidates` by rank.
///
/// Order: higher score first; then more indicators met; then candidate id, so the
/// result never depends on the input order. Vetoed candidates, those below
/// `min_score` and those failing a precondition are listed as ineligible.
///
/// ```
/// use learning_city::designation::{fill, Candidate, Category, Round};
/// let c = |id: &str, score| Candidate { id: id.into(), score, met: 0, vetoed: false, statuses: vec![] };
/// let round = Round { category: Category::Estate, year: 2024, quota: 2, min_score: Some(60.0),
///                     preconditions: vec![], candidates: vec![] };
/// let r = fill(&round, &[c("e-3", 88.0), c("e-1", 91.5), c("e-2", 88.0), c("e-4", 50.0)]).unwrap();
/// let winners: Vec<_> = r.winners.iter().map(|p| p.candidate.as_str()).collect();
/// assert_eq!(winners, ["e-1", "e-2"]); // e-2 and e-3 tie on score; the id decides
/// assert_eq!((r.missed[0].candidate.as_str(), r.missed[0].short_by), ("e-3", Some(0.0)));
/// assert_eq!(r.ineligible[0].candidate, "e-4");
/// ```
pub fn fill(round: &Round, candidates: &[Candidate]) -> Result<RoundResult, DesignationError> {
    if round.quota == 0 {
        return Err(DesignationError {
            path: "quota".into(),
            problem: DesignationProblem::NoQuota,
        });
    }
    let mut ranked: Vec<&Candidate> = Vec::new();
    let mut ineligible = Vec::new();
    for c in candidates {
        match why_ineligible(round, c) {
            Some(reason) => ineligible.push(Ineligible {
                candidate: c.id.clone(),
                reason,
            }),
            None => ranked.push(c),
        }
    }
    ranked.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.met.cmp(&a.met))
            .then_with(|| a.id.cmp(&b.id))
    });
    let last_winner = ranked
        .get(round.quota.min(ranked.len()).saturating_sub(1))
        .map(|c| c.score);
    let placing = |(i, c): (usize, &&Candidate)| Placing {
        candidate: c.id.clone(),
        rank: i + 1,
        score: c.score,
        short_by: (i >= round.quota).then(|| last_winner.map_or(0.0, |w| w - c.score)),
    };
    let all: Vec<Placing> = ranked.iter().enumerate().map(placing).collect();
    let (winners, missed) = all.split_at(round.quota.min(all.len()));
    Ok(RoundResult {
        category: round.category,
        category_label: round.category.label(),
        year: round.year,
        quota: round.quota,
        tie_break: Text::new(
            "得分高者优先;得分相同时达标指标多者优先;再相同按编号顺序",
            "higher score first; on equal scores, more indicators met; then by id",
        ),
        winners: winners.to_vec(),
        missed: missed.to_vec(),
        ineligible,
    })
}

fn why_ineligible(round: &Round, c: &Candidate) -> Option<Text> {
    if c.vetoed {
        return Some(Text::new(
            "一票否决项未达标",
            "a veto indicator was not met",
        ));
    }
    if let Some(min) = round.min_score.filter(|m| c.score < *m) {
        return Some(Text::new(
            format!(
                "得分{}低于参评最低分{}",
                crate::text::number(c.score),
                crate::text::number(min)
            ),
            format!(
                "score {} is below the minimum of {}",
                crate::text::number(c.score),
                crate::text::number(min)
            ),
        ));
    }
    round
        .preconditions
        .iter()
        .find_map(|p| unmet_precondition(p, c, round.year))
}

fn unmet_precondition(p: &Precondition, c: &Candidate, year: i32) -> Option<Text> {
    let Precondition::YearsWithStatus { status, years } = p;
    let held = years_held(&c.statuses, status, year);
    (held < *years).then(|| {
        Text::new(
            format!("截至{year}年1月1日,“{status}”仅{held}年,需满{years}年"),
            format!(
                "held `{status}` for {held} whole years by 1 January {year}; {years} are needed"
            ),
        )
    })
}

/// Whole years (anniversaries passed) a status was held by 1 January of `year`,
/// summed over its spells.
pub fn years_held(spells: &[StatusSpell], status: &str, year: i32) -> u32 {
    let Some(cutoff) = NaiveDate::from_ymd_opt(year, 1, 1) else {
        return 0;
    };
    spells
        .iter()
        .filter(|s| s.status == status && s.since < cutoff)
        .map(|s| {
            let end = s.until.map_or(cutoff, |u| u.min(cutoff));
            whole_years(s.since, end)
        })
        .sum()
}

fn whole_years(from: NaiveDate, to: NaiveDate) -> u32 {
    let mut years = to.year() - from.year();
    if (to.month(), to.day()) < (from.month(), from.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// Moves each submitted nomination of the round's category and year to `approved`
/// (winners) or `rejected` (everyone else), on `on`. Nominations at other stages are
/// left as they are; the changed ids are returned.
pub fn decide(
    result: &RoundResult,
    nominations: &mut [Nomination],
    on: NaiveDate,
) -> Result<Vec<String>, DesignationError> {
    let mut changed = Vec::new();
    let ours = |n: &Nomination| n.category == result.category && n.year == result.year;
    for n in nominations
        .iter_mut()
        .filter(|n| ours(n) && n.stage() == Stage::Submitted)
    {
        let won = result.winners.iter().any(|w| w.candidate == n.candidate);
        n.advance(
            if won {
                Stage::Approved
            } else {
                Stage::Rejected
            },
            on,
        )?;
        changed.push(n.id.clone());
    }
    Ok(changed)
}

/// A nomination after a list of steps: where it got to, and the first step that
/// broke the workflow, if one did (`steps[i]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Workflow {
    pub nomination: Nomination,
    pub error: Option<ErrorInfo>,
}

/// Checks a stored nomination, then applies `steps` in order, stopping at the first
/// one the workflow refuses.
///
/// ```
/// use learning_city::designation::{run_steps, Category, Nomination, Stage, Step};
/// let day = |s: &str| s.parse().unwrap();
/// let n = Nomination::new("n-1", "f-1", Category::Family, 2024, day("2024-11-01"));
/// let steps = [Step { stage: Stage::Submitted, on: day("2024-11-03") },
///              Step { stage: Stage::Awarded, on: day("2024-12-01") }];
/// let w = run_steps(n, &steps);
/// assert_eq!(w.nomination.stage(), Stage::Submitted);
/// assert_eq!(w.error.unwrap().path, "steps[1]");
/// ```
pub fn run_steps(mut nomination: Nomination, steps: &[Step]) -> Workflow {
    if let Err(e) = nomination.check() {
        let mut info = e.info();
        info.path = crate::error::join_path("nomination", &e.path);
        return Workflow {
            nomination,
            error: Some(info),
        };
    }
    for (i, step) in steps.iter().enumerate() {
        if let Err(e) = nomination.advance(step.stage, step.on) {
            let mut info = e.info();
            info.path = format!("steps[{i}]");
            return Workflow {
                nomination,
                error: Some(info),
            };
        }
    }
    Workflow {
        nomination,
        error: None,
    }
}

#[cfg(test)]
mod tests;
