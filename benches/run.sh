#!/usr/bin/env bash
# Every benchmark side by side, then one table of ratios:
#
#   1. Rust (criterion, benches/benches): the engine against a hand-written loop
#      (`cargo bench -p benches`, in criterion's --quick mode unless --full-rust);
#   2. Python (benches/python/bench_assess.py): learning_city.assess_frame (with
#      and without reasons) and assess_many against vectorised pandas and
#      GoRules ZEN (zen-engine) on 10^5 and 10^6 rows;
#   3. Node (benches/js/bench_assess.mjs): the WebAssembly build's scoreMany and
#      assessMany against json-rules-engine on 10^4 and 10^5 records.
#
#   benches/run.sh                 everything (about 25 minutes on 2 cores)
#   benches/run.sh --quick         a smoke run: small sizes, one repeat
#   benches/run.sh --only python   one part (rust, python or js); may be repeated
#   benches/run.sh --full-rust     criterion with the benches' own configuration
#   benches/run.sh --no-build      use the built Python binding and wasm package as they are
#
# Results: out/bench/{python,js}.json and target/criterion/; the summary is printed
# last and written to out/bench/summary.md. Not part of the test command: timings
# on a shared machine vary, so nothing here asserts a time. Set PYTHON to choose
# the interpreter for a new .venv (as scripts/test-python.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

QUICK=0 FULL_RUST=0 BUILD=1
PARTS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --full-rust) FULL_RUST=1 ;;
    --no-build) BUILD=0 ;;
    --only) shift; PARTS+=("${1:?--only needs rust, python or js}") ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[ ${#PARTS[@]} -gt 0 ] || PARTS=(rust python js)
want() { [[ " ${PARTS[*]} " == *" $1 "* ]]; }

OUT="$ROOT/out/bench"
FAILED=()
mkdir -p "$OUT"
step() { printf '\n== %s\n' "$*"; }
step "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------- Rust
if want rust; then
  rm -f "$OUT/rust.ran"
  if [ -f benches/Cargo.toml ]; then
    step "Rust: cargo bench -p benches"
    # The criterion targets by name (the [[bench]] sections of benches/Cargo.toml):
    # the library's own test harness takes no criterion options.
    TARGETS=()
    for b in $(awk '/^\[\[bench\]\]/ { on = 1; next } /^\[/ { on = 0 }
                    on && /^name *=/ { gsub(/^name *= *"|".*$/, ""); print }' benches/Cargo.toml); do
      TARGETS+=(--bench "$b")
    done
    if [ "$FULL_RUST" = 1 ]; then
      RUST_ARGS=()
    else
      # criterion's quick mode: a few iterations per benchmark, a rough estimate.
      RUST_ARGS=(--quick)
    fi
    if cargo bench -p benches "${TARGETS[@]}" -- "${RUST_ARGS[@]}"; then
      touch "$OUT/rust.ran"
    else
      FAILED+=(rust)
    fi
  else
    echo "benches/Cargo.toml is not there: no Rust benchmarks to run"
  fi
fi

# ---------------------------------------------------------------- Python
if want python; then
  step "Python: .venv, learning_city, benches/python/requirements.txt"
  if [ ! -x .venv/bin/python ]; then
    "${PYTHON:-python3}" -m venv .venv
  fi
  PY=.venv/bin/python
  export PATH="$ROOT/.venv/bin:$PATH" VIRTUAL_ENV="$ROOT/.venv"
  if ! [ -x .venv/bin/maturin ]; then
    "$PY" -m pip install --quiet --upgrade pip
    "$PY" -m pip install --quiet "maturin>=1.5,<2"
  fi
  "$PY" -m pip install --quiet -r benches/python/requirements.txt
  if [ "$BUILD" = 1 ] || ! "$PY" -c "import learning_city" 2>/dev/null; then
    # As scripts/test-python.sh builds it: a release build of the current source.
    "$PY" -m pip install --quiet --no-build-isolation --no-deps --force-reinstall ./bindings-python
  fi
  step "Python: benches/python/bench_assess.py"
  rm -f "$OUT/python.json"
  if [ "$QUICK" = 1 ]; then
    PY_ARGS=(--sizes 20000 --repeat 1 --zen-rows 5000)
  else
    PY_ARGS=()
  fi
  "$PY" benches/python/bench_assess.py "${PY_ARGS[@]}" --json "$OUT/python.json" || FAILED+=(python)
fi

# ---------------------------------------------------------------- Node
if want js; then
  step "Node: the wasm build and json-rules-engine"
  if [ "$BUILD" = 1 ] || [ ! -f bindings-wasm/pkg-node/learning_city_wasm.js ]; then
    bash scripts/test-wasm.sh --build
  fi
  (cd benches/js && npm ci --no-audit --no-fund --silent)
  step "Node: benches/js/bench_assess.mjs"
  rm -f "$OUT/js.json"
  if [ "$QUICK" = 1 ]; then
    JS_ARGS=(--sizes 10000 --repeat 1)
  else
    JS_ARGS=()
  fi
  # 10^5 full assessments as JavaScript objects need more than the default heap;
  # --expose-gc lets each timed run start from a collected heap (bench_assess.mjs).
  (cd benches/js && node --expose-gc --max-old-space-size=8192 bench_assess.mjs "${JS_ARGS[@]}" --json "$OUT/js.json") \
    || FAILED+=(js)
fi

# ---------------------------------------------------------------- summary
step "summary (ratios: > 1 means the engine is faster)"
CRITERION="${CARGO_TARGET_DIR:-$ROOT/target}/criterion" OUT="$OUT" python3 - <<'EOF' | tee "$OUT/summary.md"
import json, os, pathlib

out = pathlib.Path(os.environ["OUT"])
crit = pathlib.Path(os.environ["CRITERION"])
rows = []


def crit_median(*parts):
    f = crit.joinpath(*map(str, parts), "new", "estimates.json")
    if not f.exists():
        return None
    return json.loads(f.read_text())["median"]["point_estimate"] / 1e9


if (out / "rust.ran").exists():
    sizes = (650_000, 100_000, 10_000, 1_000)
    pairs = [
        (("score", "engine"), "engine score+grade vs hand-written loop", "≥ 0.67 (within 1.5×)"),
        (("assess", "engine"), "full assess (explanations) vs hand-written loop", ""),
        (("json", "assess_json_batch"), "assess_json_batch (what the bindings call) vs hand-written loop", ""),
    ]
    for parts, what, target in pairs:
        for n in sizes:  # the largest size measured
            t, by_hand = crit_median(*parts, n), crit_median("score", "baseline", n)
            if t and by_hand:
                rows.append(("Rust", f"{n:,} records", what,
                             f"{n / t:,.0f} vs {n / by_hand:,.0f} rec/s", by_hand / t, target))
                break
    # The columnar path: a table scored a column at a time, against the same loop by
    # hand over plain columns, and the 650 000-record time against 0.25 s.
    for n in sizes:
        t, by_hand = crit_median("table", "score_table", n), crit_median("table", "columnar", n)
        if t and by_hand:
            rows.append(("Rust", f"{n:,} records", "score_table (a Table) vs hand-written loop over plain columns",
                         f"{n / t:,.0f} vs {n / by_hand:,.0f} rec/s", by_hand / t, ""))
            if n == 650_000:
                rows.append(("Rust", f"{n:,} records", "score_table time vs 0.25 s on one core",
                             f"{t:.3f} s", 0.25 / t, "≥ 1 (under 0.25 s)"))
            break

py = out / "python.json"
if py.exists():
    data = json.loads(py.read_text())
    by = {(r["size"], r["name"]): r for r in data["rows"]}
    for size in sorted({r["size"] for r in data["rows"]}):
        pandas = by.get((size, "pandas by hand"))
        zen = max((by[k] for k in by if k[0] == size and k[1].startswith("zen")),
                  key=lambda r: r["rows_per_s"], default=None)
        for name in ("assess_frame (explain=None)", "assess_frame", "assess_frame in chunks", "assess_many"):
            r = by.get((size, name))
            if not r:
                continue
            note = " (extrapolated)" if "EXTRAPOLATED" in r["label"] else ""
            if pandas:
                rows.append(("Python", f"{size:,} rows", f"{name}{note} vs pandas by hand",
                             f"{r['rows_per_s']:,.0f} vs {pandas['rows_per_s']:,.0f} rows/s",
                             r["rows_per_s"] / pandas["rows_per_s"],
                             "≥ 5" if name == "assess_frame (explain=None)" else ""))
            if zen and name.startswith("assess_frame"):
                rows.append(("Python", f"{size:,} rows", f"{name}{note} vs zen-engine (best path)",
                             f"{r['rows_per_s']:,.0f} vs {zen['rows_per_s']:,.0f} rows/s",
                             r["rows_per_s"] / zen["rows_per_s"],
                             "≫ 1" if name == "assess_frame (explain=None)" else ""))

js = out / "js.json"
if js.exists():
    data = json.loads(js.read_text())
    by = {(r["size"], r["name"]): r for r in data["rows"]}
    for size in sorted({r["size"] for r in data["rows"]}):
        j = by.get((size, "json-rules-engine"))
        # scoreMany (score, grade, veto) carries the target; assessMany (every reason,
        # gap and work list as well) is shown beside it.
        for name, target in (("wasm scoreMany", "≥ 20"), ("wasm assessMany", "")):
            w = by.get((size, name))
            if w and j:
                rows.append(("Node", f"{size:,} records", f"{name} vs json-rules-engine",
                             f"{w['rows_per_s']:,.0f} vs {j['rows_per_s']:,.0f} rec/s",
                             w["rows_per_s"] / j["rows_per_s"], target))

print("| runtime | size | comparison | throughput | ratio | target |")
print("|---|---:|---|---:|---:|---|")
for rt, size, what, tp, ratio, target in rows:
    print(f"| {rt} | {size} | {what} | {tp} | {ratio:.2f}× | {target} |")
if not rows:
    print("(no results yet)")
EOF

if [ ${#FAILED[@]} -gt 0 ]; then
  echo "failed: ${FAILED[*]}" >&2
  exit 1
fi
