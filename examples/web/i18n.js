// The page's own words in Chinese and English: headings, buttons, field labels and the
// Chinese for error codes. Everything the engine says (indicator labels, reasons, gaps,
// grade names) comes from the engine's output, which carries both languages.

export const UI = {
  title: { zh: "学习型社区评估", en: "Learning-type community appraisal" },
  tabForm: { zh: "社区自评", en: "Self-assessment" },
  tabDashboard: { zh: "城区看板", en: "District dashboard" },
  switchLang: { zh: "English", en: "中文" },
  loading: { zh: "正在加载评估引擎…", en: "Loading the engine…" },
  rulebook: { zh: "评估标准", en: "Rulebook" },
  unit: { zh: "社区编号", en: "Community id" },
  period: { zh: "评估年度", en: "Year" },
  example: { zh: "填入示例数据", en: "Fill in an example" },
  clear: { zh: "清空", en: "Clear" },
  points: { zh: "分值", en: "points" },
  score: { zh: "得分", en: "Score" },
  grade: { zh: "等级", en: "Grade" },
  indicator: { zh: "指标", en: "Indicator" },
  earned: { zh: "得分", en: "Points" },
  status: { zh: "状态", en: "Status" },
  why: { zh: "评估说明", en: "Reason" },
  gap: { zh: "差距", en: "What it would take" },
  met: { zh: "达标", en: "met" },
  unmet: { zh: "未达标", en: "not met" },
  no_data: { zh: "无数据", en: "no data" },
  vetoed: { zh: "一票否决", en: "vetoed" },
  workList: { zh: "整改清单(以评促建)", en: "Work list" },
  fixField: { zh: "请更正标出的字段,结果将随之更新。", en: "Fix the marked field; the result updates as you type." },
  datesHint: { zh: "每行或以逗号分隔一个日期,格式 YYYY-MM-DD", en: "One date per line or comma-separated, YYYY-MM-DD" },
  pairsHint: { zh: "每行两个日期:送审日期 上课日期", en: "Two dates per line: sent, held" },
  dateHint: { zh: "YYYY-MM-DD", en: "YYYY-MM-DD" },
  months: {
    zh: ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"],
    en: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
  },
  streets: { zh: "街道", en: "streets" },
  communities: { zh: "社区", en: "communities" },
  tree: { zh: "街道与社区", en: "Streets and communities" },
  chart: { zh: "各街道社区得分", en: "Community scores by street" },
  noRecord: { zh: "无记录", en: "no record" },
  badRecord: { zh: "数据有误", en: "bad data" },
  loadFailed: { zh: "无法加载示例城区数据", en: "Could not load the sample district" },
  legend: { zh: "图例", en: "Legend" },
  mean: { zh: "平均分", en: "mean" },
  median: { zh: "中位数", en: "median" },
  passRate: { zh: "合格率", en: "pass rate" },
  findings: { zh: "网络检查发现的问题", en: "Network findings" },
  meanLine: { zh: "黑线为街道平均分(引擎汇总)", en: "The black line is the street's mean (the engine's roll-up)" },
};

/** Labels of the record fields the built-in rulebooks read; other fields show their name. */
export const FIELDS = {
  residents: { zh: "常住居民数", en: "Residents" },
  participants: { zh: "参与社区教育的居民数", en: "Residents taking part" },
  surveyed: { zh: "受访居民数", en: "Residents surveyed" },
  aware: { zh: "知晓社区教育的受访者", en: "Surveyed who know of it" },
  recognising: { zh: "认同社区教育的受访者", en: "Surveyed who endorse it" },
  satisfied: { zh: "满意的受访者", en: "Surveyed who are satisfied" },
  funding_cny: { zh: "社区教育经费(元)", en: "Funding (CNY)" },
  activities_by_month: { zh: "每月活动次数", en: "Activities each month" },
  reports: { zh: "信息报送日期", en: "Information report dates" },
  staff_trainings: { zh: "工作人员培训次数", en: "Staff training sessions" },
  leading_group_meetings: { zh: "领导小组会议次数", en: "Leading-group meetings" },
  centre_organised_on: { zh: "学习中心组建日期", en: "Learning centre organised on" },
  signature_courses: { zh: "精品课程数", en: "Signature courses" },
};

/** The Chinese for the engine's error codes (its reasons are in English). */
export const ERROR_ZH = {
  missing: "必须填写",
  wrong_type: "类型不对",
  bad_period: "年度应为四位数字,如 2024",
  negative: "不能为负数",
  not_finite: "必须是有限的数",
  zero_whole: "为 0,无法计算比例",
  part_exceeds_whole: "超过了总数",
  wrong_length: "应填写 12 个月",
  bad_date: "日期不存在或格式不是 YYYY-MM-DD",
  outside_year: "日期不在评估年度内",
  too_long: "内容过长",
  not_json: "无法读取的值",
  above_max: "超过上限",
};

let lang = "zh";
const listeners = [];

/** The current language, `zh` or `en`. */
export function currentLang() {
  return lang;
}

/** Switches the language and re-renders everything that asked to be told. */
export function setLang(next) {
  lang = next;
  document.documentElement.lang = next === "zh" ? "zh-CN" : "en";
  for (const el of document.querySelectorAll("[data-ui]")) el.textContent = t(UI[el.dataset.ui]);
  for (const fn of listeners) fn(next);
}

/** Calls `fn(lang)` after every language switch. */
export function onLangChange(fn) {
  listeners.push(fn);
}

/** The current language's side of a `{zh, en}` text (the engine's `Text` or the page's). */
export function t(text) {
  return text ? text[lang] : "";
}

/** A field's label. */
export function fieldLabel(field) {
  return FIELDS[field] ? t(FIELDS[field]) : field;
}

/** An engine error as the page shows it: the Chinese for its code, then the engine's reason. */
export function errorText(error) {
  if (lang === "zh" && ERROR_ZH[error.code]) return `${ERROR_ZH[error.code]}(${error.reason})`;
  return error.reason;
}

/** Formats a number with at most `digits` decimals. */
export function num(x, digits = 2) {
  return Number.isInteger(x) ? String(x) : String(Number(x.toFixed(digits)));
}
