"""learning_city: appraise learning-type communities (学习型社区) by published rulebooks.

The Rust engine of the `learning-city` project, for analysts. Load a rulebook (an
appraisal standard held as data), assess records (one community for one year), and
get plain Python data back: scores, grades, and for every indicator the reason for
every lost point and what it would take to meet the target.

>>> import learning_city as lc
>>> a = lc.assess({"unit": "c-017", "period": "2024", "residents": 4200, "participants": 1130})
>>> a["indicators"][0]["why"]["en"]
'resident participation is 26.9 % (1130 of 4200); the target is at least 25 %'
>>> a["grade"]
'fail'

The API:

* Rulebook: Rulebook.builtin(name), Rulebook.default(), Rulebook.from_dict(d),
  Rulebook.from_json(text), Rulebook.from_file(path); properties id, version,
  citation, fields, indicator_ids; to_dict(), to_json(). Picklable.
* builtin_names(), load_rulebook(spec), DEFAULT_RULEBOOK.
* assess(record, rulebook=None) -> dict, raising RecordError.
* assess_many(records, rulebook=None) -> list: one outcome per record, in order
  (rulebook may also be a list of versions of one rulebook).
* assess_frame(df, rulebook=None) -> pandas.DataFrame (needs pandas:
  ``pip install learning_city[pandas]``).
* sensitivity(records, rulebook=None, change=DEFAULT_CHANGE) -> dict: how grades
  and ranks move when each weight moves.
* check_network(units, members=None) -> list of findings (rules N1-N5).
* fill_round(round, candidates=None), run_steps(nomination, steps): designation.
* review_money(units, fundings, expenses, members, at_least_per_capita=...) -> dict.
* appraise_district(district, rulebook=None) -> dict: the whole district report.
* Errors: LearningCityError (a ValueError) with RulebookError, RecordError,
  NetworkError, DesignationError, MoneyError, ActivityError, DistrictError and
  InputError; each has kind, code, path and reason.
"""

from ._native import (
    ActivityError,
    DEFAULT_CHANGE,
    DEFAULT_RULEBOOK,
    DesignationError,
    DistrictError,
    InputError,
    LearningCityError,
    MoneyError,
    NetworkError,
    RecordError,
    Rulebook,
    RulebookError,
    __version__,
    appraise_district,
    assess,
    assess_many,
    builtin_names,
    check_network,
    error_codes,
    fill_round,
    load_rulebook,
    review_money,
    run_steps,
    sensitivity,
)
from .frame import assess_frame

__all__ = [
    "DEFAULT_CHANGE",
    "DEFAULT_RULEBOOK",
    "DesignationError",
    "DistrictError",
    "LearningCityError",
    "MoneyError",
    "NetworkError",
    "RecordError",
    "Rulebook",
    "RulebookError",
    "__version__",
    "appraise_district",
    "assess",
    "assess_frame",
    "assess_many",
    "builtin_names",
    "check_network",
    "fill_round",
    "load_rulebook",
    "review_money",
    "run_steps",
    "sensitivity",
]
