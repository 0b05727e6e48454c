//! Learning activities and the monthly counts a record carries (DOMAIN.md §5).
//!
//! A learning centre logs each activity it holds. Rule T6 asks for at least two
//! activities every month, so the log is folded into the twelve monthly counts
//! of a record's `activities_by_month`. Activities are labelled two ways, both
//! optional: by course theme (五进社区, seed 003, with the departments that lead
//! it) and by the learner's need (seed 002).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::text::is_blank;
use crate::text::Text;

/// Months in a year: the length of a monthly count list.
pub const MONTHS: usize = 12;

/// A course theme (五进社区).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    /// 科技(实用技术): practical skills, science, farming techniques, job fairs.
    ScienceTechnology,
    /// 文体: calligraphy, photography, square dance, music.
    CultureSports,
    /// 卫生: health talks, free clinics, food and drug safety, home care.
    Health,
    /// 法律: legal knowledge, fire and work safety, residents' conventions.
    Law,
    /// 思想道德: civility, party education, moral lectures.
    Ethics,
}

impl Theme {
    /// The five themes, in seed 003's order.
    pub const ALL: [Theme; 5] = [
        Theme::ScienceTechnology,
        Theme::CultureSports,
        Theme::Health,
        Theme::Law,
        Theme::Ethics,
    ];

    /// The theme's name in Chinese and English.
    pub fn label(self) -> Text {
        let (zh, en) = match self {
            Theme::ScienceTechnology => (
                "科技(实用技术)",
                "science and technology (practical skills)",
            ),
            Theme::CultureSports => ("文体", "culture and sports"),
            Theme::Health => ("卫生", "health"),
            Theme::Law => ("法律", "law"),
            Theme::Ethics => ("思想道德", "ideology and ethics"),
        };
        Text::new(zh, en)
    }

    /// The departments that lead the theme (牵头部门), as seed 003's table names them.
    ///
    /// ```
    /// use learning_city::activity::Theme;
    /// let leads = Theme::Law.lead_departments();
    /// assert_eq!(leads.len(), 3);
    /// assert_eq!(leads[1].zh, "司法所");
    /// assert_eq!(leads[1].en, "judicial office");
    /// ```
    pub fn lead_departments(self) -> Vec<Text> {
        let names: &[(&str, &str)] = match self {
            Theme::ScienceTechnology => &[("社保所", "social-security office")],
            Theme::CultureSports => &[("文化服务中心", "cultural service centre")],
            Theme::Health => &[
                ("卫生服务中心", "health service centre"),
                ("食药监所", "food and drug office"),
            ],
            Theme::Law => &[
                ("执法大队", "law-enforcement brigade"),
                ("司法所", "judicial office"),
                ("派出所", "police station"),
            ],
            Theme::Ethics => &[
                ("党建办", "party-building office"),
                ("文化服务中心", "cultural service centre"),
            ],
        };
        names.iter().map(|&(zh, en)| Text::new(zh, en)).collect()
    }
}

/// The learner's need an activity serves (seed 002).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LearningNeed {
    /// 技能型: skills for work (repairs, tailoring, cooking).
    Skill,
    /// 服务型: service trades such as housekeeping.
    Service,
    /// 艺术型: opera, dance, song, calligraphy, painting.
    Art,
    /// 知识型: talks on law, the internet, science, health.
    Knowledge,
    /// 品位型: quality of life (fashion, home decoration, flower arranging).
    Lifestyle,
}

impl LearningNeed {
    /// The five needs, in seed 002's order.
    pub const ALL: [LearningNeed; 5] = [
        LearningNeed::Skill,
        LearningNeed::Service,
        LearningNeed::Art,
        LearningNeed::Knowledge,
        LearningNeed::Lifestyle,
    ];

    /// The need's name in Chinese and English.
    pub fn label(self) -> Text {
        let (zh, en) = match self {
            LearningNeed::Skill => ("技能型", "skill"),
            LearningNeed::Service => ("服务型", "service"),
            LearningNeed::Art => ("艺术型", "art"),
            LearningNeed::Knowledge => ("知识型", "knowledge"),
            LearningNeed::Lifestyle => ("品位型", "lifestyle"),
        };
        Text::new(zh, en)
    }
}

/// One activity held by a unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    /// The id of the unit that held it.
    pub unit: String,
    pub date: NaiveDate,
    #[serde(default)]
    pub theme: Option<Theme>,
    #[serde(default)]
    pub need: Option<LearningNeed>,
    /// Attendances (人次): a resident who came twice counts twice.
    #[serde(default)]
    pub participants: u32,
    /// Length in hours.
    #[serde(default)]
    pub hours: f64,
}

impl Activity {
    /// An activity with no labels, participants or hours yet.
    pub fn new(unit: impl Into<String>, date: NaiveDate) -> Self {
        Activity {
            unit: unit.into(),
            date,
            theme: None,
            need: None,
            participants: 0,
            hours: 0.0,
        }
    }
}

/// An activity that cannot be counted as given.
pub type ActivityError = crate::error::Error<ActivityProblem>;

/// What is wrong with an activity's value.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum ActivityProblem {
    #[error("is required")]
    Missing,
    #[error("must be a finite number")]
    NotFinite,
    #[error("must not be negative (found {})", crate::text::echo(*.0))]
    Negative(f64),
}

crate::problem_codes!(ActivityProblem, crate::error::ErrorKind::Activity, {
    ActivityProblem::Missing => "missing",
    ActivityProblem::NotFinite => "not_finite",
    ActivityProblem::Negative(_) => "negative",
});

/// Every problem in an activity log, in input order (`activities[3].hours`); an
/// empty list means every activity can be counted. Serde has already refused
/// dates that do not exist and negative participant counts; what is left is a
/// blank unit and hours that are not a finite, non-negative number (which a Rust
/// caller, unlike JSON, can produce).
///
/// ```
/// use chrono::NaiveDate;
/// use learning_city::activity::{validate, Activity};
///
/// let day = NaiveDate::from_ymd_opt(2024, 3, 9).unwrap();
/// let mut log = vec![Activity::new("c-1", day), Activity::new("", day)];
/// log[0].hours = f64::NAN;
/// let errors = validate(&log);
/// let paths: Vec<_> = errors.iter().map(|e| e.to_string()).collect();
/// assert_eq!(paths, ["activities[0].hours: must be a finite number",
///                    "activities[1].unit: is required"]);
/// ```
pub fn validate(activities: &[Activity]) -> Vec<ActivityError> {
    activities
        .iter()
        .enumerate()
        .flat_map(|(row, activity)| activity_errors(row, activity))
        .collect()
}

fn activity_errors(row: usize, activity: &Activity) -> Vec<ActivityError> {
    let at = |field: &str| format!("activities[{row}].{field}");
    let mut errors = Vec::new();
    if is_blank(&activity.unit) {
        errors.push(ActivityError::new(at("unit"), ActivityProblem::Missing));
    }
    let hours = activity.hours;
    if !hours.is_finite() {
        errors.push(ActivityError::new(at("hours"), ActivityProblem::NotFinite));
    } else if hours < 0.0 {
        errors.push(ActivityError::new(
            at("hours"),
            ActivityProblem::Negative(hours),
        ));
    }
    errors
}

/// How many activities `unit` held in each month of `year`, January first: the
/// `activities_by_month` field of that unit's record. Hours play no part, so an
/// activity is counted even if [`validate`] would refuse its hours.
///
/// ```
/// use chrono::NaiveDate;
/// use learning_city::activity::{monthly_counts, Activity};
///
/// let day = |m, d| NaiveDate::from_ymd_opt(2024, m, d).unwrap();
/// let log = vec![
///     Activity::new("c-1", day(1, 6)),
///     Activity::new("c-1", day(1, 20)),
///     Activity::new("c-1", day(3, 9)),
///     Activity::new("c-2", day(3, 9)),
/// ];
/// assert_eq!(monthly_counts(&log, "c-1", 2024), [2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
/// ```
pub fn monthly_counts(activities: &[Activity], unit: &str, year: i32) -> [u32; MONTHS] {
    let mut counts = [0; MONTHS];
    let held = activities.iter().filter(|a| a.unit == unit);
    for activity in held {
        add_month(&mut counts, activity.date, year);
    }
    counts
}

/// [`monthly_counts`] for every unit that held an activity in `year`, in one pass.
pub fn monthly_counts_by_unit(
    activities: &[Activity],
    year: i32,
) -> BTreeMap<String, [u32; MONTHS]> {
    let mut by_unit: BTreeMap<String, [u32; MONTHS]> = BTreeMap::new();
    for activity in activities.iter().filter(|a| a.date.year() == year) {
        let counts = by_unit.entry(activity.unit.clone()).or_insert([0; MONTHS]);
        add_month(counts, activity.date, year);
    }
    by_unit
}

/// Attendances (人次) per unit in `year`, summed over its activities. This is not
/// the record's `participants` (distinct residents): a resident who comes to ten
/// activities is counted ten times here.
///
/// ```
/// use chrono::NaiveDate;
/// use learning_city::activity::{participants_by_unit, Activity};
///
/// let mut talk = Activity::new("c-1", NaiveDate::from_ymd_opt(2024, 5, 4).unwrap());
/// talk.participants = 40;
/// let log = vec![talk.clone(), talk];
/// assert_eq!(participants_by_unit(&log, 2024)["c-1"], 80);
/// assert!(participants_by_unit(&log, 2023).is_empty());
/// ```
pub fn participants_by_unit(activities: &[Activity], year: i32) -> BTreeMap<String, u64> {
    let mut by_unit: BTreeMap<String, u64> = BTreeMap::new();
    for activity in activities.iter().filter(|a| a.date.year() == year) {
        let total = by_unit.entry(activity.unit.clone()).or_insert(0);
        *total = total.saturating_add(u64::from(activity.participants));
    }
    by_unit
}

fn add_month(counts: &mut [u32; MONTHS], date: NaiveDate, year: i32) {
    if date.year() != year {
        return;
    }
    if let Some(count) = counts.get_mut(date.month0() as usize) {
        *count = count.saturating_add(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn counts_fall_in_their_month_and_year_only() {
        let log = vec![
            Activity::new("c", day(2024, 1, 31)),
            Activity::new("c", day(2024, 2, 29)),
            Activity::new("c", day(2024, 12, 31)),
            Activity::new("c", day(2023, 12, 31)),
            Activity::new("c", day(2025, 1, 1)),
        ];
        assert_eq!(
            monthly_counts(&log, "c", 2024),
            [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
        );
        assert_eq!(monthly_counts(&log, "other", 2024), [0; MONTHS]);
        let by_unit = monthly_counts_by_unit(&log, 2023);
        assert_eq!(by_unit.len(), 1);
        assert_eq!(by_unit["c"][11], 1);
    }

    #[test]
    fn hours_must_be_finite_and_not_negative() {
        let mut log = vec![Activity::new("c", day(2024, 1, 1)); 4];
        log[0].hours = 1.5;
        log[1].hours = -2.0;
        log[2].hours = f64::INFINITY;
        log[3].unit = "  ".into();
        let errors = validate(&log);
        let got: Vec<_> = errors
            .iter()
            .map(|e| (e.path.as_str(), e.problem.code()))
            .collect();
        assert_eq!(
            got,
            [
                ("activities[1].hours", "negative"),
                ("activities[2].hours", "not_finite"),
                ("activities[3].unit", "missing"),
            ]
        );
        assert_eq!(
            errors[0].to_string(),
            "activities[1].hours: must not be negative (found -2)"
        );
        assert_eq!(errors[0].info().kind.as_str(), "activity");
    }

    #[test]
    fn participants_saturate_instead_of_overflowing() {
        let mut a = Activity::new("c", day(2024, 1, 1));
        a.participants = u32::MAX;
        let log = vec![a; 3];
        assert_eq!(
            participants_by_unit(&log, 2024)["c"],
            3 * u64::from(u32::MAX)
        );
    }

    #[test]
    fn labels_and_departments_follow_the_seeds() {
        assert_eq!(Theme::Health.lead_departments().len(), 2);
        assert_eq!(Theme::Ethics.lead_departments()[0].zh, "党建办");
        assert_eq!(Theme::ScienceTechnology.label().zh, "科技(实用技术)");
        assert_eq!(LearningNeed::Lifestyle.label().zh, "品位型");
        for theme in Theme::ALL {
            assert!(!theme.lead_departments().is_empty());
        }
    }

    #[test]
    fn serde_shape() {
        let a: Activity = serde_json::from_str(
            r#"{"unit": "c-1", "date": "2024-03-09", "theme": "science_technology",
                "need": "skill", "participants": 35, "hours": 2}"#,
        )
        .unwrap();
        assert_eq!(a.theme, Some(Theme::ScienceTechnology));
        assert_eq!(a.hours, 2.0);
        let negative = r#"{"unit": "c", "date": "2024-03-09", "participants": -1}"#;
        assert!(serde_json::from_str::<Activity>(negative).is_err());
        let no_day = r#"{"unit": "c", "date": "2023-02-29"}"#;
        assert!(serde_json::from_str::<Activity>(no_day).is_err());
        let extra = r#"{"unit": "c", "date": "2024-03-09", "topic": "x"}"#;
        assert!(serde_json::from_str::<Activity>(extra).is_err());
    }

    fn arbitrary_activity() -> impl Strategy<Value = Activity> {
        (
            proptest::sample::select(vec!["a", "b", "c"]),
            2023i32..=2025,
            1u32..=366,
            any::<u32>(),
            any::<f64>(),
        )
            .prop_map(|(unit, year, ordinal, participants, hours)| {
                let date =
                    NaiveDate::from_yo_opt(year, ordinal).unwrap_or_else(|| day(year, 12, 31));
                Activity {
                    unit: unit.to_string(),
                    date,
                    theme: None,
                    need: None,
                    participants,
                    hours,
                }
            })
    }

    proptest! {
        #[test]
        fn counts_add_up_and_agree(log in proptest::collection::vec(arbitrary_activity(), 0..60)) {
            let by_unit = monthly_counts_by_unit(&log, 2024);
            for unit in ["a", "b", "c"] {
                let counts = monthly_counts(&log, unit, 2024);
                let held = log.iter().filter(|a| a.unit == unit && a.date.year() == 2024).count();
                prop_assert_eq!(counts.iter().sum::<u32>() as usize, held);
                prop_assert_eq!(by_unit.get(unit).copied().unwrap_or([0; MONTHS]), counts);
            }
            let bad = log.iter().filter(|a| !a.hours.is_finite() || a.hours < 0.0).count();
            prop_assert_eq!(validate(&log).len(), bad);
        }
    }
}
