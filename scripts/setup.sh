#!/usr/bin/env bash
# Installs what building and testing need, skipping whatever is already there (a second run takes seconds):
# the wasm32 Rust target, the wasm-bindgen CLI at exactly the version in Cargo.lock, the npm dev tools
# (binaryen's wasm-opt, TypeScript, Playwright's driver library) and, with --for-tests, the Pulumi policy pack's
# npm dependencies and Debian's Chromium and ChromeDriver.
# Never downloads prebuilt binaries: everything comes from the package registries.
set -euo pipefail
cd "$(dirname "$0")/.."

for_tests=false
for arg in "$@"; do
  case "$arg" in
    --for-tests) for_tests=true ;;
    -h | --help) echo "usage: scripts/setup.sh [--for-tests]"; exit 0 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

say() { echo "setup: $*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo clippy --version >/dev/null 2>&1; then
  say "adding clippy"
  rustup component add clippy
fi

# The CLI must match the wasm-bindgen crate exactly, or the generated glue refuses the module.
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$bindgen_version" ]; then
  echo "setup.sh: cannot find the wasm-bindgen version in Cargo.lock" >&2
  exit 1
fi
installed=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$installed" != "$bindgen_version" ] || ! command -v wasm-bindgen-test-runner >/dev/null; then
  say "installing wasm-bindgen-cli $bindgen_version (several minutes)"
  # --locked can fail when a locked dependency version is no longer in the registry; then resolve afresh.
  cargo install wasm-bindgen-cli --version "$bindgen_version" --locked \
    || cargo install wasm-bindgen-cli --version "$bindgen_version"
fi

# npm ci when node_modules is missing or older than the lockfile.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
  || [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/tsc ]; then
  say "installing npm dev dependencies"
  npm ci --no-audit --no-fund
fi

# The Pulumi pack has its own package (it is installed by users on its own); its tests need its dependencies.
if $for_tests && { [ ! -f js/pulumi/node_modules/.package-lock.json ] \
  || [ js/pulumi/package-lock.json -nt js/pulumi/node_modules/.package-lock.json ]; }; then
  say "installing the Pulumi policy pack's npm dependencies"
  (cd js/pulumi && npm ci --no-audit --no-fund)
fi

if $for_tests && ! { command -v chromium && command -v chromedriver; } >/dev/null; then
  say "installing Debian's chromium and chromium-driver"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y chromium chromium-driver
fi
