//! The five teams (五支队伍, DOMAIN.md §3) and the roster checks.
//!
//! A member is one person on the roster, placed at one unit of the network and
//! belonging to one or more teams. A member with a `left` date is a former member:
//! the roster keeps them for the record, but they no longer count towards any team
//! (this module reads no clock, so "left" means left, whatever the date).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::finding::Finding;
use crate::network::{Level, Network, Unit};
use crate::text::Text;
use crate::text::{clip, is_blank};

/// The specialties of seed 000's volunteer resource pool (电脑、外语、法律、经贸、管理),
/// the usual `required_specialties` for [`roster_findings`].
pub const SEED_SPECIALTIES: [&str; 5] = [
    "computing",
    "foreign_languages",
    "law",
    "economics_trade",
    "management",
];

/// [`SEED_SPECIALTIES`] as owned strings.
pub fn seed_specialties() -> Vec<String> {
    SEED_SPECIALTIES.iter().map(|s| s.to_string()).collect()
}

/// One of the five teams.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Team {
    /// 社区教育管理者队伍: dedicated staff at every level.
    Manager,
    /// 社区教育辅导员队伍: serving teachers seconded to streets.
    Tutor,
    /// 社区教育志愿者队伍: professionals who teach for free, by specialty.
    Volunteer,
    /// 社区讲师团: veteran party members, retired officials and teachers.
    Lecturer,
    /// 社区教育理论研究队伍: staff and outside professionals doing research.
    Researcher,
}

impl Team {
    /// The five teams, in the seeds' order.
    pub const ALL: [Team; 5] = [
        Team::Manager,
        Team::Tutor,
        Team::Volunteer,
        Team::Lecturer,
        Team::Researcher,
    ];

    /// The team's name in Chinese and English.
    pub fn label(self) -> Text {
        let (zh, en) = match self {
            Team::Manager => ("社区教育管理者队伍", "community-education manager team"),
            Team::Tutor => ("社区教育辅导员队伍", "community-education tutor team"),
            Team::Volunteer => ("社区教育志愿者队伍", "community-education volunteer team"),
            Team::Lecturer => ("社区讲师团", "community lecturer group"),
            Team::Researcher => ("社区教育理论研究队伍", "community-education research team"),
        };
        Text::new(zh, en)
    }

    /// What one member of the team is called, for messages.
    fn member_label(self) -> Text {
        let (zh, en) = match self {
            Team::Manager => ("管理人员", "Manager"),
            Team::Tutor => ("辅导员", "Tutor"),
            Team::Volunteer => ("志愿者", "Volunteer"),
            Team::Lecturer => ("讲师", "Lecturer"),
            Team::Researcher => ("研究人员", "Researcher"),
        };
        Text::new(zh, en)
    }
}

/// One person on the roster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// A unique id, such as `m-0042`.
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// The teams the person belongs to: one or more.
    #[serde(default)]
    pub teams: Vec<Team>,
    /// The id of the unit where the person serves.
    pub unit: String,
    /// What a volunteer can teach, such as `law` (see [`SEED_SPECIALTIES`]).
    #[serde(default)]
    pub specialties: Vec<String>,
    #[serde(default)]
    pub joined: Option<NaiveDate>,
    /// When set, the person is a former member.
    #[serde(default)]
    pub left: Option<NaiveDate>,
}

impl Member {
    /// A member of no team yet, placed at `unit`.
    pub fn new(id: impl Into<String>, name: impl Into<String>, unit: impl Into<String>) -> Self {
        Member {
            id: id.into(),
            name: name.into(),
            teams: Vec::new(),
            unit: unit.into(),
            specialties: Vec::new(),
            joined: None,
            left: None,
        }
    }

    /// The same member in one more team.
    pub fn with_team(mut self, team: Team) -> Self {
        self.teams.push(team);
        self
    }

    /// The same member with one more specialty.
    pub fn with_specialty(mut self, specialty: impl Into<String>) -> Self {
        self.specialties.push(specialty.into());
        self
    }

    /// True while the person has not left.
    pub fn is_current(&self) -> bool {
        self.left.is_none()
    }

    /// True when the person belongs to `team`.
    pub fn in_team(&self, team: Team) -> bool {
        self.teams.contains(&team)
    }

    fn has_specialty(&self) -> bool {
        self.specialties.iter().any(|s| !is_blank(s))
    }
}

/// How many current members each team has; every team is listed, empty ones
/// with 0. A person in two teams counts in both.
///
/// ```
/// use learning_city::teams::{team_counts, Member, Team};
/// let members = vec![
///     Member::new("m-1", "周光", "t").with_team(Team::Manager).with_team(Team::Lecturer),
///     Member::new("m-2", "张春林", "t").with_team(Team::Manager),
/// ];
/// let counts = team_counts(&members);
/// assert_eq!(counts[&Team::Manager], 2);
/// assert_eq!(counts[&Team::Lecturer], 1);
/// assert_eq!(counts[&Team::Tutor], 0);
/// ```
pub fn team_counts(members: &[Member]) -> BTreeMap<Team, usize> {
    let mut counts: BTreeMap<Team, usize> = Team::ALL.iter().map(|&t| (t, 0)).collect();
    for member in members.iter().filter(|m| m.is_current()) {
        let teams: BTreeSet<Team> = member.teams.iter().copied().collect();
        for team in teams {
            *counts.entry(team).or_insert(0) += 1;
        }
    }
    counts
}

/// Checks a roster against the network it staffs (DOMAIN.md §3) and returns every
/// breach, ordered by rule and then by the order of the input:
///
/// - R1 `empty_team`: each of the five teams has a current member somewhere in the
///   network (the district's team is everyone in it);
/// - R2 `tutor_not_on_street`: tutors are placed at streets;
/// - R3 `no_specialty`: volunteers carry at least one specialty;
/// - R4 `specialty_uncovered`: every required specialty is held by a current
///   volunteer in the network;
/// - R5 `no_team`: every member belongs to a team;
/// - R6 `unknown_unit`: every member's unit is in the network;
/// - R7 `left_before_joined`: nobody leaves before joining;
/// - R8 `empty_id` / `duplicate_id`: member ids are present and unique.
///
/// ```
/// use learning_city::network::{Level, Network, Unit};
/// use learning_city::teams::{roster_findings, Member, Team};
///
/// let network = Network::new(vec![
///     Unit::new("t", "群力镇", Level::Street),
///     Unit::new("c-1", "群力社区", Level::Community).under("t"),
/// ]).unwrap();
/// let members = vec![
///     Member::new("m-1", "周光", "t").with_team(Team::Manager).with_team(Team::Lecturer)
///         .with_team(Team::Researcher),
///     Member::new("m-2", "李老师", "c-1").with_team(Team::Tutor),
///     Member::new("m-3", "王律师", "c-1").with_team(Team::Volunteer).with_specialty("law"),
/// ];
/// let findings = roster_findings(&members, &network, &["law".into(), "computing".into()]);
/// let codes: Vec<_> = findings.iter().map(|f| (f.rule.as_str(), f.path.as_str())).collect();
/// assert_eq!(codes, [("R2", "members[1].unit"), ("R4", "members")]);
/// assert_eq!(findings[1].message.en,
///            "No current volunteer in the network has the specialty `computing`.");
/// ```
pub fn roster_findings(
    members: &[Member],
    network: &Network,
    required_specialties: &[String],
) -> Vec<Finding> {
    let entries = entries(members, network);
    let root = network.root().id.as_str();
    let mut findings = empty_teams(&entries, root);
    findings.extend(per_row(&entries, "R2", misplaced_tutor));
    findings.extend(per_row(&entries, "R3", missing_specialty));
    findings.extend(uncovered(&entries, root, required_specialties));
    findings.extend(per_row(&entries, "R5", teamless));
    findings.extend(per_row(&entries, "R6", unknown_unit));
    findings.extend(per_row(&entries, "R7", left_before_joined));
    findings.extend(bad_ids(&entries));
    findings
}

/// One roster row with the unit it is placed at, looked up once.
struct Entry<'a> {
    row: usize,
    member: &'a Member,
    /// `None` when the member's unit is not in the network.
    unit: Option<&'a Unit>,
}

/// A breach on one row, before it is given its rule and path.
struct Slip {
    field: &'static str,
    code: &'static str,
    message: Text,
}

fn entries<'a>(members: &'a [Member], network: &'a Network) -> Vec<Entry<'a>> {
    let entry = |(row, member): (usize, &'a Member)| Entry {
        row,
        member,
        unit: network.unit(&member.unit),
    };
    members.iter().enumerate().map(entry).collect()
}

fn per_row(entries: &[Entry], rule: &str, check: fn(&Entry) -> Option<Slip>) -> Vec<Finding> {
    let finding = |entry: &Entry| check(entry).map(|slip| entry.finding(rule, slip));
    entries.iter().filter_map(finding).collect()
}

impl Entry<'_> {
    /// Current and placed in the network: the members that count for a team.
    fn counts(&self) -> bool {
        self.member.is_current() && self.unit.is_some()
    }

    fn finding(&self, rule: &str, slip: Slip) -> Finding {
        let unit = Some(self.member.unit.as_str()).filter(|u| !is_blank(u));
        let path = format!("members[{}].{}", self.row, slip.field);
        Finding::new(rule, unit, path, slip.code, slip.message)
    }

    /// How a message names the member: by id, or by row when the id is blank.
    fn name(&self) -> (String, String) {
        if is_blank(&self.member.id) {
            let row = format!("members[{}]", self.row);
            return (format!(" {row} "), row);
        }
        let id = clip(&self.member.id);
        (format!(" {id} "), format!("`{id}`"))
    }

    /// A sentence about the member: ``Member `m-2` …`` / `成员 m-2 …`.
    fn says(&self, zh: &str, en: &str) -> Text {
        let (id_zh, id_en) = self.name();
        let subject = if id_en.starts_with('`') {
            format!("Member {id_en}")
        } else {
            id_en
        };
        Text::new(format!("成员{id_zh}{zh}。"), format!("{subject} {en}."))
    }

    /// A sentence about the member in a team's role: ``Tutor `m-2` …``.
    fn says_as(&self, team: Team, zh: &str, en: &str) -> Text {
        let role = team.member_label();
        let (id_zh, id_en) = self.name();
        Text::new(
            format!("{}{id_zh}{zh}。", role.zh),
            format!("{} {id_en} {en}.", role.en),
        )
    }
}

/// R1.
fn empty_teams(entries: &[Entry], root: &str) -> Vec<Finding> {
    let mut staffed = BTreeSet::new();
    for entry in entries.iter().filter(|e| e.counts()) {
        staffed.extend(entry.member.teams.iter().copied());
    }
    let empty = Team::ALL.into_iter().filter(|t| !staffed.contains(t));
    empty
        .map(|team| {
            let label = team.label();
            let message = Text::new(
                format!("{}在网络中没有在职成员。", label.zh),
                format!("The {} has no current member in the network.", label.en),
            );
            Finding::new("R1", Some(root), "members", "empty_team", message)
        })
        .collect()
}

/// R2. A tutor at an unknown unit is left to R6.
fn misplaced_tutor(entry: &Entry) -> Option<Slip> {
    let unit = entry.unit?;
    if !entry.member.in_team(Team::Tutor) || unit.level == Level::Street {
        return None;
    }
    let (level, id) = (unit.level.label(), clip(&unit.id));
    let message = entry.says_as(
        Team::Tutor,
        &format!("被安排在{} {id};辅导员应派驻街道", level.zh),
        &format!(
            "is placed at {} `{id}`; tutors are seconded to streets",
            level.en
        ),
    );
    let code = "tutor_not_on_street";
    Some(Slip {
        field: "unit",
        code,
        message,
    })
}

/// R3.
fn missing_specialty(entry: &Entry) -> Option<Slip> {
    if !entry.member.in_team(Team::Volunteer) || entry.member.has_specialty() {
        return None;
    }
    let message = entry.says_as(
        Team::Volunteer,
        "没有登记专长;志愿者按专长入库",
        "has no specialty; volunteers are pooled by specialty",
    );
    let field = "specialties";
    Some(Slip {
        field,
        code: "no_specialty",
        message,
    })
}

/// R4. Each required specialty is reported once, however often it is listed.
fn uncovered(entries: &[Entry], root: &str, required: &[String]) -> Vec<Finding> {
    let volunteers = entries
        .iter()
        .filter(|e| e.counts() && e.member.in_team(Team::Volunteer));
    let held: BTreeSet<&str> = volunteers
        .flat_map(|e| e.member.specialties.iter().map(|s| s.trim()))
        .collect();
    let mut reported = BTreeSet::new();
    let missing = required.iter().map(|s| s.trim());
    let missing = missing.filter(|s| !s.is_empty() && !held.contains(s) && reported.insert(*s));
    missing
        .map(|specialty| {
            let s = clip(specialty);
            let message = Text::new(
                format!("网络中没有具备“{s}”专长的在职志愿者。"),
                format!("No current volunteer in the network has the specialty `{s}`."),
            );
            Finding::new("R4", Some(root), "members", "specialty_uncovered", message)
        })
        .collect()
}

/// R5.
fn teamless(entry: &Entry) -> Option<Slip> {
    if !entry.member.teams.is_empty() {
        return None;
    }
    let message = entry.says("不属于任何队伍", "belongs to no team");
    Some(Slip {
        field: "teams",
        code: "no_team",
        message,
    })
}

/// R6.
fn unknown_unit(entry: &Entry) -> Option<Slip> {
    if entry.unit.is_some() {
        return None;
    }
    let message = if is_blank(&entry.member.unit) {
        entry.says("没有所属单元", "is placed at no unit")
    } else {
        let unit = clip(&entry.member.unit);
        entry.says(
            &format!("所属单元 {unit} 不在网络中"),
            &format!("is placed at `{unit}`, which is not in the network"),
        )
    };
    Some(Slip {
        field: "unit",
        code: "unknown_unit",
        message,
    })
}

/// R7.
fn left_before_joined(entry: &Entry) -> Option<Slip> {
    let (joined, left) = (entry.member.joined?, entry.member.left?);
    if left >= joined {
        return None;
    }
    let message = entry.says(
        &format!("于 {left} 离开,早于加入日期 {joined}"),
        &format!("left on {left}, before joining on {joined}"),
    );
    Some(Slip {
        field: "left",
        code: "left_before_joined",
        message,
    })
}

/// R8.
fn bad_ids(entries: &[Entry]) -> Vec<Finding> {
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(entries.len());
    let mut findings = Vec::new();
    for entry in entries {
        let id = entry.member.id.as_str();
        let slip = if is_blank(id) {
            let message = entry.says("的编号为空", "has an empty id");
            Slip {
                field: "id",
                code: "empty_id",
                message,
            }
        } else if let Some(&earlier) = first.get(id) {
            let shown = clip(id);
            let message = entry.says(
                &format!("的编号 {shown} 已被 members[{earlier}] 使用"),
                &format!("uses the id `{shown}`, already used by members[{earlier}]"),
            );
            Slip {
                field: "id",
                code: "duplicate_id",
                message,
            }
        } else {
            first.insert(id, entry.row);
            continue;
        };
        findings.push(entry.finding("R8", slip));
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn network() -> Network {
        Network::new(vec![
            Unit::new("d", "区", Level::District),
            Unit::new("s-1", "东风街道", Level::Street).under("d"),
            Unit::new("c-1", "红旗社区", Level::Community).under("s-1"),
        ])
        .unwrap()
    }

    fn full_roster() -> Vec<Member> {
        let mut volunteer = Member::new("v", "志愿者", "c-1").with_team(Team::Volunteer);
        volunteer.specialties = seed_specialties();
        vec![
            Member::new("m", "管理员", "d").with_team(Team::Manager),
            Member::new("t", "教师", "s-1").with_team(Team::Tutor),
            volunteer,
            Member::new("l", "讲师", "d")
                .with_team(Team::Lecturer)
                .with_team(Team::Researcher),
        ]
    }

    fn date(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    fn codes(findings: &[Finding]) -> Vec<(&str, &str, &str)> {
        findings
            .iter()
            .map(|f| (f.rule.as_str(), f.path.as_str(), f.code.as_str()))
            .collect()
    }

    #[test]
    fn a_full_roster_has_no_findings() {
        let findings = roster_findings(&full_roster(), &network(), &seed_specialties());
        assert_eq!(findings, vec![]);
    }

    #[test]
    fn every_roster_breach_is_reported_in_rule_order() {
        let mut members = full_roster();
        members[1].unit = "c-1".into(); // R2
        members[2].specialties = vec![" ".into()]; // R3, and R4 for all five
        members[3].left = date("2020-01-01"); // former: lecturers and researchers empty
        members[3].joined = date("2021-01-01"); // R7
        members.push(Member::new("m", "无队伍", "x")); // R5, R6, R8
        let findings = roster_findings(&members, &network(), &["law".into(), "law".into()]);
        assert_eq!(
            codes(&findings),
            [
                ("R1", "members", "empty_team"),
                ("R1", "members", "empty_team"),
                ("R2", "members[1].unit", "tutor_not_on_street"),
                ("R3", "members[2].specialties", "no_specialty"),
                ("R4", "members", "specialty_uncovered"),
                ("R5", "members[4].teams", "no_team"),
                ("R6", "members[4].unit", "unknown_unit"),
                ("R7", "members[3].left", "left_before_joined"),
                ("R8", "members[4].id", "duplicate_id"),
            ]
        );
        assert_eq!(findings[0].unit.as_deref(), Some("d"));
        assert_eq!(
            findings[2].message.en,
            "Tutor `t` is placed at community `c-1`; tutors are seconded to streets."
        );
        assert_eq!(
            findings[2].message.zh,
            "辅导员 t 被安排在社区 c-1;辅导员应派驻街道。"
        );
        assert_eq!(
            findings[7].message.en,
            "Member `l` left on 2020-01-01, before joining on 2021-01-01."
        );
        assert_eq!(
            findings[8].message.en,
            "Member `m` uses the id `m`, already used by members[0]."
        );
    }

    #[test]
    fn blank_ids_and_units_are_named_by_row() {
        let members = vec![Member::new(" ", "", "").with_team(Team::Manager)];
        let findings = roster_findings(&members, &network(), &[]);
        let last = findings.last().unwrap();
        assert_eq!(last.message.en, "members[0] has an empty id.");
        let unknown = findings.iter().find(|f| f.rule == "R6").unwrap();
        assert_eq!(unknown.message.en, "members[0] is placed at no unit.");
        assert_eq!(unknown.unit, None);
    }

    #[test]
    fn counts_skip_former_members_and_repeated_teams() {
        let mut members = full_roster();
        members[0].teams.push(Team::Manager);
        members[3].left = date("2024-05-01");
        let counts = team_counts(&members);
        assert_eq!(counts.values().sum::<usize>(), 3);
        assert_eq!(counts[&Team::Manager], 1);
        assert_eq!(counts[&Team::Researcher], 0);
    }

    #[test]
    fn serde_names_and_unknown_fields() {
        let m: Member = serde_json::from_str(
            r#"{"id": "m", "unit": "d", "teams": ["manager", "researcher"], "joined": "2024-03-01"}"#,
        )
        .unwrap();
        assert_eq!(m.teams, [Team::Manager, Team::Researcher]);
        assert_eq!(m.joined, date("2024-03-01"));
        let err = serde_json::from_str::<Member>(r#"{"id": "m", "unit": "d", "team": []}"#);
        assert!(err
            .unwrap_err()
            .to_string()
            .contains("unknown field `team`"));
        let bad_date =
            serde_json::from_str::<Member>(r#"{"id": "m", "unit": "d", "left": "2023-02-29"}"#);
        assert!(bad_date.is_err());
    }

    fn arbitrary_member() -> impl Strategy<Value = Member> {
        let team = proptest::sample::select(Team::ALL.to_vec());
        let day = proptest::option::of((2000i32..2030, 1u32..=12, 1u32..=28));
        (
            "[mn ]{0,2}",
            proptest::collection::vec(team, 0..3),
            proptest::sample::select(vec!["d", "s-1", "c-1", "x", ""]),
            proptest::collection::vec("[a-z ]{0,3}", 0..3),
            day.clone(),
            day,
        )
            .prop_map(|(id, teams, unit, specialties, joined, left)| {
                let to_date = |d: Option<(i32, u32, u32)>| {
                    d.and_then(|(y, m, day)| NaiveDate::from_ymd_opt(y, m, day))
                };
                Member {
                    id,
                    name: String::new(),
                    teams,
                    unit: unit.to_string(),
                    specialties,
                    joined: to_date(joined),
                    left: to_date(left),
                }
            })
    }

    proptest! {
        #[test]
        fn any_roster_gives_findings_in_rule_then_row_order(
            members in proptest::collection::vec(arbitrary_member(), 0..10)
        ) {
            let findings = roster_findings(&members, &network(), &seed_specialties());
            let rules: Vec<u32> = findings
                .iter()
                .map(|f| f.rule.trim_start_matches('R').parse().unwrap_or(0))
                .collect();
            let mut sorted = rules.clone();
            sorted.sort();
            prop_assert_eq!(&rules, &sorted);
            for f in &findings {
                prop_assert!(!f.message.en.is_empty() && !f.message.zh.is_empty());
            }
            let counts = team_counts(&members);
            prop_assert_eq!(counts.len(), Team::ALL.len());
            let current = members.iter().filter(|m| m.is_current()).count();
            for n in counts.values() {
                prop_assert!(*n <= current);
            }
        }
    }
}
