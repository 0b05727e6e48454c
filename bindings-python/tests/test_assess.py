"""assess and assess_many: results as plain data, conversions, and errors."""

import datetime
import decimal
import json

import numpy as np
import pandas as pd
import pytest

import learning_city as lc


def t(assessment, indicator):
    return next(i for i in assessment["indicators"] if i["id"] == indicator)


def test_a_full_record_scores_100(full_record):
    a = lc.assess(full_record)
    assert (a["unit"], a["period"], a["rulebook"]) == ("c-017", "2024", "standard@2020")
    assert (a["score"], a["max_score"], a["grade"], a["vetoed"]) == (100.0, 100.0, "excellent", False)
    assert a["grade_label"] == {"zh": "优秀", "en": "excellent"}
    assert [i["id"] for i in a["indicators"]] == lc.Rulebook.default().indicator_ids
    assert all(i["met"] and i["gap"] is None for i in a["indicators"])
    assert a["work_list"] == []
    # Plain data only: it survives JSON unchanged.
    assert json.loads(json.dumps(a)) == a


def test_linear_credit_and_the_gap():
    a = lc.assess({"unit": "c-001", "period": "2024", "residents": 4000, "participants": 750})
    t1 = t(a, "T1")
    assert (t1["status"], t1["met"], t1["value"], t1["target"], t1["points"], t1["max"]) == (
        "unmet", False, 0.1875, 0.25, 10.0, 20.0,
    )
    assert t1["gap"] == {
        "amount": 250.0,
        "text": {"zh": t1["gap"]["text"]["zh"], "en": "250 more residents taking part would meet 25 %"},
    }
    assert t(a, "T2")["status"] == "no_data"
    assert a["score"] == 10.0 and a["grade"] == "fail"
    stakes = [w["points_at_stake"] for w in a["work_list"]]
    assert stakes == sorted(stakes, reverse=True)  # most points at stake first
    t1_work = next(w for w in a["work_list"] if w["indicator"] == "T1")
    assert (t1_work["points_at_stake"], t1_work["missing"]) == (10.0, 250.0)
    assert len(a["work_list"]) == 11


def test_other_rulebooks_by_name(full_record):
    full_record["aware"] = 220  # 73 %: meets 70 %, not 80 %
    assert t(lc.assess(full_record, "standard"), "T2")["met"] is True
    national = lc.assess(full_record, "national-2010")
    assert national["rulebook"].startswith("national-2010@")
    assert t(national, "T2")["met"] is False


def test_record_errors_carry_path_and_reason():
    with pytest.raises(lc.RecordError) as info:
        lc.assess({"unit": "c", "period": "2024", "residents": -5})
    e = info.value
    assert (e.kind, e.code, e.path) == ("record", "negative", "residents")
    assert e.reason == "must not be negative (found -5)"
    assert str(e) == "residents: must not be negative (found -5)"
    assert isinstance(e, ValueError) and isinstance(e, lc.LearningCityError)
    assert not isinstance(e, lc.RulebookError)


@pytest.mark.parametrize(
    "fields, path, code",
    [
        ({"residents": 0, "participants": 0}, "residents", "zero_whole"),
        ({"surveyed": 10, "aware": 11}, "aware", "part_exceeds_whole"),
        ({"activities_by_month": [2] * 11}, "activities_by_month", "wrong_length"),
        ({"activities_by_month": [2] * 11 + ["x"]}, "activities_by_month[11]", "wrong_type"),
        ({"reports": ["2024-02-30"]}, "reports[0]", "bad_date"),
        ({"reports": ["2023-12-31"]}, "reports[0]", "outside_year"),
        ({"reports": "2024-01-01"}, "reports", "wrong_type"),
        ({"centre_organised_on": datetime.date(2025, 1, 1)}, "centre_organised_on", "outside_year"),
        ({"residents": float("inf")}, "residents", "not_finite"),
        ({"residents": float("-inf")}, "residents", "not_finite"),
        ({"residents": 10**400}, "residents", "not_finite"),
        ({"residents": {1, 2}}, "residents", "not_json"),
        ({"residents": b"12"}, "residents", "not_json"),
        ({"reports": [object()]}, "reports[0]", "not_json"),
        ({"extra": {1: "int key"}}, "extra", "not_json"),
    ],
)
def test_bad_values(fields, path, code):
    record = {"unit": "c", "period": "2024", **fields}
    with pytest.raises(lc.RecordError) as info:
        lc.assess(record)
    assert (info.value.path, info.value.code) == (path, code)
    out = lc.assess_many([record])
    assert out == [{"unit": "c", "error": {"kind": "record", "code": code, "path": f"records[0].{path}" if not path.startswith("[") else f"records[0]{path}", "reason": info.value.reason}}]


def test_bad_identity():
    with pytest.raises(lc.RecordError) as info:
        lc.assess({"period": "2024"})
    assert (info.value.path, info.value.code, info.value.reason) == ("unit", "missing", "is required")
    with pytest.raises(lc.RecordError) as info:
        lc.assess({"unit": "c", "period": "24"})
    assert (info.value.path, info.value.code) == ("period", "bad_period")
    with pytest.raises(lc.RecordError) as info:
        lc.assess([1, 2])
    assert (info.value.path, info.value.code) == ("", "wrong_type")
    assert str(info.value) == "expected an object, found a list"
    with pytest.raises(lc.RecordError) as info:
        lc.assess({"unit": "x" * 10_000_000, "period": "2024"})
    assert (info.value.path, info.value.code) == ("unit", "too_long")
    assert len(str(info.value)) < 100


def test_python_values_convert_like_their_json():
    plain = {
        "unit": "c-1", "period": "2024", "residents": 4000, "participants": 1000,
        "funding_cny": 9000.5, "surveyed": None, "aware": None,
        "activities_by_month": [2, 3, 2, 2, 2, 2, 4, 2, 2, 3, 2, 2],
        "reports": ["2024-01-20", "2024-02-24"], "centre_organised_on": "2024-05-01",
        "signature_courses": True,
    }
    rich = {
        "unit": np.str_("c-1"), "period": np.int64(2024), "residents": np.int64(4000),
        "participants": np.float64(1000.0), "funding_cny": decimal.Decimal("9000.5"),
        "surveyed": float("nan"), "aware": pd.NA,
        "activities_by_month": np.array([2, 3, 2, 2, 2, 2, 4, 2, 2, 3, 2, 2]),
        "reports": (pd.Timestamp("2024-01-20"), datetime.datetime(2024, 2, 24, 13, 5)),
        "centre_organised_on": np.datetime64("2024-05-01T10:00:00.000000000"),
        "signature_courses": np.bool_(True),
    }
    expected = lc.assess(plain)
    assert expected["period"] == "2024"
    got = lc.assess(rich)
    assert got == expected
    assert lc.assess({**plain, "centre_organised_on": pd.NaT, "reports": None}) == lc.assess(
        {k: v for k, v in plain.items() if k not in ("centre_organised_on", "reports")}
    )


def test_assess_many_keeps_every_record_in_order(full_record):
    bad = {"unit": "c-bad", "period": "2024", "residents": -1, "participants": 5}
    records = [full_record, bad, 7, {"unit": "c-set", "period": "2024", "x": {1}}, full_record]
    out = lc.assess_many(records)
    assert len(out) == 5
    assert out[0] == lc.assess(full_record) == out[4]
    assert out[1] == {"unit": "c-bad", "error": {
        "kind": "record", "code": "negative", "path": "records[1].residents",
        "reason": "must not be negative (found -1)"}}
    assert out[2] == {"unit": None, "error": {
        "kind": "record", "code": "wrong_type", "path": "records[2]",
        "reason": "expected an object, found a number"}}
    assert out[3]["unit"] == "c-set" and out[3]["error"]["path"] == "records[3].x"
    assert list(out[1]) == ["unit", "error"]


def test_assess_many_takes_any_iterable(full_record):
    gen = (dict(full_record, unit=f"c-{i}") for i in range(3))
    assert [o["unit"] for o in lc.assess_many(gen)] == ["c-0", "c-1", "c-2"]
    assert lc.assess_many([]) == []
    assert lc.assess_many(()) == []


def test_assess_many_refuses_a_single_record(full_record):
    with pytest.raises(TypeError, match="for one record use assess"):
        lc.assess_many(full_record)
    with pytest.raises(TypeError):
        lc.assess_many("records")


def test_exceptions_raised_while_reading_input_pass_through():
    def records():
        yield {"unit": "c", "period": "2024"}
        raise KeyError("from the caller's generator")

    with pytest.raises(KeyError, match="caller"):
        lc.assess_many(records())

    class Weird(dict):
        pass

    class Broken:
        """A sequence whose items raise."""

        def __len__(self):
            return 1

        def __getitem__(self, i):
            raise RuntimeError("broken item")

    import collections.abc

    collections.abc.Sequence.register(Broken)
    with pytest.raises(RuntimeError, match="broken item"):
        lc.assess({"unit": "c", "period": "2024", "reports": Broken()})
    assert lc.assess(Weird(unit="c", period="2024"))["unit"] == "c"


def test_deep_nesting_is_an_error_not_a_crash():
    deep = []
    for _ in range(10_000):
        deep = [deep]
    with pytest.raises(lc.RecordError) as info:
        lc.assess({"unit": "c", "period": "2024", "reports": deep})
    assert info.value.code == "not_json"
    loop = []
    loop.append(loop)
    out = lc.assess_many([{"unit": "c", "period": "2024", "x": loop}])
    assert out[0]["error"]["code"] == "not_json"
    assert out[0]["error"]["reason"] == "is not valid JSON: lists and dicts nest deeper than 128 levels"
