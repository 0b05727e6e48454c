#!/usr/bin/env python3
"""Throughput of learning_city from Python, side by side with what an analyst would
otherwise use, on the `standard` rulebook of DOMAIN.md §4.

    .venv/bin/python benches/python/bench_assess.py                 # 10^5 and 10^6 rows
    .venv/bin/python benches/python/bench_assess.py --sizes 100000 --repeat 3 --json out.json

Contenders, all given the same DataFrame (one row per community-year, the twelve
monthly activity counts as a list column, the report dates as a list column):

* ``assess_frame``: ``learning_city.assess_frame(df, rb)``, DataFrame in, DataFrame out
  (score, grade, points/met/why/gap per indicator, error). One call holds every
  row's full assessment until the columns are built (about 22 KB a row at the peak),
  so above ``--frame-max-rows`` rows (200 000) a single call is not made: 10^5 and
  2×10^5 rows are timed and the whole size extrapolated (labelled EXTRAPOLATED), and
  the whole size is timed in calls of ``--frame-chunk`` rows (measured). The same
  happens when one call would take over ``--frame-budget`` seconds (3 minutes).
* ``assess_many``: ``learning_city.assess_many(records, rb)`` on the same rows as a
  list of dicts (building the dicts is not timed), every assessment as a dict. An
  assessment dict holds every indicator's labels, reasons and gaps in two languages
  and the work list (about 40 KB of Python objects), so 10^6 of them do not fit in
  memory: the batch is assessed in chunks of ``--chunk`` records, each chunk's
  results dropped before the next, as a job streaming them to a file would.
* ``pandas``: the standard rulebook written by hand, vectorised, as an analyst would:
  score and grade, the same formulas; checked against the engine on a sample of rows
  (score within 1e-9, same grade) before anything is timed.
* ``zen-engine``: GoRules ZEN (PyPI ``zen-engine``) running the same rules as a
  decision graph (an expression node for the eleven indicators and the score, a
  decision table for the grade), one ``ZenEngine.evaluate`` per row (the decision
  held by a static loader; ``create_decision(...).evaluate`` was 5-8× slower per row
  when tried), and ``evaluate_batch``.
  Checked against the engine the same way. ZEN is timed on at most ``--zen-rows``
  rows per size and its rate extrapolated (it runs row by row, so the rate holds).

Timings are the best of ``--repeat`` runs (timeit's advice: the minimum is the
least disturbed). Data generation is not timed. Every dataset is generated from a
fixed seed with the spread of ``benches/src/lib.rs`` (the Rust benches' records).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import sys
import time
from typing import Callable, Dict, List

import numpy as np
import pandas as pd

import learning_city as lc

try:
    import zen  # PyPI: zen-engine
except ImportError:  # pragma: no cover - reported in the table
    zen = None

SEED = 0x5EED_2024
GRADES = (("excellent", 90.0), ("good", 75.0), ("pass", 60.0), ("fail", 0.0))


# ---------------------------------------------------------------------- the data


def standard_frame(n: int, seed: int = SEED) -> pd.DataFrame:
    """``n`` community-years under ``standard``, deterministic, every row assessable.

    The spread of ``benches/src/lib.rs``: 80 % of rows for 2024, the rest 2023;
    residents 300 to 30 000 on a log scale; participation 5-45 %; a survey of 50-500
    residents with awareness and recognition 40-100 % and satisfaction 20-100 % (no
    survey in 5 % of rows: empty cells); funding 0.5-4 CNY per resident (empty in 2 %);
    monthly activity counts mostly 2, some 0, 1 or 3-6; zero to two reports a month,
    15 % of them after the 25th; a learning centre organised January to September.
    Two columns no rule reads (``name``, ``street``) ride along, as in a real export.
    """
    rng = np.random.default_rng(seed)
    year = np.where(rng.random(n) < 0.8, 2024, 2023)
    residents = np.round(300.0 * 100.0 ** rng.random(n))
    participants = np.round(residents * (0.05 + 0.4 * rng.random(n)))
    surveyed = rng.integers(50, 501, n).astype(float)
    aware = np.floor(surveyed * (0.4 + 0.6 * rng.random(n)))
    recognising = np.floor(surveyed * (0.4 + 0.6 * rng.random(n)))
    satisfied = np.floor(surveyed * (0.2 + 0.8 * rng.random(n)))
    no_survey = rng.random(n) < 0.05
    for column in (surveyed, aware, recognising, satisfied):
        column[no_survey] = np.nan
    funding = np.round(residents * (0.5 + 3.5 * rng.random(n)))
    funding[rng.random(n) < 0.02] = np.nan

    # Twelve monthly counts: 0 (10 %), 1 (10 %), 2 (50 %), 3-6 (30 %).
    draw = rng.integers(0, 10, (n, 12))
    months = np.select([draw == 0, draw == 1, draw <= 6], [0, 1, 2], rng.integers(3, 7, (n, 12)))
    activities = months.tolist()

    # Reports: 0 (10 %), 1 (60 %) or 2 (30 %) a month; 85 % by the 25th.
    draw = rng.integers(0, 10, (n, 12))
    per_month = np.select([draw == 0, draw <= 6], [0, 1], 2)
    late = rng.random((n, 12, 2)) >= 0.85
    days = np.where(late, rng.integers(26, 29, (n, 12, 2)), rng.integers(1, 26, (n, 12, 2)))
    texts = {
        y: [[f"{y:04d}-{m:02d}-{d:02d}" for d in range(32)] for m in range(13)]
        for y in (2023, 2024)
    }  # shared strings, as a reader's string cache would give
    reports: List[List[str]] = []
    for y, counts, row_days in zip(year.tolist(), per_month.tolist(), days.tolist()):
        t = texts[y]
        reports.append(
            [t[m + 1][row_days[m][k]] for m in range(12) for k in range(counts[m])]
        )

    organised_month = rng.integers(1, 10, n)
    organised_day = rng.integers(1, 29, n)
    organised = [
        texts[y][m][d] for y, m, d in zip(year.tolist(), organised_month.tolist(), organised_day.tolist())
    ]
    return pd.DataFrame(
        {
            "unit": [f"c-{i:07d}" for i in range(n)],
            "period": [str(y) for y in year.tolist()],
            "name": [f"第{i}社区" for i in range(n)],
            "street": [f"s-{i // 16:06d}" for i in range(n)],
            "residents": residents.astype(np.int64),
            "participants": participants.astype(np.int64),
            "surveyed": surveyed,
            "aware": aware,
            "recognising": recognising,
            "satisfied": satisfied,
            "funding_cny": funding,
            "activities_by_month": activities,
            "reports": reports,
            "staff_trainings": rng.integers(0, 5, n),
            "leading_group_meetings": rng.integers(0, 4, n),
            "centre_organised_on": organised,
            "signature_courses": rng.integers(0, 4, n),
        }
    )


def records_of(df: pd.DataFrame, fields: List[str]) -> List[dict]:
    """The rows as record dicts (what ``assess_many`` takes); NaN cells left out."""
    columns = {c: df[c].tolist() for c in ["unit", "period", *fields]}
    out = []
    for i in range(len(df)):
        r = {}
        for c, values in columns.items():
            v = values[i]
            if not (isinstance(v, float) and v != v):
                r[c] = v
        out.append(r)
    return out


# ---------------------------------------------------------------------- pandas by hand


def pandas_standard(df: pd.DataFrame) -> pd.DataFrame:
    """The `standard` rulebook (DOMAIN.md §4) written out in vectorised pandas: what an
    analyst would do without the engine. Score and grade only; an empty cell scores 0.
    The data is trusted (no check for impossible values)."""

    def linear(value: pd.Series, target: float, points: float) -> pd.Series:
        half = target / 2
        return (points * ((value - half) / half).clip(0, 1)).fillna(0.0)

    t1 = linear(df["participants"] / df["residents"], 0.25, 20)
    t2 = linear(df["aware"] / df["surveyed"], 0.70, 10)
    t3 = linear(df["recognising"] / df["surveyed"], 0.70, 10)
    t4 = linear(df["satisfied"] / df["surveyed"], 0.50, 15)
    t5 = linear(df["funding_cny"] / df["residents"], 2.0, 15)

    # T6: the list column as a 12-wide matrix; months with at least 2 activities.
    months = np.array(df["activities_by_month"].tolist(), dtype=float)
    t6 = 15 * (months >= 2).sum(axis=1) / 12

    # T7: one row per report; a month counts when some report is dated by the 25th.
    rep = df["reports"].explode().dropna()
    when = pd.to_datetime(rep, format="%Y-%m-%d")
    on_time = when[when.dt.day <= 25]
    months_met = (
        on_time.dt.month.groupby(level=0).nunique().reindex(df.index, fill_value=0)
    )
    t7 = 5 * months_met.to_numpy() / 12

    t8 = np.where(df["staff_trainings"] >= 2, 3.0, 0.0)
    t9 = np.where(df["leading_group_meetings"] >= 1, 2.0, 0.0)
    organised = pd.to_datetime(df["centre_organised_on"], format="%Y-%m-%d")
    deadline = pd.to_datetime(df["period"].astype(str) + "-06-30", format="%Y-%m-%d")
    t11 = np.where(organised <= deadline, 2.0, 0.0)
    t13 = np.where(df["signature_courses"] >= 1, 3.0, 0.0)

    # The engine adds the indicators in the rulebook's order; so do we.
    score = t1.to_numpy() + t2.to_numpy() + t3.to_numpy() + t4.to_numpy() + t5.to_numpy()
    score = score + t6 + t7 + t8 + t9 + t11 + t13
    grade = np.select(
        [score >= 90, score >= 75, score >= 60], ["excellent", "good", "pass"], "fail"
    )
    return pd.DataFrame({"score": score, "grade": grade}, index=df.index)


# ---------------------------------------------------------------------- ZEN


def _linear(points: float, value: str, target: float) -> str:
    half = target / 2
    return f"{points} * max([0, min([1, ({value} - {half}) / {half}])])"


def _ratio(points: float, num: str, den: str, target: float) -> str:
    # An empty cell (null) scores 0, as in the engine.
    return f"({num} == null or {den} == null) ? 0 : {_linear(points, f'{num} / {den}', target)}"


#: The standard rulebook as ZEN expressions, in the rulebook's order.
ZEN_EXPRESSIONS = [
    ("T1", _ratio(20, "participants", "residents", 0.25)),
    ("T2", _ratio(10, "aware", "surveyed", 0.70)),
    ("T3", _ratio(10, "recognising", "surveyed", 0.70)),
    ("T4", _ratio(15, "satisfied", "surveyed", 0.50)),
    ("T5", _ratio(15, "funding_cny", "residents", 2.0)),
    ("T6", "activities_by_month == null ? 0 : 15 * count(activities_by_month, # >= 2) / 12"),
    ("months_met", "reports == null ? [] : map(filter(reports, number(#[8:9]) <= 25), number(#[5:6]))"),
    ("T7", "5 * count([1..12], # in $.months_met) / 12"),
    ("T8", "staff_trainings == null ? 0 : (staff_trainings >= 2 ? 3 : 0)"),
    ("T9", "leading_group_meetings == null ? 0 : (leading_group_meetings >= 1 ? 2 : 0)"),
    ("T11", "centre_organised_on == null ? 0 : (d(centre_organised_on) <= d(period + '-06-30') ? 2 : 0)"),
    ("T13", "signature_courses == null ? 0 : (signature_courses >= 1 ? 3 : 0)"),
    ("score", "$.T1 + $.T2 + $.T3 + $.T4 + $.T5 + $.T6 + $.T7 + $.T8 + $.T9 + $.T11 + $.T13"),
]


def zen_graph() -> dict:
    """The decision: input → expression node (points and score) → decision table
    (grade, first hit) → output."""
    at = {"x": 0, "y": 0}
    return {
        "nodes": [
            {"id": "in", "type": "inputNode", "name": "record", "position": at},
            {
                "id": "points",
                "type": "expressionNode",
                "name": "points",
                "position": at,
                "content": {
                    "expressions": [{"id": k, "key": k, "value": v} for k, v in ZEN_EXPRESSIONS]
                },
            },
            {
                "id": "grade",
                "type": "decisionTableNode",
                "name": "grade",
                "position": at,
                "content": {
                    "hitPolicy": "first",
                    "passThrough": True,
                    "inputs": [{"id": "score", "name": "score", "field": "score"}],
                    "outputs": [{"id": "grade", "name": "grade", "field": "grade"}],
                    "rules": [
                        {"_id": g, "score": f">= {m}", "grade": json.dumps(g)} for g, m in GRADES
                    ],
                },
            },
            {"id": "out", "type": "outputNode", "name": "out", "position": at},
        ],
        "edges": [
            {"id": "e1", "sourceId": "in", "targetId": "points", "type": "edge"},
            {"id": "e2", "sourceId": "points", "targetId": "grade", "type": "edge"},
            {"id": "e3", "sourceId": "grade", "targetId": "out", "type": "edge"},
        ],
    }


# ---------------------------------------------------------------------- checks


def check_agreement(name: str, engine: pd.DataFrame, other: pd.DataFrame, rows: np.ndarray) -> str:
    """The other implementation's score within 1e-9 of the engine's and the same grade,
    row for row (``engine`` and ``other`` hold the same rows, numbered ``rows`` in the
    dataset); raises otherwise. Returns a one-line summary."""
    assert len(engine) == len(other) == len(rows)
    diff = np.abs(engine["score"].to_numpy(dtype=float) - other["score"].to_numpy(dtype=float))
    worst = float(diff.max()) if len(diff) else 0.0
    bad = np.flatnonzero(~(diff <= 1e-9))
    if len(bad):
        j = bad[0]
        raise SystemExit(
            f"{name} disagrees with the engine on row {rows[j]}: "
            f"{other['score'].iloc[j]!r} vs {engine['score'].iloc[j]!r}"
        )
    grades = engine["grade"].to_numpy(dtype=object) != other["grade"].to_numpy(dtype=object)
    if grades.any():
        j = int(np.flatnonzero(grades)[0])
        raise SystemExit(
            f"{name} gives grade {other['grade'].iloc[j]!r}, the engine {engine['grade'].iloc[j]!r}, "
            f"on row {rows[j]} (score {engine['score'].iloc[j]!r})"
        )
    return f"{name}: {len(rows)} rows agree with the engine (max |Δscore| {worst:.1e}, grades equal)"


# ---------------------------------------------------------------------- timing


def best_of(fn: Callable[[], object], repeat: int) -> float:
    """timeit-style: the least time of ``repeat`` runs, with the collector off."""
    times = []
    for _ in range(repeat):
        gc.collect()
        was = gc.isenabled()
        gc.disable()
        try:
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        finally:
            if was:
                gc.enable()
    return min(times)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores; Python {platform.python_version()}, "
        f"pandas {pd.__version__}, numpy {np.__version__}, learning_city {lc.__version__}, "
        f"zen-engine {_zen_version()}"
    )


def _zen_version() -> str:
    if zen is None:
        return "not installed"
    try:
        from importlib.metadata import version

        return version("zen-engine")
    except Exception:  # pragma: no cover
        return "?"


# ---------------------------------------------------------------------- main


def run(args) -> dict:
    rb = lc.Rulebook.builtin("standard")
    fields = rb.fields
    rows_out = []
    notes = []
    print(f"machine: {machine()}", flush=True)
    for n in args.sizes:
        t0 = time.perf_counter()
        df = standard_frame(n)
        records = records_of(df, fields)
        print(f"\n{n} rows generated in {time.perf_counter() - t0:.1f} s", flush=True)

        # With reasons, one call holds 22 texts a row until the frame is built;
        # above --frame-max-rows rows those calls go in chunks.
        whole = n <= args.frame_max_rows
        sample = np.random.default_rng(1).choice(n, size=min(n, args.check_rows), replace=False)
        sample.sort()

        # Correctness first: the engine's answer on the sample, and the others against it.
        engine = lc.assess_frame(df.iloc[sample], rb)
        assert engine["error"].isna().all(), engine["error"].dropna().head()
        hand = pandas_standard(df)
        notes.append(check_agreement(f"pandas at {n}", engine, hand.iloc[sample], sample))
        print(notes[-1], flush=True)
        del hand

        results: Dict[str, dict] = {}
        repeat = args.repeat if n < 500_000 else args.repeat_large

        def timed(name: str, fn, rows: int, label: str = "") -> None:
            t = best_of(fn, repeat)
            results[name] = {
                "rows": rows, "seconds": t, "rows_per_s": rows / t, "label": label, "repeat": repeat,
            }
            print(f"  {name:<30} {rows:>9} rows  {t:9.3f} s  {rows / t:>12,.0f} rows/s {label}", flush=True)

        def chunked(fn, data, step):
            def run():
                for k in range(0, n, step):
                    fn(data[k : k + step])

            return run

        timed("assess_frame (explain=None)", lambda: lc.assess_frame(df, rb, explain=None), n)
        scores = lc.assess_frame(df.iloc[sample], rb, explain=None)
        pd.testing.assert_frame_equal(scores, engine[scores.columns])

        probe_rows = min(n, 20_000)
        probe = best_of(lambda: lc.assess_frame(df.iloc[:probe_rows], rb), 1)
        projected = probe * n / probe_rows
        if whole and projected <= args.frame_budget:
            timed("assess_frame", lambda: lc.assess_frame(df, rb), n)
        else:
            # One call on all n rows is too slow or too big: measure 10^5 and 2×10^5
            # rows and extrapolate (labelled), and measure all n rows in chunks.
            for m in (100_000, 200_000):
                part = df.iloc[:m]
                timed(f"assess_frame@{m}", lambda part=part: lc.assess_frame(part, rb), m)
            r1, r2 = results["assess_frame@100000"], results["assess_frame@200000"]
            per_row = (r2["seconds"] - r1["seconds"]) / 100_000
            fixed = r1["seconds"] - per_row * 100_000
            est = fixed + per_row * n
            why = "too big for memory" if not whole else f"over {args.frame_budget:.0f} s"
            results["assess_frame"] = {
                "rows": n, "seconds": est, "rows_per_s": n / est, "repeat": repeat,
                "label": f"EXTRAPOLATED from 1e5 and 2e5 rows (one call on {n} rows: {why})",
            }
            print(f"  {'assess_frame (extrapolated)':<30} {n:>9} rows  {est:9.3f} s  {n / est:>12,.0f} rows/s", flush=True)
            timed(
                "assess_frame in chunks",
                lambda: [lc.assess_frame(df.iloc[k : k + args.frame_chunk], rb) for k in range(0, n, args.frame_chunk)],
                n,
                f"(chunks of {args.frame_chunk} rows, results dropped)",
            )

        many = lambda chunk: lc.assess_many(chunk, rb)  # noqa: E731
        timed("assess_many", chunked(many, records, args.chunk), n, f"(chunks of {args.chunk})" if n > args.chunk else "")
        timed("pandas by hand", lambda: pandas_standard(df), n)

        if zen is None:
            notes.append("zen-engine is not installed: pip install -r benches/python/requirements.txt")
        else:
            z = min(n, args.zen_rows)
            graph = zen_graph()
            engine_z = zen.ZenEngine({"loader": {"type": "static", "content": {"standard": graph}}})
            contexts = records[:z]
            out = [engine_z.evaluate("standard", c)["result"] for c in contexts]
            zdf = pd.DataFrame({"score": [o["score"] for o in out], "grade": [o["grade"] for o in out]})
            # Every row ZEN is timed on, against the engine.
            mine = lc.assess_frame(df.iloc[:z], rb)
            notes.append(check_agreement(f"zen-engine at {n}", mine, zdf, np.arange(z)))
            print(notes[-1], flush=True)
            label = "" if z == n else f"(timed on {z} rows, rate extrapolated)"
            timed("zen evaluate (per row)", lambda: [engine_z.evaluate("standard", c) for c in contexts], z, label)
            reqs = [{"key": "standard", "context": c} for c in contexts]
            timed("zen evaluate_batch", lambda: engine_z.evaluate_batch(reqs), z, label)

        base = results["pandas by hand"]["rows_per_s"]
        for name, r in results.items():
            r["vs_pandas"] = r["rows_per_s"] / base
            rows_out.append({"size": n, "name": name, **r})
        del df, records, engine
        gc.collect()

    result = {
        "machine": machine(),
        "repeat": args.repeat,
        "repeat_large": args.repeat_large,
        "load_average": os.getloadavg()[0],
        "rows": rows_out,
        "notes": notes,
    }
    print()
    print_table(result)
    return result


def print_table(result: dict) -> None:
    """The results as a Markdown table: per size, each contender's rows timed, best
    time, rows/s and rows/s relative to pandas by hand at that size."""
    print(f"machine: {result['machine']}")
    print(
        f"best of {result['repeat']} runs ({result.get('repeat_large', result['repeat'])} from "
        f"500 000 rows); load average {result.get('load_average', float('nan')):.2f} at the end; "
        "ratio = rows/s ÷ pandas-by-hand rows/s at the same size"
    )
    print("| size | contender | rows timed | best time | rows/s | × pandas | note |")
    print("|---:|---|---:|---:|---:|---:|---|")
    for r in result["rows"]:
        extrapolated = "EXTRAPOLATED" in r["label"]
        timed = "–" if extrapolated else f"{r['rows']:,}"
        secs = f"({r['seconds']:.2f} s)" if extrapolated else f"{r['seconds']:.3f} s"
        print(
            f"| {r['size']:,} | {r['name']} | {timed} | {secs} | {r['rows_per_s']:,.0f} | "
            f"{r['vs_pandas']:.2f}× | {r['label']} |"
        )
    print()
    for note in result["notes"]:
        print(f"- {note}")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="100000,1000000", help="row counts, comma-separated")
    p.add_argument("--repeat", type=int, default=3, help="runs per contender; the best counts")
    p.add_argument("--repeat-large", type=int, default=2, help="runs per contender from 500 000 rows")
    p.add_argument("--chunk", type=int, default=20_000, help="records per assess_many call")
    p.add_argument(
        "--frame-max-rows", type=int, default=200_000,
        help="most rows given to one assess_frame call with reasons (memory)",
    )
    p.add_argument("--frame-chunk", type=int, default=100_000, help="rows per call above that")
    p.add_argument("--zen-rows", type=int, default=20_000, help="rows ZEN is timed on per size")
    p.add_argument("--check-rows", type=int, default=5_000, help="rows checked against the engine")
    p.add_argument(
        "--frame-budget", type=float, default=180.0,
        help="seconds one assess_frame run may take at a size before 1e5 and 2e5 rows "
        "are measured instead and the rest extrapolated",
    )
    p.add_argument("--json", help="also write the results here (benches/run.sh reads it)")
    p.add_argument("--show", metavar="JSON", help="only print the table of a results file written by --json")
    args = p.parse_args(argv)
    if args.show:
        with open(args.show, encoding="utf-8") as f:
            print_table(json.load(f))
        return 0
    args.sizes = [int(s) for s in args.sizes.split(",") if s]
    result = run(args)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
