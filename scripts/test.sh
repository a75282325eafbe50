#!/usr/bin/env bash
# The whole suite, as CI runs it: prerequisites (with Chromium), the package build, native tests and lints
# (native and wasm32, since src/wasm.rs only compiles for wasm32), the wasm boundary tests in Node and in
# headless Chromium, and the Node suites (API, golden parity, CLI, packed package, browser entry, the checker
# page in Chromium through Playwright, the Pulumi policy pack).
# node --test runs last, so its summary is the closing line.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each step's time is printed when the next one starts (nothing follows the last step's output).
current=""
step_started=$SECONDS
step() {
  [ -z "$current" ] || echo "<== $current: $((SECONDS - step_started))s (total ${SECONDS}s)" >&2
  echo >&2
  echo "==> $*" >&2
  current=$*
  step_started=$SECONDS
}

step "setup"
./scripts/setup.sh --for-tests

step "build"
./scripts/build.sh

step "cargo test"
cargo test

step "cargo clippy (native)"
cargo clippy --all-targets -- -D warnings

step "cargo clippy (wasm32)"
cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings

# Every tests/wasm_*.rs file runs under wasm-bindgen-test: in Chromium when it says run_in_browser, else in Node.
node_tests=()
browser_tests=()
for file in tests/wasm_*.rs; do
  name=$(basename "$file" .rs)
  if grep -q 'run_in_browser' "$file"; then browser_tests+=(--test "$name"); else node_tests+=(--test "$name"); fi
done
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
step "wasm-bindgen-test in Node (${node_tests[*]})"
cargo test --target wasm32-unknown-unknown "${node_tests[@]}"

step "wasm-bindgen-test in headless Chromium (${browser_tests[*]})"
CHROMEDRIVER=$(command -v chromedriver) cargo test --target wasm32-unknown-unknown "${browser_tests[@]}"

# One node --test run over every JS suite, so its summary is the closing line.
step "node --test: JS API, CLI, package, browser page (Playwright), Pulumi policy pack"
node --test tests/js/ tests/web/ js/pulumi/test/
