#!/usr/bin/env python3
"""Appraise the sample district's communities with pandas, as an analyst would.

Loads examples/data/sample-district.json ({"units": [...], "members": [...],
"records": [...]}) into a DataFrame (one row per community-year), scores it with
learning_city.assess_frame, prints the top and bottom communities with the reasons
for their lost points, and saves a bar chart of the scores per street to a PNG
(matplotlib: ``pip install 'learning_city[plot]'``).

    python examples/python/appraise_district.py
    python examples/python/appraise_district.py --rulebook national-2010 --chart out/national.png
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
from typing import List, Optional

import pandas as pd

import learning_city as lc

HERE = pathlib.Path(__file__).resolve().parent
SAMPLE = HERE.parent / "data" / "sample-district.json"


def load(path: pathlib.Path):
    """The records as a DataFrame, and the units (indexed by id)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    units = pd.DataFrame(doc["units"]).set_index("id")
    records = pd.DataFrame(doc["records"])
    return records, units


def score(records: pd.DataFrame, units: pd.DataFrame, rulebook: lc.Rulebook) -> pd.DataFrame:
    """The assessment of every record, with each community's name and street."""
    scored = lc.assess_frame(records, rulebook)
    table = records[["unit"]].join(scored)
    table["community"] = table["unit"].map(units["name"])
    # The street of a community is the community unit's parent.
    table["street_id"] = table["unit"].map(units["parent"])
    table["street"] = table["street_id"].map(units["name"])
    return table


def reasons(row, rulebook: lc.Rulebook, most: int = 3) -> List[str]:
    """The indicators that lost the most points in a row, each with what would meet it."""
    maximum = {i["id"]: i["points"] for i in rulebook.to_dict()["indicators"]}
    lost = [(maximum[i] - row[f"points_{i}"], i) for i in rulebook.indicator_ids]
    lines = []
    for points, i in sorted(lost, key=lambda p: -p[0])[:most]:
        if points <= 0:
            break
        detail = row[f"gap_{i}"] or row[f"why_{i}"]
        lines.append(f"      -{points:5.2f} {i}: {detail}")
    return lines


def show(title: str, rows: pd.DataFrame, rulebook: lc.Rulebook) -> None:
    print(title)
    for _, row in rows.iterrows():
        print(f"  {row['score']:6.2f}  {row['grade']:<9} {row['unit']}  {row['community']} ({row['street']})")
        for line in reasons(row, rulebook):
            print(line)


def chart(table: pd.DataFrame, path: pathlib.Path, rulebook: lc.Rulebook) -> Optional[pathlib.Path]:
    """A bar chart of the mean score per street (with the lowest and highest as a
    range), saved as a PNG. Returns None when matplotlib is not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib import font_manager
    except ImportError:
        print("(no chart: matplotlib is not installed; pip install 'learning_city[plot]')")
        return None
    per_street = (
        table.dropna(subset=["score"])
        .groupby(["street_id", "street"])["score"]
        .agg(["mean", "min", "max", "count"])
        .reset_index()
        .sort_values("street_id")
    )
    # Street names are Chinese: use them when a CJK font is installed, else the ids.
    cjk = [f.name for f in font_manager.fontManager.ttflist
           if any(k in f.name for k in ("CJK", "WenQuanYi", "Heiti", "YaHei", "SimHei", "Source Han"))]
    if cjk:
        plt.rcParams["font.sans-serif"] = [cjk[0]] + plt.rcParams["font.sans-serif"]
        labels = [f"{n}\n{i}" for i, n in zip(per_street["street_id"], per_street["street"])]
    else:
        labels = list(per_street["street_id"])
    fig, ax = plt.subplots(figsize=(9, 4.5))
    x = range(len(per_street))
    below = per_street["mean"] - per_street["min"]
    above = per_street["max"] - per_street["mean"]
    ax.bar(x, per_street["mean"], yerr=[below, above], capsize=4, color="#4c72b0")
    for xi, (mean, n) in enumerate(zip(per_street["mean"], per_street["count"])):
        ax.text(xi, 2, f"{mean:.1f}\n({n})", ha="center", va="bottom", color="white", fontsize=8)
    ax.set_xticks(list(x))
    ax.set_xticklabels(labels)
    ax.set_ylim(0, 100)
    ax.set_ylabel("score (mean; bar: lowest to highest)")
    ax.set_title(f"Community scores per street, {rulebook.citation}")
    for band in rulebook.to_dict()["grades"]:
        if 0 < band["min"] < 100:
            ax.axhline(band["min"], color="grey", linewidth=0.6, linestyle="--")
            ax.text(1.005, band["min"], band["id"], transform=ax.get_yaxis_transform(),
                    ha="left", va="center", fontsize=7, color="grey")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=pathlib.Path, default=SAMPLE, help="the district JSON")
    parser.add_argument("--rulebook", default=None, help="a built-in name or a rulebook JSON file")
    parser.add_argument("--chart", type=pathlib.Path, default=pathlib.Path("out/scores-by-street.png"))
    parser.add_argument("--top", type=int, default=5, help="how many communities to show at each end")
    args = parser.parse_args(argv)

    if args.rulebook and pathlib.Path(args.rulebook).is_file():
        rulebook = lc.Rulebook.from_file(args.rulebook)
    else:
        rulebook = lc.load_rulebook(args.rulebook)
    records, units = load(args.data)
    table = score(records, units, rulebook)

    scored = table[table["error"].isna()].sort_values("score", ascending=False)
    print(f"{len(table)} community-years scored by {rulebook.citation}: "
          f"{len(scored)} assessed, {table['error'].notna().sum()} with errors")
    print("grades: " + ", ".join(f"{g} {n}" for g, n in scored["grade"].value_counts().items()))
    show(f"\nTop {args.top}:", scored.head(args.top), rulebook)
    show(f"\nBottom {args.top}:", scored.tail(args.top).iloc[::-1], rulebook)
    for _, row in table[table["error"].notna()].iterrows():
        print(f"\nnot scored: {row['unit']} {row['community']}: {row['error']}")

    print("\nPer street (the street of a community is its unit's parent):")
    per_street = scored.groupby(["street_id", "street"])["score"].agg(["mean", "min", "max", "count"])
    for (sid, name), r in per_street.iterrows():
        print(f"  {sid}  {name:<8} mean {r['mean']:6.2f}  lowest {r['min']:6.2f}  highest {r['max']:6.2f}  ({r['count']:.0f})")

    saved = chart(table, args.chart, rulebook)
    if saved is not None:
        print(f"\nchart: {saved}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
