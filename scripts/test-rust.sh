#!/usr/bin/env bash
# The Rust suites: formatting, lints, every test of the workspace, and the core
# built for wasm32 (the page runs the same crate).
set -euo pipefail
cd "$(dirname "$0")/.."
rustup target list --installed | grep -qx wasm32-unknown-unknown \
  || rustup target add wasm32-unknown-unknown
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo test --workspace
cargo build -p learning-city --target wasm32-unknown-unknown --release
