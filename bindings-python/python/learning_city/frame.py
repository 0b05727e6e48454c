"""pandas in and out: assess a DataFrame of community-years, get a DataFrame back.

This module only converts. It asks the engine which columns the rulebook reads,
hands those columns over whole (numbers as float64 arrays, anything else as a
list of cells), and wraps the engine's result columns as pandas columns. Which
columns are read, the spreadsheet conventions (numbered columns, dates in one
text), every score, default and check come from the engine. pandas is imported
only when ``assess_frame`` is called, so it stays an optional dependency
(``pip install learning_city[pandas]``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Optional, Union

from ._native import Rulebook, _columns_read, _score_frame, load_rulebook

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["assess_frame", "IDENTITY_COLUMNS", "DATE_SEPARATOR", "EXPLAIN_LANGUAGES"]

#: The columns every frame must have: a record's identity.
IDENTITY_COLUMNS = ("unit", "period")

#: Separates dates in a text cell of a list-of-dates column: "2024-01-20;2024-02-24".
DATE_SEPARATOR = ";"

#: The languages ``explain=`` takes; ``None`` leaves the reasons out.
EXPLAIN_LANGUAGES = ("en", "zh")


def _pandas():
    """pandas, imported on first use, with a hint when it is not installed."""
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "assess_frame needs pandas: pip install 'learning_city[pandas]'"
        ) from e
    return pandas


def _column(pd, series) -> Any:
    """A frame column as the engine takes it: a float64 numpy array (NaN where a cell
    is empty) for a column of numbers, else the list of its cells, dates written
    "YYYY-MM-DD"."""
    dtype = series.dtype
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        import numpy as np

        return np.ascontiguousarray(series.to_numpy(dtype="float64", na_value=np.nan))
    if pd.api.types.is_datetime64_any_dtype(dtype):
        series = series.dt.strftime("%Y-%m-%d")
    return series.tolist()


def assess_frame(
    df: "pd.DataFrame",
    rulebook: Union[Rulebook, str, Dict[str, Any], None] = None,
    *,
    missing_columns: str = "error",
    explain: Optional[str] = "en",
) -> "pd.DataFrame":
    """Assess every row of a DataFrame (one community for one year per row).

    df: a pandas DataFrame with the columns ``unit`` (the community's id, text) and
        ``period`` (the year, "2024" or 2024), and one column per record field the
        rulebook reads (``rulebook.fields``): ``residents``, ``participants``, … An
        empty cell (NaN, None, NaT) is "no data" for that row. A field holding one
        value per month may be a list column (``activities_by_month``) or numbered
        columns ``activities_by_month_1`` … ``activities_by_month_12`` (all empty:
        no data). A list-of-dates field (``reports``) may be a list column or text
        with dates separated by ";": "2024-01-20;2024-02-24". Dates may be text
        "YYYY-MM-DD", datetime.date or pandas.Timestamp. Columns the rulebook does not
        read are ignored.
    rulebook: a Rulebook, a built-in name ("standard", "national-2010"), a rulebook
        document (dict), or None for the default ("standard").
    missing_columns: "error" (the default) raises RecordError (code
        "missing_column", path the column) when a field the rulebook reads has no
        column at all, which is almost always a misspelt header; "no_data" scores
        such fields as no data instead.
    explain: the language of the reasons, "en" (the default) or "zh"; None leaves
        the ``why_`` and ``gap_`` columns out, which makes a large frame several
        times faster (the scores are the same).

    Returns a DataFrame with the input's index, one row per input row, with the
    columns ``score`` (float), ``grade`` (str), ``vetoed`` (boolean), then for each
    indicator id (T1, T2, …) ``points_<id>`` (float), ``met_<id>`` (boolean),
    ``why_<id>`` (the reason) and ``gap_<id>`` (what would meet the target; None
    when met or without data), and ``error``: None for a scored row, else "field:
    reason" (e.g. "residents: must not be negative (found -5)"), the row's other
    columns being empty. No row is dropped.

    Raises RecordError when ``unit`` or ``period`` (or a field's column, see
    missing_columns) is missing, RulebookError for a bad rulebook, TypeError when
    ``df`` is not a DataFrame.

    >>> import pandas as pd
    >>> out = assess_frame(pd.DataFrame({"unit": ["c-1"], "period": ["2024"],
    ...     "residents": [4000], "participants": [1000]}), missing_columns="no_data")
    >>> float(out.loc[0, "points_T1"]), out.loc[0, "why_T1"]
    (20.0, 'resident participation is 25 % (1000 of 4000); the target is at least 25 %')
    """
    pd = _pandas()
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"assess_frame takes a pandas DataFrame, not {type(df).__name__}")
    if explain is not None and explain not in EXPLAIN_LANGUAGES:
        raise ValueError(f"explain must be 'en', 'zh' or None, not {explain!r}")
    rb = load_rulebook(rulebook)
    # Headers that are not text cannot name a field; the engine never reads them.
    names = [c for c in df.columns if isinstance(c, str)]
    read = _columns_read(rb, names, missing_columns)
    columns = [(name, _column(pd, df[name])) for name in read]
    out = _score_frame(rb, len(df), columns, missing_columns, explain)
    return _to_frame(pd, df.index, rb, out, explain is not None)


def _to_frame(pd, index, rb: Rulebook, out: Dict[str, Any], explained: bool) -> "pd.DataFrame":
    """The result frame from the engine's columns: floats as float64, yes/no as
    pandas' nullable boolean (empty where a row could not be scored), texts as
    objects (None where there is none)."""
    import numpy as np

    failed = np.frombuffer(out["failed"], dtype=bool)

    def floats(name: str):
        return pd.Series(np.frombuffer(out[name], dtype=np.float64), index=index, copy=True)

    def booleans(name: str):
        values = np.frombuffer(out[name], dtype=bool)
        return pd.Series(pd.arrays.BooleanArray(values, failed, copy=True), index=index)

    def texts(name: str):
        return pd.Series(out[name], index=index, dtype=object)

    ids = rb.indicator_ids
    data: Dict[str, Any] = {"score": floats("score"), "grade": texts("grade"), "vetoed": booleans("vetoed")}
    data.update({f"points_{i}": floats(f"points_{i}") for i in ids})
    data.update({f"met_{i}": booleans(f"met_{i}") for i in ids})
    if explained:
        data.update({f"why_{i}": texts(f"why_{i}") for i in ids})
        data.update({f"gap_{i}": texts(f"gap_{i}") for i in ids})
    data["error"] = texts("error")
    return pd.DataFrame(data, index=index)
