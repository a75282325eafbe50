'use strict';
// Robustness on real inputs: the CLI over the shared corpus (../shared/corpus beside the repository, as in
// CI) never crashes and always produces a complete JSON report. Skipped when the corpus is absent.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { runCli, sharedDir } = require('./helpers');

const shared = sharedDir();

test('the CLI reads the whole shared corpus without crashing', { skip: !shared && 'no ../shared/corpus beside the repository' }, () => {
  const corpus = path.join(shared, 'corpus');
  const result = runCli(['--output', 'json', corpus]);
  assert.ok([0, 1, 2].includes(result.status), `exit ${result.status}: ${result.stderr}`);
  assert.doesNotMatch(result.stderr, /internal error|panicked|RuntimeError|at .*\.js:\d+/);
  const report = JSON.parse(result.stdout);
  assert.ok(report.summary.resources > 0);
  assert.equal(report.summary.errors, report.errors.length);
  for (const error of report.errors) assert.ok(error.code && error.message, JSON.stringify(error));
  // Every finding points into the file it names.
  for (const finding of report.findings) assert.ok(finding.resource.file.startsWith(corpus), finding.resource.file);
});
