#!/usr/bin/env bash
# Quick start: installs what is missing, builds the package, then runs the CLI on examples/ (or on the paths
# given). Exits with the CLI's status: 1 here, because the bad example has critical findings.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
echo >&2
[ $# -gt 0 ] || set -- examples
echo "==> node js/cli/fargate-guard.js $*" >&2
exec node js/cli/fargate-guard.js "$@"
