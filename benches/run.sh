#!/usr/bin/env bash
# Runs the whole benchmark (benches/README.md): builds the wasm package and the native harness, installs the
# tools compared against (Checkov in benches/.venv, cfn-guard and regorus in benches/.tools — the first time
# this takes several minutes), generates the corpora and measures. Writes benches/results/latest.json (or
# quick.json with --quick) and prints the tables.
#
#   benches/run.sh [--quick] [--skip-tools] [--sizes 100,1000,10000] [--inprocess-sizes …] [--timeout S]
set -euo pipefail
cd "$(dirname "$0")/.."

skip_tools=false
for arg in "$@"; do
  case "$arg" in
    --skip-tools) skip_tools=true ;;
    -h | --help) sed -n '2,8p' "$0"; exit 0 ;;
  esac
done
say() { echo "run.sh: $*" >&2; }

say "building the wasm package (scripts/build.sh)"
./scripts/build.sh >&2

# The native harness at opt-level 3 (the release profile's opt-level "z" is chosen for wasm size).
export CARGO_PROFILE_BENCH_OPT_LEVEL=3
say "building the native harness"
native_bin=$(cargo bench --bench native --no-run --message-format=json 2>/dev/null \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{for(const l of s.split("\n")){try{const m=JSON.parse(l);if(m.reason==="compiler-artifact"&&m.target.kind.includes("bench")&&m.executable)console.log(m.executable)}catch{}}})')
if [ -z "$native_bin" ]; then
  echo "run.sh: could not build the native harness" >&2
  exit 1
fi

if ! $skip_tools; then
  if [ ! -x benches/.venv/bin/checkov ]; then
    say "installing Checkov into benches/.venv"
    python3 -m venv benches/.venv
    benches/.venv/bin/pip install --quiet checkov
  fi
  if [ ! -x benches/.tools/bin/cfn-guard ]; then
    say "installing cfn-guard into benches/.tools (several minutes)"
    cargo install --quiet --locked --root benches/.tools cfn-guard || cargo install --quiet --root benches/.tools cfn-guard
  fi
  if [ ! -x benches/.tools/bin/regorus ]; then
    say "installing regorus's CLI example into benches/.tools (several minutes)"
    cargo install --quiet --locked --root benches/.tools regorus --example regorus || cargo install --quiet --root benches/.tools regorus --example regorus
  fi
fi

exec node --max-old-space-size=8192 benches/bench.mjs --native-bin "$native_bin" "$@"
