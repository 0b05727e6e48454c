#!/usr/bin/env bash
# Every test: Rust (fmt, clippy, unit, property, conformance, doc, wasm32 build),
# Python (binding, pandas, Dask) and WebAssembly (Node and Chromium).
# Installs what it needs on a fresh machine; quick when it is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/test-rust.sh
bash scripts/test-python.sh
bash scripts/test-wasm.sh
echo "all test suites passed"
