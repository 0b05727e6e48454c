#!/usr/bin/env bash
# Fuzzes the core with cargo-fuzz (libFuzzer): every target in fuzz/fuzz_targets,
# or the ones named, for N seconds each (default 60).
#
#   bash scripts/fuzz.sh                 # every target, 60 s each
#   bash scripts/fuzz.sh 600 record_json # one target, ten minutes
#   RUNS=1000000 bash scripts/fuzz.sh    # a fixed number of runs instead of a time
#
# Optional and slow: not part of `make test` or CI. Needs the nightly toolchain
# and cargo-fuzz (`cargo install cargo-fuzz`, from crates.io). The seed corpora in
# fuzz/corpus/ stay small; what the fuzzer finds on the way goes to a work corpus
# outside the repository ($FUZZ_WORK, default /tmp/learning-city-fuzz), and a
# crash or a hang to fuzz/artifacts/<target>/ (ignored by git): see fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for f in fuzz/fuzz_targets/*.rs; do targets+=("$(basename "$f" .rs)"); done
fi

if ! rustup toolchain list | grep -q '^nightly'; then
  echo "fuzz.sh: needs the nightly toolchain (rustup toolchain install nightly)" >&2
  exit 2
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz.sh: installing cargo-fuzz from crates.io" >&2
  cargo install cargo-fuzz
fi

work="${FUZZ_WORK:-${TMPDIR:-/tmp}/learning-city-fuzz}"
if [ -n "${RUNS:-}" ]; then
  limit=("-runs=${RUNS}")
else
  limit=("-max_total_time=${seconds}")
fi

status=0
for target in "${targets[@]}"; do
  mkdir -p "$work/$target"
  dict=()
  [ -f "fuzz/dict/$target.dict" ] && dict=("-dict=fuzz/dict/$target.dict")
  echo "== $target (${limit[*]})"
  # The first corpus directory receives new inputs; the seeds are only read.
  if ! cargo +nightly fuzz run "$target" "$work/$target" "fuzz/corpus/$target" -- \
      "${dict[@]}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "${limit[@]}"; then
    echo "== $target: FAILED (see fuzz/artifacts/$target/)" >&2
    status=1
  fi
done
exit "$status"
