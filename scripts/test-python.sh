#!/usr/bin/env bash
# The Python suites: builds the binding `learning_city` (bindings-python/, PyO3 +
# maturin) into the venv .venv, runs pytest (every conformance case, bad inputs,
# pandas, pickle, Hypothesis properties, a Dask LocalCluster) and then the analyst
# example. Works on a fresh machine with CPython >= 3.9 and Rust; quick when the
# tools are already installed. Set PYTHON to choose the interpreter for the venv.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
PY=.venv/bin/python
# As an activated venv: the build backend runs the venv's `maturin`.
export PATH="$PWD/.venv/bin:$PATH"
export VIRTUAL_ENV="$PWD/.venv"

# The build backend and the test tools (the binding's `test` and `plot` extras);
# installed only when one is missing.
if ! [ -x .venv/bin/maturin ] \
  || ! "$PY" -c "import pytest, hypothesis, pandas, dask.dataframe, distributed, matplotlib" 2>/dev/null; then
  "$PY" -m pip install --quiet --upgrade pip
  "$PY" -m pip install --quiet "maturin>=1.5,<2" "pytest>=7" "hypothesis>=6" "pandas>=1.5" \
    "dask[dataframe,distributed]>=2024.1" "matplotlib>=3.5"
fi

# Build and install the binding as a user would (`pip install ./bindings-python`),
# with the venv's maturin so that no download is needed when it is there.
"$PY" -m pip install --quiet --no-build-isolation --no-deps --force-reinstall ./bindings-python

"$PY" -m pytest -p no:cacheprovider bindings-python/tests

"$PY" examples/python/appraise_district.py --top 3 --chart out/scores-by-street.png
