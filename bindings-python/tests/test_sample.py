"""The sample district (examples/data/sample-district.json): assess_frame gives the
Rust main job's numbers exactly, and keeps corrupted rows with their error."""

import json
import math
import shutil
import subprocess

import pandas as pd
import pytest

import learning_city as lc

from conftest import REPO, read_sample


@pytest.fixture(scope="module")
def sample():
    return read_sample()


@pytest.fixture(scope="module")
def rust_outcomes():
    """The Rust main job's outcomes: `appraise --format jsonl`, one JSON line per record."""
    cargo = shutil.which("cargo")
    if cargo is None:
        pytest.skip("cargo is not on PATH, so the Rust main job `appraise` cannot be run to compare with")
    command = [cargo, "run", "--quiet", "--release", "-p", "examples", "--bin", "appraise", "--", "--format", "jsonl"]
    proc = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, f"{' '.join(command)} failed:\n{proc.stderr[-3000:]}"
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def test_sample_scores_equal_the_rust_main_job(sample, rust_outcomes):
    records = sample["records"]
    assert len(records) == 64
    assert len(rust_outcomes) == 64
    out = lc.assess_frame(pd.DataFrame(records))
    assert len(out) == 64
    assert list(out.index) == list(range(64))
    ids = lc.Rulebook.default().indicator_ids
    for row, rust in zip(out.itertuples(), rust_outcomes):
        if "error" in rust:
            assert row.error is not None, rust
            continue
        assert row.error is None, row.error
        assert row.score == rust["score"]  # exactly, not approximately
        assert row.grade == rust["grade"]
        assert row.vetoed == rust["vetoed"]
        for i, r in zip(ids, rust["indicators"]):
            assert getattr(row, f"points_{i}") == r["points"]
            assert getattr(row, f"met_{i}") == r["met"]
            assert getattr(row, f"why_{i}") == r["why"]["en"]
    # And every outcome of the batch API is the Rust one, byte for byte.
    mine = lc.assess_many(records)
    assert [json.dumps(o, ensure_ascii=False) for o in mine] == [
        json.dumps(o, ensure_ascii=False) for o in rust_outcomes
    ]


def corrupt(records):
    """Three rows made impossible: a negative population, a day that does not exist,
    eleven months."""
    bad = json.loads(json.dumps(records))
    bad[3]["residents"] = -5
    bad[30]["reports"] = ["2024-02-30"]
    bad[60]["activities_by_month"] = [2] * 11
    return bad


def test_three_corrupted_rows_keep_their_place(sample):
    clean = lc.assess_frame(pd.DataFrame(sample["records"]))
    assert clean["error"].isna().all()
    out = lc.assess_frame(pd.DataFrame(corrupt(sample["records"])))
    assert len(out) == 64
    errors = out["error"].dropna()
    assert errors.to_dict() == {
        3: "residents: must not be negative (found -5)",
        30: "reports[0]: `2024-02-30` is not a date that exists, written YYYY-MM-DD",
        60: "activities_by_month: must hold 12 values, one per month (found 11)",
    }
    assert out.loc[errors.index, "score"].isna().all()
    kept = out.index.difference(errors.index)
    assert len(kept) == 61
    pd.testing.assert_frame_equal(out.loc[kept], clean.loc[kept])


def test_the_sample_as_a_spreadsheet_gives_the_same_frame(sample):
    df = pd.DataFrame(sample["records"])
    sheet = df.drop(columns=["activities_by_month"])
    for m in range(12):
        sheet[f"activities_by_month_{m + 1}"] = [
            None if isinstance(v, float) and math.isnan(v) else v[m] for v in df["activities_by_month"]
        ]
    sheet["reports"] = [";".join(v) if isinstance(v, list) else None for v in df["reports"]]
    sheet["centre_organised_on"] = pd.to_datetime(df["centre_organised_on"])
    sheet["period"] = sheet["period"].astype(int)
    pd.testing.assert_frame_equal(lc.assess_frame(sheet), lc.assess_frame(df))
