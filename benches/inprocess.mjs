#!/usr/bin/env node
// In-process throughput of the JS API (wasm) beside the floor: JSON.parse of the same bytes in the same process.
//
//   node benches/inprocess.mjs <corpusDir> [--min-time SECONDS]
//
// Single documents go through `engine.validate(text)`; the file-per-resource directories through
// `validateFiles([{name, content}])` (all files together, as the CLI does) and, for the API case, also one
// `engine.validate(text)` per file (what a caller validating resources one by one pays). Prints one JSON object.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const corpus = args[0];
const minTimeAt = args.indexOf('--min-time');
const minTime = (minTimeAt >= 0 ? Number(args[minTimeAt + 1]) : 1) * 1000;

const api = require(path.join(here, '..', 'pkg', 'index.cjs'));
// Single documents at N = 10 000 exceed the default 64 MiB input limit.
// Every finding listed (the default caps a report at 10 000 findings).
const config = { limits: { maxBytes: 2000000000, maxFindings: 100000000 } };
const engine = new api.Engine(config);

/** Fastest of repeated runs, at least once, until minTime has passed (at most 50 runs). */
function fastest(fn, budget = minTime) {
  const started = performance.now();
  let best = Infinity;
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    fn();
    best = Math.min(best, performance.now() - t);
    if (performance.now() - started >= budget) break;
  }
  return best / 1000;
}

const CASES = [
  { name: 'api-all', path: 'api-all.json', json: true },
  { name: 'cfn-one-json', path: 'cfn-one.json', json: true },
  { name: 'cfn-one-yaml', path: 'cfn-one.yaml', json: false },
  { name: 'tf-plan', path: 'tf-plan.json', json: true },
  { name: 'pulumi', path: 'pulumi.json', json: true, format: 'pulumi' },
  { name: 'api-files', path: 'api', json: true, dir: true },
  { name: 'api-each', path: 'api', json: true, dir: true, each: true },
  { name: 'cfn-json-files', path: 'cfn-json', json: true, dir: true },
  { name: 'cfn-json-each', path: 'cfn-json', json: true, dir: true, each: true },
  { name: 'cfn-yaml-files', path: 'cfn-yaml', json: false, dir: true },
];

const results = [];
for (const c of CASES) {
  const full = path.join(corpus, c.path);
  if (!fs.existsSync(full)) continue;
  const names = c.dir ? fs.readdirSync(full).sort().map((f) => path.join(full, f)) : [full];
  const files = names.map((name) => ({ name, content: fs.readFileSync(name, 'utf8') }));
  const bytes = files.reduce((sum, f) => sum + Buffer.byteLength(f.content), 0);
  // validateFiles serialises all files into one string across the boundary: past V8's string limit at N = 100 000.
  if (c.dir && !c.each && bytes > 200e6) continue;
  const options = c.format ? { format: c.format } : {};
  let validate;
  if (!c.dir) validate = () => engine.validate(files[0].content, options);
  else if (c.each) validate = () => files.map((f) => engine.validate(f.content, { fileName: f.name }));
  else validate = () => api.validateFiles(files, { ...options, config });
  const first = validate();
  const reports = Array.isArray(first) ? first : [first];
  const resources = reports.reduce((sum, r) => sum + r.summary.resources, 0);
  const findings = reports.reduce((sum, r) => sum + r.findings.length, 0);
  const errors = reports.reduce((sum, r) => sum + r.errors.length, 0);
  const seconds = fastest(validate);
  const parseSeconds = c.json ? fastest(() => files.forEach((f) => JSON.parse(f.content))) : null;
  results.push({
    case: c.name,
    files: files.length,
    bytes,
    resources,
    findings,
    errors,
    validateSeconds: seconds,
    parseSeconds,
    resourcesPerSecond: resources / seconds,
    mbPerSecond: bytes / 1e6 / seconds,
    validateOverParse: parseSeconds ? seconds / parseSeconds : null,
  });
}
const memory = process.memoryUsage();
console.log(JSON.stringify({ cases: results, rssBytes: memory.rss, arrayBuffersBytes: memory.arrayBuffers }));
