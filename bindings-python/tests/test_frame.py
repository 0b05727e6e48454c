"""assess_frame: pandas in, pandas out, nothing dropped."""

import math

import numpy as np
import pandas as pd
import pytest

import learning_city as lc

from conftest import FULL_RECORD

IDS = ["T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T11", "T13"]
COLUMNS = (
    ["score", "grade", "vetoed"]
    + [f"points_{i}" for i in IDS]
    + [f"met_{i}" for i in IDS]
    + [f"why_{i}" for i in IDS]
    + [f"gap_{i}" for i in IDS]
    + ["error"]
)


def records():
    full = dict(FULL_RECORD)
    partial = {"unit": "c-002", "period": "2024", "residents": 4000, "participants": 750,
               "activities_by_month": [1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1]}
    bad = {"unit": "c-003", "period": "2024", "residents": -1, "participants": 5}
    return [full, partial, bad]


def frame(index=("a", "b", "c")):
    return pd.DataFrame(records(), index=list(index))


def test_columns_index_and_values():
    out = lc.assess_frame(frame())
    assert list(out.columns) == COLUMNS
    assert list(out.index) == ["a", "b", "c"]
    assert out["score"].tolist()[:2] == [100.0, lc.assess(records()[1])["score"]]
    assert out.loc["a", "grade"] == "excellent"
    assert out.loc["a", "vetoed"] == False  # noqa: E712 (a pandas boolean)
    assert out.loc["b", "points_T1"] == 10.0
    assert out.loc["b", "met_T1"] == False  # noqa: E712
    assert out.loc["b", "why_T1"] == "resident participation is 18.8 % (750 of 4000); the target is at least 25 %"
    assert out.loc["b", "gap_T1"] == "250 more residents taking part would meet 25 %"
    assert out.loc["a", "gap_T1"] is None
    assert out.loc["b", "points_T6"] == 15 * 10 / 12
    assert out.loc["a", "error"] is None and out.loc["b", "error"] is None
    # The bad row is kept, with its error and nothing else.
    assert out.loc["c", "error"] == "residents: must not be negative (found -1)"
    assert math.isnan(out.loc["c", "score"])
    assert out.loc["c", "grade"] is None
    assert out["met_T1"].isna().tolist() == [False, False, True]
    assert str(out["met_T1"].dtype) == "boolean" and str(out["vetoed"].dtype) == "boolean"
    assert out["score"].dtype == np.float64 and out["points_T1"].dtype == np.float64


def test_scores_equal_assess_many_exactly():
    df = frame()
    outcomes = lc.assess_many(records())
    out = lc.assess_frame(df)
    for row, outcome in zip(out.itertuples(), outcomes):
        if "error" in outcome:
            assert math.isnan(row.score)
        else:
            assert row.score == outcome["score"]
            assert [getattr(row, f"points_{i}") for i in IDS] == [r["points"] for r in outcome["indicators"]]


def test_duplicate_and_numeric_index_is_kept():
    out = lc.assess_frame(frame(index=(7, 7, 3)))
    assert list(out.index) == [7, 7, 3]
    assert out["error"].notna().tolist() == [False, False, True]


def test_monthly_columns_and_date_text_are_the_same_as_lists():
    df = frame()
    wide = df.drop(columns=["activities_by_month"])
    for m in range(12):
        wide[f"activities_by_month_{m + 1}"] = [r.get("activities_by_month", [np.nan] * 12)[m] for r in records()]
    wide["reports"] = [";".join(r["reports"]) if "reports" in r else np.nan for r in records()]
    pd.testing.assert_frame_equal(lc.assess_frame(wide), lc.assess_frame(df))


def test_date_text_allows_spaces_and_one_date():
    df = pd.DataFrame([{"unit": "c", "period": "2024", "reports": " 2024-01-20 ; 2024-02-24;"},
                       {"unit": "d", "period": "2024", "reports": "2024-03-01"}])
    out = lc.assess_frame(df, missing_columns="no_data")
    assert out.loc[0, "why_T7"] == lc.assess({"unit": "c", "period": "2024", "reports": ["2024-01-20", "2024-02-24"]})["indicators"][6]["why"]["en"]
    assert out.loc[1, "points_T7"] == 5 / 12


def test_empty_month_cells():
    row = {"unit": "c", "period": "2024"}
    none = dict(row, **{f"activities_by_month_{m}": np.nan for m in range(1, 13)})
    one_missing = dict(row, **{f"activities_by_month_{m}": 2 for m in range(1, 13)})
    one_missing["activities_by_month_7"] = np.nan
    out = lc.assess_frame(pd.DataFrame([none, one_missing]), missing_columns="no_data")
    assert out.loc[0, "error"] is None
    assert out.loc[0, "why_T6"] == "activities every month: no data (`activities_by_month` missing)"
    assert out.loc[1, "error"] == "activities_by_month[6]: expected a number, found null"


def test_a_gap_in_numbered_columns_names_the_missing_one():
    df = pd.DataFrame([{"unit": "c", "period": "2024", **{f"activities_by_month_{m}": 2 for m in range(1, 13) if m != 7}}])
    with pytest.raises(lc.RecordError) as info:
        lc.assess_frame(df, missing_columns="no_data")
    assert (info.value.code, info.value.path) == ("missing_column", "activities_by_month_7")


def test_thirteen_numbered_columns_are_the_engines_length_error():
    df = pd.DataFrame([{"unit": "c", "period": "2024", **{f"activities_by_month_{m}": 2 for m in range(1, 14)}}])
    out = lc.assess_frame(df, missing_columns="no_data")
    assert out.loc[0, "error"] == "activities_by_month: must hold 12 values, one per month (found 13)"


def test_a_missing_required_column_is_named():
    df = frame().drop(columns=["unit"])
    with pytest.raises(lc.RecordError) as info:
        lc.assess_frame(df)
    assert (info.value.kind, info.value.code, info.value.path) == ("record", "missing_column", "unit")
    with pytest.raises(lc.RecordError) as info:
        lc.assess_frame(frame().drop(columns=["period"]), missing_columns="no_data")
    assert info.value.path == "period"


def test_a_misspelt_field_column_is_named():
    df = frame().rename(columns={"participants": "particpants"})
    with pytest.raises(lc.RecordError) as info:
        lc.assess_frame(df)
    e = info.value
    assert (e.code, e.path) == ("missing_column", "participants")
    assert "missing_columns=\"no_data\"" in e.reason
    assert str(e).startswith("participants: the rulebook standard@2020 reads `participants`")


def test_missing_columns_no_data_scores_them_as_no_data():
    df = pd.DataFrame([{"unit": "c", "period": "2024", "residents": 4000, "participants": 1000}])
    out = lc.assess_frame(df, missing_columns="no_data")
    assert out.loc[0, "score"] == 20.0
    assert out.loc[0, "why_T2"] == "awareness: no data (`aware` and `surveyed` missing)"
    assert out.loc[0, "met_T2"] == False  # noqa: E712
    with pytest.raises(ValueError, match="missing_columns"):
        lc.assess_frame(df, missing_columns="ignore")


def test_unused_columns_are_ignored():
    df = frame()
    df["notes"] = [{1, 2}, object(), float("inf")]  # no JSON form, but never read
    df["residents_2023"] = [1, 2, 3]
    pd.testing.assert_frame_equal(lc.assess_frame(df), lc.assess_frame(frame()))


def test_missing_cells_and_pandas_types():
    base = pd.DataFrame([
        {"unit": "c1", "period": 2024, "residents": 4000.0, "participants": 1000.0, "centre_organised_on": "2024-05-01"},
        {"unit": "c2", "period": 2024, "residents": np.nan, "participants": 1000.0, "centre_organised_on": None},
    ])
    typed = base.copy()
    typed["centre_organised_on"] = pd.to_datetime(typed["centre_organised_on"])
    typed["residents"] = typed["residents"].astype("Int64")
    typed["participants"] = typed["participants"].astype("Int64")
    a = lc.assess_frame(base, missing_columns="no_data")
    b = lc.assess_frame(typed, missing_columns="no_data")
    pd.testing.assert_frame_equal(a, b)
    assert a.loc[0, "points_T11"] == 2.0 and a.loc[1, "points_T11"] == 0.0
    assert a.loc[1, "why_T1"] == "resident participation: no data (`residents` missing)"
    assert a["error"].isna().all()


def test_wrong_types_in_cells_are_row_errors():
    df = pd.DataFrame([{"unit": 17, "period": "2024"}, {"unit": "c", "period": "2024.5"}])
    out = lc.assess_frame(df, missing_columns="no_data")
    assert out["error"].tolist() == [
        "unit: expected text, found a number",
        "period: `2024.5` is not a year written as four digits, like \"2024\"",
    ]


def test_duplicated_columns_are_refused():
    df = pd.concat([frame(), frame()[["residents"]]], axis=1)
    with pytest.raises(lc.RecordError) as info:
        lc.assess_frame(df)
    assert (info.value.code, info.value.path) == ("duplicate_column", "residents")


def test_empty_frame():
    out = lc.assess_frame(frame().iloc[:0])
    assert list(out.columns) == COLUMNS and len(out) == 0


def test_other_rulebooks():
    df = frame()
    national = lc.assess_frame(df, "national-2010")
    assert national.loc["a", "score"] == lc.assess(records()[0], "national-2010")["score"]
    custom = lc.Rulebook.builtin("standard").to_dict()
    del custom["indicators"][1:]
    for g in custom["grades"]:
        g["min"] = min(g["min"], 10)
    custom["grades"][-1]["min"] = 0
    only_t1 = lc.assess_frame(pd.DataFrame([{"unit": "c", "period": "2024", "residents": 10, "participants": 5}]), custom)
    assert [c for c in only_t1.columns if c.startswith("points_")] == ["points_T1"]
    assert only_t1.loc[0, "score"] == 20.0


def test_not_a_frame():
    with pytest.raises(TypeError, match="DataFrame"):
        lc.assess_frame(records())


def test_a_rulebook_with_weighted_sources_and_date_pairs():
    rb = lc.Rulebook.builtin("strict-example") if "strict-example" in lc.builtin_names() else None
    if rb is None:
        pytest.skip("the core has no `strict-example` built-in")
    record = {
        "unit": "c-1", "period": "2024", "no_major_incident": True,
        "participants@self_report": 1200, "participants@on_site_inspection": 900, "residents": 4000,
        "aware": 250, "surveyed": 300, "satisfied": 220, "funding_cny": 9000,
        "activities_by_month": [2] * 12, "reports": [f"2024-{m:02d}-10" for m in range(1, 13)],
        "course_material": [["2024-03-01", "2024-03-20"], ["2024-05-01", "2024-05-10"]],
        "plan_filed_on": "2024-04-15", "inspection_score": 17, "commendations": 1, "innovation_cases": 0,
    }
    assert set(record) - {"unit", "period"} == set(rb.fields)
    out = lc.assess_frame(pd.DataFrame([record]), rb)
    (expected,) = lc.assess_many([record], rb)
    assert out.loc[0, "error"] is None
    assert out.loc[0, "score"] == expected["score"]
    assert [c[len("points_"):] for c in out.columns if c.startswith("points_")] == rb.indicator_ids
    assert [out.loc[0, f"points_{i['id']}"] for i in expected["indicators"]] == [i["points"] for i in expected["indicators"]]


def test_explain_none_gives_the_same_scores_without_reasons():
    full = lc.assess_frame(frame())
    bare = lc.assess_frame(frame(), explain=None)
    assert [c for c in bare.columns if c.startswith(("why_", "gap_"))] == []
    pd.testing.assert_frame_equal(bare, full[bare.columns])


def test_explain_in_chinese():
    out = lc.assess_frame(frame(), explain="zh")
    expected = lc.assess(records()[1])["indicators"][0]
    assert out.loc["b", "why_T1"] == expected["why"]["zh"]
    assert out.loc["b", "gap_T1"] == expected["gap"]["text"]["zh"]
    assert out.loc["c", "why_T1"] is None
    with pytest.raises(ValueError, match="explain"):
        lc.assess_frame(frame(), explain="fr")


def as_sheet(record, rulebook):
    """A record as a spreadsheet row means it: a text in a list-of-dates field is the
    dates it lists, separated by ";" (the one convention a frame adds)."""
    dates = {f for f, shape in rulebook.field_shapes if shape == "dates"}
    return {
        k: [p.strip() for p in v.split(";") if p.strip()] if k in dates and isinstance(v, str) else v
        for k, v in record.items()
    }


def test_every_conformance_record_scores_the_same_in_a_frame():
    """Each assess case's records as one DataFrame (pandas makes the columns: ints
    with gaps become floats, mixed columns objects): every row gets the score, grade
    and error its record gets from assess_many."""
    import json

    from conftest import CASES

    checked = 0
    for path in sorted(CASES.glob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        if case["kind"] != "assess" or not all(isinstance(r, dict) for r in case["records"]):
            continue
        rb = lc.load_rulebook(case["rulebook"])
        df = pd.DataFrame(case["records"])
        if not {"unit", "period"} <= set(df.columns):
            # No record has one: the frame has no such column, which is the frame's error.
            with pytest.raises(lc.RecordError, match="missing_column|is required"):
                lc.assess_frame(df, rb, missing_columns="no_data")
            continue
        out = lc.assess_frame(df, rb, missing_columns="no_data", explain=None)
        expected = lc.assess_many([as_sheet(r, rb) for r in case["records"]], rb)
        for i, outcome in enumerate(expected):
            row = out.iloc[i]
            if "error" in outcome:
                e = outcome["error"]
                rel = e["path"][len(f"records[{i}]"):].lstrip(".")
                assert row["error"] == (f"{rel}: {e['reason']}" if rel else e["reason"]), (path.name, i)
                assert math.isnan(row["score"])
            else:
                assert row["error"] is None, (path.name, i, row["error"])
                assert (row["score"], row["grade"]) == (outcome["score"], outcome["grade"]), (path.name, i)
            checked += 1
    assert checked >= 60, checked


def test_cell_types_of_object_columns():
    df = pd.DataFrame({
        "unit": ["a", "b", "c", "d", "e"],
        "period": [2024, 2024, 2024, 2024, 2024],
        "residents": [100, "many", True, {"n": 1}, 2 ** 70],
        "participants": [30.0, 30, 30, 30, 30],
    })
    out = lc.assess_frame(df, missing_columns="no_data", explain=None)
    assert out["error"].tolist() == [
        None,
        "residents: expected a number, found text",
        "residents: expected a number, found true or false",
        "residents: expected a number, found an object",
        None,
    ]
    assert out.loc[0, "points_T1"] == 20.0
    infinite = pd.DataFrame({"unit": ["a"], "period": ["2024"], "residents": [np.inf], "participants": [1]})
    assert lc.assess_frame(infinite, missing_columns="no_data")["error"].tolist() == ["residents: must be a finite number"]
