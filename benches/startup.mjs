#!/usr/bin/env node
// Start-up costs, in a fresh process each time it is run:
//   node benches/startup.mjs compile   → ms to compile the wasm module (new WebAssembly.Module)
//   node benches/startup.mjs load      → ms for require('pkg/index.cjs'): read + compile + instantiate + start
//   node benches/startup.mjs first     → ms for the load plus the first validate() of a small task definition
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const pkg = path.join(here, '..', 'pkg');
const what = process.argv[2];
const t0 = performance.now();
if (what === 'compile') {
  new WebAssembly.Module(fs.readFileSync(path.join(pkg, 'node', 'fargate_guard_bg.wasm')));
} else {
  const api = require(path.join(pkg, 'index.cjs'));
  if (what === 'first') {
    api.validate({ family: 'a', requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '256', memory: '512', containerDefinitions: [{ name: 'a', image: 'nginx:1.27' }] });
  }
}
process.stdout.write(`${(performance.now() - t0).toFixed(3)}\n`);
