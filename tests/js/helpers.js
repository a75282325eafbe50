'use strict';
// Shared by the node --test suites: where things are, the built package, and running the CLI.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..', '..');
const pkgDir = path.join(root, 'pkg');
const cliPath = path.join(root, 'js', 'cli', 'fargate-guard.js');
const examples = path.join(root, 'examples');

function loadApi() {
  if (!fs.existsSync(path.join(pkgDir, 'node', 'fargate_guard_bg.wasm'))) {
    throw new Error('pkg/ is not built: run ./scripts/build.sh first');
  }
  return require(pkgDir);
}

/** Runs the CLI from the source tree with the repository root as working directory. */
function runCli(args, { input, cwd = root, env = process.env } = {}) {
  const result = spawnSync(process.execPath, [cliPath, ...args], { cwd, input: input ?? '', encoding: 'utf8', env, maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw result.error;
  return result;
}

function readExample(name) {
  return fs.readFileSync(path.join(examples, name), 'utf8');
}

// The same inputs, in the same order, as tests/golden.rs: keep the two in step.
const GOLDEN_INPUT_DIRS = ['examples', 'tests/fixtures'];
const GOLDEN_INPUT_EXTENSIONS = new Set(['.json', '.yaml', '.yml', '.template']);

/** A project of its own (an example Pulumi program, installed packages), not input documents (as tests/golden.rs). */
function isProjectDir(dir) {
  return path.basename(dir) === 'node_modules' || fs.existsSync(path.join(root, dir, 'Pulumi.yaml'));
}

function filesUnder(dir, out) {
  if (isProjectDir(dir)) return;
  let entries;
  try {
    entries = fs.readdirSync(path.join(root, dir), { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) filesUnder(relative, out);
    else if (GOLDEN_INPUT_EXTENSIONS.has(path.extname(entry.name))) out.push(relative);
  }
}

/** Inputs with golden reports, as repository-relative paths, sorted by code unit like Rust's byte order. */
function goldenInputs() {
  const out = [];
  for (const dir of GOLDEN_INPUT_DIRS) filesUnder(dir, out);
  return out.sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b))));
}

function goldenPath(input) {
  return path.join(root, 'tests', 'golden', `${input}.report.json`);
}

/** The shared specs and corpus: beside the repository (`../shared`), or absent (then tests skip). */
function sharedDir() {
  for (const candidate of [path.join(root, '..', 'shared'), path.join(root, '..', '..', 'shared')]) {
    if (fs.existsSync(path.join(candidate, 'corpus'))) return candidate;
  }
  return undefined;
}

const tempDirs = [];
process.on('exit', () => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory, removed when the test process exits. */
function tempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), `fargate-guard-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

module.exports = { root, pkgDir, cliPath, examples, loadApi, runCli, readExample, goldenInputs, goldenPath, sharedDir, tempDir };
