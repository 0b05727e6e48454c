#!/usr/bin/env python3
"""Prints the tables of benches/README.md from criterion's results.

    cargo bench -p benches                     # writes target/criterion/
    python3 benches/report.py                  # prints Markdown
    python3 benches/report.py DIR BASELINE     # another criterion dir / saved baseline

Times are criterion's median estimates (the machine may be shared; the median
shrugs off the odd slow sample better than the mean). Targets from issue 6:
650 000 records scored (score + grade) in under 0.25 s on one core, and the
engine within 1.5x of the hand-written baseline.
"""

import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CRIT = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "target" / "criterion"
SIZES = [1_000, 10_000, 100_000, 650_000]


def est(*parts, baseline="new"):
    f = CRIT.joinpath(*map(str, parts), baseline, "estimates.json")
    if not f.exists():
        return None
    return json.loads(f.read_text())["median"]["point_estimate"] / 1e9  # seconds


def fmt_time(s):
    if s is None:
        return "–"
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.1f} ms"
    if s >= 1e-6:
        return f"{s * 1e6:.2f} µs"
    return f"{s * 1e9:.0f} ns"


def per(s, n):
    return "–" if s is None else f"{s / n * 1e9:,.0f} ns"


def ratio(a, b):
    return "–" if a is None or b is None else f"{a / b:.2f}×"


def main():
    base = sys.argv[2] if len(sys.argv) > 2 else "new"
    e = lambda *p: est(*p, baseline=base)
    out = []
    out.append("### One record (latency)\n")
    out.append("| call | time |")
    out.append("|---|---|")
    for name in ["assess", "score", "baseline"]:
        out.append(f"| `{name}` | {fmt_time(e('latency', name))} |")

    out.append("\n### Score and grade of N records (`assess::score`)\n")
    out.append("| N | engine | per record | hand-written baseline | engine / baseline "
               "| columnar loop | engine / columnar |")
    out.append("|---:|---:|---:|---:|---:|---:|---:|")
    for n in SIZES:
        en, bl, co = e("score", "engine", n), e("score", "baseline", n), e("score", "columnar", n)
        out.append(f"| {n:,} | {fmt_time(en)} | {per(en, n)} | {fmt_time(bl)} | {ratio(en, bl)} "
                   f"| {fmt_time(co)} | {ratio(en, co)} |")

    out.append("\n### Score and grade of N records from a table (`assess::score_table`)\n")
    out.append("| N | `score_table` | per record | columnar loop | table / columnar "
               "| table / `score` on records | JSON text → table → scores | per record "
               "| JSON text → records → `score` | per record |")
    out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in SIZES:
        t, co, sc = e("table", "score_table", n), e("table", "columnar", n), e("score", "engine", n)
        jt, jr = e("table", "json_text", n), e("table", "json_text_records", n)
        out.append(f"| {n:,} | {fmt_time(t)} | {per(t, n)} | {fmt_time(co)} | {ratio(t, co)} "
                   f"| {ratio(t, sc)} | {fmt_time(jt)} | {per(jt, n)} | {fmt_time(jr)} | {per(jr, n)} |")

    out.append("\n### Full assessments with explanations (`assess`), and from JSON values\n")
    out.append("| N | `assess` | per record | × score | parse + score | per record "
               "| `assess_values` | per record |")
    out.append("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in SIZES:
        a, s = e("assess", "engine", n), e("score", "engine", n)
        ps, jb = e("json", "parse+score", n), e("json", "assess_values", n)
        out.append(f"| {n:,} | {fmt_time(a)} | {per(a, n)} | {ratio(a, s)} | {fmt_time(ps)} "
                   f"| {per(ps, n)} | {fmt_time(jb)} | {per(jb, n)} |")

    out.append("\n### A 650 000-unit network\n")
    out.append("| call | time | per unit |")
    out.append("|---|---:|---:|")
    for name, label in [("check", "`network::check` (N1–N5, 650 000 members)"),
                        ("new", "`Network::new` (N1, the tree)"),
                        ("check_network_json", "`documents::check_network` from JSON values")]:
        t = e("network", name, 650_000)
        out.append(f"| {label} | {fmt_time(t)} | {per(t, 650_000)} |")

    out.append("\n### Growth with N (time per record, relative to N = 10 000)\n")
    out.append("| N | score | baseline | score_table | assess | parse + score |")
    out.append("|---:|---:|---:|---:|---:|---:|")
    for n in SIZES:
        row = []
        for parts in [("score", "engine"), ("score", "baseline"), ("table", "score_table"),
                      ("assess", "engine"), ("json", "parse+score")]:
            t, ref = e(*parts, n), e(*parts, 10_000)
            row.append("–" if t is None or ref is None else f"{(t / n) / (ref / 10_000):.2f}")
        out.append(f"| {n:,} | " + " | ".join(row) + " |")
    print("\n".join(out))


if __name__ == "__main__":
    main()
