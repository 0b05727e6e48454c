#!/usr/bin/env python3
"""Writes the conformance cases in conformance/cases/.

Each case is a rulebook (a built-in name or a whole document), input records, a
`reference` written here independently of the engine, and the `expected` output.
This script writes the inputs and the reference with `expected: null`; then
`BLESS=1 cargo test -p learning-city --test conformance` fills `expected` from the
Rust engine, after checking it against the reference (score and grade, or the error's
path and code). Without BLESS the Rust, Python and Node suites compare their output
with `expected` exactly.

The reference for the `standard` and `national-2010` rulebooks is computed below
straight from the formulas of DOMAIN.md §4; for custom rulebooks it is written by hand.
"""

import datetime as dt
import json
import pathlib

HERE = pathlib.Path(__file__).parent
CASES = HERE / "cases"

# ---------------------------------------------------------------- reference


def linear(points, value, target):
    """DOMAIN.md §4: points × clamp((value − target/2) / (target/2), 0, 1)."""
    half = target / 2
    return points * min(max((value - half) / half, 0.0), 1.0)


def reference_standard(rec, survey_targets=(0.7, 0.7, 0.5)):
    """Score and grade of a valid record under `standard` (or national-2010's targets)."""
    aware_t, recog_t, satis_t = survey_targets
    year = int(rec["period"])
    g = lambda k: rec.get(k)
    pts = []
    for num, den, target, p in [
        ("participants", "residents", 0.25, 20),
        ("aware", "surveyed", aware_t, 10),
        ("recognising", "surveyed", recog_t, 10),
        ("satisfied", "surveyed", satis_t, 15),
    ]:
        pts.append(0.0 if g(num) is None or g(den) is None else linear(p, g(num) / g(den), target))
    f, r = g("funding_cny"), g("residents")
    pts.append(0.0 if f is None or r is None else linear(15, f / r, 2.0))
    m = g("activities_by_month")
    pts.append(0.0 if m is None else 15 * sum(1 for c in m if c >= 2) / 12)
    reps = g("reports")
    if reps is None:
        pts.append(0.0)
    else:
        months = {int(d[5:7]) for d in reps if int(d[8:10]) <= 25}
        pts.append(5 * len(months) / 12)
    st = g("staff_trainings")
    pts.append(3.0 if st is not None and st >= 2 else 0.0)
    lg = g("leading_group_meetings")
    pts.append(2.0 if lg is not None and lg >= 1 else 0.0)
    co = g("centre_organised_on")
    pts.append(2.0 if co is not None and co <= f"{year}-06-30" else 0.0)
    sc = g("signature_courses")
    pts.append(3.0 if sc is not None and (sc is True or (sc is not False and sc >= 1)) else 0.0)
    score = 0.0
    for p in pts:
        score += p
    return {"score": score, "grade": band(score)}


def band(score):
    for gid, lo in [("excellent", 90), ("good", 75), ("pass", 60)]:
        if score >= lo:
            return gid
    return "fail"


def err(path, code):
    return {"error": {"path": path, "code": code}}


# ---------------------------------------------------------------- records

MONTHS = range(1, 13)
ALL_REPORTS = [f"2024-{m:02}-20" for m in MONTHS]


def full(unit="c-001", **over):
    """A community that meets every standard target."""
    rec = {
        "unit": unit, "period": "2024", "residents": 4200, "participants": 1130,
        "surveyed": 300, "aware": 231, "recognising": 220, "satisfied": 170,
        "funding_cny": 9000, "activities_by_month": [2, 3, 2, 2, 2, 2, 4, 2, 2, 3, 2, 2],
        "reports": list(ALL_REPORTS), "staff_trainings": 2, "leading_group_meetings": 1,
        "centre_organised_on": "2024-05-10", "signature_courses": 1,
    }
    for k, v in over.items():
        if v is DROP:
            rec.pop(k, None)
        else:
            rec[k] = v
    return rec


DROP = object()


def bare(unit="c-001", **fields):
    return {"unit": unit, "period": "2024", **fields}


# ---------------------------------------------------------------- custom rulebooks


def rulebook(rid, indicators, **extra):
    doc = {
        "id": rid, "version": "1", "effective_from": "2020-01-01",
        "title": {"zh": "一致性测试规则", "en": "conformance test rules"},
        "grades": [
            {"id": "excellent", "label": {"zh": "优秀", "en": "excellent"}, "min": 90},
            {"id": "good", "label": {"zh": "良好", "en": "good"}, "min": 75},
            {"id": "pass", "label": {"zh": "合格", "en": "pass"}, "min": 60},
            {"id": "fail", "label": {"zh": "不合格", "en": "fail"}, "min": 0},
        ],
        "indicators": indicators,
    }
    doc.update(extra)
    return doc


def ind(iid, points, rule, credit, **extra):
    return {"id": iid, "label": {"zh": f"指标{iid}", "en": f"indicator {iid}"},
            "points": points, "rule": rule, "credit": credit, **extra}


SCORE100 = rulebook("score100", [ind("S", 100, {"carried_score": {"field": "s", "max": 100, "at_least": 60}}, "proportional")])


# ---------------------------------------------------------------- cases

cases = []


def case(name, about, records, reference, rulebook="standard"):
    cases.append({"name": name, "about": about, "kind": "assess", "rulebook": rulebook,
                  "records": records, "reference": reference, "expected": None})


def std_case(name, about, records, rb="standard"):
    targets = (0.8, 0.8, 0.7) if rb == "national-2010" else (0.7, 0.7, 0.5)
    case(name, about, records, [reference_standard(r, targets) for r in records], rb)


# Every rule kind and credit curve of the standard rulebook.
std_case("standard-all-met", "a community meeting every target scores 100", [full()])
std_case("t1-ratio-at-target", "T1 exactly at 25 % earns all 20 points", [full(participants=1050)])
std_case("t1-ratio-linear", "T1 between half the target and the target earns a share", [full(participants=800)])
std_case("t1-ratio-at-half", "T1 at exactly half the target earns 0", [full(participants=525)])
std_case("t1-ratio-below-half", "T1 below half the target earns 0 and says how many more", [full(participants=100)])
std_case("t1-ratio-zero", "0 participants is data, not missing", [full(participants=0)])
std_case("t2-t3-awareness-recognition", "survey ratios below 70 % earn linear credit", [full(aware=150, recognising=200)])
std_case("t4-satisfaction-edge", "T4 at 50 % exactly is met; 49.7 % is not", [full(satisfied=150), full("c-002", satisfied=149)])
std_case("t5-per-capita-met", "T5 at exactly 2 CNY per resident is met", [full(funding_cny=8400)])
std_case("t5-per-capita-linear", "T5 at 1.8 CNY earns a share and names the CNY missing", [full(funding_cny=7560)])
std_case("t5-per-capita-zero", "no money spent earns 0", [full(funding_cny=0)])
std_case("t6-months-short", "two months with 1 activity and one with 0", [full(activities_by_month=[2, 2, 1, 2, 0, 2, 2, 1, 2, 2, 2, 2])])
std_case("t6-no-month-meets", "every month short", [full(activities_by_month=[1] * 12)])
std_case("t6-fractional-threshold", "counts above the threshold in every month", [full(activities_by_month=[5] * 12)])
std_case("t7-on-the-25th", "a report dated the 25th counts; the 26th does not", [full(reports=[f"2024-{m:02}-25" for m in MONTHS]), full("c-002", reports=[f"2024-{m:02}-26" for m in MONTHS])])
std_case("t7-some-months", "reports in some months only, two in one month", [full(reports=["2024-01-05", "2024-01-24", "2024-03-25", "2024-12-01"])])
std_case("t7-empty-list", "an empty report list is data: no month met", [full(reports=[])])
std_case("t7-leap-day", "a report on 29 February 2024 counts for February", [full(reports=["2024-02-29"] + [f"2024-{m:02}-20" for m in MONTHS if m != 2])])
std_case("t8-t9-counts", "one training and no meetings fail T8 and T9", [full(staff_trainings=1, leading_group_meetings=0)])
std_case("t11-deadline-edge", "organised on 30 June is in time; 1 July is late", [full(centre_organised_on="2024-06-30"), full("c-002", centre_organised_on="2024-07-01")])
std_case("t13-presence", "signature course as counts and as yes/no", [full(signature_courses=0), full("c-002", signature_courses=True), full("c-003", signature_courses=False), full("c-004", signature_courses=3)])
std_case("national-2010-stricter", "a record that is excellent under standard loses points under the national thresholds", [full(aware=225, recognising=222, satisfied=160)], rb="national-2010")
std_case("standard-same-record", "the same record under standard, for comparison", [full(aware=225, recognising=222, satisfied=160)])

# Missing data.
std_case("missing-everything", "a record with only unit and period: every indicator says no data", [bare()])
std_case("missing-some", "survey fields missing: T2-T4 no data, the rest scored", [full(surveyed=DROP, aware=DROP, recognising=DROP, satisfied=DROP)])
std_case("missing-null", "null counts as missing", [full(funding_cny=None, reports=None)])
std_case("surveyed-zero-no-answers", "surveyed 0 with no answers is no data, not an error", [full(surveyed=0, aware=DROP, recognising=DROP, satisfied=DROP)])
std_case("period-as-number", "a period written as the number 2024 is read as the year", [full(period=2024)])
std_case("unused-fields-ignored", "fields no rule reads are ignored, even odd ones", [full(notes="新建", extra={"a": [1, 2]}, weird=-5)])

# Impossible data: one error each, naming the field.
impossible = [
    ("negative-residents", "a negative count", full(residents=-1), "records[0].residents", "negative"),
    ("residents-zero-t1", "residents 0 while T1 needs it", full(residents=0, participants=0), "records[0].residents", "zero_whole"),
    ("residents-zero-t5", "residents 0 while T5 needs it", bare(residents=0, funding_cny=100), "records[0].residents", "zero_whole"),
    ("surveyed-zero-with-answers", "surveyed 0 with answers present", full(surveyed=0, aware=0), "records[0].surveyed", "zero_whole"),
    ("answers-above-surveyed", "more satisfied than surveyed", full(satisfied=301), "records[0].satisfied", "part_exceeds_whole"),
    ("participants-above-residents", "more participants than residents", full(participants=4201), "records[0].participants", "part_exceeds_whole"),
    ("months-not-12", "a month list of 11", full(activities_by_month=[2] * 11), "records[0].activities_by_month", "wrong_length"),
    ("month-negative", "a negative monthly count", full(activities_by_month=[2] * 11 + [-1]), "records[0].activities_by_month[11]", "negative"),
    ("month-not-number", "a monthly count that is text", full(activities_by_month=[2] * 5 + ["two"] + [2] * 6), "records[0].activities_by_month[5]", "wrong_type"),
    ("report-outside-year", "a report dated in the previous year", full(reports=["2023-12-20"]), "records[0].reports[0]", "outside_year"),
    ("report-bad-date", "a report dated 30 February", full(reports=["2024-01-20", "2024-02-30"]), "records[0].reports[1]", "bad_date"),
    ("report-not-iso", "a report date in another format", full(reports=["20/01/2024"]), "records[0].reports[0]", "bad_date"),
    ("organised-nonexistent", "a centre organised on 31 April", full(centre_organised_on="2024-04-31"), "records[0].centre_organised_on", "bad_date"),
    ("organised-outside-year", "a centre organised in the next year", full(centre_organised_on="2025-01-02"), "records[0].centre_organised_on", "outside_year"),
    ("count-wrong-type", "a count written as text", full(staff_trainings="2"), "records[0].staff_trainings", "wrong_type"),
    ("reports-not-list", "reports as a single string", full(reports="2024-01-20"), "records[0].reports", "wrong_type"),
    ("missing-unit", "a record without its unit", {k: v for k, v in full().items() if k != "unit"}, "records[0].unit", "missing"),
    ("bad-period", "a period that is not a year", full(period="2024年"), "records[0].period", "bad_period"),
    ("record-not-object", "a record that is a number", 42, "records[0]", "wrong_type"),
]
for name, about, rec, path, code in impossible:
    case(f"error-{name}", f"impossible data: {about}", [rec], [err(path, code)])

# Batches keep every record, in order.
batch = [full("c-001"), full("c-002", residents=-5), bare("c-003"), "not a record", full("c-005", participants=700)]
case("batch-mixed", "five records in, five outcomes out, errors in place",
     batch,
     [reference_standard(batch[0]), err("records[1].residents", "negative"), reference_standard(batch[2]),
      err("records[3]", "wrong_type"), reference_standard(batch[4])])
case("batch-empty", "no records in, no outcomes out", [], [])

# Grade boundaries, on a rulebook whose score is the carried value.
for s, g in [(59.99, "fail"), (60, "pass"), (74.99, "pass"), (75, "good"), (89.99, "good"), (90, "excellent"), (0, "fail"), (100, "excellent")]:
    case(f"grade-boundary-{s}", f"a score of {s} is graded {g}", [bare(s=s)], [{"score": float(s), "grade": g}], SCORE100)

# The other rule kinds and credit curves, on custom rulebooks.
lead = rulebook("lead", [ind("L", 10, {"lead_time": {"field": "material", "at_least_days": 15}}, "share")])
case("lead-time-share", "course material sent 15 days ahead (across the leap day) counts; 14 does not",
     [bare(material=[["2024-02-14", "2024-02-29"], ["2024-02-15", "2024-03-01"], ["2024-03-01", "2024-03-15"]])],
     [{"score": 10 * 2 / 3, "grade": "fail"}], lead)
case("lead-time-sent-last-year", "material sent in December for a January class",
     [bare(material=[["2023-12-20", "2024-01-05"]])], [{"score": 10.0, "grade": "fail"}], lead)

filing = rulebook("filing", [
    ind("T12", 50, {"date_by": {"field": "plan_filed_on", "month": 4, "day": 30}}, "all_or_nothing"),
    ind("T14", 50, {"carried_score": {"field": "inspection", "max": 20, "at_least": 12}}, "proportional"),
])
case("filing-and-inspection", "a plan filed by 30 April and an inspection score carried over",
     [bare(plan_filed_on="2024-04-30", inspection=15), bare("c-002", plan_filed_on="2024-05-01", inspection=20)],
     [{"score": 50 + 50 * 15 / 20, "grade": "good"}, {"score": 50.0, "grade": "fail"}], filing)
case("inspection-above-max", "an inspection score above its maximum is impossible",
     [bare(plan_filed_on="2024-04-01", inspection=21)], [err("records[0].inspection", "above_max")], filing)

leap = rulebook("leap", [ind("F", 100, {"date_by": {"field": "done_on", "month": 2, "day": 29}}, "all_or_nothing")])
case("leap-day-deadline", "a 29 February deadline means 28 February in a common year",
     [{"unit": "c-001", "period": "2023", "done_on": "2023-02-28"}, {"unit": "c-002", "period": "2023", "done_on": "2023-03-01"}],
     [{"score": 100.0, "grade": "excellent"}, {"score": 0.0, "grade": "fail"}], leap)

strict = rulebook("strict", [
    ind("A", 90, {"carried_score": {"field": "a", "max": 90, "at_least": 0}}, "proportional"),
    ind("V", 0, {"presence": {"field": "safety_ok"}}, "all_or_nothing", veto=True),
    ind("B1", 4, {"presence": {"field": "award"}}, "all_or_nothing", bonus=True),
    ind("B2", 4, {"presence": {"field": "innovation"}}, "all_or_nothing", bonus=True),
    ind("R", 10, {"dated_each_period": {"field": "reports", "by_day": 25}}, {"deduct": {"per_shortfall": 1}}),
], bonus_cap=5)
strict["grades"][0]["requires_met"] = ["R"]
case("veto-fails-whatever-the-score", "a failed veto item gives the floor grade despite 90+ points",
     [bare(a=90, safety_ok=False, reports=ALL_REPORTS)], [{"score": 100.0, "grade": "fail"}], strict)
case("bonus-capped", "two bonus items of 4 add only the cap of 5",
     [bare(a=80, safety_ok=True, award=1, innovation=True, reports=ALL_REPORTS)], [{"score": 95.0, "grade": "excellent"}], strict)
case("deduction-per-month", "1 point off per month without a report by the 25th, floored at 0",
     [bare(a=90, safety_ok=True, reports=ALL_REPORTS[:9]), bare("c-002", a=90, safety_ok=True, reports=[])],
     [{"score": 97.0, "grade": "good"}, {"score": 90.0, "grade": "good"}], strict)
case("compound-grade", "90+ points without R met is not excellent",
     [bare(a=90, safety_ok=True, award=1, reports=ALL_REPORTS[:11])], [{"score": 103.0, "grade": "good"}], strict)

counts = rulebook("counts", [
    ind("T8", 60, {"count_in_range": {"field": "staff_trainings", "at_least": 2, "at_most": 3}}, "all_or_nothing"),
    ind("T6", 40, {"count_each_period": {"field": "activities_by_month", "at_least": 2}}, "all_or_nothing"),
])
case("count-in-range", "2 to 3 trainings a year: 1 and 4 both miss",
     [bare(staff_trainings=1), bare("c-002", staff_trainings=3), bare("c-003", staff_trainings=4)],
     [{"score": 0.0, "grade": "fail"}, {"score": 60.0, "grade": "pass"}, {"score": 0.0, "grade": "fail"}], counts)
case("all-or-nothing-months", "every month must meet it for all-or-nothing credit",
     [bare(activities_by_month=[2] * 12, staff_trainings=2), bare("c-002", activities_by_month=[2] * 11 + [1], staff_trainings=2)],
     [{"score": 100.0, "grade": "excellent"}, {"score": 60.0, "grade": "pass"}], counts)

# The deduction case above: R with 9 of 12 months → 10 − 3 = 7; 90 + 7 = 97, but R
# unmet blocks "excellent" (compound rule), so "good". The empty list: 10 − 12 → 0.


# ---------------------------------------------------------------- issue 3 kinds
#
# Every other kind carries `input` (the call's arguments by name) and `checks`:
# [JSON pointer, value] pairs written here by hand that the output must hold,
# independent of the engine; `expected` is again the engine's exact output.

STANDARD_DOC = json.loads((HERE.parent / "core/rulebooks/standard.json").read_text(encoding="utf-8"))


def kase(kind, name, about, inputs, checks):
    cases.append({"name": name, "about": about, "kind": kind, "input": inputs,
                  "checks": checks, "expected": None})


# The strict example: veto, capped bonus, deduction, compound grade, weighted evidence.
def strict_full(unit="c-001", **over):
    rec = bare(unit, no_major_incident=True, residents=1000,
               surveyed=100, aware=85, satisfied=75, funding_cny=2500,
               activities_by_month=[2] * 12, reports=list(ALL_REPORTS),
               course_material=[["2024-03-01", "2024-03-20"]], plan_filed_on="2024-04-15",
               inspection_score=18)
    rec["participants@self_report"] = 300
    rec["participants@on_site_inspection"] = 260
    for k, v in over.items():
        if v is DROP:
            rec.pop(k, None)
        else:
            rec[k] = v
    return rec


def strict_reference(rec):
    """strict-example, straight from its definition in core/rulebooks/strict-example.json."""
    if rec.get("inspection_score", 0) > 20:
        return err("records[0].inspection_score", "above_max")
    g = rec.get
    srcs = []
    for w, key in [(0.4, "participants@self_report"), (0.6, "participants@on_site_inspection")]:
        p = 0.0 if g(key) is None else linear(15, g(key) / g("residents"), 0.25)
        srcs.append((w, p, g(key) is not None and g(key) / g("residents") >= 0.25))
    t1 = sum(w * p for w, p, _ in srcs) / (0.4 + 0.6)
    t1_met = all(m for _, _, m in srcs)
    months = {int(d[5:7]) for d in g("reports") if int(d[8:10]) <= 25}
    lead = g("course_material")
    ok = sum(1 for a, b in lead if (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days >= 15)
    insp = g("inspection_score")
    pts = [
        0.0,
        t1,
        linear(10, g("aware") / g("surveyed"), 0.8),
        linear(10, g("satisfied") / g("surveyed"), 0.7),
        linear(15, g("funding_cny") / g("residents"), 2.0),
        10 * sum(1 for c in g("activities_by_month") if c >= 2) / 12,
        max(10 - 1 * (12 - len(months)), 0.0),
        5 * ok / len(lead),
        5.0 if g("plan_filed_on") <= "2024-04-30" else 0.0,
        20 * insp / 20,
    ]
    score = 0.0
    for p in pts:
        score += p
    bonus = sum(3 for k in ("commendations", "innovation_cases") if g(k))
    score += min(bonus, 5)
    vetoed = g("no_major_incident") is not True
    grade = band(score)
    if grade == "excellent" and not (t1_met and insp >= 12):
        grade = "good" if score >= 75 else band(score)
    return {"score": score, "grade": "fail" if vetoed else grade}


STRICT = [
    ("all-met", "every strict target met", strict_full()),
    ("veto", "a failed veto item fails the year at 98 points", strict_full(no_major_incident=False)),
    ("veto-no-data", "a veto item without data fails too", strict_full(no_major_incident=DROP)),
    ("bonus-capped", "bonus items of 3 and 3 add the cap of 5", strict_full(commendations=1, innovation_cases=2)),
    ("deduction", "three months without a report by the 25th: 3 points off", strict_full(reports=ALL_REPORTS[:9])),
    ("compound-grade", "an inspection score below 12 blocks excellent at 91 points", strict_full(inspection_score=11)),
    ("weighted-split", "the inspection finds fewer participants than the self-report", strict_full(**{"participants@on_site_inspection": 200})),
    ("weighted-missing-source", "no inspection figure: that source scores 0", strict_full(**{"participants@on_site_inspection": DROP})),
    ("lead-time-late", "one course's material sent 10 days ahead", strict_full(course_material=[["2024-03-01", "2024-03-20"], ["2024-05-01", "2024-05-11"]])),
    ("plan-late", "the annual plan filed on 1 May", strict_full(plan_filed_on="2024-05-01")),
    ("inspection-above-max", "an inspection score above its maximum of 20", strict_full(inspection_score=21)),
]
for name, about, rec in STRICT:
    case(f"strict-{name}", about, [rec], [strict_reference(rec)], "strict-example")

# Versioned rulebooks.
v2023 = json.loads(json.dumps(STANDARD_DOC))
v2023.update({"version": "2023", "effective_from": "2023-01-01"})
v2023["indicators"][0]["rule"]["ratio"]["at_least"] = 0.3
year_rec = lambda y: {"unit": f"c-{y}", "period": str(y), "residents": 1000, "participants": 270}
kase("assess_versioned", "versioned-by-year", "each year is assessed with the version in force on 1 January",
     {"rulebooks": [v2023, STANDARD_DOC], "records": [year_rec(2019), year_rec(2022), year_rec(2023)]},
     [["/0/error/code", "no_version_in_force"], ["/0/error/path", "records[0].period"],
      ["/1/rulebook", "standard@2020"], ["/1/indicators/0/met", True],
      ["/2/rulebook", "standard@2023"], ["/2/indicators/0/met", False]])
other = json.loads(json.dumps(v2023))
other["id"] = "other"
kase("assess_versioned", "versioned-mixed-ids", "a set holds versions of one rulebook only",
     {"rulebooks": [STANDARD_DOC, other], "records": [year_rec(2024)]},
     [["/error/code", "mixed_ids"], ["/error/path", "rulebooks[1].id"]])
kase("assess_versioned", "versioned-same-date", "two versions may not start on the same day",
     {"rulebooks": [STANDARD_DOC, dict(v2023, effective_from="2020-01-01")], "records": []},
     [["/error/code", "same_effective_date"], ["/error/path", "rulebooks"]])

# Networks (N1–N5).
def unit(uid, level, parent=None, facilities=(), head=None, residents=None):
    u = {"id": uid, "name": uid, "level": level}
    if parent:
        u["parent"] = parent
    if facilities:
        u["facilities"] = list(facilities)
    if head:
        u["head"] = head
    if residents is not None:
        u["residents"] = residents
    return u


BASES = ["party_member_base", "adult_base", "elderly_base", "children_base"]
GOOD_UNITS = [unit("d", "district", facilities=["district_college"] + BASES),
              unit("s-1", "street", "d", ["street_centre"]),
              unit("c-1", "community", "s-1", ["teaching_point"], "周光", 4200),
              unit("c-2", "community", "s-1", ["teaching_point"], "倪应敏", 3100)]
MANAGERS = [{"id": f"m-{u['id']}", "name": "管理员", "teams": ["manager"], "unit": u["id"]} for u in GOOD_UNITS]
kase("network", "network-sound", "a three-level network meeting N1-N5 has no findings",
     {"units": GOOD_UNITS, "members": MANAGERS}, [["", []]])
kase("network", "network-two-level", "a town's two-level network rooted at a street is sound (no district bases needed)",
     {"units": [unit("s-1", "street", facilities=["street_centre"])] + GOOD_UNITS[2:4], "members": MANAGERS[1:4]}, [["", []]])
kase("network", "network-unknown-parent", "a community under a street that is not there",
     {"units": GOOD_UNITS + [unit("c-3", "community", "s-9", ["teaching_point"], "张")], "members": MANAGERS + [{"id": "m-c-3", "name": "x", "teams": ["manager"], "unit": "c-3"}]},
     [["/0/rule", "N1"], ["/0/code", "unknown_parent"], ["/0/path", "units[4].parent"]])
kase("network", "network-duplicate-id", "two units with one id",
     {"units": GOOD_UNITS + [unit("c-2", "community", "s-1", ["teaching_point"], "李")], "members": MANAGERS},
     [["/0/code", "duplicate_id"], ["/0/path", "units[4].id"]])
kase("network", "network-wrong-level", "a community directly under the district",
     {"units": GOOD_UNITS + [unit("c-4", "community", "d", ["teaching_point"], "王")], "members": MANAGERS + [{"id": "m-c-4", "name": "x", "teams": ["manager"], "unit": "c-4"}]},
     [["/0/code", "wrong_parent_level"], ["/0/path", "units[4].parent"]])
kase("network", "network-facilities-heads-managers", "no college, no bases, a street without a centre, a community without a point, a head or a manager",
     {"units": [unit("d", "district"), unit("s-1", "street", "d"), unit("c-1", "community", "s-1")], "members": []},
     [["/0/rule", "N2"], ["/3/rule", "N3"], ["/6/rule", "N3"], ["/7/rule", "N4"], ["/10/rule", "N5"], ["/10/path", "units[2].head"]])
kase("network", "network-malformed", "a level that does not exist",
     {"units": [{"id": "d", "level": "county"}], "members": None},
     [["/error/path", "units[0].level"], ["/error/kind", "network"]])

# Designation rounds.
def cnd(cid, score, met=0, **kw):
    return {"id": cid, "score": score, "met": met, **kw}


kase("designation", "round-tie-break", "equal scores: more indicators met first, then the id",
     {"round": {"category": "estate", "year": 2024, "quota": 2},
      "candidates": [cnd("e-3", 88.0, 9), cnd("e-1", 88.0, 9), cnd("e-2", 88.0, 10), cnd("e-4", 95.0, 1)]},
     [["/winners/0/candidate", "e-4"], ["/winners/1/candidate", "e-2"],
      ["/missed/0/candidate", "e-1"], ["/missed/0/short_by", 0.0], ["/missed/1/candidate", "e-3"]])
kase("designation", "round-ineligible", "vetoed and low-scoring candidates are not ranked",
     {"round": {"category": "community", "year": 2024, "quota": 5, "min_score": 75},
      "candidates": [cnd("c-1", 99.0, vetoed=True), cnd("c-2", 74.99), cnd("c-3", 75.0)]},
     [["/winners/0/candidate", "c-3"], ["/ineligible/0/candidate", "c-1"], ["/ineligible/1/candidate", "c-2"],
      ["/ineligible/1/reason/en", "score 74.99 is below the minimum of 75"]])
kase("designation", "round-short-by", "missed candidates say how far below the last winner they are",
     {"round": {"category": "organ", "year": 2024, "quota": 1}, "candidates": [cnd("o-1", 92.0), cnd("o-2", 80.5)]},
     [["/missed/0/short_by", 11.5], ["/missed/0/rank", 2]])
kase("designation", "round-precondition", "two whole years as an experimental zone by 1 January",
     {"round": {"category": "community", "year": 2024, "quota": 3,
                "preconditions": [{"years_with_status": {"status": "experimental_zone", "years": 2}}]},
      "candidates": [cnd("c-1", 80.0, statuses=[{"status": "experimental_zone", "since": "2022-01-01"}]),
                     cnd("c-2", 95.0, statuses=[{"status": "experimental_zone", "since": "2022-01-02"}])]},
     [["/winners/0/candidate", "c-1"], ["/ineligible/0/candidate", "c-2"]])
kase("designation", "round-own-candidates", "a round may list its own candidates",
     {"round": {"category": "family", "year": 2024, "quota": 1, "candidates": [cnd("f-1", 70.0), cnd("f-2", 71.0)]}, "candidates": None},
     [["/winners/0/candidate", "f-2"]])
kase("designation", "round-no-quota", "a quota of 0 is an error",
     {"round": {"category": "family", "year": 2024, "quota": 0}, "candidates": []},
     [["/error/path", "round.quota"], ["/error/code", "no_quota"]])

# The nomination workflow.
NOM = {"id": "n-1", "candidate": "f-017", "category": "family", "year": 2024,
       "history": [{"stage": "nominated", "on": "2024-11-01"}]}
step = lambda stage, on: {"stage": stage, "on": on}
kase("workflow", "workflow-full", "nominated, submitted, approved, awarded",
     {"nomination": NOM, "steps": [step("submitted", "2024-11-05"), step("approved", "2024-12-01"), step("awarded", "2024-12-28")]},
     [["/error", None], ["/nomination/history/3/stage", "awarded"]])
kase("workflow", "workflow-skip", "no stage may be skipped",
     {"nomination": NOM, "steps": [step("approved", "2024-11-05")]},
     [["/error/path", "steps[0]"], ["/error/code", "illegal_step"], ["/nomination/history/0/stage", "nominated"]])
kase("workflow", "workflow-backwards-date", "dates never run backwards",
     {"nomination": NOM, "steps": [step("submitted", "2024-10-31")]},
     [["/error/code", "date_backwards"]])
kase("workflow", "workflow-rejected-is-final", "no award after a rejection",
     {"nomination": NOM, "steps": [step("submitted", "2024-11-05"), step("rejected", "2024-12-01"), step("awarded", "2024-12-02")]},
     [["/error/path", "steps[2]"], ["/nomination/history/2/stage", "rejected"]])
kase("workflow", "workflow-bad-history", "a stored history must start with nominated",
     {"nomination": dict(NOM, history=[step("submitted", "2024-11-01")]), "steps": []},
     [["/error/path", "nomination.history[0]"], ["/error/code", "not_started_as_nominated"]])

# Sensitivity.
sens_rec = lambda unit, p, aware: {"unit": unit, "period": "2024", "residents": 1000, "participants": p,
                                   "surveyed": 100, "aware": aware, "recognising": 80, "satisfied": 60,
                                   "funding_cny": 3000, "activities_by_month": [2] * 12}
kase("sensitivity", "sensitivity-stable", "85 points stay good when any weight moves by 10 %",
     {"rulebook": "standard", "records": [sens_rec("a", 300, 90)], "change": 0.1},
     [["/records/0/score", 85.0], ["/records/0/grades", ["good"]], ["/stable_share", 1.0]])
kase("sensitivity", "sensitivity-unstable", "at ±50 % T1 alone moves 85 points between 75 and 95",
     {"rulebook": "standard", "records": [sens_rec("a", 300, 90)], "change": 0.5},
     [["/records/0/grades", ["excellent", "good"]], ["/records/0/max_score", 95.0], ["/stable_share", 0.0]])
kase("sensitivity", "sensitivity-bad-record", "a bad record keeps its place; ranks count only the scored",
     {"rulebook": "standard", "records": [sens_rec("a", 300, 90), {"unit": "b", "period": "2024", "residents": -1}, sens_rec("c", 100, 90)], "change": 0.1},
     [["/records/1/error/path", "records[1].residents"], ["/records/2/best_rank", 2], ["/records/0/best_rank", 1]])
kase("sensitivity", "sensitivity-change-range", "the change must be a share between 0 and 1",
     {"rulebook": "standard", "records": [], "change": 1.5},
     [["/error/path", "change"], ["/error/code", "out_of_range"]])

# Money (DOMAIN.md §6).
ROSTER = [{"id": "m-1", "name": "志愿者", "teams": ["volunteer"], "unit": "c-1", "specialties": ["law"]},
          {"id": "m-2", "name": "主任", "teams": ["manager"], "unit": "c-1"},
          {"id": "m-3", "name": "教师", "teams": ["lecturer"], "unit": "c-1"}]
MONEY_UNITS = [unit("c-1", "community", "s-1", residents=1000), unit("c-2", "community", "s-1", residents=500)]
kase("money", "money-findings", "an unknown category and teacher fees to a volunteer and to staff",
     {"units": MONEY_UNITS, "fundings": [{"unit": "c-1", "channel": "district_budget", "amount": 2500}],
      "expenses": [{"unit": "c-1", "category": "teacher_fee", "amount": 300, "payee": "m-1"},
                   {"unit": "c-1", "category": "teacher_fee", "amount": 300, "payee": "m-2"},
                   {"unit": "c-1", "category": "teacher_fee", "amount": 300, "payee": "m-3"},
                   {"unit": "c-1", "category": "banquet", "amount": 800}],
      "members": ROSTER, "at_least_per_capita": 2.0},
     [["/findings/0/rule", "M1"], ["/findings/0/path", "expenses[3].category"],
      ["/findings/1/rule", "M2"], ["/findings/1/path", "expenses[0].payee"],
      ["/findings/2/path", "expenses[1].payee"], ["/summary/0/received", 2500.0], ["/summary/0/spent", 1700.0]])
kase("money", "money-per-capita", "per-capita funding against the rulebook's 2 CNY",
     {"units": MONEY_UNITS, "fundings": [{"unit": "c-1", "channel": "district_budget", "amount": 1500},
                                         {"unit": "c-1", "channel": "street", "amount": 500},
                                         {"unit": "c-2", "channel": "district_budget", "amount": 800}],
      "expenses": [], "members": [], "at_least_per_capita": 2.0},
     [["/summary/0/per_capita", 2.0], ["/summary/0/meets_target", True],
      ["/summary/1/per_capita", 1.6], ["/summary/1/meets_target", False], ["/summary/1/shortfall", 200.0]])
kase("money", "money-impossible", "a negative amount is an error with its path",
     {"units": [], "fundings": [{"unit": "c-1", "channel": "street", "amount": -5}], "expenses": [], "members": [], "at_least_per_capita": 2.0},
     [["/errors/0/path", "fundings[0].amount"], ["/errors/0/code", "negative"]])
kase("money", "money-malformed", "an amount written as text",
     {"units": [], "fundings": [], "expenses": [{"unit": "c", "category": "awards", "amount": "100"}], "members": [], "at_least_per_capita": 2.0},
     [["/error/path", "expenses[0].amount"]])

# A whole district.
TINY = {"name": {"zh": "测试区", "en": "Test district"}, "units": GOOD_UNITS + [unit("s-2", "street", "d", ["street_centre"]), unit("c-3", "community", "s-2", ["teaching_point"], "王", 2000)],
        "members": MANAGERS, "records": [
            {"unit": "c-1", "period": "2024", "residents": 4200, "participants": 1130},
            {"unit": "c-2", "period": "2024", "residents": -1},
            {"unit": "c-3", "period": "2024", "residents": 2000, "participants": 300}],
        "rounds": [{"category": "community", "year": 2024, "quota": 1}]}
kase("district", "district-tiny", "two streets, three communities, one bad record, one round",
     {"rulebook": "standard", "district": TINY},
     [["/outcomes/1/error/path", "records[1].residents"], ["/streets/0/summary/assessed", 1],
      ["/streets/1/ranking/0/unit", "c-3"], ["/summary/assessed", 2], ["/designations/0/winners/0/candidate", "c-1"],
      ["/coverage/communities_with_teaching_point", 3],
      ["/findings/0/rule", "N4"], ["/findings/0/unit", "s-2"]])
kase("district", "district-malformed", "a unit list that is not a list",
     {"rulebook": "standard", "district": {"units": {"id": "d"}}},
     [["/error/path", "district.units"]])



# Batches answered as asked (issue 12): the compact shape for each `explain`, the
# full shape asked for by name, and options that do not fit. The reference is the
# independent score and grade of each record (or its error); the checks are
# sentences written here by hand from DOMAIN.md's formulas.
def batch_case(name, about, records, explain, shape, reference, checks, rulebook="standard"):
    cases.append({"name": name, "about": about, "kind": "assess_batch",
                  "input": {"rulebook": rulebook, "records": records, "explain": explain, "shape": shape},
                  "reference": reference, "checks": checks, "expected": None})


BATCH = [full(), full("c-002", participants=800, reports=DROP, staff_trainings=1), bare("c-003", residents=-4),
         7, bare("c-005", residents=1000)]
BATCH_REF = [reference_standard(r) if isinstance(r, dict) and r.get("residents", 0) >= 0 else None
             for r in BATCH]
BATCH_REF[2] = err("records[2].residents", "negative")
BATCH_REF[3] = err("records[3]", "wrong_type")
batch_case("compact-none", "the compact shape without explanations: scores, grades, points, statuses",
           BATCH, "none", "compact", BATCH_REF,
           [["/explain", "none"], ["/max_score", 100.0], ["/indicators/0/id", "T1"], ["/indicators/0/points", 20.0],
            ["/indicators/5/rule/count_each_period/at_least", 2.0], ["/grades/0/id", "excellent"],
            ["/records/0/points/0", 20.0], ["/records/0/status/10", "met"], ["/records/0/work_list", []],
            ["/records/1/status/6", "no_data"], ["/records/1/work_list", [0, 6, 7]],
            ["/records/2/error/code", "negative"], ["/records/3/error/path", "records[3]"],
            ["/records/4/status/1", "no_data"]])
batch_case("compact-en", "the compact shape in English: figures, missing amounts, reasons and gaps",
           BATCH, "en", "compact", BATCH_REF,
           [["/explain", "en"],
            ["/records/0/why/0", "resident participation is 26.9 % (1130 of 4200); the target is at least 25 %"],
            ["/records/0/figures/0", {"numerator": 1130, "denominator": 4200}],
            ["/records/0/gap/0", None],
            ["/records/1/why/0", "resident participation is 19 % (800 of 4200); the target is at least 25 %"],
            ["/records/1/gap/0", "250 more residents taking part would meet 25 %"],
            ["/records/1/missing/0", 250],
            ["/records/1/figures/6", {"missing": ["reports"]}],
            ["/records/1/gap/7", "1 short of the 2 needed"],
            ["/records/4/why/1", "awareness: no data (`aware` and `surveyed` missing)"]])
batch_case("compact-zh", "the compact shape in Chinese",
           BATCH[:2], "zh", "compact", BATCH_REF[:2],
           [["/explain", "zh"], ["/records/0/why/0", "居民参与率为26.9%(1130/4200),目标不低于25%"],
            ["/records/1/gap/0", "再有250名居民参与即可达到25%"]])
batch_case("compact-both", "the compact shape in both languages",
           BATCH[:2], "both", "compact", BATCH_REF[:2],
           [["/records/1/gap/0", {"zh": "再有250名居民参与即可达到25%", "en": "250 more residents taking part would meet 25 %"}]])
batch_case("full-by-name", "the full shape asked for by name is the assess shape",
           BATCH[:3], "both", "full", BATCH_REF[:3],
           [["/0/indicators/0/why/en", "resident participation is 26.9 % (1130 of 4200); the target is at least 25 %"],
            ["/2/error/path", "records[2].residents"]])
batch_case("full-needs-both", "the full shape carries both languages: one language is refused",
           BATCH[:1], "en", "full", None, [["/error/code", "bad_option"], ["/error/path", "explain"], ["/error/kind", "input"]])
batch_case("unknown-explain", "an explain that is not one of its names",
           BATCH[:1], "fr", "compact", None, [["/error/code", "bad_option"], ["/error/path", "explain"]])
batch_case("unknown-shape", "a shape that is not one of its names",
           BATCH[:1], "en", "wide", None, [["/error/code", "bad_option"], ["/error/path", "shape"]])

def main():
    CASES.mkdir(exist_ok=True)
    for old in CASES.glob("*.json"):
        old.unlink()
    for i, c in enumerate(cases, 1):
        path = CASES / f"{i:03}-{c['name']}.json"
        path.write_text(json.dumps(c, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {len(cases)} cases to {CASES}")


if __name__ == "__main__":
    main()
