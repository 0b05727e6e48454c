//! Money (DOMAIN.md §6; seed 003, 三(五) 经费保障): where a unit's community-education
//! fund comes from, what it pays for, and whether it reaches the per-resident standard.
//!
//! Analysts keep two ledgers, one row per payment: money received ([`Funding`]) and
//! money spent ([`Expense`]). Seed 003 sets three rules on them:
//!
//! - the fund is mainly public, from several channels, at no less than a set amount
//!   per resident per year (2 CNY in seed 003). That amount is data, like every
//!   target (a rulebook's T5 carries it), so [`funding_summary`] takes it as an
//!   argument rather than knowing it;
//! - the fund pays for four things only: teachers' fees, residents' lost-time
//!   compensation, appraisals and awards, and other activity costs (rule M1);
//! - teachers' fees are never paid to volunteers, nor to government or community
//!   staff (rule M2): volunteers teach for free, and staff are already paid.
//!
//! Impossible values (a negative amount, a row with no unit) are errors from
//! [`validate`]; breaches of M1 and M2 are [`Finding`]s from [`money_findings`],
//! like the network's and the roster's, so one pass over a ledger yields the whole
//! work list. The category is kept as written, so an unknown one is a finding to
//! fix, not a ledger that cannot be read.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};
use thiserror::Error;

use crate::error::ErrorInfo;
use crate::finding::Finding;
use crate::network::Unit;
use crate::teams::{Member, Team};
use crate::text::{clip, is_blank};
use crate::text::{list_en, list_zh, Text};

/// What the fund may pay for (seed 003: 经费开支项目).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExpenseCategory {
    /// 专兼职教师的授课费: fees for full- and part-time teachers, never for
    /// volunteers nor for government or community staff.
    TeacherFee,
    /// 居民参与活动的误工费: compensation for the working time residents give up
    /// to attend.
    LostTimeCompensation,
    /// 评先评优活动: appraisals and the awards they give (DOMAIN.md §7).
    Awards,
    /// 开展社区教育的其他活动经费: the other costs of running community education.
    OtherActivity,
}

impl ExpenseCategory {
    /// The four allowed categories, in seed 003's order.
    pub const ALL: [ExpenseCategory; 4] = [
        ExpenseCategory::TeacherFee,
        ExpenseCategory::LostTimeCompensation,
        ExpenseCategory::Awards,
        ExpenseCategory::OtherActivity,
    ];

    /// The id a ledger writes, as serde reads it: `teacher_fee`, …
    pub fn id(self) -> &'static str {
        match self {
            ExpenseCategory::TeacherFee => "teacher_fee",
            ExpenseCategory::LostTimeCompensation => "lost_time_compensation",
            ExpenseCategory::Awards => "awards",
            ExpenseCategory::OtherActivity => "other_activity",
        }
    }

    /// The category a ledger's cell names. Spaces around the id are ignored (a
    /// spreadsheet cell often carries them); otherwise the id must match exactly.
    ///
    /// ```
    /// use learning_city::money::ExpenseCategory;
    /// assert_eq!(ExpenseCategory::from_id(" awards "), Some(ExpenseCategory::Awards));
    /// assert_eq!(ExpenseCategory::from_id("snacks"), None);
    /// ```
    pub fn from_id(id: &str) -> Option<ExpenseCategory> {
        let id = id.trim();
        ExpenseCategory::ALL.into_iter().find(|c| c.id() == id)
    }

    /// The category's name in Chinese and English.
    pub fn label(self) -> Text {
        let (zh, en) = match self {
            ExpenseCategory::TeacherFee => ("专兼职教师授课费", "teacher fee"),
            ExpenseCategory::LostTimeCompensation => {
                ("居民参与活动误工费", "lost-time compensation")
            }
            ExpenseCategory::Awards => ("评先评优活动", "appraisals and awards"),
            ExpenseCategory::OtherActivity => ("其他社区教育活动经费", "other activity costs"),
        };
        Text::new(zh, en)
    }
}

/// Who was paid, by kind. Seed 003 excludes three kinds from teachers' fees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Payee {
    /// 专兼职教师: a full- or part-time teacher engaged to teach.
    Teacher,
    /// 志愿者: teaches for free (DOMAIN.md §3).
    Volunteer,
    /// 政府工作人员: staff of the district, street or town government.
    GovernmentStaff,
    /// 社区工作人员: staff of the residents' committee or village.
    CommunityStaff,
    /// 居民: a resident, such as one paid lost-time compensation.
    Resident,
    /// 其他: a supplier, a venue, anyone else.
    Other,
}

impl Payee {
    /// Every kind of payee.
    pub const ALL: [Payee; 6] = [
        Payee::Teacher,
        Payee::Volunteer,
        Payee::GovernmentStaff,
        Payee::CommunityStaff,
        Payee::Resident,
        Payee::Other,
    ];

    /// The kind's name in Chinese and English.
    pub fn label(self) -> Text {
        let (zh, en) = match self {
            Payee::Teacher => ("专兼职教师", "teacher"),
            Payee::Volunteer => ("志愿者", "volunteer"),
            Payee::GovernmentStaff => ("政府工作人员", "government staff"),
            Payee::CommunityStaff => ("社区工作人员", "community staff"),
            Payee::Resident => ("居民", "resident"),
            Payee::Other => ("其他", "other"),
        };
        Text::new(zh, en)
    }

    /// False for the kinds seed 003 excludes from teachers' fees (志愿者及政府、
    /// 社区工作人员除外): volunteers, government staff and community staff.
    ///
    /// ```
    /// use learning_city::money::Payee;
    /// assert!(Payee::Teacher.may_take_teacher_fee());
    /// assert!(!Payee::Volunteer.may_take_teacher_fee());
    /// ```
    pub fn may_take_teacher_fee(self) -> bool {
        !matches!(
            self,
            Payee::Volunteer | Payee::GovernmentStaff | Payee::CommunityStaff
        )
    }

    /// The kind as the object of "pays a teacher fee to …".
    fn en_object(self) -> &'static str {
        match self {
            Payee::Teacher => "a teacher",
            Payee::Volunteer => "a volunteer",
            Payee::GovernmentStaff => "government staff",
            Payee::CommunityStaff => "community staff",
            Payee::Resident => "a resident",
            Payee::Other => "another payee",
        }
    }
}

/// One payment out of the fund: a row of the expense ledger.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expense {
    /// The id of the unit that spent it.
    pub unit: String,
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// The category as written, such as `teacher_fee` (see [`ExpenseCategory`]).
    /// Kept raw: an unknown or empty category is finding M1, not a ledger that
    /// cannot be read.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub category: String,
    /// In CNY.
    pub amount: f64,
    /// Who was paid: a name, or the id of a member of the roster.
    #[serde(default)]
    pub payee: Option<String>,
    #[serde(default)]
    pub payee_kind: Option<Payee>,
}

impl Expense {
    /// An undated expense with no payee yet.
    pub fn new(unit: impl Into<String>, category: impl Into<String>, amount: f64) -> Self {
        Expense {
            unit: unit.into(),
            date: None,
            category: category.into(),
            amount,
            payee: None,
            payee_kind: None,
        }
    }

    /// The same expense, paid on `date`.
    pub fn on(mut self, date: NaiveDate) -> Self {
        self.date = Some(date);
        self
    }

    /// The same expense, paid to `payee` (a name or a member id).
    pub fn paid_to(mut self, payee: impl Into<String>) -> Self {
        self.payee = Some(payee.into());
        self
    }

    /// The same expense, with the payee's kind.
    pub fn with_payee_kind(mut self, kind: Payee) -> Self {
        self.payee_kind = Some(kind);
        self
    }

    /// The category, when it is one of the allowed four.
    pub fn category_kind(&self) -> Option<ExpenseCategory> {
        ExpenseCategory::from_id(&self.category)
    }
}

/// An empty spreadsheet cell may arrive as `null`: read it as an empty category,
/// which M1 then reports, rather than refuse the whole ledger.
fn null_as_empty<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.unwrap_or_default())
}

/// One payment into the fund: a row of the funding ledger.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Funding {
    /// The id of the unit that received it.
    pub unit: String,
    /// Where it came from, in the ledger's own words: `district_budget`, `street`,
    /// `donation`, … Seed 003 asks for several channels, led by public money, but
    /// names none, so any non-blank text is a channel.
    pub channel: String,
    /// In CNY.
    pub amount: f64,
}

impl Funding {
    /// A payment of `amount` CNY to `unit` through `channel`.
    pub fn new(unit: impl Into<String>, channel: impl Into<String>, amount: f64) -> Self {
        Funding {
            unit: unit.into(),
            channel: channel.into(),
            amount,
        }
    }
}

/// A ledger row that cannot be counted as given.
pub type MoneyError = crate::error::Error<MoneyProblem>;

/// What is wrong with a ledger row's value.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum MoneyProblem {
    #[error("is required")]
    Missing,
    #[error("must be a finite number")]
    NotFinite,
    #[error("must not be negative (found {})", crate::text::echo(*.0))]
    Negative(f64),
}

crate::problem_codes!(MoneyProblem, crate::error::ErrorKind::Money, {
    MoneyProblem::Missing => "missing",
    MoneyProblem::NotFinite => "not_finite",
    MoneyProblem::Negative(_) => "negative",
});

/// Every impossible value in the two ledgers: the expenses' errors in row order,
/// then the fundings'. An empty list means every row can be counted.
///
/// - a blank `unit` (`expenses[i].unit`, `fundings[i].unit`): the money belongs
///   to nobody;
/// - a blank `channel` (`fundings[i].channel`): the money came from nowhere;
/// - an `amount` that is not finite, or is negative: a refund is booked as less
///   money received, not as a negative expense.
///
/// A category outside the allowed four is not an error here but finding M1
/// ([`money_findings`]); serde has already refused dates that do not exist.
///
/// ```
/// use learning_city::money::{validate, Expense, Funding};
///
/// let expenses = vec![Expense::new("c-1", "awards", -300.0)];
/// let fundings = vec![Funding::new(" ", "district_budget", f64::INFINITY)];
/// let errors: Vec<_> = validate(&expenses, &fundings).iter().map(|e| e.to_string()).collect();
/// assert_eq!(errors, ["expenses[0].amount: must not be negative (found -300)",
///                     "fundings[0].unit: is required",
///                     "fundings[0].amount: must be a finite number"]);
/// ```
pub fn validate(expenses: &[Expense], fundings: &[Funding]) -> Vec<MoneyError> {
    let mut errors = Vec::new();
    for (row, expense) in expenses.iter().enumerate() {
        let at = |field: &str| format!("expenses[{row}].{field}");
        if is_blank(&expense.unit) {
            errors.push(MoneyError::new(at("unit"), MoneyProblem::Missing));
        }
        errors.extend(amount_error(at("amount"), expense.amount));
    }
    for (row, funding) in fundings.iter().enumerate() {
        let at = |field: &str| format!("fundings[{row}].{field}");
        if is_blank(&funding.unit) {
            errors.push(MoneyError::new(at("unit"), MoneyProblem::Missing));
        }
        if is_blank(&funding.channel) {
            errors.push(MoneyError::new(at("channel"), MoneyProblem::Missing));
        }
        errors.extend(amount_error(at("amount"), funding.amount));
    }
    errors
}

fn amount_error(path: String, amount: f64) -> Option<MoneyError> {
    if !amount.is_finite() {
        Some(MoneyError::new(path, MoneyProblem::NotFinite))
    } else if amount < 0.0 {
        Some(MoneyError::new(path, MoneyProblem::Negative(amount)))
    } else {
        None
    }
}

/// Checks the expense ledger against seed 003's spending rules and returns every
/// breach, M1 before M2, each in row order:
///
/// - M1 `unknown_category` (`expenses[i].category`): the category is not one of
///   the four the fund may pay for ([`ExpenseCategory`]), or is blank;
/// - M2 `excluded_payee`: a teacher fee paid to someone seed 003 excludes, known
///   either from the row's `payee_kind` (volunteer, government or community staff;
///   path `expenses[i].payee_kind`) or, failing that, from `payee` being the id of
///   a member of the volunteer team or of the manager team, whose members are the
///   government and community staff of the network (path `expenses[i].payee`).
///   A dated expense looks at the teams on that date (joined on or before it, not
///   yet left); an undated one at current members only. An expense gets at most
///   one M2 finding.
///
/// ```
/// use learning_city::money::{money_findings, Expense, Payee};
/// use learning_city::teams::{Member, Team};
///
/// let members = vec![
///     Member::new("m-3", "王律师", "c-1").with_team(Team::Volunteer).with_specialty("law"),
/// ];
/// let expenses = vec![
///     Expense::new("c-1", "teacher_fee", 400.0).paid_to("李老师").with_payee_kind(Payee::Teacher),
///     Expense::new("c-1", "teacher_fee", 300.0).paid_to("m-3"),
///     Expense::new("c-1", "snacks", 120.0),
/// ];
/// let findings = money_findings(&expenses, &members);
/// let got: Vec<_> = findings.iter().map(|f| (f.rule.as_str(), f.path.as_str())).collect();
/// assert_eq!(got, [("M1", "expenses[2].category"), ("M2", "expenses[1].payee")]);
/// assert_eq!(findings[1].message.en,
///     "expenses[1] (unit `c-1`) pays a teacher fee to `m-3`, a member of the \
///      community-education volunteer team; the fund pays no teacher fee to volunteers, \
///      nor to government or community staff.");
/// ```
pub fn money_findings(expenses: &[Expense], members: &[Member]) -> Vec<Finding> {
    let rows = || expenses.iter().enumerate();
    let mut findings: Vec<Finding> = rows()
        .filter_map(|(row, e)| unknown_category(row, e))
        .collect();
    let roster = Roster::new(members);
    findings.extend(rows().filter_map(|(row, e)| excluded_payee(row, e, &roster)));
    findings
}

const NO_TEACHER_FEE_EN: &str =
    "the fund pays no teacher fee to volunteers, nor to government or community staff";
const NO_TEACHER_FEE_ZH: &str = "专项经费的授课费不付给志愿者及政府、社区工作人员";

/// M1.
fn unknown_category(row: usize, expense: &Expense) -> Option<Finding> {
    if expense.category_kind().is_some() {
        return None;
    }
    let (zh, en) = subject(row, expense);
    let ids: Vec<String> = ExpenseCategory::ALL
        .iter()
        .map(|c| c.id().to_string())
        .collect();
    let allowed_zh: Vec<String> = ExpenseCategory::ALL
        .iter()
        .map(|c| format!("{}({})", c.id(), c.label().zh))
        .collect();
    let (allowed_zh, allowed_en) = (list_zh(&allowed_zh), list_en(&ids));
    let message = if is_blank(&expense.category) {
        Text::new(
            format!("{zh}没有填写开支类别;可开支的类别为{allowed_zh}。"),
            format!("{en} has no category; the allowed categories are {allowed_en}."),
        )
    } else {
        let category = clip(expense.category.trim());
        Text::new(
            format!(
                "{zh}的开支类别“{category}”不在专项经费可开支的项目内;可开支的类别为{allowed_zh}。"
            ),
            format!(
                "{en} is booked as `{category}`, which the fund may not pay for; \
                 the allowed categories are {allowed_en}."
            ),
        )
    };
    let path = format!("expenses[{row}].category");
    Some(Finding::new(
        "M1",
        unit_of(expense),
        path,
        "unknown_category",
        message,
    ))
}

/// M2.
fn excluded_payee(row: usize, expense: &Expense, roster: &Roster) -> Option<Finding> {
    if expense.category_kind() != Some(ExpenseCategory::TeacherFee) {
        return None;
    }
    let (zh, en) = subject(row, expense);
    let payee = expense
        .payee
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    let (field, message) = match expense.payee_kind {
        Some(kind) if !kind.may_take_teacher_fee() => {
            let (named_zh, named_en) = match payee {
                Some(p) => (format!("({})", clip(p)), format!(" (`{}`)", clip(p))),
                None => (String::new(), String::new()),
            };
            let message = Text::new(
                format!(
                    "{zh}向{}{named_zh}支付授课费;{NO_TEACHER_FEE_ZH}。",
                    kind.label().zh
                ),
                format!(
                    "{en} pays a teacher fee to {}{named_en}; {NO_TEACHER_FEE_EN}.",
                    kind.en_object()
                ),
            );
            ("payee_kind", message)
        }
        _ => {
            let payee = payee?;
            let team = roster.excluded_team(payee, expense.date)?;
            let (label, id) = (team.label(), clip(payee));
            let (staff_zh, staff_en) = match team {
                Team::Manager => ("(政府或社区工作人员)", " (government or community staff)"),
                _ => ("", ""),
            };
            let message = Text::new(
                format!(
                    "{zh}向{}成员 {id}{staff_zh}支付授课费;{NO_TEACHER_FEE_ZH}。",
                    label.zh
                ),
                format!(
                    "{en} pays a teacher fee to `{id}`, a member of the {}{staff_en}; \
                     {NO_TEACHER_FEE_EN}.",
                    label.en
                ),
            );
            ("payee", message)
        }
    };
    let path = format!("expenses[{row}].{field}");
    Some(Finding::new(
        "M2",
        unit_of(expense),
        path,
        "excluded_payee",
        message,
    ))
}

/// The members of the two teams excluded from teachers' fees, by id, looked up
/// once so M2 runs in time linear in the ledger and the roster.
struct Roster<'a> {
    by_id: HashMap<&'a str, Vec<&'a Member>>,
}

impl<'a> Roster<'a> {
    fn new(members: &'a [Member]) -> Self {
        let mut by_id: HashMap<&str, Vec<&Member>> = HashMap::new();
        let excluded = members
            .iter()
            .filter(|m| m.in_team(Team::Volunteer) || m.in_team(Team::Manager));
        for member in excluded.filter(|m| !is_blank(&m.id)) {
            by_id.entry(member.id.trim()).or_default().push(member);
        }
        Roster { by_id }
    }

    /// The excluded team the member `id` was in on `date` (now, when undated):
    /// the volunteer team first, since it is the one named first by seed 003.
    fn excluded_team(&self, id: &str, date: Option<NaiveDate>) -> Option<Team> {
        let serving: Vec<&&Member> = self
            .by_id
            .get(id)?
            .iter()
            .filter(|m| serving_on(m, date))
            .collect();
        [Team::Volunteer, Team::Manager]
            .into_iter()
            .find(|&team| serving.iter().any(|m| m.in_team(team)))
    }
}

/// Whether a member was on the roster on `date`: joined on or before it and not
/// yet left. Without a date, only current members count, as in the team counts.
fn serving_on(member: &Member, date: Option<NaiveDate>) -> bool {
    match date {
        None => member.is_current(),
        Some(day) => {
            member.joined.is_none_or(|joined| joined <= day)
                && member.left.is_none_or(|left| day < left)
        }
    }
}

/// How a message names an expense: by row, with its unit when there is one.
fn subject(row: usize, expense: &Expense) -> (String, String) {
    let at = format!("expenses[{row}]");
    match unit_of(expense) {
        Some(unit) => {
            let unit = clip(unit);
            (
                format!("{at}(单元 {unit})"),
                format!("{at} (unit `{unit}`)"),
            )
        }
        None => (at.clone(), at),
    }
}

fn unit_of(expense: &Expense) -> Option<&str> {
    Some(expense.unit.as_str()).filter(|u| !is_blank(u))
}

/// One unit's money over the ledgers given: what it received and from where, what
/// it spent and on what, and how the receipts compare with the per-resident target
/// (DOMAIN.md §4, T5). `received` is the unit's `funding_cny` for its record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundingSummary {
    /// The unit's id.
    pub unit: String,
    /// False for a unit the ledgers name but the unit list does not: its money is
    /// still shown, so that none goes missing from the totals.
    pub listed: bool,
    /// The unit's own resident figure, as the unit list gives it (not rolled up).
    pub residents: Option<u64>,
    /// Total received, in CNY.
    pub received: f64,
    /// Received per channel, keyed by the channel as written (trimmed).
    pub received_by_channel: BTreeMap<String, f64>,
    /// Total spent, in CNY.
    pub spent: f64,
    /// Spent per category, keyed by the category as written (trimmed), so an
    /// unknown category is shown under its own name.
    pub spent_by_category: BTreeMap<String, f64>,
    /// `received / residents`; `None` when residents are unknown or 0.
    pub per_capita: Option<f64>,
    /// The target the summary was asked about, in CNY per resident.
    pub target_per_capita: f64,
    /// Whether `per_capita` reaches the target; `None` when it cannot be worked out.
    pub meets_target: Option<bool>,
    /// How much more would reach the target (0 when it is reached); `None` when
    /// `per_capita` is.
    pub shortfall: Option<f64>,
}

/// Sums the ledgers per unit and compares each unit's receipts with
/// `at_least_per_capita`, the target in CNY per resident (seed 003 says 2; the
/// figure belongs to the rulebook, so the caller passes it).
///
/// One summary per unit, in the order of `units`, for the units that have a
/// resident figure (0 included) or appear in a ledger; a duplicate id is summed
/// once, at its first row. Money booked to a unit that `units` does not list is
/// not dropped: it gets a summary with `listed: false` after the listed units, in
/// the order the ledgers first name it (fundings, then expenses). Each unit counts
/// only the money booked to its own id: a street's summary does not include its
/// communities'. Pass one year's rows to get a yearly figure, and [`validate`]
/// them first: amounts are summed as given.
///
/// ```
/// use learning_city::money::{funding_summary, Expense, Funding};
/// use learning_city::network::{Level, Unit};
///
/// let units = vec![
///     Unit::new("s-1", "东风街道", Level::Street),
///     Unit::new("c-1", "红旗社区", Level::Community).under("s-1").with_residents(4200),
///     Unit::new("c-2", "和平社区", Level::Community).under("s-1").with_residents(3000),
/// ];
/// let fundings = vec![
///     Funding::new("c-1", "district_budget", 6000.0),
///     Funding::new("c-1", "donation", 2400.0),
///     Funding::new("c-2", "street", 3000.0),
/// ];
/// let expenses = vec![Expense::new("c-1", "teacher_fee", 1500.0)];
/// let summary = funding_summary(&units, &fundings, &expenses, 2.0);
/// assert_eq!(summary.len(), 2); // s-1 has neither residents nor money
/// assert_eq!(summary[0].received, 8400.0);
/// assert_eq!(summary[0].received_by_channel["donation"], 2400.0);
/// assert_eq!(summary[0].spent_by_category["teacher_fee"], 1500.0);
/// assert_eq!(summary[0].per_capita, Some(2.0));
/// assert_eq!(summary[0].meets_target, Some(true));
/// assert_eq!(summary[1].meets_target, Some(false)); // 1 CNY per resident
/// assert_eq!(summary[1].shortfall, Some(3000.0));
/// ```
pub fn funding_summary(
    units: &[Unit],
    fundings: &[Funding],
    expenses: &[Expense],
    at_least_per_capita: f64,
) -> Vec<FundingSummary> {
    let mut tallies = Tallies::default();
    for unit in units {
        tallies.list(unit);
    }
    for funding in fundings {
        let tally = tallies.of(&funding.unit);
        tally.received += funding.amount;
        add(
            &mut tally.received_by_channel,
            funding.channel.trim(),
            funding.amount,
        );
    }
    for expense in expenses {
        let tally = tallies.of(&expense.unit);
        tally.spent += expense.amount;
        add(
            &mut tally.spent_by_category,
            expense.category.trim(),
            expense.amount,
        );
    }
    let rows = tallies.rows.into_iter();
    rows.filter(|t| t.residents.is_some() || t.has_money)
        .map(|t| t.finish(at_least_per_capita))
        .collect()
}

/// The summaries being built, with their rows by unit id.
#[derive(Default)]
struct Tallies<'a> {
    rows: Vec<Tally>,
    index: HashMap<&'a str, usize>,
}

impl<'a> Tallies<'a> {
    /// A row for a listed unit; a repeated id keeps its first row.
    fn list(&mut self, unit: &'a Unit) {
        if let Entry::Vacant(slot) = self.index.entry(unit.id.as_str()) {
            slot.insert(self.rows.len());
            self.rows.push(Tally::new(&unit.id, true, unit.residents));
        }
    }

    /// The row money for `unit` goes to, made (unlisted) when there is none.
    fn of(&mut self, unit: &'a str) -> &mut Tally {
        let rows = &mut self.rows;
        let row = *self.index.entry(unit).or_insert_with(|| {
            rows.push(Tally::new(unit, false, None));
            rows.len() - 1
        });
        let tally = &mut rows[row];
        tally.has_money = true;
        tally
    }
}

struct Tally {
    unit: String,
    listed: bool,
    residents: Option<u64>,
    has_money: bool,
    received: f64,
    received_by_channel: BTreeMap<String, f64>,
    spent: f64,
    spent_by_category: BTreeMap<String, f64>,
}

impl Tally {
    fn new(unit: &str, listed: bool, residents: Option<u64>) -> Self {
        Tally {
            unit: unit.to_string(),
            listed,
            residents,
            has_money: false,
            received: 0.0,
            received_by_channel: BTreeMap::new(),
            spent: 0.0,
            spent_by_category: BTreeMap::new(),
        }
    }

    fn finish(self, target: f64) -> FundingSummary {
        let residents = self.residents.filter(|&n| n > 0).map(|n| n as f64);
        let per_capita = residents.map(|n| self.received / n);
        let meets_target = per_capita.map(|p| p >= target);
        // 0 exactly when the target is met, even where rounding would leave a crumb.
        let shortfall = residents.zip(meets_target).map(|(n, met)| match met {
            true => 0.0,
            false => (target * n - self.received).max(0.0),
        });
        FundingSummary {
            unit: self.unit,
            listed: self.listed,
            residents: self.residents,
            received: self.received,
            received_by_channel: self.received_by_channel,
            spent: self.spent,
            spent_by_category: self.spent_by_category,
            per_capita,
            target_per_capita: target,
            meets_target,
            shortfall,
        }
    }
}

fn add(totals: &mut BTreeMap<String, f64>, key: &str, amount: f64) {
    match totals.get_mut(key) {
        Some(total) => *total += amount,
        None => {
            totals.insert(key.to_string(), amount);
        }
    }
}

/// Everything the money rules say about a district's books at once: impossible
/// values, findings (M1, M2) and a summary per unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MoneyReview {
    pub errors: Vec<ErrorInfo>,
    pub findings: Vec<Finding>,
    pub summary: Vec<FundingSummary>,
}

/// Reviews the books: [`validate`], [`money_findings`] and [`funding_summary`].
/// The per-capita target comes from the rulebook in use
/// ([`crate::Rulebook::per_capita_target`]), never from code.
pub fn review(
    units: &[Unit],
    fundings: &[Funding],
    expenses: &[Expense],
    members: &[Member],
    at_least_per_capita: f64,
) -> MoneyReview {
    MoneyReview {
        errors: validate(expenses, fundings)
            .iter()
            .map(MoneyError::info)
            .collect(),
        findings: money_findings(expenses, members),
        summary: funding_summary(units, fundings, expenses, at_least_per_capita),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::Level;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn codes(findings: &[Finding]) -> Vec<(&str, &str, &str)> {
        findings
            .iter()
            .map(|f| (f.rule.as_str(), f.path.as_str(), f.code.as_str()))
            .collect()
    }

    fn fee(payee: &str) -> Expense {
        Expense::new("c-1", "teacher_fee", 200.0).paid_to(payee)
    }

    #[test]
    fn categories_and_payees_have_ids_and_labels() {
        for category in ExpenseCategory::ALL {
            assert_eq!(ExpenseCategory::from_id(category.id()), Some(category));
            let json = serde_json::to_value(category).unwrap();
            assert_eq!(json, category.id());
        }
        assert_eq!(ExpenseCategory::from_id("Teacher_Fee"), None);
        assert_eq!(ExpenseCategory::from_id(""), None);
        assert_eq!(ExpenseCategory::TeacherFee.label().zh, "专兼职教师授课费");
        assert_eq!(
            ExpenseCategory::LostTimeCompensation.label().en,
            "lost-time compensation"
        );
        let excluded: Vec<Payee> = Payee::ALL
            .into_iter()
            .filter(|p| !p.may_take_teacher_fee())
            .collect();
        assert_eq!(
            excluded,
            [
                Payee::Volunteer,
                Payee::GovernmentStaff,
                Payee::CommunityStaff
            ]
        );
        assert_eq!(
            serde_json::to_value(Payee::GovernmentStaff).unwrap(),
            "government_staff"
        );
        assert_eq!(Payee::CommunityStaff.label().zh, "社区工作人员");
    }

    #[test]
    fn validate_names_every_impossible_value() {
        let expenses = vec![
            Expense::new("c-1", "awards", 0.0),
            Expense::new("", "snacks", -1.5),
            Expense::new("c-1", "awards", f64::NAN),
        ];
        let fundings = vec![
            Funding::new("c-1", "street", 100.0),
            Funding::new("c-1", " ", f64::NEG_INFINITY),
        ];
        let errors = validate(&expenses, &fundings);
        let got: Vec<_> = errors
            .iter()
            .map(|e| (e.path.as_str(), e.problem.code()))
            .collect();
        assert_eq!(
            got,
            [
                ("expenses[1].unit", "missing"),
                ("expenses[1].amount", "negative"),
                ("expenses[2].amount", "not_finite"),
                ("fundings[1].channel", "missing"),
                ("fundings[1].amount", "not_finite"),
            ]
        );
        assert_eq!(
            errors[1].to_string(),
            "expenses[1].amount: must not be negative (found -1.5)"
        );
        let info = errors[3].info();
        assert_eq!(
            (info.kind.as_str(), info.reason.as_str()),
            ("money", "is required")
        );
        assert_eq!(validate(&[], &[]), vec![]);
    }

    #[test]
    fn m1_reports_unknown_and_blank_categories() {
        let expenses = vec![
            Expense::new("c-1", " lost_time_compensation ", 50.0),
            Expense::new("c-1", "snacks", 120.0),
            Expense::new(" ", "", 10.0),
        ];
        let findings = money_findings(&expenses, &[]);
        assert_eq!(
            codes(&findings),
            [
                ("M1", "expenses[1].category", "unknown_category"),
                ("M1", "expenses[2].category", "unknown_category"),
            ]
        );
        assert_eq!(findings[0].unit.as_deref(), Some("c-1"));
        assert_eq!(
            findings[0].message.en,
            "expenses[1] (unit `c-1`) is booked as `snacks`, which the fund may not pay for; \
             the allowed categories are teacher_fee, lost_time_compensation, awards and \
             other_activity."
        );
        assert_eq!(
            findings[0].message.zh,
            "expenses[1](单元 c-1)的开支类别“snacks”不在专项经费可开支的项目内;\
             可开支的类别为teacher_fee(专兼职教师授课费)、\
             lost_time_compensation(居民参与活动误工费)、awards(评先评优活动)、\
             other_activity(其他社区教育活动经费)。"
        );
        assert_eq!(findings[1].unit, None);
        assert!(findings[1]
            .message
            .en
            .starts_with("expenses[2] has no category; the allowed"));
        assert!(findings[1]
            .message
            .zh
            .starts_with("expenses[2]没有填写开支类别"));
    }

    #[test]
    fn m2_by_payee_kind() {
        let expenses = vec![
            fee("王律师").with_payee_kind(Payee::Volunteer),
            Expense::new("c-1", "teacher_fee", 200.0).with_payee_kind(Payee::GovernmentStaff),
            fee("x").with_payee_kind(Payee::CommunityStaff),
            fee("李老师").with_payee_kind(Payee::Teacher),
            fee("y").with_payee_kind(Payee::Resident),
            fee("z").with_payee_kind(Payee::Other),
            // lost-time compensation to a volunteer is allowed
            Expense::new("c-1", "lost_time_compensation", 30.0).with_payee_kind(Payee::Volunteer),
        ];
        let findings = money_findings(&expenses, &[]);
        assert_eq!(
            codes(&findings),
            [
                ("M2", "expenses[0].payee_kind", "excluded_payee"),
                ("M2", "expenses[1].payee_kind", "excluded_payee"),
                ("M2", "expenses[2].payee_kind", "excluded_payee"),
            ]
        );
        assert_eq!(
            findings[0].message.en,
            "expenses[0] (unit `c-1`) pays a teacher fee to a volunteer (`王律师`); the fund \
             pays no teacher fee to volunteers, nor to government or community staff."
        );
        assert_eq!(
            findings[0].message.zh,
            "expenses[0](单元 c-1)向志愿者(王律师)支付授课费;\
             专项经费的授课费不付给志愿者及政府、社区工作人员。"
        );
        assert!(findings[1]
            .message
            .en
            .starts_with("expenses[1] (unit `c-1`) pays a teacher fee to government staff;"));
        assert!(findings[1]
            .message
            .zh
            .starts_with("expenses[1](单元 c-1)向政府工作人员支付授课费;"));
    }

    #[test]
    fn m2_by_roster_looks_at_the_teams_on_the_day() {
        let mut former = Member::new("v-old", "老志愿者", "c-1").with_team(Team::Volunteer);
        former.joined = Some(day(2020, 1, 1));
        former.left = Some(day(2024, 7, 1));
        let members = vec![
            Member::new("v-1", "王律师", "c-1").with_team(Team::Volunteer),
            Member::new("m-1", "张春林", "t").with_team(Team::Manager),
            Member::new("t-1", "李老师", "s-1").with_team(Team::Tutor),
            Member::new("l-1", "老教师", "t").with_team(Team::Lecturer),
            former,
        ];
        let expenses = vec![
            fee(" v-1 "),                                       // 0: volunteer
            fee("m-1"),                                         // 1: manager
            fee("t-1"),                                         // 2: tutor: may be paid
            fee("l-1"),                                         // 3: lecturer: may be paid
            fee("v-old").on(day(2024, 6, 30)),                  // 4: still a volunteer
            fee("v-old").on(day(2024, 7, 1)),                   // 5: left that day
            fee("v-old").on(day(2019, 12, 31)),                 // 6: not yet joined
            fee("v-old"),                                       // 7: undated: former
            fee("nobody"),                                      // 8: not on the roster
            fee("v-1").with_payee_kind(Payee::Teacher),         // 9: the roster says otherwise
            fee("m-1").with_payee_kind(Payee::Volunteer),       // 10: one finding, by kind
            Expense::new("c-1", "awards", 50.0).paid_to("v-1"), // 11: awards are allowed
        ];
        let findings = money_findings(&expenses, &members);
        assert_eq!(
            codes(&findings),
            [
                ("M2", "expenses[0].payee", "excluded_payee"),
                ("M2", "expenses[1].payee", "excluded_payee"),
                ("M2", "expenses[4].payee", "excluded_payee"),
                ("M2", "expenses[9].payee", "excluded_payee"),
                ("M2", "expenses[10].payee_kind", "excluded_payee"),
            ]
        );
        assert_eq!(
            findings[1].message.en,
            "expenses[1] (unit `c-1`) pays a teacher fee to `m-1`, a member of the \
             community-education manager team (government or community staff); the fund \
             pays no teacher fee to volunteers, nor to government or community staff."
        );
        assert_eq!(
            findings[1].message.zh,
            "expenses[1](单元 c-1)向社区教育管理者队伍成员 m-1(政府或社区工作人员)支付授课费;\
             专项经费的授课费不付给志愿者及政府、社区工作人员。"
        );
        assert!(findings[0]
            .message
            .en
            .contains("to `v-1`, a member of the community-education volunteer team;"));
    }

    #[test]
    fn m1_comes_before_m2_and_long_values_are_clipped() {
        let long = "x".repeat(100_000);
        let members = vec![Member::new(long.clone(), "", "c-1").with_team(Team::Volunteer)];
        let expenses = vec![
            Expense::new(long.clone(), "teacher_fee", 1.0).paid_to(long.clone()),
            Expense::new(long.clone(), long.clone(), 1.0),
        ];
        let findings = money_findings(&expenses, &members);
        assert_eq!(
            codes(&findings),
            [
                ("M1", "expenses[1].category", "unknown_category"),
                ("M2", "expenses[0].payee", "excluded_payee"),
            ]
        );
        for f in &findings {
            assert!(f.message.en.len() < 500, "{}", f.message.en);
            assert!(f.message.zh.len() < 600, "{}", f.message.zh);
        }
    }

    fn units() -> Vec<Unit> {
        vec![
            Unit::new("s-1", "东风街道", Level::Street),
            Unit::new("c-1", "红旗社区", Level::Community)
                .under("s-1")
                .with_residents(4200),
            Unit::new("c-2", "和平社区", Level::Community)
                .under("s-1")
                .with_residents(0),
            Unit::new("c-3", "双坝村", Level::Community).under("s-1"),
            Unit::new("c-1", "重复", Level::Community)
                .under("s-1")
                .with_residents(1),
            Unit::new("c-4", "无钱社区", Level::Community).under("s-1"),
        ]
    }

    #[test]
    fn summaries_follow_the_units_and_keep_every_yuan() {
        let fundings = vec![
            Funding::new("c-1", "district_budget", 6000.0),
            Funding::new("c-1", " donation ", 1000.0),
            Funding::new("c-1", "donation", 400.5),
            Funding::new("x-9", "street", 300.0),
            Funding::new("c-3", "street", 500.0),
        ];
        let expenses = vec![
            Expense::new("c-1", "teacher_fee", 1500.0),
            Expense::new("c-1", "snacks ", 20.0),
            Expense::new("c-1", "teacher_fee", 500.0),
            Expense::new("y-1", "awards", 80.0),
        ];
        let summary = funding_summary(&units(), &fundings, &expenses, 2.0);
        let ids: Vec<(&str, bool)> = summary
            .iter()
            .map(|s| (s.unit.as_str(), s.listed))
            .collect();
        assert_eq!(
            ids,
            [
                ("c-1", true),
                ("c-2", true),
                ("c-3", true),
                ("x-9", false),
                ("y-1", false)
            ]
        );
        let c1 = &summary[0];
        assert_eq!(c1.residents, Some(4200)); // the first row of a repeated id
        assert_eq!(c1.received, 7400.5);
        let channels: Vec<(&str, f64)> = c1
            .received_by_channel
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect();
        assert_eq!(
            channels,
            [("district_budget", 6000.0), ("donation", 1400.5)]
        );
        assert_eq!(c1.spent, 2020.0);
        let categories: Vec<(&str, f64)> = c1
            .spent_by_category
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect();
        assert_eq!(categories, [("snacks", 20.0), ("teacher_fee", 2000.0)]);
        assert_eq!(c1.per_capita, Some(7400.5 / 4200.0));
        assert_eq!(c1.target_per_capita, 2.0);
        assert_eq!(c1.meets_target, Some(false));
        assert_eq!(c1.shortfall, Some(999.5));

        let c2 = &summary[1]; // residents 0: shown, but no per-capita figure
        assert_eq!((c2.residents, c2.received, c2.spent), (Some(0), 0.0, 0.0));
        assert_eq!(
            (c2.per_capita, c2.meets_target, c2.shortfall),
            (None, None, None)
        );
        let c3 = &summary[2]; // money, residents unknown
        assert_eq!((c3.received, c3.per_capita), (500.0, None));
        assert_eq!(summary[3].received, 300.0);
        assert_eq!(summary[4].spent_by_category["awards"], 80.0);
        assert_eq!(summary[4].residents, None);
    }

    #[test]
    fn the_target_is_the_callers() {
        let units = vec![Unit::new("c", "", Level::Community).with_residents(1000)];
        let fundings = vec![Funding::new("c", "district_budget", 2500.0)];
        let at = |target: f64| {
            let s = &funding_summary(&units, &fundings, &[], target)[0];
            (s.per_capita, s.meets_target, s.shortfall)
        };
        assert_eq!(at(2.0), (Some(2.5), Some(true), Some(0.0)));
        assert_eq!(at(2.5), (Some(2.5), Some(true), Some(0.0)));
        assert_eq!(at(3.0), (Some(2.5), Some(false), Some(500.0)));
        assert_eq!(at(f64::NAN).1, Some(false));
        let none = funding_summary(&units, &[], &[], 2.0);
        assert_eq!(none[0].per_capita, Some(0.0));
        assert_eq!(none[0].shortfall, Some(2000.0));
    }

    #[test]
    fn serde_shape() {
        let e: Expense = serde_json::from_str(
            r#"{"unit": "c-1", "date": "2024-03-09", "category": "snacks", "amount": 12.5,
                "payee": "m-3", "payee_kind": "community_staff"}"#,
        )
        .unwrap();
        assert_eq!(e.category, "snacks");
        assert_eq!(e.category_kind(), None);
        assert_eq!(e.payee_kind, Some(Payee::CommunityStaff));
        assert_eq!(e.date, Some(day(2024, 3, 9)));
        let blank: Expense =
            serde_json::from_str(r#"{"unit": "c", "category": null, "amount": 1}"#).unwrap();
        assert_eq!(blank, Expense::new("c", "", 1.0));
        let absent: Expense = serde_json::from_str(r#"{"unit": "c", "amount": 1}"#).unwrap();
        assert_eq!(absent.category, "");
        let extra = r#"{"unit": "c", "category": "awards", "amount": 1, "memo": "x"}"#;
        assert!(serde_json::from_str::<Expense>(extra).is_err());
        let bad_kind = r#"{"unit": "c", "amount": 1, "payee_kind": "mayor"}"#;
        assert!(serde_json::from_str::<Expense>(bad_kind).is_err());
        let f: Funding =
            serde_json::from_str(r#"{"unit": "c", "channel": "donation", "amount": 5}"#).unwrap();
        assert_eq!(f, Funding::new("c", "donation", 5.0));
        let units = vec![Unit::new("c", "", Level::Community).with_residents(2)];
        let summary = funding_summary(&units, &[f], &[], 2.0);
        let json = serde_json::to_value(&summary[0]).unwrap();
        assert_eq!(json["received_by_channel"]["donation"], 5.0);
        assert_eq!(json["per_capita"], 2.5);
        let back: FundingSummary = serde_json::from_value(json).unwrap();
        assert_eq!(back, summary[0]);
    }

    fn arbitrary_units() -> impl Strategy<Value = Vec<Unit>> {
        let unit = (
            proptest::sample::select(vec!["a", "b", "c", "d"]),
            proptest::option::of(0u64..5000),
        )
            .prop_map(|(id, residents)| {
                let mut u = Unit::new(id, "", Level::Community);
                u.residents = residents;
                u
            });
        proptest::collection::vec(unit, 0..6)
    }

    /// Whole-yuan amounts, so that sums are exact whatever their order.
    fn arbitrary_fundings() -> impl Strategy<Value = Vec<Funding>> {
        let funding = (
            proptest::sample::select(vec!["a", "b", "e", ""]),
            proptest::sample::select(vec!["district_budget", "street", " donation"]),
            0u32..1_000_000,
        )
            .prop_map(|(unit, channel, amount)| Funding::new(unit, channel, f64::from(amount)));
        proptest::collection::vec(funding, 0..20)
    }

    fn arbitrary_expenses() -> impl Strategy<Value = Vec<Expense>> {
        let expense = (
            proptest::sample::select(vec!["a", "c", "f"]),
            proptest::sample::select(vec!["teacher_fee", "awards", "snacks", ""]),
            0u32..1_000_000,
        )
            .prop_map(|(unit, category, amount)| Expense::new(unit, category, f64::from(amount)));
        proptest::collection::vec(expense, 0..20)
    }

    proptest! {
        #[test]
        fn summaries_add_up_to_the_ledgers(
            units in arbitrary_units(),
            fundings in arbitrary_fundings(),
            expenses in arbitrary_expenses(),
            target in 0.0f64..10.0,
        ) {
            let summary = funding_summary(&units, &fundings, &expenses, target);
            let received: f64 = fundings.iter().map(|f| f.amount).sum();
            let spent: f64 = expenses.iter().map(|e| e.amount).sum();
            prop_assert_eq!(summary.iter().map(|s| s.received).sum::<f64>(), received);
            prop_assert_eq!(summary.iter().map(|s| s.spent).sum::<f64>(), spent);
            let mut seen = std::collections::HashSet::new();
            let mut listed_done = false;
            for s in &summary {
                prop_assert!(seen.insert(s.unit.clone()), "unit {} twice", s.unit);
                prop_assert_eq!(s.received_by_channel.values().sum::<f64>(), s.received);
                prop_assert_eq!(s.spent_by_category.values().sum::<f64>(), s.spent);
                // listed units first, then the ones only the ledgers name
                if s.listed {
                    prop_assert!(!listed_done, "listed {} after an unlisted unit", s.unit);
                } else {
                    listed_done = true;
                    prop_assert!(!units.iter().any(|u| u.id == s.unit));
                }
                match s.residents.filter(|&n| n > 0) {
                    Some(n) => {
                        let p = s.per_capita.unwrap();
                        prop_assert_eq!(s.meets_target, Some(p >= target));
                        let shortfall = s.shortfall.unwrap();
                        let consistent = if p >= target { shortfall == 0.0 } else { shortfall >= 0.0 };
                        prop_assert!(consistent, "shortfall {} at {} for {}", shortfall, p, target);
                        prop_assert!((p * n as f64 - s.received).abs() <= 1e-6 * s.received.max(1.0));
                    }
                    None => prop_assert_eq!((s.per_capita, s.meets_target), (None, None)),
                }
            }
            // every unit with residents or money is there
            for unit in &units {
                let has_money = fundings.iter().any(|f| f.unit == unit.id)
                    || expenses.iter().any(|e| e.unit == unit.id);
                let first = units.iter().find(|u| u.id == unit.id).unwrap();
                prop_assert_eq!(seen.contains(&unit.id), first.residents.is_some() || has_money);
            }
            // the units keep their order
            let order: Vec<&str> = units.iter().map(|u| u.id.as_str()).collect();
            let positions: Vec<usize> = summary
                .iter()
                .filter(|s| s.listed)
                .map(|s| order.iter().position(|id| *id == s.unit).unwrap())
                .collect();
            let mut sorted = positions.clone();
            sorted.sort();
            prop_assert_eq!(positions, sorted);
        }
    }
}
