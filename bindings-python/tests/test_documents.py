"""The core's document entry points through Python: networks, designation,
sensitivity, money, whole districts, and rulebook versions."""

import json
import pickle

import pytest

import learning_city as lc

from conftest import CASES, FULL_RECORD, read_sample


def case_input(name):
    return json.loads((CASES / name).read_text(encoding="utf-8"))["input"]


def test_appraise_district_on_the_sample():
    sample = read_sample()
    report = lc.appraise_district(sample)
    assert report["rulebook"] == "standard@2020"
    assert report["outcomes"] == lc.assess_many(sample["records"])
    assert report["summary"]["assessed"] == 64
    assert len(report["streets"]) == 8
    assert sum(s["communities"] for s in report["streets"]) == 64
    assert report == lc.appraise_district(sample, lc.Rulebook.builtin("standard"))
    national = lc.appraise_district(sample, "national-2010")
    assert national["rulebook"].startswith("national-2010@")


def test_a_malformed_district_names_the_path():
    with pytest.raises(lc.DistrictError) as info:
        lc.appraise_district({"name": {"zh": "区", "en": "D"}, "units": {}})
    e = info.value
    assert (e.kind, e.code, e.path) == ("district", "malformed", "district.units")
    assert isinstance(e, lc.LearningCityError) and isinstance(e, ValueError)


def test_check_network_on_the_sample():
    sample = read_sample()
    findings = lc.check_network(sample["units"], sample["members"])
    assert isinstance(findings, list)
    for f in findings:
        assert set(f) == {"rule", "unit", "path", "code", "message"}
        assert f["rule"] in {"N1", "N2", "N3", "N4", "N5"}
        assert f["path"].startswith("units[") or f["path"].startswith("members[")
    assert lc.check_network(sample["units"], sample["members"]) == findings


def test_network_errors():
    with pytest.raises(lc.NetworkError) as info:
        lc.check_network([{"id": "d", "level": "county"}])
    assert (info.value.kind, info.value.code, info.value.path) == ("network", "malformed", "units[0].level")
    with pytest.raises(lc.NetworkError) as info:
        lc.check_network([{"id": "d", "level": "district", "residents": float("inf")}])
    assert (info.value.code, info.value.path) == ("not_finite", "units[0].residents")
    with pytest.raises(lc.NetworkError) as info:
        lc.check_network([{"id": {"d"}, "level": "district"}])
    assert (info.value.code, info.value.path) == ("not_json", "units[0].id")
    back = pickle.loads(pickle.dumps(info.value))
    assert type(back) is lc.NetworkError and back.path == "units[0].id"


def test_sensitivity_defaults_and_errors(full_record):
    assert lc.DEFAULT_CHANGE == 0.1
    weak = dict(full_record, unit="c-2", participants=700)
    report = lc.sensitivity([full_record, weak])
    assert report["change"] == 0.1
    assert [r["unit"] for r in report["records"]] == ["c-017", "c-2"]
    assert report["records"][0]["score"] == 100.0
    assert report == lc.sensitivity([full_record, weak], "standard", change=0.1)
    assert lc.sensitivity([full_record], change=0.2)["change"] == 0.2
    with pytest.raises(lc.RulebookError) as info:
        lc.sensitivity([full_record], change=1.5)
    assert (info.value.path, info.value.code) == ("change", "out_of_range")


def test_sensitivity_keeps_an_unconvertible_record_in_its_place(full_record):
    bad = {"unit": "c-bad", "period": "2024", "residents": {1, 2}}
    report = lc.sensitivity([bad, full_record])
    first = report["records"][0]
    assert first["unit"] == "c-bad" and first["score"] is None
    assert first["error"] == {
        "kind": "record", "code": "not_json", "path": "records[0].residents",
        "reason": "is not valid JSON: a Python `set` has no JSON form",
    }
    assert report["records"][1]["score"] == 100.0


def versions():
    v2020 = lc.Rulebook.builtin("standard").to_dict()
    v2023 = json.loads(json.dumps(v2020))
    v2023["version"] = "2023"
    v2023["effective_from"] = "2023-01-01"
    v2023["indicators"][0]["rule"]["ratio"]["at_least"] = 0.5
    return v2020, v2023


def test_assess_many_with_rulebook_versions(full_record):
    v2020, v2023 = versions()
    old = dict(full_record, period="2022", reports=[r.replace("2024", "2022") for r in full_record["reports"]],
               centre_organised_on="2022-05-01")
    out = lc.assess_many([old, full_record], [v2020, v2023])
    assert [o["rulebook"] for o in out] == ["standard@2020", "standard@2023"]
    assert out[0]["score"] == 100.0 and out[1]["score"] < 100.0
    # Rulebook objects, names and documents may be mixed; a tuple works as a list.
    assert lc.assess_many([old, full_record], (lc.Rulebook.builtin("standard"), v2023)) == out
    assert lc.assess_many([old, full_record], ["standard", v2023]) == out


def test_bad_rulebook_versions():
    v2020, v2023 = versions()
    other = dict(v2023, id="other")
    with pytest.raises(lc.RulebookError) as info:
        lc.assess_many([FULL_RECORD], [v2020, other])
    assert (info.value.path, info.value.code) == ("rulebooks[1].id", "mixed_ids")
    broken = dict(v2023, grades=[])
    with pytest.raises(lc.RulebookError) as info:
        lc.assess_many([FULL_RECORD], [v2020, broken])
    assert info.value.path == "rulebooks[1].grades"
    with pytest.raises(lc.RulebookError) as info:
        lc.assess_many([FULL_RECORD], [v2020, dict(v2023, version=float("nan"))])
    assert info.value.path.startswith("rulebooks[1]")
    with pytest.raises(lc.RulebookError):
        lc.assess_many([FULL_RECORD], ["gold"])


def test_designation_and_workflow():
    result = lc.fill_round(**case_input("091-round-tie-break.json"))
    assert isinstance(result, dict) and result["winners"]
    flow = lc.run_steps(**case_input("097-workflow-full.json"))
    assert flow["error"] is None
    assert [h["stage"] for h in flow["nomination"]["history"]][-1] == "awarded"
    with pytest.raises(lc.DesignationError) as info:
        lc.fill_round(**case_input("096-round-no-quota.json"))
    assert (info.value.kind, info.value.path, info.value.code) == ("designation", "round.quota", "no_quota")
    assert pickle.loads(pickle.dumps(info.value)).code == "no_quota"


def test_review_money():
    report = lc.review_money(**case_input("107-money-per-capita.json"))
    assert set(report) == {"errors", "findings", "summary"}
    with pytest.raises(TypeError):
        lc.review_money([], [], [])  # the target is required, by keyword
    with pytest.raises(lc.MoneyError) as info:
        lc.review_money(expenses=[{"unit": "c", "category": "awards", "amount": "100"}], at_least_per_capita=2.0)
    assert (info.value.kind, info.value.path) == ("money", "expenses[0].amount")
