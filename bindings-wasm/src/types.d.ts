/** Text in Chinese (`zh`) and English (`en`): every label and sentence the engine writes. */
export interface Text {
  zh: string;
  en: string;
}

/** Any value JSON can hold. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * One unit (a community, a town) for one period (a year): a row of an analyst's
 * spreadsheet. `unit` and `period` are required; a rulebook reads the other fields it
 * names (the `standard` rulebook's are listed here) and ignores the rest. An absent or
 * `null` field is "no data", not an error; impossible data (a negative count, a month
 * list that is not 12 long, a date outside the year) is a `LearningCityError` naming
 * the field. Numbers must be finite.
 */
export interface RecordInput {
  /** The unit's id, e.g. `c-017`. */
  unit: string;
  /** The year, as text (`"2024"`) or a whole number (`2024`). */
  period: string | number;
  residents?: number | null;
  participants?: number | null;
  surveyed?: number | null;
  aware?: number | null;
  recognising?: number | null;
  satisfied?: number | null;
  funding_cny?: number | null;
  /** Twelve monthly activity counts, January first. */
  activities_by_month?: number[] | null;
  /** Report dates, `YYYY-MM-DD`. */
  reports?: string[] | null;
  staff_trainings?: number | null;
  leading_group_meetings?: number | null;
  /** `YYYY-MM-DD`. */
  centre_organised_on?: string | null;
  signature_courses?: number | boolean | null;
  [field: string]: JsonValue | undefined;
}

/** How an indicator's figures are gathered. */
export type Evidence = "self_report" | "dossier_review" | "on_site_inspection" | "survey";

/** A rule kind and its parameters; each names the record fields it reads. */
export type Rule =
  | { ratio: { numerator: string; denominator: string; at_least: number } }
  | { per_capita: { amount: string; population: string; at_least: number } }
  | { count_each_period: { field: string; at_least: number } }
  | { dated_each_period: { field: string; by_day: number } }
  | { count_in_range: { field: string; at_least: number; at_most?: number } }
  | { date_by: { field: string; month: number; day: number } }
  | { lead_time: { field: string; at_least_days: number } }
  | { presence: { field: string } }
  | { carried_score: { field: string; max: number; at_least: number } };

/** How points are given. */
export type Credit =
  | "linear"
  | "share"
  | "all_or_nothing"
  | "proportional"
  | { deduct: { per_shortfall: number } };

/** A grade band: a minimum score and, optionally, indicators that must be met. */
export interface GradeBandDoc {
  id: string;
  label: Text;
  min: number;
  requires_met?: string[];
}

/** One indicator of a rulebook. */
export interface IndicatorDoc {
  id: string;
  label: Text;
  /** What the indicator counts, for gap sentences. */
  noun?: Text;
  points: number;
  rule: Rule;
  credit: Credit;
  /** 一票否决: when not met, the year fails whatever the score. */
  veto?: boolean;
  /** 加分: points on top, capped by the rulebook's `bonus_cap`. */
  bonus?: boolean;
  /** The responsible department (责任部门). */
  department?: Text;
  evidence?: Evidence[];
  /**
   * Several evidence sources measured apart and combined by weight: the rule then reads
   * `field@source` (`participants@on_site_inspection`) for each source.
   */
  sources?: SourceWeight[];
}

/** One evidence source of a weighted indicator. */
export interface SourceWeight {
  evidence: Evidence;
  weight: number;
}

/** A rulebook document: what `Rulebook.fromObject` reads and `toObject()` gives. */
export interface RulebookDoc {
  id: string;
  version: string;
  /** `YYYY-MM-DD`. */
  effective_from: string;
  title: Text;
  source?: Text;
  grades: GradeBandDoc[];
  veto_grade?: string;
  bonus_cap?: number;
  indicators: IndicatorDoc[];
}

/** What `assess`, `assessMany` and `scoreMany` accept as a rulebook: an instance, a built-in name or a document. */
export type RulebookArg = Rulebook | string | RulebookDoc;

/** Versions of one rulebook, for `assessMany`: each record is assessed by the version in force on 1 January of its year. */
export type RulebookVersions = (Rulebook | RulebookDoc)[];

/** Whether an indicator was met. */
export type Status = "met" | "unmet" | "no_data";

/** A measured value or target: a number, or a `YYYY-MM-DD` date for deadline rules. */
export type Measure = number | string;

/** What an unmet indicator lacks, in its own unit, and a sentence saying what would meet it. */
export interface Gap {
  amount: number;
  text: Text;
}

/** One indicator's result, with its reason. */
export interface IndicatorResult {
  id: string;
  label: Text;
  status: Status;
  met: boolean;
  /** `null` when there is no data. */
  value: Measure | null;
  target: Measure;
  points: number;
  max: number;
  veto: boolean;
  bonus: boolean;
  /** What was found, in words. */
  why: Text;
  /** What it would take to meet the target; `null` when met or without data. */
  gap: Gap | null;
  /** For an indicator weighted over several evidence sources: each source's result. */
  sources?: SourceResult[];
}

/** One evidence source's part of a weighted indicator. */
export interface SourceResult {
  evidence: Evidence;
  weight: number;
  status: Status;
  value: Measure | null;
  points: number;
  why: Text;
}

/** One action of the work list (以评促建). */
export interface WorkItem {
  indicator: string;
  label: Text;
  action: Text;
  /** The gap in the indicator's own unit; `null` when the data is missing. */
  missing: number | null;
  department: Text | null;
  points_at_stake: number;
  veto: boolean;
}

/** The appraisal of one record. */
export interface Assessment {
  unit: string;
  period: string;
  /** The rulebook used, as `id@version`. */
  rulebook: string;
  /** Not rounded. */
  score: number;
  max_score: number;
  grade: string;
  grade_label: Text;
  vetoed: boolean;
  indicators: IndicatorResult[];
  /** What to do about every indicator not met, vetoes first, then most points at stake. */
  work_list: WorkItem[];
}

/** The concern an error belongs to. */
export type ErrorKind = "record" | "rulebook" | "network" | "designation" | "money" | "district" | "activity" | "input";

/** A stable machine-readable error code. */
export type ErrorCode =
  // JSON text over the core's size limit (documents::parse_text)
  | "too_large"
  // an option that is not one of its names, or does not fit the others
  | "bad_option"
  // records
  | "missing"
  | "wrong_type"
  | "bad_period"
  | "negative"
  | "not_finite"
  | "zero_whole"
  | "part_exceeds_whole"
  | "wrong_length"
  | "bad_date"
  | "outside_year"
  | "too_long"
  | "not_json"
  | "above_max"
  // tables (a columnar batch: a column a rule reads is missing, named twice, or of the wrong length)
  | "missing_column"
  | "duplicate_column"
  | "column_length"
  // rulebooks
  | "malformed"
  | "unknown_builtin"
  | "duplicate_id"
  | "unknown_indicator"
  | "unknown_grade"
  | "out_of_range"
  | "credit_mismatch"
  | "no_floor_grade"
  | "empty"
  | "too_many"
  | "no_version_in_force"
  | "mixed_ids"
  | "same_effective_date"
  // networks
  | "no_root"
  | "empty_id"
  | "unknown_parent"
  | "top_with_parent"
  | "wrong_parent_level"
  | "missing_parent"
  | "extra_root"
  | "cycle"
  // designation
  | "not_started_as_nominated"
  | "illegal_step"
  | "date_backwards"
  | "no_quota";

/** The plain form of an input error. */
export interface ErrorInfo {
  kind: ErrorKind;
  code: ErrorCode;
  /** Where the bad value is: `records[3].residents`, `indicators[0].rule.ratio.at_least`; `""` for the whole value. */
  path: string;
  /** Why it is bad, in English. */
  reason: string;
}

/** A record of a batch that could not be assessed, with its unit when that much was readable. */
export interface Failure {
  unit: string | null;
  error: ErrorInfo;
}

/** One entry of `assessMany`: an assessment, or why the record could not be assessed (`"error" in outcome`). */
export type Outcome = Assessment | Failure;

/** A record's score and grade without their reasons: one entry of `scoreMany`. */
export interface RowScore {
  unit: string;
  period: string;
  /** Not rounded; the same as the assessment's `score`. */
  score: number;
  grade: string;
  vetoed: boolean;
}

/** One entry of `scoreMany`: a score, or why the record could not be scored (`"error" in outcome`). */
export type ScoreOutcome = RowScore | Failure;

/** What `assessMany` explains and in which shape (both default as shown). */
export interface AssessOptions {
  /** `"none"`, `"zh"`, `"en"` or `"both"` (the default). */
  explain?: "none" | "zh" | "en" | "both" | null;
  /** `"full"` (the default: whole assessments, both languages) or `"compact"`. */
  shape?: "full" | "compact" | null;
}

/**
 * Assesses a list of records: one outcome per record, in order. `options.shape`
 * `"full"` (the default) gives whole assessments in both languages; `"compact"`
 * states the indicators once and gives each record's lists, explained as
 * `options.explain` says (`"none"`, `"zh"`, `"en"`, `"both"`).
 */
export function assessMany(
  records: RecordInput[],
  rulebook?: RulebookArg | RulebookVersions | null,
  options?: AssessOptions & { shape?: "full" | null },
): Outcome[];
export function assessMany(
  records: RecordInput[],
  rulebook: RulebookArg | null | undefined,
  options: AssessOptions & { shape: "compact" },
): CompactBatch;

/** An indicator as the compact shape states it once per batch. */
export interface IndicatorHead {
  id: string;
  label: Text;
  /** The most points it gives. */
  points: number;
  veto: boolean;
  bonus: boolean;
  department: Text | null;
  rule: Rule;
  credit: Credit;
  sources?: SourceWeight[];
}

/** A sentence in the language asked for, or `{zh, en}` in both. */
export type Said = string | Text;

/** One record in the compact shape: per-indicator lists in the header's order. */
export interface CompactRecord {
  unit: string;
  period: string;
  score: number;
  grade: string;
  vetoed: boolean;
  points: number[];
  status: Status[];
  /** What each indicator found (`{missing: [fields]}` without data); with a language only. */
  figures?: { [key: string]: JsonValue }[];
  /** What each indicator misses to meet its target, in its unit. */
  missing?: (number | null)[];
  why?: Said[];
  gap?: (Said | null)[];
  /** The indicators not met, by their place: veto items first, then the most points at stake. */
  work_list: number[];
}

export type CompactOutcome = CompactRecord | Failure;

/** A batch in the compact shape: what every record shares, once, then the records. */
export interface CompactBatch {
  rulebook: string;
  explain: "none" | "zh" | "en" | "both";
  max_score: number;
  indicators: IndicatorHead[];
  grades: GradeBandDoc[];
  records: CompactOutcome[];
}

/** What every function here throws for bad input: an `Error` carrying the `ErrorInfo`. */
export interface LearningCityError extends Error, ErrorInfo {
  name: "LearningCityError";
}

// ------------------------------------------------------------------ networks

/** The three levels of the network. */
export type Level = "district" | "street" | "community";

/** A facility of the education system (the hubs at each level, the four district bases). */
export type Facility =
  | "district_college"
  | "guidance_centre"
  | "street_centre"
  | "teaching_point"
  | "party_member_base"
  | "adult_base"
  | "elderly_base"
  | "children_base";

/** A node of the network: the district, a street (or town), a community (or village). */
export interface UnitDoc {
  id: string;
  name?: string;
  level: Level;
  /** The id of the unit one level up; absent for the root. */
  parent?: string | null;
  residents?: number | null;
  facilities?: Facility[];
  /** The named head of a community's learning centre (rule N5). */
  head?: string | null;
}

/** One of the five teams (五支队伍). */
export type Team = "manager" | "tutor" | "volunteer" | "lecturer" | "researcher";

/** A person in one or more teams, attached to a unit. */
export interface MemberDoc {
  id: string;
  name?: string;
  teams?: Team[];
  unit: string;
  specialties?: string[];
  /** `YYYY-MM-DD`. */
  joined?: string | null;
  left?: string | null;
}

/** A breach of a rule (network N1–N5, rosters, money), with the path of the entry at fault. */
export interface Finding {
  /** The rule's id, e.g. `N2`. */
  rule: string;
  unit: string | null;
  path: string;
  code: string;
  message: Text;
}

// ------------------------------------------------------------------ designation

/** What is appraised and designated (评选). */
export type Category =
  | "individual"
  | "family"
  | "building"
  | "estate"
  | "community"
  | "organ"
  | "enterprise"
  | "learning_leader";

/** A nomination's stage: nominated → submitted → approved | rejected; approved → awarded. */
export type Stage = "nominated" | "submitted" | "approved" | "rejected" | "awarded";

/** A move to a stage on a day (`YYYY-MM-DD`). */
export interface Step {
  stage: Stage;
  on: string;
}

/** A nomination and its history of steps. */
export interface Nomination {
  id: string;
  candidate: string;
  category: Category;
  year: number;
  history: Step[];
}

/** A span with a status (e.g. an experimental zone), for preconditions. */
export interface StatusSpell {
  status: string;
  since: string;
  until?: string | null;
}

/** A condition a candidate must meet to be ranked at all. */
export type Precondition = { years_with_status: { status: string; years: number } };

/** A candidate of a round: its score and what ties are broken by. */
export interface Candidate {
  id: string;
  score: number;
  /** Indicators met: the first tie-break. */
  met?: number;
  vetoed?: boolean;
  statuses?: StatusSpell[];
}

/** A designation round: a category's quota for a year. */
export interface Round {
  category: Category;
  year: number;
  quota: number;
  min_score?: number | null;
  preconditions?: Precondition[];
  candidates?: Candidate[];
}

/** A ranked candidate; `short_by` is how far below the last winner a missed one is. */
export interface Placing {
  candidate: string;
  rank: number;
  score: number;
  short_by: number | null;
}

/** A candidate that could not be ranked, and why. */
export interface Ineligible {
  candidate: string;
  reason: Text;
}

/** A filled round. */
export interface RoundResult {
  category: Category;
  category_label: Text;
  year: number;
  quota: number;
  tie_break: Text;
  winners: Placing[];
  missed: Placing[];
  ineligible: Ineligible[];
}

/** A nomination after the steps: as far as they were legal, and the first illegal step's error. */
export interface Workflow {
  nomination: Nomination;
  error: ErrorInfo | null;
}

// ------------------------------------------------------------------ money

/** Who was paid. */
export type Payee = "teacher" | "volunteer" | "government_staff" | "community_staff" | "resident" | "other";

/** Money received by a unit through a channel. */
export interface Funding {
  unit: string;
  channel: string;
  amount: number;
}

/** Money spent by a unit; the allowed categories are `teacher_fee`, `lost_time_compensation`, `awards`, `other_activity`. */
export interface Expense {
  unit: string;
  date?: string | null;
  category?: string | null;
  amount: number;
  /** A member's id, when a person was paid. */
  payee?: string | null;
  payee_kind?: Payee | null;
}

/** A unit's money: received, spent, and per resident against the target. */
export interface FundingSummary {
  unit: string;
  /** Whether the unit is in the unit list. */
  listed: boolean;
  residents: number | null;
  received: number;
  received_by_channel: { [channel: string]: number };
  spent: number;
  spent_by_category: { [category: string]: number };
  per_capita: number | null;
  target_per_capita: number;
  meets_target: boolean | null;
  shortfall: number | null;
}

/** The review of a district's books. */
export interface MoneyReview {
  /** Entries that could not be read (a negative amount), each with its path. */
  errors: ErrorInfo[];
  findings: Finding[];
  summary: FundingSummary[];
}

// ------------------------------------------------------------------ districts

/** A whole district: its network, people, records, rounds and books. */
export interface DistrictDoc {
  name?: Text;
  units?: UnitDoc[];
  members?: MemberDoc[];
  /** One record per community and year; bad records become failed outcomes. */
  records?: RecordInput[];
  rounds?: Round[];
  fundings?: Funding[];
  expenses?: Expense[];
}

/** How many assessments got a grade. */
export interface GradeCount {
  grade: string;
  label: Text;
  count: number;
}

/** An indicator often not met, and the points it cost. */
export interface Weakness {
  indicator: string;
  label: Text;
  unmet: number;
  no_data: number;
  points_lost: number;
  department: Text | null;
}

/** A roll-up of assessments (a street's, the district's). */
export interface Summary {
  assessed: number;
  pass_rate: number | null;
  mean_score: number | null;
  median_score: number | null;
  grades: GradeCount[];
  weakest: Weakness[];
}

/** A unit's place in a ranking. */
export interface Ranked {
  unit: string;
  score: number;
  grade: string;
  rank: number;
}

/** A street's roll-up. */
export interface StreetReport {
  street: string;
  name: string;
  communities: number;
  communities_with_teaching_point: number;
  has_centre: boolean;
  summary: Summary;
  ranking: Ranked[];
}

/** How much of the network has its facilities. */
export interface Coverage {
  streets: number;
  streets_with_centre: number;
  communities: number;
  communities_with_teaching_point: number;
}

/** The appraisal of a whole district. */
export interface DistrictReport {
  name: Text;
  rulebook: string;
  /** One per record, in order. */
  outcomes: Outcome[];
  streets: StreetReport[];
  /** Records whose unit is not a community of the network. */
  unplaced: string[];
  summary: Summary;
  ranking: Ranked[];
  findings: Finding[];
  coverage: Coverage;
  designations: RoundResult[];
  round_errors: ErrorInfo[];
  money: MoneyReview | null;
}

// ------------------------------------------------------------------ sensitivity

/** How one record's score, grade and rank can move. */
export interface RecordSensitivity {
  unit: string;
  score: number | null;
  grade: string | null;
  min_score: number | null;
  max_score: number | null;
  /** Every grade the record can reach. */
  grades: string[];
  stable: boolean;
  best_rank: number | null;
  worst_rank: number | null;
  error: ErrorInfo | null;
}

/** How many grades change when one indicator's weight moves. */
export interface IndicatorSensitivity {
  indicator: string;
  grade_changes: number;
}

/** How grades and ranks move when each weight moves by ±`change`. */
export interface Sensitivity {
  change: number;
  records: RecordSensitivity[];
  stable_share: number | null;
  by_indicator: IndicatorSensitivity[];
}
