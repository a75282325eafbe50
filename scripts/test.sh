#!/usr/bin/env bash
# The whole suite, as CI runs it: prerequisites (with Chromium), the package build, native tests and lints
# (native and wasm32, since src/wasm.rs only compiles for wasm32), the wasm boundary tests in Node and in
# headless Chromium, and the Node suites (API, golden parity, CLI, packed package, browser entry).
# node --test runs last, so its summary is the closing line.
set -euo pipefail
cd "$(dirname "$0")/.."

step_started=$SECONDS
step() {
  echo >&2
  echo "==> $* (previous step $((SECONDS - step_started))s, total ${SECONDS}s)" >&2
  step_started=$SECONDS
}

step "setup"
./scripts/setup.sh --with-chromium

step "build"
./scripts/build.sh

step "cargo test"
cargo test

step "cargo clippy (native)"
cargo clippy --all-targets -- -D warnings

step "cargo clippy (wasm32)"
cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings

export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
step "wasm-bindgen-test in Node"
cargo test --target wasm32-unknown-unknown --test wasm_node

step "wasm-bindgen-test in headless Chromium"
CHROMEDRIVER=$(command -v chromedriver) cargo test --target wasm32-unknown-unknown --test wasm_browser

step "node --test tests/js/"
node --test tests/js/
