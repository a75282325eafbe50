#!/usr/bin/env bash
# Coverage-guided fuzzing with libFuzzer on the stable toolchain: the SanitizerCoverage instrumentation that
# libFuzzer reads is enabled with stable rustc flags (what `cargo fuzz` does, less the sanitizers, which need
# nightly and add nothing to safe Rust), and libfuzzer-sys builds libFuzzer itself with the C++ compiler.
#
#   fuzz/run.sh <target> [runs]      e.g. fuzz/run.sh validate 1000000   (default 100000 runs)
#   fuzz/run.sh list
#
# Seeds: the fixtures, examples and bad-input corpus, copied into fuzz/corpus/<target>/ (not committed), which
# libFuzzer grows. Crashes are written to fuzz/artifacts/<target>/; keep each as a test (tests/bad-inputs/).
set -euo pipefail
cd "$(dirname "$0")"
targets=(validate aws_api cloudformation terraform pulumi_stack pulumi_resource options)
target=${1:?usage: fuzz/run.sh <target> [runs] (targets: ${targets[*]})}
if [ "$target" = list ]; then printf '%s\n' "${targets[@]}"; exit 0; fi
runs=${2:-100000}

export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing"
# An explicit --target keeps the flags off build scripts and proc macros, which do not link libFuzzer.
host=$(rustc -vV | sed -n 's/^host: //p')
cargo build --release --bin "$target" --target-dir target --target "$host"

corpus=corpus/$target
mkdir -p "$corpus" "artifacts/$target"
if [ -z "$(ls -A "$corpus")" ]; then
  case $target in
    options) printf '%s' '{"config": {"rules": {"FG-*": "low"}, "limits": {"maxDepth": 10}}}' > "$corpus/seed.json" ;;
    # One seed per resource of the Pulumi fixtures: its type on the first line, its props after.
    pulumi_resource) node -e '
        const fs = require("fs"), path = require("path");
        const [dir, out] = process.argv.slice(1);
        for (const file of fs.readdirSync(dir)) {
          const doc = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
          (Array.isArray(doc) ? doc : [doc]).forEach((r, i) => fs.writeFileSync(path.join(out, `${file}-${i}`), `${r.type}\n${JSON.stringify(r.props)}`));
        }' ../tests/fixtures/pulumi "$corpus" ;;
    *) find ../examples ../tests/fixtures ../tests/bad-inputs -maxdepth 3 -type f \
         \( -name '*.json' -o -name '*.yaml' -o -name '*.ndjson' -o -name '*.template' \) -size -256k \
         -exec cp {} "$corpus/" \; 2>/dev/null || true ;;
  esac
fi
# -timeout: a hang is a crash too; -rss_limit_mb: so is runaway memory; inputs up to MAX_LEN bytes (default 8 KiB).
exec "target/$host/release/$target" "$corpus" -runs="$runs" -timeout=10 -rss_limit_mb=2048 -max_len="${MAX_LEN:-8192}" \
  -artifact_prefix="artifacts/$target/" -print_final_stats=1
