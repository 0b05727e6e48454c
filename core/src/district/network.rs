//! The community-education network (DOMAIN.md §2): a district, its streets and
//! their communities (三级网络), or a town's two-level street → community network.
//!
//! Analysts hold the network as a flat table, one row per unit with the id of its
//! parent, so that is the input here ([`Unit`]). Two things are built from it:
//!
//! - [`check`] reads the rows as they are and reports *every* breach of rules
//!   N1–N5 at once, each a [`Finding`] naming the row and field, in Chinese and
//!   English, so one pass over a spreadsheet yields the whole work list;
//! - [`Network::new`] builds a validated tree (rule N1 only: the shape) that can be
//!   walked and rolled up. Facilities, managers and heads (N2–N5) are the building
//!   work the appraisal drives, so a network lacking them is still a network.
//!
//! Both run in O(n) time without recursion: a national network has about
//! 650 000 units, and a corrupt one may hold a parent chain as long as the file.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::error::{Error, ErrorKind};
pub use crate::finding::Finding;
use crate::teams::{Member, Team};
use crate::text::{clip, is_blank, Text};

pub use crate::text::MAX_ECHO;
/// The most unit ids a cycle's message lists before it stops with "…".
pub const MAX_CYCLE_SHOWN: usize = 8;

/// A level of the network, top first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 区 / 县区: the top of a three-level network.
    District,
    /// 街道 / 镇 / 乡: the middle level, or the top of a town's two-level network.
    Street,
    /// 社区 / 居委会 / 村: the base.
    Community,
}

impl Level {
    /// The level a unit of this level must sit under; `None` for a district,
    /// which sits under nothing.
    ///
    /// ```
    /// use learning_city::network::Level;
    /// assert_eq!(Level::Community.parent(), Some(Level::Street));
    /// assert_eq!(Level::District.parent(), None);
    /// ```
    pub fn parent(self) -> Option<Level> {
        match self {
            Level::District => None,
            Level::Street => Some(Level::District),
            Level::Community => Some(Level::Street),
        }
    }

    /// The level's name in Chinese and English.
    pub fn label(self) -> Text {
        Text::new(self.zh(), self.en())
    }

    fn en(self) -> &'static str {
        match self {
            Level::District => "district",
            Level::Street => "street",
            Level::Community => "community",
        }
    }

    /// The English name starting a sentence.
    fn title(self) -> &'static str {
        match self {
            Level::District => "District",
            Level::Street => "Street",
            Level::Community => "Community",
        }
    }

    fn zh(self) -> &'static str {
        match self {
            Level::District => "区",
            Level::Street => "街道",
            Level::Community => "社区",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.en())
    }
}

/// A facility a unit runs (DOMAIN.md §2): the hub of its level, or one of the
/// district's four bases.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Facility {
    /// 社区教育学院: the district's hub ("龙头").
    DistrictCollege,
    /// 社区教育指导中心: a district hub that guides rather than teaches.
    GuidanceCentre,
    /// 社区教育中心 / 社区学校: the street's hub ("骨干").
    StreetCentre,
    /// 社区教学点 / 社区教育学习中心: the community's point ("基础").
    TeachingPoint,
    /// 社区党员教育基地, run by the party school.
    PartyMemberBase,
    /// 社区成人教育基地, run by the community management school.
    AdultBase,
    /// 社区老年人教育基地, run by the university for the elderly.
    ElderlyBase,
    /// 社区少儿教育基地, run by the children's activity centre.
    ChildrenBase,
}

impl Facility {
    /// The four bases (四个基地) every district keeps (rule N3).
    pub const BASES: [Facility; 4] = [
        Facility::PartyMemberBase,
        Facility::AdultBase,
        Facility::ElderlyBase,
        Facility::ChildrenBase,
    ];

    /// The facility's name in Chinese and English.
    pub fn label(self) -> Text {
        let (zh, en) = match self {
            Facility::DistrictCollege => ("社区教育学院", "community-education college"),
            Facility::GuidanceCentre => ("社区教育指导中心", "community-education guidance centre"),
            Facility::StreetCentre => ("社区教育中心", "community-education centre"),
            Facility::TeachingPoint => ("社区教学点", "community teaching point"),
            Facility::PartyMemberBase => ("社区党员教育基地", "party-member education base"),
            Facility::AdultBase => ("社区成人教育基地", "adult education base"),
            Facility::ElderlyBase => ("社区老年人教育基地", "elderly education base"),
            Facility::ChildrenBase => ("社区少儿教育基地", "children's education base"),
        };
        Text::new(zh, en)
    }
}

/// One unit of the network: the flat row a spreadsheet holds.
///
/// A blank `parent` (absent, `null` or only spaces, as an empty spreadsheet cell
/// gives) means the unit has no parent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// A unique id, such as `c-017`.
    pub id: String,
    /// The unit's name, such as `东风街道`.
    #[serde(default)]
    pub name: String,
    pub level: Level,
    /// The id of the unit one level up.
    #[serde(default)]
    pub parent: Option<String>,
    /// Resident population; read from communities when rolling up.
    #[serde(default)]
    pub residents: Option<u64>,
    #[serde(default)]
    pub facilities: Vec<Facility>,
    /// The named head of a community learning centre (rule N5).
    #[serde(default)]
    pub head: Option<String>,
}

impl Unit {
    /// A unit with no parent, residents, facilities or head yet.
    pub fn new(id: impl Into<String>, name: impl Into<String>, level: Level) -> Self {
        Unit {
            id: id.into(),
            name: name.into(),
            level,
            parent: None,
            residents: None,
            facilities: Vec::new(),
            head: None,
        }
    }

    /// The same unit under `parent`.
    pub fn under(mut self, parent: impl Into<String>) -> Self {
        self.parent = Some(parent.into());
        self
    }

    /// The same unit with one more facility.
    pub fn with(mut self, facility: Facility) -> Self {
        self.facilities.push(facility);
        self
    }

    /// The same unit with a resident population.
    pub fn with_residents(mut self, residents: u64) -> Self {
        self.residents = Some(residents);
        self
    }

    /// The same unit with a named head.
    pub fn with_head(mut self, head: impl Into<String>) -> Self {
        self.head = Some(head.into());
        self
    }

    /// The parent's id, with a blank cell read as no parent.
    pub fn parent_id(&self) -> Option<&str> {
        self.parent.as_deref().filter(|p| !is_blank(p))
    }

    fn has(&self, facility: Facility) -> bool {
        self.facilities.contains(&facility)
    }
}

/// What breaks rule N1 (the network's shape). The English text reads after a
/// path: `units[5].parent: names the parent `s-99`, which is not in the network`.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum NetworkProblem {
    #[error("is empty: a network needs at least one unit")]
    Empty,
    #[error("has no root: the root must be a district, or a street for a two-level network")]
    NoRoot,
    #[error("has an empty id")]
    EmptyId,
    #[error("uses the id `{id}`, already used by units[{first}]")]
    DuplicateId { id: String, first: usize },
    #[error("names the parent `{0}`, which is not in the network")]
    UnknownParent(String),
    #[error("is a district, which cannot have a parent (found `{0}`)")]
    TopWithParent(String),
    #[error("is a {level}, so its parent must be a {expected}, but `{parent}` is a {found}")]
    WrongParentLevel {
        level: Level,
        expected: Level,
        parent: String,
        found: Level,
    },
    #[error("has no parent, but a {level} must sit under a {expected}")]
    MissingParent { level: Level, expected: Level },
    #[error("has no parent, but `{root}` (units[{row}]) is already the root; a network has exactly one root")]
    ExtraRoot { root: String, row: usize },
    #[error("is in a cycle of parents: {0}")]
    Cycle(String),
}

crate::problem_codes!(NetworkProblem, ErrorKind::Network, {
    NetworkProblem::Empty => "empty",
    NetworkProblem::NoRoot => "no_root",
    NetworkProblem::EmptyId => "empty_id",
    NetworkProblem::DuplicateId { .. } => "duplicate_id",
    NetworkProblem::UnknownParent(_) => "unknown_parent",
    NetworkProblem::TopWithParent(_) => "top_with_parent",
    NetworkProblem::WrongParentLevel { .. } => "wrong_parent_level",
    NetworkProblem::MissingParent { .. } => "missing_parent",
    NetworkProblem::ExtraRoot { .. } => "extra_root",
    NetworkProblem::Cycle(_) => "cycle",
});

impl NetworkProblem {
    /// The Chinese counterpart of the English text, read after the unit's name.
    pub fn zh(&self) -> String {
        match self {
            NetworkProblem::Empty => "为空:网络至少需要一个单元".into(),
            NetworkProblem::NoRoot => "没有根:根应为区,两级网络可为街道".into(),
            NetworkProblem::EmptyId => "的编号为空".into(),
            NetworkProblem::DuplicateId { id, first } => {
                format!("的编号 {id} 已被 units[{first}] 使用")
            }
            NetworkProblem::UnknownParent(p) => format!("的上级 {p} 不在网络中"),
            NetworkProblem::TopWithParent(p) => format!("是区,不能有上级(却填写了 {p})"),
            NetworkProblem::WrongParentLevel {
                level,
                expected,
                parent,
                found,
            } => format!(
                "是{},上级应为{},但 {parent} 是{}",
                level.zh(),
                expected.zh(),
                found.zh()
            ),
            NetworkProblem::MissingParent { level, expected } => {
                format!("没有上级,但{}必须隶属于{}", level.zh(), expected.zh())
            }
            NetworkProblem::ExtraRoot { root, row } => {
                format!("没有上级,但 {root}(units[{row}])已是网络的根;一个网络只能有一个根")
            }
            NetworkProblem::Cycle(chain) => format!("处于上级循环中:{chain}"),
        }
    }
}

/// A list of units that does not form a network (rule N1): the first breach, and
/// every N1 breach, first included, so a caller can show them all at once. It
/// reads as its first breach (`e.path`, `e.problem`, `e.info()`).
#[derive(Clone, Debug, PartialEq)]
pub struct NetworkError {
    pub first: Error<NetworkProblem>,
    pub findings: Vec<Finding>,
}

impl std::ops::Deref for NetworkError {
    type Target = Error<NetworkProblem>;

    fn deref(&self) -> &Self::Target {
        &self.first
    }
}

impl fmt::Display for NetworkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.first, and_more(self.findings.len()))
    }
}

impl std::error::Error for NetworkError {}

fn and_more(findings: usize) -> String {
    match findings {
        0 | 1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    }
}

/// Checks a flat list of units and the people who staff them against rules
/// N1–N5 (DOMAIN.md §2) and returns every breach, ordered by rule and then by
/// the order of the input; an empty list means the network is sound.
///
/// - N1: exactly one root (a district, or a street for a two-level network);
///   every other unit has a parent that exists, exactly one level up; no cycles;
///   ids present and unique.
/// - N2: every district has a college or guidance centre, every street a street
///   centre, every community a teaching point.
/// - N3: every district keeps the four bases (a street-rooted network has no
///   district, so no bases are asked of it).
/// - N4: every unit has at least one current member of the `manager` team.
/// - N5: every community names the head of its learning centre.
///
/// ```
/// use learning_city::network::{check, Facility, Level, Unit};
/// use learning_city::teams::{Member, Team};
///
/// let units = vec![
///     Unit::new("t", "群力镇", Level::Street).with(Facility::StreetCentre),
///     Unit::new("c-1", "群力社区", Level::Community).under("t")
///         .with(Facility::TeachingPoint).with_head("周光"),
///     Unit::new("c-2", "双坝村", Level::Community).under("t-9"),
/// ];
/// let members = vec![
///     Member::new("m-1", "张春林", "t").with_team(Team::Manager),
///     Member::new("m-2", "倪应敏", "c-1").with_team(Team::Manager),
/// ];
/// let findings = check(&units, &members);
/// let codes: Vec<_> = findings.iter().map(|f| (f.rule.as_str(), f.code.as_str())).collect();
/// assert_eq!(codes, [("N1", "unknown_parent"), ("N2", "missing_hub"),
///                    ("N4", "no_manager"), ("N5", "no_head")]);
/// assert_eq!(findings[0].path, "units[2].parent");
/// assert_eq!(findings[0].message.en,
///            "Community `c-2` names the parent `t-9`, which is not in the network.");
/// ```
pub fn check(units: &[Unit], members: &[Member]) -> Vec<Finding> {
    let mut findings = link(units).findings(units);
    findings.extend(hub_findings(units));
    findings.extend(base_findings(units));
    findings.extend(manager_findings(units, members));
    findings.extend(head_findings(units));
    findings
}

/// A network whose shape is sound (rule N1): one root, every other unit under a
/// unit one level up, unique ids. Units keep the order they were given in.
///
/// It serialises as its list of units, and deserialising checks that list again,
/// so a network read from JSON is always a valid one.
///
/// ```
/// use learning_city::network::{Level, Network, Unit};
///
/// let network = Network::new(vec![
///     Unit::new("d", "玄武区", Level::District),
///     Unit::new("s-01", "东风街道", Level::Street).under("d"),
///     Unit::new("c-001", "红旗社区", Level::Community).under("s-01").with_residents(4200),
///     Unit::new("c-002", "和平社区", Level::Community).under("s-01").with_residents(3100),
/// ]).unwrap();
/// assert_eq!(network.root().id, "d");
/// assert_eq!(network.street_of("c-002").map(|s| s.name.as_str()), Some("东风街道"));
/// assert_eq!(network.communities_of("s-01").len(), 2);
/// assert_eq!(network.total().residents, 7300);
///
/// let err = Network::new(vec![Unit::new("c-1", "", Level::Community)]).unwrap_err();
/// assert_eq!(err.to_string(),
///     "units: has no root: the root must be a district, or a street for a two-level network \
///      (and 1 more)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Unit>", into = "Vec<Unit>")]
pub struct Network {
    units: Vec<Unit>,
    rows: HashMap<String, usize>,
    parents: Vec<Option<usize>>,
    root: usize,
    /// Children of row `r` are `children[child_start[r]..child_start[r + 1]]`:
    /// one flat list rather than a vector per unit.
    child_start: Vec<usize>,
    children: Vec<usize>,
}

/// Residents summed over the communities under one unit. Only communities are
/// summed (a street's own figure would count its residents twice); communities
/// without a figure are counted in `communities_without_residents`, so a partial
/// sum is visible as one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rollup {
    /// The unit summed over.
    pub unit: String,
    pub residents: u64,
    pub communities: usize,
    pub communities_without_residents: usize,
}

impl Network {
    /// Builds a network from its units, checking rule N1 only. The error names the
    /// first breach and carries all of them.
    pub fn new(units: Vec<Unit>) -> Result<Network, NetworkError> {
        let linked = link(&units);
        let root = match linked.root {
            Some(root) if linked.breaches.is_empty() => root,
            _ => return Err(linked.error(&units)),
        };
        let (child_start, children) = child_lists(&linked.parents);
        Ok(Network {
            units,
            rows: linked.rows,
            parents: linked.parents,
            root,
            child_start,
            children,
        })
    }

    /// Every unit, in input order.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// The top unit: the district, or the street of a two-level network.
    pub fn root(&self) -> &Unit {
        &self.units[self.root]
    }

    /// The unit with this id.
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.row(id).and_then(|row| self.units.get(row))
    }

    /// The unit one level up; `None` for the root or an unknown id.
    pub fn parent(&self, id: &str) -> Option<&Unit> {
        let row = self.row(id)?;
        let parent = self.parents.get(row).copied().flatten()?;
        self.units.get(parent)
    }

    /// The units directly under this one, in input order; empty for a community or
    /// an unknown id.
    pub fn children(&self, id: &str) -> Vec<&Unit> {
        self.row(id).map_or_else(Vec::new, |row| {
            self.child_rows(row)
                .iter()
                .filter_map(|&child| self.units.get(child))
                .collect()
        })
    }

    /// Every unit of a level, in input order.
    pub fn at_level(&self, level: Level) -> Vec<&Unit> {
        self.units.iter().filter(|u| u.level == level).collect()
    }

    /// Every street, in input order.
    pub fn streets(&self) -> Vec<&Unit> {
        self.at_level(Level::Street)
    }

    /// The communities of a street; empty when `street_id` is not a street.
    pub fn communities_of(&self, street_id: &str) -> Vec<&Unit> {
        match self.unit(street_id) {
            Some(street) if street.level == Level::Street => self.children(street_id),
            _ => Vec::new(),
        }
    }

    /// The street a community belongs to; `None` when `community_id` is not a
    /// community.
    pub fn street_of(&self, community_id: &str) -> Option<&Unit> {
        let community = self.unit(community_id)?;
        (community.level == Level::Community)
            .then(|| self.parent(community_id))
            .flatten()
    }

    /// Residents summed over the communities under `id` (the community itself,
    /// for a community).
    pub fn rollup(&self, id: &str) -> Option<Rollup> {
        self.row(id).map(|row| self.rollup_at(row))
    }

    /// The roll-up of every street, in input order.
    pub fn street_rollups(&self) -> Vec<Rollup> {
        let streets = self.units.iter().enumerate();
        streets
            .filter(|(_, u)| u.level == Level::Street)
            .map(|(row, _)| self.rollup_at(row))
            .collect()
    }

    /// The roll-up of the whole network.
    pub fn total(&self) -> Rollup {
        self.rollup_at(self.root)
    }

    /// Checks rules N2–N5 (N1 holds already) for this network and its members.
    pub fn findings(&self, members: &[Member]) -> Vec<Finding> {
        check(&self.units, members)
    }

    fn row(&self, id: &str) -> Option<usize> {
        self.rows.get(id).copied()
    }

    fn child_rows(&self, row: usize) -> &[usize] {
        let start = self.child_start.get(row).copied().unwrap_or(0);
        let end = self.child_start.get(row + 1).copied().unwrap_or(start);
        self.children.get(start..end).unwrap_or(&[])
    }

    /// Walks the subtree with an explicit stack: the tree is shallow, but a
    /// stack keeps it so whatever the levels say.
    fn rollup_at(&self, row: usize) -> Rollup {
        let mut rollup = Rollup {
            unit: self
                .units
                .get(row)
                .map(|u| u.id.clone())
                .unwrap_or_default(),
            residents: 0,
            communities: 0,
            communities_without_residents: 0,
        };
        let mut stack = vec![row];
        while let Some(next) = stack.pop() {
            if let Some(unit) = self.units.get(next) {
                rollup.add(unit);
            }
            stack.extend_from_slice(self.child_rows(next));
        }
        rollup
    }
}

impl Rollup {
    fn add(&mut self, unit: &Unit) {
        if unit.level != Level::Community {
            return;
        }
        self.communities += 1;
        match unit.residents {
            Some(n) => self.residents = self.residents.saturating_add(n),
            None => self.communities_without_residents += 1,
        }
    }
}

impl TryFrom<Vec<Unit>> for Network {
    type Error = NetworkError;

    fn try_from(units: Vec<Unit>) -> Result<Self, Self::Error> {
        Network::new(units)
    }
}

impl From<Network> for Vec<Unit> {
    fn from(network: Network) -> Self {
        network.units
    }
}

/// Flat child lists from parent links, children in input order: a count per
/// parent, running starts, then one fill.
fn child_lists(parents: &[Option<usize>]) -> (Vec<usize>, Vec<usize>) {
    let mut start = vec![0usize; parents.len() + 1];
    for &parent in parents.iter().flatten() {
        if let Some(slot) = start.get_mut(parent + 1) {
            *slot += 1;
        }
    }
    for row in 1..start.len() {
        start[row] += start[row - 1];
    }
    let mut next = start.clone();
    let mut children = vec![0usize; parents.iter().flatten().count()];
    for (child, parent) in parents.iter().enumerate() {
        let Some(&parent) = parent.as_ref() else {
            continue;
        };
        if let Some(at) = next.get_mut(parent) {
            if let Some(slot) = children.get_mut(*at) {
                *slot = child;
            }
            *at += 1;
        }
    }
    (start, children)
}

// ---------------------------------------------------------------------------
// N1: the shape.

/// One N1 breach before it is worded: the row it concerns (`None` for the list
/// as a whole), the field, and what is wrong.
struct Breach {
    row: Option<usize>,
    field: &'static str,
    problem: NetworkProblem,
}

/// The row of each id, the parent links of a list of units, its root, and what
/// breaks N1.
struct Linked {
    rows: HashMap<String, usize>,
    parents: Vec<Option<usize>>,
    root: Option<usize>,
    breaches: Vec<Breach>,
}

impl Linked {
    fn findings(&self, units: &[Unit]) -> Vec<Finding> {
        self.breaches.iter().map(|b| b.finding(units)).collect()
    }

    fn error(self, units: &[Unit]) -> NetworkError {
        let findings = self.findings(units);
        let (path, problem) = match self.breaches.into_iter().next() {
            Some(first) => (first.path(), first.problem),
            None => ("units".to_string(), NetworkProblem::NoRoot),
        };
        NetworkError {
            first: Error::new(path, problem),
            findings,
        }
    }
}

impl Breach {
    fn at(row: usize, field: &'static str, problem: NetworkProblem) -> Self {
        Breach {
            row: Some(row),
            field,
            problem,
        }
    }

    fn path(&self) -> String {
        match self.row {
            Some(row) => format!("units[{row}].{}", self.field),
            None => "units".to_string(),
        }
    }

    fn finding(&self, units: &[Unit]) -> Finding {
        let (zh, en) = match self.row {
            Some(row) => subject(units, row),
            None => ("网络".to_string(), "The network".to_string()),
        };
        let message = Text::new(
            format!("{zh}{}。", self.problem.zh()),
            format!("{en} {}.", self.problem),
        );
        let unit = self.row.and_then(|row| unit_id(units, row));
        Finding::new("N1", unit, self.path(), self.problem.code(), message)
    }
}

/// Links every unit to its parent and collects every N1 breach, ordered by row
/// (breaches of the whole list first).
fn link(units: &[Unit]) -> Linked {
    let mut breaches = Vec::new();
    let rows = first_rows(units, &mut breaches);
    let parents = parent_rows(units, &rows, &mut breaches);
    let root = choose_root(units, &mut breaches);
    cycle_breaches(units, &parents, &mut breaches);
    breaches.sort_by_key(|b| b.row.map_or(0, |row| row + 1));
    Linked {
        rows,
        parents,
        root,
        breaches,
    }
}

/// The first row of every id; blank and repeated ids are breaches.
/// Owned keys, so that a valid network keeps this map as its index.
fn first_rows(units: &[Unit], breaches: &mut Vec<Breach>) -> HashMap<String, usize> {
    let mut first: HashMap<String, usize> = HashMap::with_capacity(units.len());
    for (row, unit) in units.iter().enumerate() {
        if is_blank(&unit.id) {
            breaches.push(Breach::at(row, "id", NetworkProblem::EmptyId));
            continue;
        }
        match first.entry(unit.id.clone()) {
            Entry::Vacant(slot) => {
                slot.insert(row);
            }
            Entry::Occupied(earlier) => {
                let problem = NetworkProblem::DuplicateId {
                    id: clip(&unit.id),
                    first: *earlier.get(),
                };
                breaches.push(Breach::at(row, "id", problem));
            }
        }
    }
    first
}

/// The parent row of every unit that names an existing parent, level checked.
/// A link one level off is kept, so that cycles through it are found too.
fn parent_rows(
    units: &[Unit],
    first: &HashMap<String, usize>,
    breaches: &mut Vec<Breach>,
) -> Vec<Option<usize>> {
    let parent_of = |(row, unit): (usize, &Unit)| {
        let name = unit.parent_id()?;
        let Some(&parent) = first.get(name) else {
            let problem = NetworkProblem::UnknownParent(clip(name));
            breaches.push(Breach::at(row, "parent", problem));
            return None;
        };
        let found = units.get(parent).map(|p| p.level);
        if let Some(problem) = level_problem(unit.level, name, found) {
            breaches.push(Breach::at(row, "parent", problem));
        }
        Some(parent)
    };
    units.iter().enumerate().map(parent_of).collect()
}

fn level_problem(level: Level, parent: &str, found: Option<Level>) -> Option<NetworkProblem> {
    match (level.parent(), found) {
        (None, _) => Some(NetworkProblem::TopWithParent(clip(parent))),
        (Some(expected), Some(found)) if found != expected => {
            Some(NetworkProblem::WrongParentLevel {
                level,
                expected,
                parent: clip(parent),
                found,
            })
        }
        _ => None,
    }
}

/// Picks the root among the units without a parent: the first district, or
/// failing that the first street. Every other parentless unit is a breach.
fn choose_root(units: &[Unit], breaches: &mut Vec<Breach>) -> Option<usize> {
    if units.is_empty() {
        breaches.push(whole(NetworkProblem::Empty));
        return None;
    }
    let parentless: Vec<usize> = (0..units.len())
        .filter(|&row| units.get(row).is_some_and(|u| u.parent_id().is_none()))
        .collect();
    let level_of = |row: usize| units.get(row).map(|u| u.level);
    let first_at = |level| {
        parentless
            .iter()
            .copied()
            .find(|&r| level_of(r) == Some(level))
    };
    let root = first_at(Level::District).or_else(|| first_at(Level::Street));
    let Some(root) = root else {
        breaches.push(whole(NetworkProblem::NoRoot));
        breaches.extend(parentless.iter().filter_map(|&row| stray(units, row, None)));
        return None;
    };
    let strays = parentless.iter().filter(|&&row| row != root);
    breaches.extend(strays.filter_map(|&row| stray(units, row, Some(root))));
    Some(root)
}

/// Why a parentless unit that is not the root is wrong: it is missing its
/// parent, or it is a second root of the same level as the root.
fn stray(units: &[Unit], row: usize, root: Option<usize>) -> Option<Breach> {
    let level = units.get(row)?.level;
    let root_unit = root.and_then(|r| units.get(r).map(|u| (r, u)));
    let problem = match (level.parent(), root_unit) {
        (Some(expected), Some((_, top))) if top.level != level => {
            NetworkProblem::MissingParent { level, expected }
        }
        (Some(expected), None) if level == Level::Community => {
            NetworkProblem::MissingParent { level, expected }
        }
        (_, Some((r, top))) => NetworkProblem::ExtraRoot {
            root: clip(&top.id),
            row: r,
        },
        (_, None) => return None,
    };
    Some(Breach::at(row, "parent", problem))
}

fn whole(problem: NetworkProblem) -> Breach {
    Breach {
        row: None,
        field: "",
        problem,
    }
}

/// Finds every cycle of parent links. Each unit has at most one parent, so one
/// walk per unvisited unit, stopping at a visited one, finds them all in O(n)
/// with no recursion. A cycle is reported once, at its first row.
fn cycle_breaches(units: &[Unit], parents: &[Option<usize>], breaches: &mut Vec<Breach>) {
    for cycle in find_cycles(parents) {
        let Some(&first) = cycle.iter().min() else {
            continue;
        };
        let problem = NetworkProblem::Cycle(cycle_chain(units, parents, first, cycle.len()));
        breaches.push(Breach::at(first, "parent", problem));
    }
}

fn find_cycles(parents: &[Option<usize>]) -> Vec<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Seen {
        No,
        OnWalk,
        Done,
    }
    let mut seen = vec![Seen::No; parents.len()];
    let mut cycles = Vec::new();
    let mut walk = Vec::new();
    for start in 0..parents.len() {
        walk.clear();
        let mut at = Some(start);
        while let Some(row) = at {
            match seen.get(row) {
                Some(Seen::No) => {
                    seen[row] = Seen::OnWalk;
                    walk.push(row);
                    at = parents.get(row).copied().flatten();
                }
                Some(Seen::OnWalk) => {
                    let from = walk.iter().position(|&r| r == row).unwrap_or(0);
                    cycles.push(walk.get(from..).unwrap_or(&[]).to_vec());
                    at = None;
                }
                _ => at = None,
            }
        }
        for &row in &walk {
            seen[row] = Seen::Done;
        }
    }
    cycles
}

/// `a → b → c → a`, starting at `first`, shortened after [`MAX_CYCLE_SHOWN`] ids.
fn cycle_chain(units: &[Unit], parents: &[Option<usize>], first: usize, len: usize) -> String {
    let id = |row: usize| units.get(row).map_or_else(String::new, |u| clip(&u.id));
    let mut ids = Vec::new();
    let mut at = Some(first);
    for _ in 0..len.min(MAX_CYCLE_SHOWN) {
        let Some(row) = at else { break };
        ids.push(id(row));
        at = parents.get(row).copied().flatten();
    }
    if len > MAX_CYCLE_SHOWN {
        ids.push("…".to_string());
    }
    ids.push(id(first));
    ids.join(" → ")
}

// ---------------------------------------------------------------------------
// N2–N5: what each unit must have.

/// N2: the hub of each level.
fn hub_findings(units: &[Unit]) -> Vec<Finding> {
    let missing = |unit: &Unit| match unit.level {
        Level::District => {
            let hubs = [Facility::DistrictCollege, Facility::GuidanceCentre];
            (!hubs.iter().any(|&f| unit.has(f))).then_some(hubs.to_vec())
        }
        Level::Street => (!unit.has(Facility::StreetCentre)).then(|| vec![Facility::StreetCentre]),
        Level::Community => {
            (!unit.has(Facility::TeachingPoint)).then(|| vec![Facility::TeachingPoint])
        }
    };
    let finding = |(row, unit): (usize, &Unit)| {
        let hubs = missing(unit)?;
        let (zh, en) = subject(units, row);
        let labels: Vec<Text> = hubs.iter().map(|f| f.label()).collect();
        let message = match labels.as_slice() {
            [one] => Text::new(
                format!("{zh}没有{}。", one.zh),
                format!("{en} has no {}.", one.en),
            ),
            _ => Text::new(
                format!("{zh}既没有{}。", join(&labels, |t| &t.zh, "也没有")),
                format!(
                    "{en} has neither a {}.",
                    join(&labels, |t| &t.en, " nor a ")
                ),
            ),
        };
        Some(facility_finding("N2", units, row, "missing_hub", message))
    };
    units.iter().enumerate().filter_map(finding).collect()
}

/// N3: the four bases at the district.
fn base_findings(units: &[Unit]) -> Vec<Finding> {
    let districts = units.iter().enumerate();
    let districts = districts.filter(|(_, u)| u.level == Level::District);
    districts
        .flat_map(|(row, unit)| {
            let missing = Facility::BASES.into_iter().filter(|&b| !unit.has(b));
            missing.map(move |base| {
                let (zh, en) = subject(units, row);
                let label = base.label();
                let message = Text::new(
                    format!("{zh}没有{}。", label.zh),
                    format!("{en} has no {}.", label.en),
                );
                facility_finding("N3", units, row, "missing_base", message)
            })
        })
        .collect()
}

fn facility_finding(rule: &str, units: &[Unit], row: usize, code: &str, msg: Text) -> Finding {
    let path = format!("units[{row}].facilities");
    Finding::new(rule, unit_id(units, row), path, code, msg)
}

/// N4: a current manager at every unit.
fn manager_findings(units: &[Unit], members: &[Member]) -> Vec<Finding> {
    let managed: HashSet<&str> = members
        .iter()
        .filter(|m| m.is_current() && m.in_team(Team::Manager))
        .map(|m| m.unit.as_str())
        .collect();
    let team = Team::Manager.label();
    let finding = |(row, unit): (usize, &Unit)| {
        if is_blank(&unit.id) || managed.contains(unit.id.as_str()) {
            return None;
        }
        let (zh, en) = subject(units, row);
        let message = Text::new(
            format!("{zh}没有{}的在职成员。", team.zh),
            format!("{en} has no current member of the {}.", team.en),
        );
        let path = format!("units[{row}]");
        Some(Finding::new(
            "N4",
            unit_id(units, row),
            path,
            "no_manager",
            message,
        ))
    };
    units.iter().enumerate().filter_map(finding).collect()
}

/// N5: a named head for every community learning centre.
fn head_findings(units: &[Unit]) -> Vec<Finding> {
    let finding = |(row, unit): (usize, &Unit)| {
        let named = unit.head.as_deref().is_some_and(|h| !is_blank(h));
        if unit.level != Level::Community || named {
            return None;
        }
        let (zh, en) = subject(units, row);
        let message = Text::new(
            format!("{zh}的社区教育学习中心没有负责人。"),
            format!("{en} names no head of its community learning centre."),
        );
        let path = format!("units[{row}].head");
        Some(Finding::new(
            "N5",
            unit_id(units, row),
            path,
            "no_head",
            message,
        ))
    };
    units.iter().enumerate().filter_map(finding).collect()
}

// ---------------------------------------------------------------------------
// Wording.

/// How a message names a unit: `社区 c-017` / ``Community `c-017` ``, or its row
/// when the id is blank.
fn subject(units: &[Unit], row: usize) -> (String, String) {
    match units.get(row) {
        Some(unit) if !is_blank(&unit.id) => {
            let id = clip(&unit.id);
            let level = unit.level;
            (
                format!("{} {id} ", level.zh()),
                format!("{} `{id}`", level.title()),
            )
        }
        _ => (format!("units[{row}] "), format!("units[{row}]")),
    }
}

fn unit_id(units: &[Unit], row: usize) -> Option<&str> {
    units
        .get(row)
        .map(|u| u.id.as_str())
        .filter(|id| !is_blank(id))
}

fn join(labels: &[Text], pick: impl Fn(&Text) -> &String, sep: &str) -> String {
    labels
        .iter()
        .map(|t| pick(t).as_str())
        .collect::<Vec<_>>()
        .join(sep)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn district(id: &str) -> Unit {
        let mut u = Unit::new(id, "区", Level::District).with(Facility::DistrictCollege);
        u.facilities.extend(Facility::BASES);
        u
    }

    fn street(id: &str, parent: &str) -> Unit {
        Unit::new(id, "街道", Level::Street)
            .under(parent)
            .with(Facility::StreetCentre)
    }

    fn community(id: &str, parent: &str) -> Unit {
        Unit::new(id, "社区", Level::Community)
            .under(parent)
            .with(Facility::TeachingPoint)
            .with_head("主任")
            .with_residents(1000)
    }

    fn managers(units: &[Unit]) -> Vec<Member> {
        let member = |(i, u): (usize, &Unit)| {
            Member::new(format!("m-{i}"), "管理员", u.id.clone()).with_team(Team::Manager)
        };
        units.iter().enumerate().map(member).collect()
    }

    fn sound() -> Vec<Unit> {
        vec![
            district("d"),
            street("s-1", "d"),
            street("s-2", "d"),
            community("c-1", "s-1"),
            community("c-2", "s-1"),
            community("c-3", "s-2"),
        ]
    }

    fn codes(findings: &[Finding]) -> Vec<(&str, &str, &str)> {
        findings
            .iter()
            .map(|f| (f.rule.as_str(), f.path.as_str(), f.code.as_str()))
            .collect()
    }

    #[test]
    fn a_sound_network_has_no_findings() {
        let units = sound();
        assert_eq!(check(&units, &managers(&units)), vec![]);
        let network = Network::new(units).unwrap();
        assert_eq!(network.findings(&managers(network.units())), vec![]);
    }

    #[test]
    fn a_town_runs_a_two_level_network() {
        let units = vec![
            Unit::new("t", "群力镇", Level::Street).with(Facility::StreetCentre),
            community("c-1", "t"),
        ];
        assert_eq!(check(&units, &managers(&units)), vec![]);
        let network = Network::new(units).unwrap();
        assert_eq!(network.root().id, "t");
        assert_eq!(network.street_of("c-1").unwrap().id, "t");
    }

    #[test]
    fn every_n1_breach_is_reported_in_row_order() {
        let mut units = sound();
        units.push(community("c-1", "s-1")); // 6: duplicate
        units.push(community("", "s-1")); // 7: empty id
        units.push(community("c-4", "s-9")); // 8: unknown parent
        units.push(community("c-5", "d")); // 9: one level off
        units.push(street("s-3", "")); // 10: blank parent under a district root
        let findings = check(&units, &managers(&units));
        let n1: Vec<_> = findings.iter().filter(|f| f.rule == "N1").collect();
        let got: Vec<_> = n1
            .iter()
            .map(|f| (f.path.as_str(), f.code.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("units[6].id", "duplicate_id"),
                ("units[7].id", "empty_id"),
                ("units[8].parent", "unknown_parent"),
                ("units[9].parent", "wrong_parent_level"),
                ("units[10].parent", "missing_parent"),
            ]
        );
        assert_eq!(n1[1].unit, None);
        assert_eq!(n1[1].message.en, "units[7] has an empty id.");
        assert_eq!(
            n1[3].message.en,
            "Community `c-5` is a community, so its parent must be a street, but `d` is a district."
        );
        assert_eq!(n1[3].message.zh, "社区 c-5 是社区,上级应为街道,但 d 是区。");
        let err = Network::new(units).unwrap_err();
        assert_eq!(err.path, "units[6].id");
        assert_eq!(err.findings.len(), 5);
        assert_eq!(err.info().code, "duplicate_id");
        assert!(err.to_string().ends_with("(and 4 more)"), "{err}");
    }

    #[test]
    fn roots_must_be_one_and_at_the_top() {
        let e = |units: Vec<Unit>| {
            codes(&link(&units).findings(&units))
                .into_iter()
                .map(|(_, p, c)| format!("{p} {c}"))
                .collect::<Vec<_>>()
        };
        assert_eq!(e(vec![]), ["units empty"]);
        assert_eq!(
            e(vec![district("a"), district("b")]),
            ["units[1].parent extra_root"]
        );
        assert_eq!(
            e(vec![Unit::new("c", "", Level::Community)]),
            ["units no_root", "units[0].parent missing_parent"]
        );
        assert_eq!(
            e(vec![district("d"), district("e").under("d")]),
            ["units[1].parent top_with_parent"]
        );
        // two streets and no district: the first street is the root
        assert_eq!(
            e(vec![street("s", ""), street("t", " ")]),
            ["units[1].parent extra_root"]
        );
    }

    #[test]
    fn cycles_are_reported_once_at_their_first_row() {
        let units = vec![
            district("d"),
            street("s-1", "c-2"),
            community("c-2", "s-1"),
            community("c-3", "c-3"),
        ];
        let findings = link(&units).findings(&units);
        let cycles: Vec<_> = findings.iter().filter(|f| f.code == "cycle").collect();
        assert_eq!(cycles.len(), 2);
        assert_eq!(cycles[0].path, "units[1].parent");
        assert_eq!(
            cycles[0].message.en,
            "Street `s-1` is in a cycle of parents: s-1 → c-2 → s-1."
        );
        assert!(cycles[1].message.zh.contains("c-3 → c-3"));
    }

    #[test]
    fn a_long_cycle_neither_overflows_nor_floods() {
        const N: usize = 200_000;
        let id = |i: usize| format!("c-{i}");
        let mut units = vec![district("d")];
        units.extend((0..N).map(|i| Unit::new(id(i), "", Level::Street).under(id((i + 1) % N))));
        let findings = link(&units).findings(&units);
        let cycle: Vec<_> = findings.iter().filter(|f| f.code == "cycle").collect();
        assert_eq!(cycle.len(), 1);
        assert!(cycle[0].message.en.len() < 200, "{}", cycle[0].message.en);
    }

    #[test]
    fn a_long_id_is_clipped_in_messages() {
        let long = "x".repeat(1_000_000);
        let units = vec![district("d"), community("c", &long)];
        let findings = check(&units, &managers(&units));
        assert!(findings.iter().all(|f| f.message.en.len() < 300));
    }

    #[test]
    fn facilities_managers_and_heads() {
        let mut units = sound();
        units[0].facilities = vec![Facility::GuidanceCentre, Facility::AdultBase];
        units[1].facilities.clear();
        units[3].facilities.clear();
        units[4].head = Some("  ".into());
        let mut members = managers(&units);
        members[2].left = chrono::NaiveDate::from_ymd_opt(2024, 1, 1); // s-2's manager left
        members[5].teams = vec![Team::Tutor]; // c-3 has no manager
        let findings = check(&units, &members);
        assert_eq!(
            codes(&findings),
            [
                ("N2", "units[1].facilities", "missing_hub"),
                ("N2", "units[3].facilities", "missing_hub"),
                ("N3", "units[0].facilities", "missing_base"),
                ("N3", "units[0].facilities", "missing_base"),
                ("N3", "units[0].facilities", "missing_base"),
                ("N4", "units[2]", "no_manager"),
                ("N4", "units[5]", "no_manager"),
                ("N5", "units[4].head", "no_head"),
            ]
        );
    }

    #[test]
    fn a_district_without_a_hub_is_told_both_options() {
        let mut units = sound();
        units[0].facilities.clear();
        let f = &hub_findings(&units)[0];
        assert_eq!(
            f.message.en,
            "District `d` has neither a community-education college nor a community-education guidance centre."
        );
        assert_eq!(
            f.message.zh,
            "区 d 既没有社区教育学院也没有社区教育指导中心。"
        );
    }

    #[test]
    fn navigation_and_rollups() {
        let mut units = sound();
        units[5].residents = None;
        let network = Network::new(units).unwrap();
        let ids = |us: Vec<&Unit>| us.iter().map(|u| u.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(network.children("d")), ["s-1", "s-2"]);
        assert_eq!(ids(network.streets()), ["s-1", "s-2"]);
        assert_eq!(ids(network.communities_of("s-1")), ["c-1", "c-2"]);
        assert!(network.communities_of("c-1").is_empty());
        assert!(network.children("nope").is_empty());
        assert_eq!(network.street_of("s-1"), None);
        assert_eq!(network.parent("d"), None);
        let rollups = network.street_rollups();
        assert_eq!((rollups[0].residents, rollups[0].communities), (2000, 2));
        assert_eq!(rollups[1].communities_without_residents, 1);
        assert_eq!(network.total().residents, 2000);
        assert_eq!(network.rollup("c-1").unwrap().residents, 1000);
        assert_eq!(network.rollup("nope"), None);
    }

    #[test]
    fn serde_names_and_round_trip() {
        let json = serde_json::to_value(Facility::PartyMemberBase).unwrap();
        assert_eq!(json, "party_member_base");
        let network = Network::new(sound()).unwrap();
        let text = serde_json::to_string(&network).unwrap();
        let back: Network = serde_json::from_str(&text).unwrap();
        assert_eq!(back, network);
        let bad = r#"[{"id": "c", "level": "community", "parent": "s"}]"#;
        let err = serde_json::from_str::<Network>(bad)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("units: has no root"), "{err}");
        let unknown = r#"{"id": "c", "level": "community", "colour": "red"}"#;
        let err = serde_json::from_str::<Unit>(unknown)
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown field `colour`"), "{err}");
    }

    /// A random valid three-level network, as (streets per district, communities
    /// per street) choices.
    fn tree(streets: &[usize]) -> Vec<Unit> {
        let mut units = vec![district("d")];
        for (s, &n) in streets.iter().enumerate() {
            let sid = format!("s-{s}");
            units.push(street(&sid, "d"));
            units.extend((0..n).map(|c| community(&format!("c-{s}-{c}"), &sid)));
        }
        units
    }

    fn arbitrary_unit() -> impl Strategy<Value = Unit> {
        let level = prop_oneof![
            Just(Level::District),
            Just(Level::Street),
            Just(Level::Community)
        ];
        let id = "[a-c ]{0,2}";
        let parent = proptest::option::of("[a-c ]{0,2}");
        (id, level, parent, proptest::option::of(any::<u64>())).prop_map(
            |(id, level, parent, r)| {
                let mut u = Unit::new(id, "", level);
                u.parent = parent;
                u.residents = r;
                u
            },
        )
    }

    proptest! {
        #[test]
        fn valid_trees_build_and_roll_up(streets in proptest::collection::vec(0usize..6, 0..6)) {
            let units = tree(&streets);
            prop_assert_eq!(check(&units, &managers(&units)), vec![]);
            let network = Network::new(units).unwrap();
            let total: usize = streets.iter().sum();
            prop_assert_eq!(network.total().communities, total);
            prop_assert_eq!(network.total().residents, 1000 * total as u64);
            let by_street: u64 = network.street_rollups().iter().map(|r| r.residents).sum();
            prop_assert_eq!(by_street, network.total().residents);
        }

        #[test]
        fn any_rows_give_sorted_findings_and_build_iff_n1_holds(
            units in proptest::collection::vec(arbitrary_unit(), 0..12)
        ) {
            let findings = check(&units, &[]);
            let rules: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
            let mut sorted = rules.clone();
            sorted.sort();
            prop_assert_eq!(&rules, &sorted);
            let n1 = findings.iter().filter(|f| f.rule == "N1").count();
            match Network::new(units) {
                Ok(network) => {
                    prop_assert_eq!(n1, 0);
                    let reached = network.rollup(&network.root().id).map(|r| r.communities);
                    prop_assert_eq!(reached, Some(network.at_level(Level::Community).len()));
                }
                Err(e) => prop_assert_eq!(e.findings.len(), n1),
            }
        }
    }
}
