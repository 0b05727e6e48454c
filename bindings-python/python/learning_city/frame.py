"""pandas in and out: assess a DataFrame of community-years, get a DataFrame back.

This module only converts: it turns each row into a record, calls the engine once
for the whole frame, and lays the outcomes out as columns. Every score, default
and check comes from the engine. pandas is imported only when ``assess_frame`` is
called, so it stays an optional dependency (``pip install learning_city[pandas]``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Dict, List, Sequence, Union

from ._native import RecordError, Rulebook, _assess_columns, load_rulebook

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["assess_frame", "IDENTITY_COLUMNS", "DATE_SEPARATOR"]

#: The columns every frame must have: a record's identity (the core's ``Record``
#: reads ``unit`` and ``period`` before any field).
IDENTITY_COLUMNS = ("unit", "period")

#: Separates dates in a text cell of a list-of-dates column: "2024-01-20;2024-02-24".
DATE_SEPARATOR = ";"

_MISSING_COLUMNS = ("error", "no_data")


def _pandas():
    """pandas, imported on first use, with a hint when it is not installed."""
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "assess_frame needs pandas: pip install 'learning_city[pandas]'"
        ) from e
    return pandas


def _error(code: str, path: str, reason: str) -> RecordError:
    """A RecordError about the frame's shape (a column), with the usual attributes."""
    e = RecordError(f"{path}: {reason}")
    e.kind = "record"
    e.code = code
    e.path = path
    e.reason = reason
    return e


def _numbered(field: str, columns: Sequence[Any]) -> Dict[int, Any]:
    """The columns ``{field}_1``, ``{field}_2``, … present, by their number."""
    pattern = re.compile(re.escape(field) + r"_([1-9][0-9]*)")
    found = {}
    for c in columns:
        if isinstance(c, str):
            m = pattern.fullmatch(c)
            if m:
                found[int(m.group(1))] = c
    return found


def _date_list_fields(rulebook: Rulebook) -> List[str]:
    """The fields the rulebook reads as a list of dates (a text cell of them is split),
    as the core describes them (weighted sources such as ``reports@survey`` included)."""
    return [field for field, shape in rulebook.field_shapes if shape == "dates"]


def _split_dates(value: Any) -> Any:
    """ "2024-01-20; 2024-02-24" as ["2024-01-20", "2024-02-24"]; other values as they are."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(DATE_SEPARATOR) if part.strip()]
    return value


def assess_frame(
    df: "pd.DataFrame",
    rulebook: Union[Rulebook, str, Dict[str, Any], None] = None,
    *,
    missing_columns: str = "error",
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

    Returns a DataFrame with the input's index, one row per input row, with the
    columns ``score`` (float), ``grade`` (str), ``vetoed`` (boolean), then for each
    indicator id (T1, T2, …) ``points_<id>`` (float), ``met_<id>`` (boolean),
    ``why_<id>`` (the reason, in English) and ``gap_<id>`` (what would meet the
    target, in English; None when met or without data), and ``error``: None for a
    scored row, else "field: reason" (e.g. "residents: must not be negative
    (found -5)"), the row's other columns being empty. No row is dropped.

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
    if missing_columns not in _MISSING_COLUMNS:
        raise ValueError(
            f"missing_columns must be one of {', '.join(map(repr, _MISSING_COLUMNS))}, "
            f"not {missing_columns!r}"
        )
    rb = load_rulebook(rulebook)
    columns = list(df.columns)
    present = set(c for c in columns if isinstance(c, str))

    for name in IDENTITY_COLUMNS:
        if name not in present:
            raise _error(
                "missing_column",
                name,
                f"is required and the frame has no `{name}` column "
                f"(it has: {', '.join(map(str, columns)) or 'none'})",
            )

    # Where each field comes from: one column, or numbered columns put in a list.
    sources: Dict[str, Union[str, List[str]]] = {}
    absent: List[str] = []
    for field in rb.fields:
        if field in present:
            sources[field] = field
            continue
        numbered = _numbered(field, columns)
        if numbered:
            gaps = [n for n in range(1, max(numbered) + 1) if n not in numbered]
            if gaps:
                raise _error(
                    "missing_column",
                    f"{field}_{gaps[0]}",
                    f"is missing while {', '.join(numbered[n] for n in sorted(numbered))} "
                    f"are present: the numbered columns of `{field}` must run from "
                    f"{field}_1 without a gap",
                )
            sources[field] = [numbered[n] for n in sorted(numbered)]
        else:
            absent.append(field)
    if absent and missing_columns == "error":
        also = f"; also missing: {', '.join(absent[1:])}" if len(absent) > 1 else ""
        raise _error(
            "missing_column",
            absent[0],
            f"the rulebook {rb.citation} reads `{absent[0]}`, and the frame has no "
            f"such column{also}. Pass missing_columns=\"no_data\" to score absent "
            "columns as no data",
        )

    used = list(IDENTITY_COLUMNS) + [
        c for s in sources.values() for c in ([s] if isinstance(s, str) else s)
    ]
    duplicated = [c for c in used if columns.count(c) > 1]
    if duplicated:
        raise _error(
            "duplicate_column",
            duplicated[0],
            "appears more than once in the frame, so its values are ambiguous",
        )

    date_lists = set(_date_list_fields(rb))
    single = list(IDENTITY_COLUMNS) + [s for s in sources.values() if isinstance(s, str)]
    cells = {c: df[c].tolist() for c in single}
    records: List[Dict[str, Any]] = [
        {"unit": u, "period": p} for u, p in zip(cells["unit"], cells["period"])
    ]
    for field, source in sources.items():
        if isinstance(source, str):
            values = cells[source]
            if field in date_lists:
                values = [_split_dates(v) for v in values]
        else:
            block = df[source]
            # A row whose numbered cells are all empty has no data for the field.
            empty = block.isna().all(axis=1).tolist()
            rows = block.to_numpy(dtype=object).tolist()
            values = [None if e else row for e, row in zip(empty, rows)]
        for record, value in zip(records, values):
            record[field] = value

    columns = _assess_columns(records, rb)
    return _to_frame(pd, df.index, columns)


def _to_frame(pd, index, columns: Dict[str, list]) -> "pd.DataFrame":
    """The result frame: floats as float64, yes/no as pandas' nullable boolean, texts
    as objects (None where there is none)."""
    data: Dict[str, Any] = {}
    for name, values in columns.items():
        if name == "score" or name.startswith("points_"):
            data[name] = pd.Series(values, index=index, dtype="float64")
        elif name == "vetoed" or name.startswith("met_"):
            data[name] = pd.Series(pd.array(values, dtype="boolean"), index=index)
        else:
            data[name] = pd.Series(values, index=index, dtype=object)
    return pd.DataFrame(data, index=index)
