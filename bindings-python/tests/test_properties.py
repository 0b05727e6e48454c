"""Properties over generated inputs: no input reaches a panic or an unexpected
exception; valid records always score within bounds; the frame, the batch and the
single call agree."""

import datetime
import math

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import learning_city as lc

STANDARD = lc.Rulebook.default()
GRADES = {g["id"] for g in STANDARD.to_dict()["grades"]}

dates = st.dates(datetime.date(2022, 1, 1), datetime.date(2026, 12, 31))
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | dates
    | dates.map(str)
    | st.sampled_from(["2024-02-29", "2023-02-29", "2024-13-01", "", "2024-1-5"])
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=14) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=30,
)
anything = st.fixed_dictionaries(
    {"unit": st.text(max_size=8) | values, "period": st.sampled_from(["2024", 2024, "2023", "24", None, 2024.0])},
    optional={field: values for field in STANDARD.fields},
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record=anything | values)
def test_any_input_gives_an_assessment_or_a_record_error(record):
    try:
        a = lc.assess(record)
    except lc.RecordError as e:
        assert e.kind == "record" and e.code and e.reason
        (outcome,) = lc.assess_many([record])
        assert outcome["error"]["code"] == e.code
        assert outcome["error"]["reason"] == e.reason
        return
    assert 0.0 <= a["score"] <= a["max_score"] == 100.0
    assert a["grade"] in GRADES
    assert lc.assess_many([record]) == [a]


def valid_record(draw_unit):
    """Records that are possible: parts within wholes, dates within the year."""
    year = 2024

    @st.composite
    def build(draw):
        residents = draw(st.integers(1, 50_000))
        surveyed = draw(st.integers(1, 2_000))
        r = {"unit": draw(draw_unit), "period": str(year)}
        optional = {
            "residents": residents,
            "participants": draw(st.integers(0, residents)),
            "surveyed": surveyed,
            "aware": draw(st.integers(0, surveyed)),
            "recognising": draw(st.integers(0, surveyed)),
            "satisfied": draw(st.integers(0, surveyed)),
            "funding_cny": draw(st.floats(0, 500_000)),
            "activities_by_month": draw(st.lists(st.integers(0, 6), min_size=12, max_size=12)),
            "reports": [str(d) for d in draw(st.lists(st.dates(datetime.date(year, 1, 1), datetime.date(year, 12, 31)), max_size=30))],
            "staff_trainings": draw(st.integers(0, 5)),
            "leading_group_meetings": draw(st.integers(0, 3)),
            "centre_organised_on": str(draw(st.dates(datetime.date(year, 1, 1), datetime.date(year, 12, 31)))),
            "signature_courses": draw(st.integers(0, 3)),
        }
        keep = draw(st.lists(st.sampled_from(sorted(optional)), unique=True))
        if "participants" in keep:
            keep.append("residents")
        if {"aware", "recognising", "satisfied"} & set(keep):
            keep.append("surveyed")
        r.update({k: optional[k] for k in keep})
        return r

    return build()


@settings(max_examples=200, deadline=None)
@given(record=valid_record(st.text(min_size=1, max_size=8)))
def test_valid_records_score_the_sum_of_their_points(record):
    a = lc.assess(record)
    points = [i["points"] for i in a["indicators"]]
    assert all(0.0 <= p <= i["max"] for p, i in zip(points, a["indicators"]))
    assert math.isclose(a["score"], sum(points), abs_tol=1e-9)
    assert 0.0 <= a["score"] <= 100.0
    for i in a["indicators"]:
        assert (i["gap"] is None) == (i["met"] or i["status"] == "no_data")


@settings(max_examples=40, deadline=None)
@given(batch=st.lists(valid_record(st.sampled_from(["c-1", "c-2", "c-3"])), max_size=12))
def test_frame_batch_and_single_calls_agree(batch):
    out = lc.assess_frame(pd.DataFrame(batch, columns=["unit", "period"] + STANDARD.fields), missing_columns="no_data")
    many = lc.assess_many(batch)
    assert len(out) == len(many) == len(batch)
    for row, outcome, record in zip(out.itertuples(), many, batch):
        assert row.score == outcome["score"] == lc.assess(record)["score"]
        assert row.error is None


def leaves(doc, path=()):
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from leaves(v, path + (k,))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from leaves(v, path + (i,))
    yield path


DOC = STANDARD.to_dict()
PATHS = sorted(set(leaves(DOC)) - {()}, key=str)


@settings(max_examples=300, deadline=None)
@given(path=st.sampled_from(PATHS), value=values)
def test_any_rulebook_edit_gives_a_rulebook_or_a_rulebook_error(path, value):
    import copy

    doc = copy.deepcopy(DOC)
    slot = doc
    for step in path[:-1]:
        slot = slot[step]
    slot[path[-1]] = value
    try:
        rb = lc.Rulebook.from_dict(doc)
    except lc.RulebookError as e:
        assert e.kind == "rulebook" and e.code and e.reason
        return
    # Accepted: it must assess and round-trip.
    assert lc.Rulebook.from_json(rb.to_json()) == rb
    a = lc.assess({"unit": "c", "period": "2024"}, rb)
    assert a["score"] >= 0.0


documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(
        st.sampled_from(["id", "level", "parent", "residents", "unit", "category", "year", "quota",
                         "candidates", "stage", "on", "history", "amount", "channel", "teams", "name",
                         "units", "records", "members", "score", "candidate", "facilities", "head"]),
        inner, max_size=5),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=documents, b=documents, target=st.floats(allow_nan=True, allow_infinity=True),
       which=st.sampled_from(["network", "round", "steps", "money", "district", "sensitivity", "versions"]))
def test_any_document_gives_a_result_or_a_learning_city_error(a, b, target, which):
    calls = {
        "network": lambda: lc.check_network(a, b),
        "round": lambda: lc.fill_round(a, b),
        "steps": lambda: lc.run_steps(a, b),
        "money": lambda: lc.review_money(a, b, a, b, at_least_per_capita=target),
        "district": lambda: lc.appraise_district(a),
        "sensitivity": lambda: lc.sensitivity(a if isinstance(a, list) else [a], change=target),
        "versions": lambda: lc.assess_many([b], [a]),
    }
    try:
        result = calls[which]()
    except lc.LearningCityError as e:
        assert e.kind and e.code and e.reason
        return
    assert isinstance(result, (dict, list))
