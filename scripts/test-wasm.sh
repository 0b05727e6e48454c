#!/usr/bin/env bash
# Builds the npm package `learning-city` (bindings-wasm/) and runs its tests: the Node
# tests (every conformance case, bad inputs, the no-trap test, the TypeScript drift
# guard, Rust = Node on the sample district) and the browser test of examples/web/ in
# headless Chromium.
#
#   scripts/test-wasm.sh           install what is missing, build, test
#   scripts/test-wasm.sh --build   install what is missing, build only
#
# On a fresh machine it installs the wasm32 target, the wasm-bindgen CLI of the exact
# version the crate pins, Debian's chromium and the npm dev dependencies; when they
# are there it only builds what changed and tests. Environment:
#   CHROMIUM          the browser to drive (default /usr/bin/chromium)
#   CARGO_TARGET_DIR  honoured, as cargo does
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
CRATE="$ROOT/bindings-wasm"
BUILD_ONLY=0
case "${1:-}" in
  --build) BUILD_ONLY=1 ;;
  "") ;;
  *) echo "usage: $0 [--build]" >&2; exit 2 ;;
esac

step() { printf '\n== %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# ---------------------------------------------------------------- tools

step "tools"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

# The CLI must be the exact version of the `wasm-bindgen` crate pinned in Cargo.toml.
WB_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"$/\1/p' "$CRATE/Cargo.toml")
[ -n "$WB_VERSION" ] || { echo "no pinned wasm-bindgen version in $CRATE/Cargo.toml" >&2; exit 1; }
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WB_VERSION" ]; then
  # (`--locked` fails for this version of the CLI: its lock file does not build.)
  cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi
echo "$(wasm-bindgen --version), $(rustc --version), node $(node --version)"

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ "$BUILD_ONLY" = 0 ]; then
  # The browser, and a Chinese font so that the screenshots are legible.
  APT=()
  [ -x "$CHROMIUM" ] || APT+=(chromium)
  if ! command -v fc-list >/dev/null || [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
    APT+=(fonts-wqy-zenhei)
  fi
  if [ ${#APT[@]} -gt 0 ]; then
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${APT[@]}"
  fi
fi

# npm ci only when the lock file changed since the last install.
LOCK_SUM=$(sha256sum "$CRATE/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$CRATE/node_modules/.lock-sha256" 2>/dev/null || true)" != "$LOCK_SUM" ]; then
  (cd "$CRATE" && npm ci --no-audit --no-fund)
  echo "$LOCK_SUM" > "$CRATE/node_modules/.lock-sha256"
fi

# ---------------------------------------------------------------- build

TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
# A profile of our own, so the workspace's release profile and its build cache stay
# untouched: whole-program optimisation (LTO, one codegen unit) and abort on panic.
# Optimised for speed, not size (bindings-wasm/README.md says why).
PROFILE=wasm-release
step "cargo build ($PROFILE: opt-level 3, LTO)"
cargo build -p learning-city-wasm --target wasm32-unknown-unknown --profile "$PROFILE" \
  --config "profile.$PROFILE.inherits=\"release\"" \
  --config "profile.$PROFILE.opt-level=3" \
  --config "profile.$PROFILE.lto=true" \
  --config "profile.$PROFILE.codegen-units=1" \
  --config "profile.$PROFILE.panic=\"abort\""
WASM="$TARGET_DIR/wasm32-unknown-unknown/$PROFILE/learning_city_wasm.wasm"

step "wasm-bindgen --target web -> pkg/, --target nodejs -> pkg-node/"
rm -rf "$CRATE/pkg" "$CRATE/pkg-node"
wasm-bindgen --target web --out-dir "$CRATE/pkg" "$WASM"
wasm-bindgen --target nodejs --out-dir "$CRATE/pkg-node" "$WASM"

# wasm-opt from the npm package `binaryen`; both targets get the same module, so it
# is optimised once, and reused while the input does not change.
BG=learning_city_wasm_bg.wasm
WASM_OPT="$CRATE/node_modules/.bin/wasm-opt"
if [ -x "$WASM_OPT" ]; then
  step "wasm-opt -O3"
  CACHE="$TARGET_DIR/wasm-opt-cache"
  mkdir -p "$CACHE"
  SUM=$(sha256sum "$CRATE/pkg/$BG" | cut -d' ' -f1)
  if [ ! -f "$CACHE/$SUM.wasm" ]; then
    "$WASM_OPT" -O3 --strip-debug --strip-producers "$CRATE/pkg/$BG" -o "$CACHE/$SUM.tmp"
    mv "$CACHE/$SUM.tmp" "$CACHE/$SUM.wasm"
  fi
  cmp -s "$CRATE/pkg/$BG" "$CRATE/pkg-node/$BG" || { echo "web and nodejs modules differ" >&2; exit 1; }
  cp "$CACHE/$SUM.wasm" "$CRATE/pkg/$BG"
  cp "$CACHE/$SUM.wasm" "$CRATE/pkg-node/$BG"
else
  echo "wasm-opt not found (npm package binaryen): the module is not optimised further"
fi

SIZE=$(stat -c %s "$CRATE/pkg/$BG")
GZ=$(gzip -9 -c "$CRATE/pkg/$BG" | wc -c)
echo "release wasm: pkg/$BG $SIZE bytes ($((SIZE / 1024)) KiB), gzip -9 $GZ bytes ($((GZ / 1024)) KiB)"

[ "$BUILD_ONLY" = 1 ] && exit 0

# The core's own output, which the Node tests compare the WebAssembly build with.
step "cargo build --example assess_json (the Rust reference)"
cargo build -p learning-city-wasm --example assess_json
export LC_RUST_ASSESS="$TARGET_DIR/debug/examples/assess_json"

# ---------------------------------------------------------------- tests

step "node tests (bindings-wasm/tests)"
(cd "$CRATE" && node --test --test-reporter=spec tests/)

step "browser test (examples/web/tests, $CHROMIUM)"
export CHROMIUM
(cd "$CRATE" && node --test --test-reporter=spec "$ROOT/examples/web/tests/")

echo
echo "wasm tests passed; release wasm $SIZE bytes (gzip $GZ)"
