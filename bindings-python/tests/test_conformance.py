"""Every conformance case through the Python API, compared byte for byte after JSON
encoding with the Rust engine's own output (`expected`)."""

import json

import pytest

import learning_city as lc

from conftest import CASES

CASE_FILES = sorted(CASES.glob("*.json"))


def test_the_cases_are_there():
    # A missing or moved directory must not pass as "no case failed".
    assert CASES.is_dir(), CASES
    assert len(CASE_FILES) >= 60, [p.name for p in CASE_FILES]


def rulebook_of(case):
    spec = case["rulebook"]
    if isinstance(spec, str):
        return lc.Rulebook.builtin(spec)
    return lc.Rulebook.from_dict(spec)


def run_assess(case):
    rulebook = rulebook_of(case)
    got = lc.assess_many(case["records"], rulebook)
    assert len(got) == len(case["records"])
    assert json.dumps(got, ensure_ascii=False) == json.dumps(case["expected"], ensure_ascii=False)
    # The same answer with the rulebook given by name or as a dict.
    again = lc.assess_many(case["records"], case["rulebook"])
    assert again == got


def shown(call):
    """A call's result as every runtime shows it: the value, or {"error": {...}}."""
    try:
        return call()
    except lc.LearningCityError as e:
        return {"error": {"kind": e.kind, "code": e.code, "path": e.path, "reason": e.reason}}


def document_call(kind, inp):
    """The Python call for a case kind other than `assess`, with the case's arguments."""
    arg = inp.get
    calls = {
        "assess_versioned": lambda: lc.assess_many(arg("records") or [], arg("rulebooks")),
        "assess_batch": lambda: lc.assess_many(
            arg("records"), arg("rulebook"), explain=arg("explain"), shape=arg("shape")
        ),
        "network": lambda: lc.check_network(arg("units"), arg("members")),
        "designation": lambda: lc.fill_round(arg("round"), arg("candidates")),
        "workflow": lambda: lc.run_steps(arg("nomination"), arg("steps")),
        "sensitivity": lambda: lc.sensitivity(arg("records") or [], arg("rulebook"), change=arg("change")),
        "money": lambda: lc.review_money(
            arg("units"), arg("fundings"), arg("expenses"), arg("members"),
            at_least_per_capita=arg("at_least_per_capita"),
        ),
        "district": lambda: lc.appraise_district(arg("district"), arg("rulebook")),
    }
    return calls.get(kind)


def check_pointers(got, checks):
    """The hand-written checks: each JSON pointer holds its value."""
    for pointer, want in checks:
        here = got
        for step in pointer.split("/")[1:]:
            step = step.replace("~1", "/").replace("~0", "~")
            here = here[int(step)] if isinstance(here, list) else here[step]
        assert here == want, pointer


def run_document(case):
    call = document_call(case["kind"], case["input"])
    got = shown(call)
    check_pointers(got, case.get("checks", []))
    assert json.dumps(got, ensure_ascii=False) == json.dumps(case["expected"], ensure_ascii=False)


KINDS = ("assess_versioned", "assess_batch", "network", "designation", "workflow", "sensitivity", "money", "district")
RUNNERS = {"assess": run_assess, **{k: run_document for k in KINDS}}


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_case(path):
    case = json.loads(path.read_text(encoding="utf-8"))
    assert case["expected"] is not None, f"{path.name} is not blessed"
    runner = RUNNERS.get(case["kind"])
    if runner is None:
        pytest.fail(f"{path.name}: the Python runner does not know the case kind {case['kind']!r}")
    runner(case)


def test_single_assess_agrees_with_the_batch():
    # assess() is the batch's assessment for valid records, and raises the batch's
    # error (with the path relative to the record) for invalid ones.
    checked = 0
    for path in CASE_FILES:
        case = json.loads(path.read_text(encoding="utf-8"))
        if case["kind"] != "assess":
            continue
        for i, (record, expected) in enumerate(zip(case["records"], case["expected"])):
            if "error" in expected:
                with pytest.raises(lc.LearningCityError) as info:
                    lc.assess(record, case["rulebook"])
                e = expected["error"]
                prefix = f"records[{i}]"
                assert info.value.code == e["code"]
                assert prefix + ("." if info.value.path and not info.value.path.startswith("[") else "") + info.value.path == e["path"]
                assert info.value.reason == e["reason"]
            else:
                assert lc.assess(record, case["rulebook"]) == expected
            checked += 1
    assert checked >= 60
