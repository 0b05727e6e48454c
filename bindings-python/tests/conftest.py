"""Shared paths and data for the learning_city tests."""

import json
import os
import pathlib

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
CASES = REPO / "conformance" / "cases"
#: The sample district of the examples; LEARNING_CITY_SAMPLE may point elsewhere.
SAMPLE = pathlib.Path(
    os.environ.get("LEARNING_CITY_SAMPLE", REPO / "examples" / "data" / "sample-district.json")
)


def read_sample():
    """The sample district's document: {"units": [...], "members": [...], "records": [...]}."""
    if not SAMPLE.is_file():
        pytest.fail(f"the sample district {SAMPLE} is missing (examples/data is written by the examples' owner)")
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


#: A complete, valid record under `standard`, meeting every indicator (score 100).
FULL_RECORD = {
    "unit": "c-017",
    "period": "2024",
    "residents": 4200,
    "participants": 1130,
    "surveyed": 300,
    "aware": 231,
    "recognising": 220,
    "satisfied": 170,
    "funding_cny": 9000,
    "activities_by_month": [2, 3, 2, 2, 2, 2, 4, 2, 2, 3, 2, 2],
    "reports": [f"2024-{m:02d}-20" for m in range(1, 13)],
    "staff_trainings": 2,
    "leading_group_meetings": 1,
    "centre_organised_on": "2024-05-01",
    "signature_courses": 1,
}


@pytest.fixture
def full_record():
    """A fresh copy of FULL_RECORD."""
    return json.loads(json.dumps(FULL_RECORD))


# Hypothesis keeps no example database in the work tree.
from hypothesis import settings as _settings  # noqa: E402

_settings.register_profile("learning_city", database=None)
_settings.load_profile("learning_city")
