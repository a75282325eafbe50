'use strict';
// The bad-input corpus (tests/bad-inputs/manifest.json) through the wasm package: every report equals, byte for
// byte, the one tests/bad_inputs.rs checks natively (tests/bad-inputs/reports/), call errors are JS Errors, and
// bytes that are not UTF-8 are a clear CLI error.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { root, loadApi, runCli } = require('./helpers');

const api = loadApi();
const corpus = path.join(root, 'tests', 'bad-inputs');
const { cases } = JSON.parse(fs.readFileSync(path.join(corpus, 'manifest.json'), 'utf8'));

function expectedReport(testCase) {
  return fs.readFileSync(path.join(corpus, 'reports', `${testCase.file}.report.json`), 'utf8');
}

/** The case run as the native test runs it; returns the report as pretty JSON text. */
function run(testCase, content) {
  const name = `tests/bad-inputs/${testCase.file}`;
  switch (testCase.call ?? 'validate') {
    case 'validate': {
      const options = testCase.format ? { format: testCase.format } : {};
      return `${api.renderFiles([{ name, content }], 'json', options).rendered}\n`;
    }
    case 'stack':
      return `${api.renderFiles([{ name, content }], 'json', { format: 'pulumi' }).rendered}\n`;
    case 'resource':
      return `${JSON.stringify(api.validateResource(testCase.type, JSON.parse(content), { name }), null, 2)}\n`;
    case 'options': {
      const input = 'examples/bad-task-definition.json';
      const options = JSON.parse(content);
      delete options.fileName;
      return `${api.renderFiles([{ name: input, content: fs.readFileSync(path.join(root, input), 'utf8') }], 'json', options).rendered}\n`;
    }
    default:
      throw new Error(`unknown call ${testCase.call}`);
  }
}

test('the corpus has at least 100 cases', () => {
  assert.ok(cases.length >= 100, `${cases.length} cases`);
});

for (const testCase of cases) {
  const file = path.join(corpus, testCase.file);
  if (testCase.call === 'cli') {
    test(`CLI rejects what is not UTF-8: ${testCase.file}`, () => {
      const result = runCli(['--output', 'json', file]);
      assert.equal(result.status, testCase.expect.cli.exit, result.stderr);
      // The file is an `unreadable` error in the report: never a check of replacement characters.
      const report = JSON.parse(result.stdout);
      assert.deepEqual(report.findings, []);
      assert.deepEqual(report.resources, []);
      assert.equal(report.errors.length, 1);
      assert.equal(report.errors[0].code, 'unreadable');
      assert.ok(report.errors[0].message.includes(testCase.expect.cli.stderr), report.errors[0].message);
    });
    continue;
  }
  test(`wasm gives the native result: ${testCase.file}`, () => {
    const content = fs.readFileSync(file, 'utf8');
    if (testCase.expect.callError) {
      assert.throws(() => run(testCase, content), (error) => error instanceof Error && error.message.length > 0);
      return;
    }
    assert.equal(run(testCase, content), expectedReport(testCase));
  });
}

test('the CLI reports the corpus files it can read and exits 2 on their errors', () => {
  const files = cases.filter((c) => (c.call ?? 'validate') === 'validate' && c.expect.errors?.length).map((c) => path.join(corpus, c.file));
  const result = runCli(['--output', 'json', ...files]);
  assert.equal(result.status, 2, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.ok(report.errors.length >= files.length);
  assert.doesNotMatch(result.stderr, /internal error|panicked|RuntimeError/);
});
