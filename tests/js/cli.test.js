'use strict';
// The CLI (js/cli/fargate-guard.js run against the built pkg/): exit codes, outputs, stdin, directories.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { root, runCli, readExample, goldenPath, tempDir, loadApi } = require('./helpers');

const { version } = loadApi();
const BAD = 'examples/bad-task-definition.json';
const GOOD = 'examples/good-task-definition.json';
const STACK = 'examples/cloudformation-stack.json';

/** A temporary directory holding `files` ({ relative path: content }). */
function tree(files) {
  const dir = tempDir('cli');
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const fargateCluster = JSON.stringify({ clusterName: 'prod', capacityProviders: ['FARGATE'] });
// Other rules may report on these inputs too; configs like this one keep a test to the rule it is about.
const onlyFg01 = JSON.stringify({ rules: { '*': 'off', 'FG-01': {} } });
const seeded = (report) => report.findings.map((f) => f.ruleId).filter((id) => ['FG-01', 'FG-04', 'FG-07'].includes(id));

test('--help and --version', () => {
  const help = runCli(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^Usage: fargate-guard/);
  assert.match(help.stdout, /--min-severity/);
  const shown = runCli(['--version']);
  assert.equal(shown.status, 0);
  assert.equal(shown.stdout, `fargate-guard ${version}\n`);
});

test('exit 0 and a summary for a clean input', () => {
  const result = runCli([GOOD]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /1 resources, \d+ rules: 0 failed, .*; 0 at or above high; 0 input errors\n$/);
  assert.equal(result.stderr, '');
});

test('exit 1 and the findings in text for the bad example', () => {
  const result = runCli([BAD]);
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stdout, /examples\/bad-task-definition\.json {2}TaskDefinition payments-api/);
  assert.match(result.stdout, /critical\s+FG-07 fargate-capability-not-allowed {2}\/containerDefinitions\/0\/linuxParameters\/capabilities\/add\/0/);
  assert.match(result.stdout, /critical\s+FG-04 ephemeral-storage-size-range/);
  assert.match(result.stdout, /fix: /);
});

test('--output json is the golden report for a single file', () => {
  for (const file of [BAD, GOOD, STACK]) {
    const result = runCli(['--output', 'json', file]);
    assert.equal(result.stdout, fs.readFileSync(goldenPath(file), 'utf8'), file);
  }
  assert.equal(runCli(['--output=json', BAD]).status, 1);
});

test('two runs print byte-identical JSON', () => {
  const first = runCli(['--output', 'json', 'examples']);
  const second = runCli(['--output', 'json', 'examples']);
  assert.equal(first.stdout, second.stdout);
  assert.ok(first.stdout.length > 0);
});

test('a directory is searched recursively and validated as one set', () => {
  const result = runCli(['--output', 'json', 'examples']);
  assert.equal(result.status, 1);
  const report = JSON.parse(result.stdout);
  assert.deepEqual([...new Set(report.resources.map((r) => r.file))], [BAD, STACK, GOOD]);
  const dir = tree({
    'a.json': fargateCluster,
    'nested/deeper/b.template': JSON.stringify({ Resources: { C: { Type: 'AWS::ECS::Cluster', Properties: { CapacityProviders: ['FARGATE'] } } } }),
    'notes.txt': 'not an input',
    '.hidden/c.json': '{',
    'node_modules/d.json': '{',
  });
  const nested = JSON.parse(runCli(['--output', 'json', dir]).stdout);
  assert.deepEqual(nested.resources.map((r) => path.relative(dir, r.file)), ['a.json', path.join('nested', 'deeper', 'b.template')]);
  assert.deepEqual(nested.errors, []);
});

test('resources link across the files given', () => {
  const dir = tree({
    'cluster.json': JSON.stringify({ clusterName: 'prod', capacityProviders: ['ec2-capacity'] }),
    'service.json': JSON.stringify({ serviceName: 'web', cluster: 'prod', taskDefinition: 'web:3', launchType: 'FARGATE' }),
  });
  const alone = JSON.parse(runCli(['--output', 'json', path.join(dir, 'cluster.json')]).stdout);
  assert.deepEqual(seeded(alone), []);
  const together = JSON.parse(runCli(['--output', 'json', dir]).stdout);
  assert.deepEqual(seeded(together), ['FG-01']);
});

test('- reads standard input', () => {
  const result = runCli(['--output', 'json', '-'], { input: readExample('bad-task-definition.json') });
  assert.equal(result.status, 1);
  const report = JSON.parse(result.stdout);
  assert.ok(report.findings.length > 0);
  assert.ok(report.resources.every((r) => r.file === '<stdin>'));
  const both = JSON.parse(runCli(['--output', 'json', GOOD, '-'], { input: readExample('bad-task-definition.json') }).stdout);
  assert.deepEqual(both.resources.map((r) => r.file), [GOOD, '<stdin>']);
  assert.equal(runCli(['-', '-']).status, 2);
});

test('--min-severity sets the failure threshold', () => {
  const dir = tree({ 'cluster.json': fargateCluster, 'only-fg01.json': onlyFg01 });
  const file = path.join(dir, 'cluster.json');
  const only = ['--config', path.join(dir, 'only-fg01.json')];
  assert.equal(runCli([...only, file]).status, 0, 'FG-01 is medium: below the default threshold');
  const medium = runCli([...only, '--min-severity', 'medium', file]);
  assert.equal(medium.status, 1);
  assert.match(medium.stdout, /1 at or above medium/);
  assert.equal(runCli(['--min-severity', 'critical', BAD]).status, 1);
  assert.equal(runCli([...only, '--min-severity', 'critical', file]).status, 0);
});

test('--config applies a configuration file; --min-severity overrides its minSeverity', () => {
  const dir = tree({
    'cluster.json': fargateCluster,
    'off.json': JSON.stringify({ rules: { 'FG-04': 'off', 'FG-07': 'off' } }),
    'all-off.json': JSON.stringify({ rules: { '*': 'off' } }),
    'medium.json': JSON.stringify({ rules: { '*': 'off', 'FG-01': {} }, minSeverity: 'medium' }),
    'suppress.json': JSON.stringify({ suppressions: [{ rule: '*', reason: 'accepted for the demo' }] }),
    'unknown-rule.json': JSON.stringify({ rules: { 'XX-99': 'off' } }),
    'broken.json': '{',
  });
  const at = (name) => path.join(dir, name);
  assert.deepEqual(seeded(JSON.parse(runCli(['--output', 'json', '--config', at('off.json'), BAD]).stdout)), []);
  assert.equal(runCli(['--config', at('all-off.json'), BAD]).status, 0);
  assert.equal(runCli(['--config', at('medium.json'), at('cluster.json')]).status, 1);
  assert.equal(runCli(['--config', at('medium.json'), '--min-severity', 'high', at('cluster.json')]).status, 0);
  const suppressed = runCli(['--config', at('suppress.json'), BAD]);
  assert.equal(suppressed.status, 0);
  assert.match(suppressed.stdout, /suppressed \(config\): accepted for the demo/);
  for (const [config, message] of [['unknown-rule.json', /XX-99/], ['broken.json', /is not valid/], ['missing.json', /cannot read the config file/]]) {
    const result = runCli(['--config', at(config), BAD]);
    assert.equal(result.status, 2, config);
    assert.match(result.stderr, message);
    assert.equal(result.stdout, '');
  }
});

test('--format-in forces the input format', () => {
  const forced = runCli(['--format-in', 'aws-api', BAD]);
  assert.equal(forced.status, 1);
  const wrong = runCli(['--format-in', 'terraform-plan', BAD]);
  assert.equal(wrong.status, 2, 'an input error');
  assert.match(wrong.stdout, /error\[/);
  const unknown = runCli(['--format-in', 'xml', BAD]);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /--format-in must be one of aws-api, cloudformation, terraform-plan, pulumi; got xml/);
});

test('exit 2 on input errors, with the rest still checked', () => {
  const dir = tree({ 'broken.json': '{"family": ' });
  const result = runCli([path.join(dir, 'broken.json'), BAD]);
  assert.equal(result.status, 2);
  assert.match(result.stdout, /broken\.json:1:\d+: error\[invalid-json\]/);
  assert.match(result.stdout, /FG-07/);
});

test('an unreadable file is reported and the rest still checked (exit 2)', () => {
  const result = runCli(['--output', 'json', 'does/not/exist.json', GOOD]);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /cannot read does\/not\/exist\.json: ENOENT/);
  assert.deepEqual(JSON.parse(result.stdout).resources.map((r) => r.file), [GOOD]);
  const dir = tree({ 'good.json': readExample('good-task-definition.json') });
  fs.symlinkSync(path.join(dir, 'nowhere.json'), path.join(dir, 'dangling.json'));
  const walked = runCli([dir]);
  assert.equal(walked.status, 2);
  assert.match(walked.stderr, /cannot read .*dangling\.json: ENOENT/);
  assert.match(walked.stdout, /1 resources/);
});

test('usage errors exit 2', () => {
  for (const args of [[], ['--bogus', BAD], ['--output', 'xml', BAD], ['--min-severity', 'severe', BAD], ['--output']]) {
    const result = runCli(args);
    assert.equal(result.status, 2, args.join(' '));
    assert.match(result.stderr, /^fargate-guard: /);
    assert.match(result.stderr, /Try fargate-guard --help/);
  }
  const empty = runCli([tempDir('empty')]);
  assert.equal(empty.status, 2);
  assert.match(empty.stderr, /no input files/);
});

test('the CLI works from any working directory', () => {
  const result = runCli([path.join(root, BAD)], { cwd: tempDir('cwd') });
  assert.equal(result.status, 1);
});

test('examples/validate.js prints the findings of a file', () => {
  const result = require('node:child_process').spawnSync(process.execPath, [path.join(root, 'examples', 'validate.js'), BAD], { cwd: root, encoding: 'utf8' });
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stdout, /^fargate-guard \S+: 1 resources/);
  assert.match(result.stdout, /critical FG-07 payments-api \/containerDefinitions\/0\/linuxParameters\/capabilities\/add\/0/);
});
