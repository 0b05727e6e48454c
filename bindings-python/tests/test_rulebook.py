"""Rulebooks: built-ins, loading from a dict, JSON text or a file, and their errors."""

import json

import pytest

import learning_city as lc


def test_builtin_names_and_default():
    names = lc.builtin_names()
    assert names[:2] == ["standard", "national-2010"]
    assert len(set(names)) == len(names)
    for name in names:
        assert lc.Rulebook.builtin(name).id == name
    assert lc.DEFAULT_RULEBOOK == "standard"
    assert lc.Rulebook.default() == lc.Rulebook.builtin("standard")
    assert lc.load_rulebook() == lc.Rulebook.builtin("standard")
    assert lc.load_rulebook(None).citation == "standard@2020"


def test_standard_properties():
    rb = lc.Rulebook.builtin("standard")
    assert rb.id == "standard"
    assert rb.version == "2020"
    assert rb.citation == "standard@2020"
    assert rb.indicator_ids == ["T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T11", "T13"]
    assert rb.fields == [
        "participants", "residents", "aware", "surveyed", "recognising", "satisfied",
        "funding_cny", "activities_by_month", "reports", "staff_trainings",
        "leading_group_meetings", "centre_organised_on", "signature_courses",
    ]
    assert repr(rb) == "<Rulebook standard@2020 (11 indicators)>"


def test_field_shapes_say_what_each_field_must_hold():
    shapes = dict(lc.Rulebook.builtin("standard").field_shapes)
    assert shapes["residents"] == "count"
    assert shapes["activities_by_month"] == "months"
    assert shapes["reports"] == "dates"
    assert shapes["centre_organised_on"] == "date"
    assert shapes["signature_courses"] == "flag"
    strict = dict(lc.Rulebook.builtin("strict-example").field_shapes)
    assert strict["participants@on_site_inspection"] == "count"
    assert strict["course_material"] == "date_pairs"


def test_national_is_stricter_on_surveys():
    doc = lc.Rulebook.builtin("national-2010").to_dict()
    targets = {i["id"]: i["rule"] for i in doc["indicators"]}
    assert targets["T2"]["ratio"]["at_least"] == 0.8
    assert targets["T4"]["ratio"]["at_least"] == 0.7


def test_round_trips_through_dict_json_and_file(tmp_path):
    rb = lc.Rulebook.builtin("standard")
    doc = rb.to_dict()
    assert doc["id"] == "standard"
    assert doc["indicators"][0]["rule"] == {
        "ratio": {"numerator": "participants", "denominator": "residents", "at_least": 0.25}
    }
    assert lc.Rulebook.from_dict(doc) == rb
    assert lc.Rulebook.from_json(rb.to_json()) == rb
    assert lc.Rulebook.from_json(rb.to_json(pretty=True)) == rb
    assert json.loads(rb.to_json()) == doc
    path = tmp_path / "mine.json"
    path.write_text(rb.to_json(pretty=True), encoding="utf-8")
    assert lc.Rulebook.from_file(path) == rb
    assert lc.Rulebook.from_file(str(path)) == rb


def test_a_custom_rulebook_is_used():
    doc = lc.Rulebook.builtin("standard").to_dict()
    doc["id"] = "strict"
    doc["indicators"][0]["rule"]["ratio"]["at_least"] = 0.5
    strict = lc.Rulebook.from_dict(doc)
    assert strict != lc.Rulebook.builtin("standard")
    record = {"unit": "c", "period": "2024", "residents": 1000, "participants": 375}
    t1 = lc.assess(record, strict)["indicators"][0]
    assert (t1["points"], t1["met"], t1["target"]) == (10.0, False, 0.5)
    assert lc.assess(record, doc)["rulebook"] == "strict@2020"


def test_unknown_builtin():
    with pytest.raises(lc.RulebookError) as info:
        lc.Rulebook.builtin("gold")
    e = info.value
    assert (e.kind, e.code, e.path) == ("rulebook", "unknown_builtin", "")
    assert e.reason == f"no built-in rulebook is called `gold`; the built-ins are {', '.join(lc.builtin_names())}"
    assert str(e) == e.reason
    assert isinstance(e, ValueError) and isinstance(e, lc.LearningCityError)
    with pytest.raises(lc.RulebookError):
        lc.assess({"unit": "c", "period": "2024"}, "gold")


def test_errors_name_the_path():
    doc = lc.Rulebook.builtin("standard").to_dict()
    doc["indicators"][0]["rule"]["ratio"]["at_least"] = "a lot"
    with pytest.raises(lc.RulebookError) as info:
        lc.Rulebook.from_dict(doc)
    assert (info.value.path, info.value.code) == ("indicators[0].rule.ratio.at_least", "malformed")
    assert str(info.value).startswith("indicators[0].rule.ratio.at_least: ")

    doc = lc.Rulebook.builtin("standard").to_dict()
    doc["indicators"][1]["wieght"] = 3
    with pytest.raises(lc.RulebookError) as info:
        lc.Rulebook.from_dict(doc)
    assert info.value.path == "indicators[1].wieght"

    doc = lc.Rulebook.builtin("standard").to_dict()
    doc["indicators"][0]["points"] = -1
    with pytest.raises(lc.RulebookError) as info:
        lc.Rulebook.from_dict(doc)
    assert (info.value.path, info.value.code) == ("indicators[0].points", "out_of_range")


def test_values_with_no_json_form_are_rulebook_errors():
    doc = lc.Rulebook.builtin("standard").to_dict()
    doc["indicators"][0]["points"] = float("inf")
    with pytest.raises(lc.RulebookError) as info:
        lc.Rulebook.from_dict(doc)
    assert (info.value.path, info.value.code) == ("indicators[0].points", "malformed")
    doc["indicators"][0]["points"] = {1, 2}
    with pytest.raises(lc.RulebookError) as info:
        lc.Rulebook.from_dict(doc)
    assert info.value.reason == "a Python `set` has no JSON form"


def test_bad_json_text_and_size():
    with pytest.raises(lc.RulebookError) as info:
        lc.Rulebook.from_json("{not json")
    assert info.value.code == "malformed"
    with pytest.raises(lc.RulebookError) as info:
        lc.Rulebook.from_json(" " * (1 << 20) + "{}")
    assert info.value.code == "too_long"
    with pytest.raises(lc.RulebookError) as info:
        lc.Rulebook.from_json("[]")
    assert info.value.code == "malformed"


def test_missing_file_is_an_os_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        lc.Rulebook.from_file(tmp_path / "nope.json")


def test_wrong_spec_type_is_a_type_error():
    with pytest.raises(TypeError, match="rulebook must be a Rulebook"):
        lc.load_rulebook(42)
    with pytest.raises(TypeError):
        lc.assess({"unit": "c", "period": "2024"}, rulebook=["standard"])


def test_rulebooks_are_immutable_and_not_constructible():
    rb = lc.Rulebook.builtin("standard")
    with pytest.raises(AttributeError):
        rb.id = "other"
    with pytest.raises(TypeError):
        lc.Rulebook()
