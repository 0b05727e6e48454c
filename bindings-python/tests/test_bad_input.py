"""Bad input through the Python API: every entry of conformance/bad-input.json (the
table the Rust suite core/tests/bad_input.rs runs too) raises a LearningCityError
with the table's exact path and code, and never a PanicException; a batch mixing good
records with every bad one gives one outcome per record; hostile rulebooks (huge,
deep, non-finite, negative, a 10 MB id) are refused with a typed RulebookError.

The table: a JSON list of {name, call, input, path, code}, where ``call`` says which
entry point ``input`` goes to (see CALLS). A call this file does not know fails.
"""

import copy
import json
import os
import pathlib
from collections import OrderedDict

import pytest

import learning_city as lc

from conftest import FULL_RECORD, REPO

TABLE = pathlib.Path(
    os.environ.get("LEARNING_CITY_BAD_INPUT", REPO / "conformance" / "bad-input.json")
)


def _panic_type():
    """pyo3's PanicException (a BaseException, not an Exception)."""
    try:
        from pyo3_runtime import PanicException  # type: ignore

        return PanicException
    except ImportError:  # pyo3 registers the module only once something panicked
        return None


def _is_panic(e: BaseException) -> bool:
    panic = _panic_type()
    return (panic is not None and isinstance(e, panic)) or type(e).__name__ == "PanicException"


def _load_table():
    if not TABLE.is_file():
        return None
    return json.loads(TABLE.read_text(encoding="utf-8"))


ENTRIES = _load_table()


def _arg(i, name):
    return i.get(name) if isinstance(i, dict) else None


def _info(e):
    """A raised LearningCityError as the core's ErrorInfo dict."""
    return {"kind": e.kind, "code": e.code, "path": e.path, "reason": e.reason}


def _first_failed(outcomes):
    return next((o["error"] for o in outcomes if "error" in o), None)


def _assess(i):
    outcomes = lc.assess_many([_arg(i, "record")], _arg(i, "rulebook"))
    assert len(outcomes) == 1, "one record in, one outcome out"
    return [o["error"] for o in outcomes if "error" in o]


def _rulebook(i):
    # A string is JSON text (NaN, 1e400, a lone surrogate, cut-off text).
    if isinstance(i, str):
        lc.Rulebook.from_json(i)
    else:
        lc.Rulebook.from_dict(i)
    return []


def _network(i):
    return [
        {"kind": "network", "code": f["code"], "path": f["path"], "reason": f["message"]["en"]}
        for f in lc.check_network(_arg(i, "units"), _arg(i, "members"))
    ]


def _round(i):
    lc.fill_round(_arg(i, "round"), _arg(i, "candidates"))
    return []


def _workflow(i):
    w = lc.run_steps(_arg(i, "nomination"), _arg(i, "steps"))
    return [w["error"]] if w.get("error") else []


def _money(i):
    target = _arg(i, "at_least_per_capita")
    review = lc.review_money(
        _arg(i, "units"),
        _arg(i, "fundings"),
        _arg(i, "expenses"),
        _arg(i, "members"),
        at_least_per_capita=2.0 if not isinstance(target, (int, float)) else target,
    )
    return review["errors"][:1]


def _district(i):
    district = _arg(i, "district")
    report = lc.appraise_district(district, _arg(i, "rulebook"))
    records = district.get("records") if isinstance(district, dict) else None
    n = len(records) if isinstance(records, list) else 0
    assert len(report["outcomes"]) == n, "N records in, N outcomes out"
    first = _first_failed(report["outcomes"])
    if first is None and report["round_errors"]:
        first = report["round_errors"][0]
    if first is None and report.get("money") and report["money"]["errors"]:
        first = report["money"]["errors"][0]
    return [first] if first else []


#: Each call of the table through the public API, as conformance/README.md ("Bad
#: input") says the Rust suite calls it: each returns the errors found in its report
#: (a batch's failed outcome, a workflow's error, a finding, ...) and may raise.
CALLS = {
    "assess": _assess,
    "rulebook": _rulebook,
    "network": _network,
    "round": _round,
    "workflow": _workflow,
    "money": _money,
    "district": _district,
}

#: The exception class of each error kind.
KIND_CLASS = {
    "record": lc.RecordError,
    "rulebook": lc.RulebookError,
    "network": lc.NetworkError,
    "designation": lc.DesignationError,
    "money": lc.MoneyError,
    "district": lc.DistrictError,
}


def raised(fn):
    """The exception ``fn()`` raises (any BaseException, so that a PanicException is
    caught and reported rather than ending the run), or None."""
    try:
        fn()
    except BaseException as e:  # noqa: B902 - a PanicException is a BaseException
        if isinstance(e, (KeyboardInterrupt, SystemExit)):
            raise
        return e
    return None


def errors_of(entry):
    """The errors the entry's call gives: the one it raises, or those in its report.
    A raised exception must be a typed LearningCityError of its kind's class."""
    call = CALLS.get(entry["call"])
    assert call is not None, f"unknown call {entry['call']!r}: add it to CALLS"
    got = []

    def run():
        got.extend(call(copy.deepcopy(entry["input"])))

    e = raised(run)
    if e is None:
        return got
    what = entry["name"]
    assert not _is_panic(e), f"{what}: PanicException (a Rust panic): {e!r}"
    assert isinstance(e, lc.LearningCityError), f"{what}: {type(e).__name__}: {e}"
    assert isinstance(e, KIND_CLASS[e.kind]), f"{what}: {type(e).__name__} for kind {e.kind}"
    assert e.reason and str(e) == (f"{e.path}: {e.reason}" if e.path else e.reason), what
    return [_info(e)]


# ---------------------------------------------------------------------- the table


def test_the_table_is_there_and_big_enough():
    assert ENTRIES is not None, (
        f"{TABLE} is missing: it is the shared table of malformed documents "
        "(conformance/make_bad_input.py, run by core/tests/bad_input.rs)"
    )
    assert isinstance(ENTRIES, list) and len(ENTRIES) >= 60, f"{len(ENTRIES or [])} entries"
    names = [e["name"] for e in ENTRIES]
    assert len(set(names)) == len(names), "entry names are unique"
    for e in ENTRIES:
        assert {"name", "call", "input", "path", "code"} <= set(e), e.get("name", e)


def test_every_call_of_the_table_has_a_function():
    calls = {e["call"] for e in ENTRIES or []}
    unknown = sorted(calls - set(CALLS))
    assert not unknown, f"calls with no Python function here: {unknown}"
    assert calls == set(CALLS), f"calls the table does not exercise: {sorted(set(CALLS) - calls)}"


@pytest.mark.parametrize("entry", ENTRIES or [], ids=[e["name"] for e in ENTRIES or []])
def test_bad_input(entry):
    got = errors_of(entry)
    want = (entry["path"], entry["code"])
    assert got, f"{entry['name']}: no error; want {want}"
    assert any((g["path"], g["code"]) == want for g in got), (
        f"{entry['name']}: got {[(g['path'], g['code'], g['reason']) for g in got]}, want {want}"
    )
    for g in got:
        assert g["reason"] and len(g["reason"]) < 600, (entry["name"], g)


ASSESS = [e for e in ENTRIES or [] if e["call"] == "assess"]


def _relative(path):
    """records[0].residents -> residents, records[0] -> "", records[0][1] -> [1]."""
    rest = path[len("records[0]"):] if path.startswith("records[0]") else path
    return rest[1:] if rest.startswith(".") else rest


@pytest.mark.parametrize("entry", ASSESS, ids=[e["name"] for e in ASSESS])
def test_bad_record_through_assess_raises_record_error(entry):
    """assess(record) (one record, raising) names the same field, seen from the record."""
    i = entry["input"]
    e = raised(lambda: lc.assess(copy.deepcopy(i["record"]), i["rulebook"]))
    assert e is not None, f"{entry['name']}: assessed"
    assert not _is_panic(e), f"{entry['name']}: PanicException: {e!r}"
    assert isinstance(e, lc.RecordError), f"{entry['name']}: {type(e).__name__}: {e}"
    assert (e.path, e.code) == (_relative(entry["path"]), entry["code"]), f"{entry['name']}: {e}"


# ---------------------------------------------------------------------- batches


def _within(i, path):
    """The table's path for a batch of one (records[0].field) at row i of a batch."""
    assert path.startswith("records[0]"), f"assess paths start at the row: {path!r}"
    return f"records[{i}]" + path[len("records[0]"):]


def _rulebook_error(spec):
    """The error loading this rulebook argument gives, or None when it loads."""
    e = raised(lambda: lc.load_rulebook(spec))
    return e


def _record_entries():
    """The `assess` entries whose rulebook loads (the record is the bad part),
    grouped by rulebook."""
    groups = OrderedDict()
    for entry in ENTRIES or []:
        if entry["call"] != "assess":
            continue
        spec = entry["input"].get("rulebook")
        if _rulebook_error(spec) is not None:
            continue
        groups.setdefault(json.dumps(spec, sort_keys=True), (spec, []))[1].append(entry)
    return list(groups.values())


def test_the_table_has_bad_records():
    groups = _record_entries()
    assert sum(len(g[1]) for g in groups) >= 10, "the table has few bad records"


def test_a_batch_of_good_and_all_bad_records_gives_one_outcome_each():
    for spec, entries in _record_entries():
        rb = lc.load_rulebook(spec)
        good = FULL_RECORD if rb.id == "standard" else {"unit": "c-ok", "period": "2024"}
        expected_good = lc.assess(good, rb)
        batch, bad_at = [], {}
        for entry in entries:
            batch.append(copy.deepcopy(good))
            bad_at[len(batch)] = entry
            batch.append(copy.deepcopy(entry["input"].get("record")))
        batch.append(copy.deepcopy(good))

        outcomes = lc.assess_many(batch, rb)
        assert len(outcomes) == len(batch), f"{len(batch)} records, {len(outcomes)} outcomes"
        for i, outcome in enumerate(outcomes):
            if i in bad_at:
                entry = bad_at[i]
                assert "error" in outcome, f"{entry['name']} at {i} was assessed"
                err = outcome["error"]
                assert (err["path"], err["code"]) == (_within(i, entry["path"]), entry["code"]), (
                    f"{entry['name']} at {i}: {err}"
                )
                assert err["kind"] == "record"
            else:
                assert outcome == expected_good, f"good record at {i}"


def test_a_batch_of_only_bad_records():
    entries = [e for _, es in _record_entries() for e in es if e["input"].get("rulebook") in (None, "standard")]
    batch = [copy.deepcopy(e["input"].get("record")) for e in entries]
    outcomes = lc.assess_many(batch)
    assert len(outcomes) == len(batch)
    for i, (entry, outcome) in enumerate(zip(entries, outcomes)):
        assert (outcome["error"]["path"], outcome["error"]["code"]) == (
            _within(i, entry["path"]),
            entry["code"],
        ), entry["name"]


def test_a_batch_with_values_python_cannot_send_keeps_every_row():
    """Values with no JSON form (inf, a set, bytes) are that row's error, in place."""
    entries = [e for _, es in _record_entries() for e in es if e["input"].get("rulebook") in (None, "standard")]
    extra = [
        (dict(FULL_RECORD, residents=float("inf")), "residents", "not_finite"),
        (dict(FULL_RECORD, funding_cny={9000}), "funding_cny", "not_json"),
        (dict(FULL_RECORD, reports=[b"2024-01-20"]), "reports[0]", "not_json"),
    ]
    batch = [copy.deepcopy(e["input"].get("record")) for e in entries] + [x[0] for x in extra]
    outcomes = lc.assess_many(batch)
    assert len(outcomes) == len(batch)
    for k, (_, path, code) in enumerate(extra):
        i = len(entries) + k
        assert (outcomes[i]["error"]["path"], outcomes[i]["error"]["code"]) == (f"records[{i}].{path}", code)


def test_a_frame_of_good_and_bad_rows_keeps_every_row():
    """assess_frame on good rows and the table's bad `standard` records (those that are
    records at all): one output row per input row, an error exactly on the bad ones,
    naming the field. (A text cell of a list-of-dates column is dates separated by
    ";" in a frame, by design, so "reports": "2024-01-20" is no error there.)"""
    import pandas as pd

    entries = [
        e for _, es in _record_entries() for e in es
        if e["input"].get("rulebook") in (None, "standard")
        and isinstance(e["input"]["record"], dict)
        and not isinstance(e["input"]["record"].get("reports"), str)
    ]
    rows, bad = [], {}
    for e in entries:
        rows.append(copy.deepcopy(FULL_RECORD))
        bad[len(rows)] = e
        rows.append(copy.deepcopy(e["input"]["record"]))
    df = pd.DataFrame(rows, index=[f"r{i}" for i in range(len(rows))])
    out = lc.assess_frame(df, "standard")
    assert list(out.index) == list(df.index)
    for i, (label, error) in enumerate(out["error"].items()):
        if i in bad:
            assert isinstance(error, str), f"{bad[i]['name']}: row {label} has no error"
            field = _relative(bad[i]["path"])
            assert error.startswith(f"{field}: " if field else ""), f"{bad[i]['name']}: {error}"
        else:
            assert error is None and out["score"].iloc[i] == 100.0, f"good row {label}: {error}"
    # Without the reasons, the very same scores and errors.
    quick = lc.assess_frame(df, "standard", explain=None)
    pd.testing.assert_frame_equal(quick, out[quick.columns])


def test_a_frame_with_values_python_cannot_send_keeps_every_row():
    """In a frame, as in a batch of dicts: inf, a set, bytes in a column a rule reads
    are that row's error, naming the cell."""
    import pandas as pd

    rows = [
        dict(FULL_RECORD, residents=float("inf")),
        dict(FULL_RECORD, funding_cny={9000}),
        dict(FULL_RECORD, reports=[b"2024-01-20"]),
        dict(FULL_RECORD),
    ]
    out = lc.assess_frame(pd.DataFrame(rows), explain=None)
    assert [e.split(":")[0] if e else None for e in out["error"]] == ["residents", "funding_cny", "reports[0]", None]
    many = lc.assess_many(rows)
    assert [m["error"]["reason"] if "error" in m else None for m in many] == [
        e.split(": ", 1)[1] if e else None for e in out["error"]
    ]


# ---------------------------------------------------------------------- hostile rulebooks


def _standard():
    return lc.Rulebook.builtin("standard").to_dict()


def _deep(n):
    v = 1
    for _ in range(n):
        v = [v]
    return v


def _with(fn):
    doc = _standard()
    fn(doc)
    return doc


def _many_indicators(doc):
    one = doc["indicators"][0]
    doc["indicators"] = [dict(one, id=f"X{i}") for i in range(100_000)]


def _set_all_points(value):
    def fn(doc):
        for ind in doc["indicators"]:
            ind["points"] = value

    return fn


#: (name, document, expected code or None for any, expected path or None for any).
HOSTILE = [
    ("100 000 indicators", lambda: _with(_many_indicators), "too_many", "indicators"),
    ("10 000-deep nesting in the title", lambda: _with(lambda d: d["title"].__setitem__("en", _deep(10_000))), None, None),
    ("10 000-deep nesting as an indicator", lambda: _with(lambda d: d["indicators"].append(_deep(10_000))), None, None),
    ("points of 1e308", lambda: _with(lambda d: d["indicators"][0].__setitem__("points", 1e308)), "out_of_range", "indicators[0].points"),
    ("every indicator 1e308 points", lambda: _with(_set_all_points(1e308)), "out_of_range", "indicators[0].points"),
    ("a per-capita target of 1e308", lambda: _with(lambda d: d["indicators"][4]["rule"]["per_capita"].__setitem__("at_least", 1e308)), "out_of_range", "indicators[4].rule.per_capita.at_least"),
    ("a ratio target of 1e308", lambda: _with(lambda d: d["indicators"][0]["rule"]["ratio"].__setitem__("at_least", 1e308)), "out_of_range", "indicators[0].rule.ratio.at_least"),
    ("a monthly count target of 1e308", lambda: _with(lambda d: d["indicators"][5]["rule"]["count_each_period"].__setitem__("at_least", 1e308)), "out_of_range", "indicators[5].rule.count_each_period.at_least"),
    ("a grade minimum of -1e308", lambda: _with(lambda d: d["grades"][0].__setitem__("min", -1e308)), None, None),
    ("NaN points", lambda: _with(lambda d: d["indicators"][0].__setitem__("points", float("nan"))), None, "indicators[0].points"),
    ("infinite points", lambda: _with(lambda d: d["indicators"][0].__setitem__("points", float("inf"))), None, "indicators[0].points"),
    ("-infinite target", lambda: _with(lambda d: d["indicators"][0]["rule"]["ratio"].__setitem__("at_least", float("-inf"))), None, "indicators[0].rule.ratio.at_least"),
    ('"NaN" as text for points', lambda: _with(lambda d: d["indicators"][0].__setitem__("points", "NaN")), "malformed", "indicators[0].points"),
    ("negative points", lambda: _with(lambda d: d["indicators"][0].__setitem__("points", -20)), "out_of_range", "indicators[0].points"),
    ("every weight negative", lambda: _with(_set_all_points(-1)), "out_of_range", "indicators[0].points"),
    ("a negative target", lambda: _with(lambda d: d["indicators"][4]["rule"]["per_capita"].__setitem__("at_least", -2)), "out_of_range", "indicators[4].rule.per_capita.at_least"),
    ("a 10 MB id", lambda: _with(lambda d: d.__setitem__("id", "x" * 10_000_000)), "too_long", "id"),
    ("a 10 MB indicator id", lambda: _with(lambda d: d["indicators"][0].__setitem__("id", "T" * 10_000_000)), "too_long", "indicators[0].id"),
]


@pytest.mark.parametrize("name,make,code,path", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_rulebook_is_refused_with_a_typed_error(name, make, code, path):
    doc = make()
    for how, fn in [
        ("Rulebook.from_dict", lambda: lc.Rulebook.from_dict(doc)),
        ("assess(record, doc)", lambda: lc.assess(FULL_RECORD, doc)),
        ("assess_many([record], doc)", lambda: lc.assess_many([FULL_RECORD], doc)),
        ("assess_many([record], [doc])", lambda: lc.assess_many([FULL_RECORD], [doc])),
    ]:
        e = raised(fn)
        what = f"{name} through {how}"
        assert e is not None, f"{what}: accepted"
        assert not _is_panic(e), f"{what}: PanicException: {e!r}"
        assert isinstance(e, lc.RulebookError), f"{what}: {type(e).__name__}: {str(e)[:300]}"
        assert e.kind == "rulebook" and e.code, what
        if code is not None:
            assert e.code == code, f"{what}: {e.code} at {e.path[:200]!r}: {e.reason[:200]}"
        if path is not None:
            in_set = how.endswith("[doc])")
            assert e.path == (f"rulebooks[0].{path}" if in_set else path), f"{what}: {e.path[:200]!r}"
        assert len(str(e)) < 20_000, f"{what}: a message of {len(str(e))} characters"


@pytest.mark.parametrize("name,make,code,path", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_rulebook_as_json_text_is_refused(name, make, code, path):
    try:
        text = json.dumps(make(), allow_nan=True)
    except RecursionError:  # json cannot write 10 000 levels: build the text by hand
        text = '{"id": "deep", "title": ' + "[" * 10_000 + "]" * 10_000 + "}"
    e = raised(lambda: lc.Rulebook.from_json(text))
    assert e is not None, f"{name}: accepted"
    assert not _is_panic(e), f"{name}: PanicException: {e!r}"
    assert isinstance(e, lc.RulebookError), f"{name}: {type(e).__name__}: {str(e)[:300]}"


def test_the_engine_works_after_every_hostile_rulebook():
    for _, make, _, _ in HOSTILE:
        raised(lambda: lc.Rulebook.from_dict(make()))
    assert lc.assess(FULL_RECORD)["score"] == 100.0
