'use strict';
// Limits through the wasm package (as tests/limits.rs natively): a 100 MB input and 100 000 levels of nesting
// (JSON and YAML) are rejected quickly with a clear error; documents up to the configured depth read (the
// package's stack is WebAssembly's 1 MiB); a huge array gives a bounded report.
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadApi } = require('./helpers');

const api = loadApi();

function timed(call) {
  const started = process.hrtime.bigint();
  const result = call();
  return { result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

const codes = (report) => report.errors.map((e) => e.code);

test('a 100 MB input is rejected quickly', () => {
  const text = `{"family": "${'a'.repeat(100 * 1024 * 1024)}"}`;
  const { result, seconds } = timed(() => api.validate(text));
  assert.deepEqual(codes(result), ['too-large']);
  assert.match(result.errors[0].message, /the limit is 67108864 bytes/);
  assert.ok(seconds < 5, `${seconds}s`);
});

test('100 000 levels of nesting are rejected quickly, in JSON and in YAML', () => {
  for (const [name, text] of [
    ['json', `${'['.repeat(100000)}${']'.repeat(100000)}`],
    ['flow yaml', `a: ${'['.repeat(100000)}${']'.repeat(100000)}`],
    ['block yaml', `${'- '.repeat(100000)}1\n`],
  ]) {
    const { result, seconds } = timed(() => api.validate(text));
    assert.deepEqual(codes(result), ['too-deep'], name);
    assert.ok(seconds < 5, `${name}: ${seconds}s`);
  }
});

test('documents up to the configured depth read, in 1 MiB of stack', () => {
  const nested = (depth) => `{"family": "app", "requiresCompatibilities": ["FARGATE"], "containerDefinitions": [{"name": "a", "privileged": true, "dockerLabels": ${'['.repeat(depth - 3)}1${']'.repeat(depth - 3)}}]}`;
  for (const depth of [129, 256]) {
    const report = api.validate(nested(depth));
    assert.deepEqual(codes(report), [], `depth ${depth}`);
    assert.ok(report.findings.some((f) => f.ruleId === 'CH-01'));
  }
  assert.deepEqual(codes(api.validate(nested(257))), ['too-deep']);
  const deep = api.validate(nested(1000), { config: { limits: { maxDepth: 1000 } } });
  assert.deepEqual(codes(deep), []);
  const yaml = `family: app\ncontainerDefinitions:\n  - name: a\n    dockerLabels:\n${Array.from({ length: 990 }, (_, i) => `${' '.repeat(6 + i)}k:\n`).join('')}`;
  assert.deepEqual(codes(api.validate(yaml, { config: { limits: { maxDepth: 1000 } } })), []);
  assert.throws(() => api.validate('{}', { config: { limits: { maxDepth: 1001 } } }), /it can be at most 1000/);
});

test('a huge array gives a bounded report', () => {
  const containers = Array.from({ length: 100000 }, (_, i) => `{"name": "c${i}", "image": "nginx", "privileged": true}`);
  const text = `{"family": "app", "requiresCompatibilities": ["FARGATE"], "containerDefinitions": [${containers.join(',')}]}`;
  const { result, seconds } = timed(() => api.validate(text));
  assert.equal(result.findings.length, 10000);
  assert.deepEqual(codes(result), ['too-many-findings']);
  assert.ok(result.summary.blocking > 100000);
  assert.ok(seconds < 60, `${seconds}s`);
});
