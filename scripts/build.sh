#!/usr/bin/env bash
# Builds the npm package in pkg/: wasm → wasm-bindgen glue for Node (pkg/node, CommonJS) and for browsers
# (pkg/web, ES module) → wasm-opt → the CLI copied in as pkg/cli. Prints wasm sizes. Two builds of the same
# code: browsers download pkg/web, so it is optimised for size (`release`, -Oz); Node reads pkg/node from
# disk, so it is optimised for speed (`node` profile, -O3).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh

crate=fargate_guard
wasm=target/wasm32-unknown-unknown/release/$crate.wasm
node_build=target/wasm32-unknown-unknown/node/$crate.wasm

cargo build --release --lib --target wasm32-unknown-unknown
cargo build --profile node --lib --target wasm32-unknown-unknown

rm -rf pkg/node pkg/web pkg/cli
wasm-bindgen --target nodejs --out-dir pkg/node "$node_build"
wasm-bindgen --target web --out-dir pkg/web "$wasm"
# The web glue is an ES module; say so, so that Node and bundlers agree (the package root is CommonJS).
echo '{ "type": "module" }' > pkg/web/package.json

size() { printf '%9d raw %9d gzip  %s\n' "$(wc -c < "$1")" "$(gzip -9 -c "$1" | wc -c)" "$2"; }
echo "wasm sizes (bytes):"
size "$wasm" "$wasm (cargo)"
node_wasm=pkg/node/${crate}_bg.wasm
web_wasm=pkg/web/${crate}_bg.wasm
size "$node_wasm" "$node_wasm (wasm-bindgen)"
node_modules/.bin/wasm-opt -O3 "$node_wasm" -o "$node_wasm.opt"
mv "$node_wasm.opt" "$node_wasm"
node_modules/.bin/wasm-opt -Oz "$web_wasm" -o "$web_wasm.opt"
mv "$web_wasm.opt" "$web_wasm"
size "$node_wasm" "$node_wasm (wasm-opt -O3)"
size "$web_wasm" "$web_wasm (wasm-opt -Oz)"

mkdir -p pkg/cli
cp js/cli/*.js pkg/cli/
