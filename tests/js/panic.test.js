'use strict';
// A panic in the core reaches JS as an Error with a message (the panic hook in src/wasm.rs), never as a bare
// trap, and the package keeps working: pkg/index.cjs moves to a fresh instance after an internal error. Uses
// a build with the `test-panic` feature (a `panicForTest` export), made by scripts/test.sh into
// target/panic-test/ beside a copy of pkg/index.cjs.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { root, readExample } = require('./helpers');

const build = path.join(root, 'target', 'panic-test');
const missing = !fs.existsSync(path.join(build, 'index.cjs')) && 'no panic-test build: scripts/test.sh makes it';

test('a panic is an Error with a message, and the next calls work', { skip: missing }, () => {
  const api = require(path.join(build, 'index.cjs'));
  const engine = new api.Engine({ rules: { '*': 'off', 'FG-07': {} } });
  const findings = () => api.validate(readExample('bad-task-definition.json')).findings.length;
  const before = findings();
  assert.ok(before > 0);
  for (let i = 0; i < 200; i += 1) {
    assert.throws(() => api.panicForTest(`boom ${i}`), (error) => {
      assert.ok(error instanceof Error);
      assert.match(error.message, new RegExp(`^fargate-guard internal error: [\\s\\S]*boom ${i}$`));
      return true;
    });
    assert.equal(findings(), before);
  }
  // An engine made before the panics is remade in the fresh instance, with its configuration.
  assert.deepEqual(engine.validate(readExample('bad-task-definition.json')).findings.map((f) => f.ruleId), ['FG-07']);
});

test('without the package entry, the raw module still serves calls after a panic', { skip: missing }, () => {
  const raw = require(path.join(build, 'node', 'fargate_guard.js'));
  assert.throws(() => raw.panicForTest('raw'), /^Error: fargate-guard internal error: [\s\S]*raw$/);
  assert.ok(raw.validate(readExample('bad-task-definition.json')).findings.length > 0);
});
