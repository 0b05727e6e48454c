#!/usr/bin/env python3
"""Writes conformance/bad-input.json: malformed and impossible documents, each with
the exact path and code of the error every runtime must give.

    python3 conformance/make_bad_input.py

The table is written by hand here (no engine is asked); `cargo test -p learning-city
--test bad_input` runs every row through the core, and the Python and Node suites can
run the same rows through their bindings. See README.md, "Bad input".
"""

import json
import pathlib

HERE = pathlib.Path(__file__).parent
OUT = HERE / "bad-input.json"

CASES = []


def case(name, call, inp, path, code):
    CASES.append({"name": name, "call": call, "input": inp, "path": path, "code": code})


def clone(x):
    return json.loads(json.dumps(x))


# ---------------------------------------------------------------- records (assess)

GOOD = {
    "unit": "c-001", "period": "2024", "residents": 4200, "participants": 1130,
    "surveyed": 300, "aware": 231, "recognising": 220, "satisfied": 170,
    "funding_cny": 9000, "activities_by_month": [2, 3, 2, 2, 1, 2, 4, 2, 2, 3, 2, 2],
    "reports": ["2024-01-20", "2024-02-24"], "staff_trainings": 2,
    "leading_group_meetings": 1, "centre_organised_on": "2024-06-30",
    "signature_courses": 1,
}


def record(**over):
    r = clone(GOOD)
    for k, v in over.items():
        if v is DROP:
            r.pop(k, None)
        else:
            r[k] = v
    return r


DROP = object()


def assess(name, rec, path, code, rulebook="standard"):
    case(name, "assess", {"rulebook": rulebook, "record": rec}, "records[0]" + path, code)


assess("record is a list", [1, 2], "", "wrong_type")
assess("record is null", None, "", "wrong_type")
assess("record is text", "c-001,2024,4200", "", "wrong_type")
assess("unit missing", record(unit=DROP), ".unit", "missing")
assess("unit null", record(unit=None), ".unit", "missing")
assess("unit a number", record(unit=17), ".unit", "wrong_type")
assess("unit over 200 characters", record(unit="c" * 201), ".unit", "too_long")
assess("period missing", record(period=DROP), ".period", "missing")
assess("period two digits", record(period="24"), ".period", "bad_period")
assess("period a month", record(period="2024-01"), ".period", "bad_period")
assess("period before year 1000", record(period="0999"), ".period", "bad_period")
assess("period in full-width digits", record(period="２０２４"), ".period", "bad_period")
assess("period a fraction", record(period=2024.5), ".period", "wrong_type")
assess("period negative", record(period=-2024), ".period", "wrong_type")
assess("residents negative", record(residents=-4200), ".residents", "negative")
assess("residents as text", record(residents="4200"), ".residents", "wrong_type")
assess("residents true", record(residents=True), ".residents", "wrong_type")
assess("residents a list", record(residents=[4200]), ".residents", "wrong_type")
assess("residents zero with participants", record(residents=0), ".residents", "zero_whole")
assess("residents zero with funding only", record(residents=0, participants=DROP),
       ".residents", "zero_whole")
assess("participants above residents", record(participants=4201), ".participants",
       "part_exceeds_whole")
assess("surveyed zero with answers", record(surveyed=0), ".surveyed", "zero_whole")
assess("aware above surveyed", record(aware=301), ".aware", "part_exceeds_whole")
assess("satisfied negative", record(satisfied=-1), ".satisfied", "negative")
assess("funding negative", record(funding_cny=-0.01), ".funding_cny", "negative")
assess("funding as an object", record(funding_cny={"cny": 9000}), ".funding_cny", "wrong_type")
assess("eleven months", record(activities_by_month=[2] * 11), ".activities_by_month",
       "wrong_length")
assess("thirteen months", record(activities_by_month=[2] * 13), ".activities_by_month",
       "wrong_length")
assess("months not a list", record(activities_by_month=24), ".activities_by_month",
       "wrong_type")
assess("month as text", record(activities_by_month=[2, 2, 2, "3", 2, 2, 2, 2, 2, 2, 2, 2]),
       ".activities_by_month[3]", "wrong_type")
assess("month negative", record(activities_by_month=[2] * 11 + [-2]),
       ".activities_by_month[11]", "negative")
assess("month null", record(activities_by_month=[None] + [2] * 11),
       ".activities_by_month[0]", "wrong_type")
assess("report on 30 February", record(reports=["2024-02-30"]), ".reports[0]", "bad_date")
assess("report with slashes", record(reports=["2024-01-20", "2024/02/20"]), ".reports[1]",
       "bad_date")
assess("report without leading zeros", record(reports=["2024-1-5"]), ".reports[0]",
       "bad_date")
assess("report with a time", record(reports=["2024-01-20T10:00:00"]), ".reports[0]",
       "bad_date")
assess("report in another year", record(reports=["2023-12-31"]), ".reports[0]",
       "outside_year")
assess("report a number", record(reports=[20240120]), ".reports[0]", "wrong_type")
assess("reports not a list", record(reports="2024-01-20"), ".reports", "wrong_type")
assess("centre organised on 31 June", record(centre_organised_on="2024-06-31"),
       ".centre_organised_on", "bad_date")
assess("centre organised in 2023", record(centre_organised_on="2023-06-30"),
       ".centre_organised_on", "outside_year")
assess("centre organised a number", record(centre_organised_on=20240630),
       ".centre_organised_on", "wrong_type")
assess("trainings as a word", record(staff_trainings="two"), ".staff_trainings", "wrong_type")
assess("meetings negative", record(leading_group_meetings=-1), ".leading_group_meetings",
       "negative")
assess("signature course as yes", record(signature_courses="yes"), ".signature_courses",
       "wrong_type")
assess("signature courses negative", record(signature_courses=-1), ".signature_courses",
       "negative")

STRICT_GOOD = {
    "unit": "c-001", "period": "2024", "residents": 4000, "participants": 1000,
    "no_major_incident": True, "inspection_score": 15,
}


def strict(**over):
    r = clone(STRICT_GOOD)
    r.update(over)
    return r


assess("inspection score above its maximum", strict(inspection_score=20.5),
       ".inspection_score", "above_max", "strict-example")
assess("material pair of one date", strict(course_material=[["2024-03-01"]]),
       ".course_material[0]", "wrong_type", "strict-example")
assess("material pair a text", strict(course_material=["2024-03-01"]),
       ".course_material[0]", "wrong_type", "strict-example")
assess("class held in another year",
       strict(course_material=[["2024-12-01", "2025-01-10"]]),
       ".course_material[0][1]", "outside_year", "strict-example")
assess("material sent on a day that does not exist",
       strict(course_material=[["2023-02-29", "2024-01-10"]]),
       ".course_material[0][0]", "bad_date", "strict-example")
assess("plan filed on 31 April", strict(plan_filed_on="2024-04-31"), ".plan_filed_on",
       "bad_date", "strict-example")
assess("veto field as text", strict(no_major_incident="none"), ".no_major_incident",
       "wrong_type", "strict-example")

# ---------------------------------------------------------------- rulebooks

BASE = {
    "id": "tiny", "version": "1", "effective_from": "2024-01-01",
    "title": {"zh": "小", "en": "tiny"},
    "grades": [
        {"id": "pass", "label": {"zh": "合格", "en": "pass"}, "min": 60},
        {"id": "fail", "label": {"zh": "不合格", "en": "fail"}, "min": 0},
    ],
    "indicators": [
        {"id": "T1", "label": {"zh": "参与率", "en": "participation"}, "points": 60,
         "rule": {"ratio": {"numerator": "participants", "denominator": "residents",
                            "at_least": 0.25}},
         "credit": "linear"},
        {"id": "T6", "label": {"zh": "每月活动", "en": "activities"}, "points": 40,
         "rule": {"count_each_period": {"field": "activities_by_month", "at_least": 2}},
         "credit": "share"},
    ],
}


def book(edit):
    b = clone(BASE)
    edit(b)
    return b


def rulebook(name, edit, path, code):
    case(name, "rulebook", book(edit), path, code)


def set_(*keys_and_value):
    *keys, value = keys_and_value

    def edit(b):
        at = b
        for k in keys[:-1]:
            at = at[k]
        at[keys[-1]] = value
    return edit


def drop(*keys):
    def edit(b):
        at = b
        for k in keys[:-1]:
            at = at[k]
        del at[keys[-1]]
    return edit


def rule(i, kind, params, credit="all_or_nothing"):
    def edit(b):
        b["indicators"][i]["rule"] = {kind: params}
        b["indicators"][i]["credit"] = credit
    return edit


case("rulebook is a number", "rulebook", 42, "", "malformed")
rulebook("id missing", drop("id"), "", "malformed")
rulebook("id a number", set_("id", 7), "id", "malformed")
rulebook("id empty", set_("id", ""), "id", "empty")
rulebook("unknown top-level field", set_("colour", "red"), "colour", "malformed")
rulebook("effective from 30 February", set_("effective_from", "2024-02-30"),
         "effective_from", "malformed")
rulebook("indicators missing", drop("indicators"), "", "malformed")
rulebook("indicators empty", set_("indicators", []), "indicators", "empty")
rulebook("indicators an object", set_("indicators", {"T1": {}}), "indicators", "malformed")
rulebook("indicator id twice", set_("indicators", 1, "id", "T1"), "indicators[1].id",
         "duplicate_id")
rulebook("unknown rule kind", set_("indicators", 0, "rule", {"median": {"field": "x"}}),
         "indicators[0].rule", "malformed")
rulebook("two rule kinds at once", set_("indicators", 0, "rule",
                                        {"presence": {"field": "x"},
                                         "ratio": {"numerator": "a", "denominator": "b",
                                                   "at_least": 0.5}}),
         "indicators[0].rule", "malformed")
rulebook("unknown credit", set_("indicators", 0, "credit", "bonus"), "indicators[0].credit",
         "malformed")
rulebook("share credit on a ratio", set_("indicators", 0, "credit", "share"),
         "indicators[0].credit", "credit_mismatch")
rulebook("ratio target above 1", set_("indicators", 0, "rule", "ratio", "at_least", 1.5),
         "indicators[0].rule.ratio.at_least", "out_of_range")
rulebook("ratio target 0", set_("indicators", 0, "rule", "ratio", "at_least", 0),
         "indicators[0].rule.ratio.at_least", "out_of_range")
rulebook("ratio target as text", set_("indicators", 0, "rule", "ratio", "at_least", "25%"),
         "indicators[0].rule.ratio.at_least", "malformed")
rulebook("ratio without its denominator", drop("indicators", 0, "rule", "ratio", "denominator"),
         "indicators[0].rule.ratio", "malformed")
rulebook("rule field empty", set_("indicators", 0, "rule", "ratio", "numerator", ""),
         "indicators[0].rule.ratio", "empty")
rulebook("points negative", set_("indicators", 0, "points", -60), "indicators[0].points",
         "out_of_range")
rulebook("points beyond the limit", set_("indicators", 0, "points", 1e300),
         "indicators[0].points", "out_of_range")
rulebook("points as text", set_("indicators", 0, "points", "60"), "indicators[0].points",
         "malformed")
rulebook("label over 500 characters", set_("indicators", 0, "label", "en", "x" * 501),
         "indicators[0].label.en", "too_long")
rulebook("label without Chinese", drop("indicators", 0, "label", "zh"),
         "indicators[0].label", "malformed")
rulebook("report day 32", rule(1, "dated_each_period", {"field": "reports", "by_day": 32},
                               "share"),
         "indicators[1].rule.dated_each_period.by_day", "out_of_range")
rulebook("report day negative",
         rule(1, "dated_each_period", {"field": "reports", "by_day": -1}, "share"),
         "indicators[1].rule.dated_each_period.by_day", "malformed")
rulebook("deadline on 30 February",
         rule(1, "date_by", {"field": "plan_filed_on", "month": 2, "day": 30}),
         "indicators[1].rule.date_by.day", "out_of_range")
rulebook("deadline in month 13",
         rule(1, "date_by", {"field": "plan_filed_on", "month": 13, "day": 1}),
         "indicators[1].rule.date_by.day", "out_of_range")
rulebook("range whose most is below its least",
         rule(1, "count_in_range", {"field": "staff_trainings", "at_least": 3, "at_most": 2}),
         "indicators[1].rule.count_in_range.at_most", "out_of_range")
rulebook("carried score needing more than its maximum",
         rule(1, "carried_score", {"field": "inspection_score", "max": 20, "at_least": 21}),
         "indicators[1].rule.carried_score.at_least", "out_of_range")
rulebook("deduction of 0 per shortfall",
         set_("indicators", 1, "credit", {"deduct": {"per_shortfall": 0}}),
         "indicators[1].credit.deduct.per_shortfall", "out_of_range")
rulebook("source weight negative",
         set_("indicators", 0, "sources", [{"evidence": "self_report", "weight": -1}]),
         "indicators[0].sources[0].weight", "out_of_range")
rulebook("source named twice",
         set_("indicators", 0, "sources", [{"evidence": "survey", "weight": 1},
                                           {"evidence": "survey", "weight": 2}]),
         "indicators[0].sources[1].evidence", "duplicate_id")
rulebook("unknown evidence", set_("indicators", 0, "evidence", ["rumour"]),
         "indicators[0].evidence[0]", "malformed")
rulebook("grades empty", set_("grades", []), "grades", "empty")
rulebook("no floor grade", set_("grades", 1, "min", 10), "grades", "no_floor_grade")
rulebook("grade id twice", set_("grades", 1, "id", "pass"), "grades[1].id", "duplicate_id")
rulebook("grade minimum negative", set_("grades", 1, "min", -1), "grades[1].min",
         "out_of_range")
rulebook("grade needs an unknown indicator", set_("grades", 0, "requires_met", ["T9"]),
         "grades[0].requires_met[0]", "unknown_indicator")
rulebook("twenty-one grades",
         set_("grades", [{"id": f"g{i}", "label": {"zh": "", "en": ""}, "min": i}
                         for i in range(21)]),
         "grades", "too_many")
rulebook("veto grade unknown", set_("veto_grade", "gold"), "veto_grade", "unknown_grade")
rulebook("bonus cap negative", set_("bonus_cap", -5), "bonus_cap", "out_of_range")

# Rulebook JSON text (a string input is read with Rulebook::from_json).
BASE_TEXT = json.dumps(BASE, ensure_ascii=False)
case("text: lone surrogate in the id", "rulebook",
     BASE_TEXT.replace('"id": "tiny"', '"id": "\\ud800"'), "id", "malformed")
case("text: NaN points", "rulebook", BASE_TEXT.replace('"points": 60', '"points": NaN'),
     "indicators[0].points", "malformed")
case("text: Infinity points", "rulebook",
     BASE_TEXT.replace('"points": 60', '"points": Infinity'), "indicators[0].points", "malformed")
case("text: points beyond f64", "rulebook",
     BASE_TEXT.replace('"points": 60', '"points": 1e400'), "indicators[0].points", "malformed")
case("text: trailing comma", "rulebook", BASE_TEXT[:-1] + ",}", "", "malformed")
case("text: cut short", "rulebook", BASE_TEXT[:BASE_TEXT.index('"title"')], "", "malformed")
case("text: empty", "rulebook", "", "", "malformed")

# ---------------------------------------------------------------- networks


def unit(uid, level, parent=None, **kw):
    u = {"id": uid, "level": level}
    if parent is not None:
        u["parent"] = parent
    u.update(kw)
    return u


def network(name, units, path, code, members=None):
    case(name, "network", {"units": units, "members": members}, path, code)


SOUND = [unit("d", "district"), unit("s-1", "street", "d"), unit("c-1", "community", "s-1")]

network("units an object", {"d": {"level": "district"}}, "units", "malformed")
network("units null", None, "units", "malformed")
network("unit without id", [{"level": "district"}], "units[0]", "malformed")
network("unknown level", [unit("d", "county")], "units[0].level", "malformed")
network("unknown unit field", [unit("d", "district", colour="red")], "units[0].colour",
        "malformed")
network("unit residents negative", SOUND[:2] + [unit("c-1", "community", "s-1", residents=-5)],
        "units[2].residents", "malformed")
network("residents a fraction", SOUND[:2] + [unit("c-1", "community", "s-1", residents=1.5)],
        "units[2].residents", "malformed")
network("residents beyond u64", SOUND[:2] +
        [unit("c-1", "community", "s-1", residents=18446744073709551616)],
        "units[2].residents", "malformed")
network("unknown facility", [unit("d", "district", facilities=["library"])],
        "units[0].facilities[0]", "malformed")
network("no units", [], "units", "empty")
network("no root", [unit("c-1", "community", "s-1"), unit("s-1", "street", "c-1")], "units",
        "no_root")
network("id used twice", SOUND + [unit("c-1", "community", "s-1")], "units[3].id",
        "duplicate_id")
network("id blank", SOUND + [unit("  ", "community", "s-1")], "units[3].id", "empty_id")
network("unknown parent", SOUND + [unit("c-2", "community", "s-9")], "units[3].parent",
        "unknown_parent")
network("cycle of parents", [unit("d", "district"), unit("s-1", "street", "c-1"),
                             unit("c-1", "community", "s-1")], "units[1].parent", "cycle")
network("own parent", SOUND + [unit("c-2", "community", "c-2")], "units[3].parent", "cycle")
network("district with a parent", SOUND + [unit("d-2", "district", "d")], "units[3].parent",
        "top_with_parent")
network("community under the district", SOUND + [unit("c-2", "community", "d")],
        "units[3].parent", "wrong_parent_level")
network("street without parent", SOUND + [unit("s-2", "street")], "units[3].parent",
        "missing_parent")
network("second district", SOUND + [unit("d-2", "district")], "units[3].parent", "extra_root")
network("member in an unknown team", SOUND, "members[0].teams[0]", "malformed",
        members=[{"id": "m-1", "unit": "d", "teams": ["coach"]}])
network("member left on 31 November", SOUND, "members[0].left", "malformed",
        members=[{"id": "m-1", "unit": "d", "teams": ["manager"], "left": "2024-11-31"}])
network("member without unit", SOUND, "members[0]", "malformed",
        members=[{"id": "m-1", "teams": ["manager"]}])

# ---------------------------------------------------------------- rounds

ROUND = {"category": "estate", "year": 2024, "quota": 2}


def round_(name, over, candidates, path, code):
    r = clone(ROUND)
    for k, v in over.items():
        if v is DROP:
            r.pop(k)
        else:
            r[k] = v
    case(name, "round", {"round": r, "candidates": candidates}, path, code)


CAND = [{"id": "e-1", "score": 91.5}, {"id": "e-2", "score": 88}]
round_("quota 0", {"quota": 0}, CAND, "round.quota", "no_quota")
round_("quota negative", {"quota": -1}, CAND, "round.quota", "malformed")
round_("quota a fraction", {"quota": 2.5}, CAND, "round.quota", "malformed")
round_("unknown category", {"category": "village"}, CAND, "round.category", "malformed")
round_("year missing", {"year": DROP}, CAND, "round", "malformed")
round_("unknown round field", {"colour": "red"}, CAND, "round.colour", "malformed")
round_("candidates an object", {}, {"e-1": 91.5}, "candidates", "malformed")
round_("candidate score as text", {}, [{"id": "e-1", "score": "high"}], "candidates[0].score",
       "malformed")
round_("candidate without id", {}, [{"score": 90}], "candidates[0]", "malformed")
round_("status since 30 February", {},
       [{"id": "e-1", "score": 90, "statuses": [{"status": "x", "since": "2021-02-30"}]}],
       "candidates[0].statuses[0].since", "malformed")

# ---------------------------------------------------------------- workflows

NOM = {"id": "n-1", "candidate": "f-017", "category": "family", "year": 2024,
       "history": [{"stage": "nominated", "on": "2024-11-01"}]}


def workflow(name, history, steps, path, code, nomination=None):
    n = clone(NOM) if nomination is None else nomination
    if history is not None:
        n["history"] = history
    case(name, "workflow", {"nomination": n, "steps": steps}, path, code)


def step(stage, on):
    return {"stage": stage, "on": on}


workflow("skipping a stage", None, [step("awarded", "2024-11-02")], "steps[0]", "illegal_step")
workflow("going back", None, [step("submitted", "2024-11-02"), step("nominated", "2024-11-03")],
         "steps[1]", "illegal_step")
workflow("after a final stage", None,
         [step("submitted", "2024-11-02"), step("rejected", "2024-11-03"),
          step("approved", "2024-11-04")], "steps[2]", "illegal_step")
workflow("date running back", None,
         [step("submitted", "2024-11-10"), step("approved", "2024-11-09")], "steps[1]",
         "date_backwards")
workflow("unknown stage", None, [step("shortlisted", "2024-11-02")], "steps[0].stage",
         "malformed")
workflow("step on 31 November", None, [step("submitted", "2024-11-31")], "steps[0].on",
         "malformed")
workflow("steps an object", None, {"stage": "submitted"}, "steps", "malformed")
workflow("stored history not starting nominated", [step("submitted", "2024-11-01")], [],
         "nomination.history[0]", "not_started_as_nominated")
workflow("stored history running back",
         [step("nominated", "2024-11-05"), step("submitted", "2024-11-01")], [],
         "nomination.history[1]", "date_backwards")
workflow("nomination without id", None, [], "nomination", "malformed",
         nomination={k: v for k, v in NOM.items() if k != "id"})
workflow("nomination of an unknown category", None, [], "nomination.category", "malformed",
         nomination=dict(clone(NOM), category="team"))

# ---------------------------------------------------------------- money


def money(name, path, code, units=None, fundings=None, expenses=None, members=None,
          per_capita=2.0):
    case(name, "money", {"units": units, "fundings": fundings, "expenses": expenses,
                         "members": members, "at_least_per_capita": per_capita}, path, code)


money("funding amount negative", "fundings[0].amount", "negative",
      fundings=[{"unit": "c-1", "channel": "district_budget", "amount": -300}])
money("expense negative", "expenses[0].amount", "negative",
      expenses=[{"unit": "c-1", "category": "awards", "amount": -120}])
money("funding for nobody", "fundings[0].unit", "missing",
      fundings=[{"unit": " ", "channel": "district_budget", "amount": 300}])
money("funding from nowhere", "fundings[0].channel", "missing",
      fundings=[{"unit": "c-1", "channel": "", "amount": 300}])
money("amount as text", "fundings[0].amount", "malformed",
      fundings=[{"unit": "c-1", "channel": "district_budget", "amount": "300 CNY"}])
money("expense dated 30 February", "expenses[0].date", "malformed",
      expenses=[{"unit": "c-1", "category": "awards", "amount": 120, "date": "2024-02-30"}])
money("expense with an unknown field", "expenses[0].vat", "malformed",
      expenses=[{"unit": "c-1", "category": "awards", "amount": 120, "vat": 6}])
money("money units an object", "units", "malformed", units={"c-1": {}})

# ---------------------------------------------------------------- districts


def district(name, doc, path, code, rulebook="standard"):
    case(name, "district", {"rulebook": rulebook, "district": doc}, path, code)


district("district a number", 42, "district", "malformed")
district("district unit of an unknown level", {"units": [unit("d", "county")]},
         "district.units[0].level", "malformed")
district("district records an object", {"units": SOUND, "records": {"c-1": {}}},
         "district.records", "malformed")
district("district record with negative residents",
         {"units": SOUND, "records": [record(unit="c-1", residents=-1)]},
         "records[0].residents", "negative")
district("district second record with a bad date",
         {"units": SOUND, "records": [record(unit="c-1"), record(unit="c-1", reports=["2024-13-01"])]},
         "records[1].reports[0]", "bad_date")


def main():
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "names must be unique"
    lines = ",\n".join("  " + json.dumps(c, ensure_ascii=False) for c in CASES)
    OUT.write_text("[\n" + lines + "\n]\n", encoding="utf-8")
    print(f"{len(CASES)} cases written to {OUT.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
