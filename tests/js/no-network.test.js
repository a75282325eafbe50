'use strict';
// The library and the CLI only read the files they are given: run under Node's permission model (file reads
// only: no writes, no child processes, no workers) with every network module made to throw (no-network-preload.js).
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { root, cliPath, examples } = require('./helpers');

const preload = path.join(__dirname, 'no-network-preload.js');

function sandboxed(args, input) {
  const result = spawnSync(process.execPath, ['--experimental-permission', `--allow-fs-read=${root}`, '--no-warnings', '--require', preload, ...args], {
    cwd: root, input: input ?? '', encoding: 'utf8',
  });
  if (result.error) throw result.error;
  assert.doesNotMatch(result.stderr, /NETWORK ACCESS ATTEMPTED|ERR_ACCESS_DENIED/, result.stderr);
  return result;
}

test('the preload does catch network use', () => {
  const result = spawnSync(process.execPath, ['--require', preload, '-e', "require('node:dns').lookup('localhost', () => {})"], { encoding: 'utf8' });
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /NETWORK ACCESS ATTEMPTED: dns.lookup/);
});

test('the CLI checks files without the network or any write', () => {
  const result = sandboxed([cliPath, '--output', 'json', examples]);
  assert.equal(result.status, 1, result.stderr); // the bad example has blocking findings
  assert.ok(JSON.parse(result.stdout).summary.resources > 0);
  const fromStdin = sandboxed([cliPath, '-'], require('node:fs').readFileSync(path.join(examples, 'bad-task-definition.json'), 'utf8'));
  assert.equal(fromStdin.status, 1, fromStdin.stderr);
});

test('the library validates without the network or any write', () => {
  const script = `
    const api = require(${JSON.stringify(path.join(root, 'pkg'))});
    const text = require('node:fs').readFileSync(${JSON.stringify(path.join(examples, 'bad-task-definition.json'))}, 'utf8');
    const report = api.validate(text, { fileName: 'bad.json' });
    api.validateStack([{ type: 'aws:ecs/cluster:Cluster', props: { name: 'c' } }]);
    api.rules();
    process.stdout.write(String(report.findings.length));`;
  const result = sandboxed(['-e', script]);
  assert.equal(result.status, 0, result.stderr);
  assert.ok(Number(result.stdout) > 0);
  const esm = sandboxed(['--input-type=module', '-e', `import { validate } from ${JSON.stringify(path.join(root, 'pkg', 'index.mjs'))}; process.stdout.write(String(validate('{"family": "a", "containerDefinitions": []}').resources.length));`]);
  assert.equal(esm.stdout, '1', esm.stderr);
});
