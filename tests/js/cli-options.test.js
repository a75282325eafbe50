'use strict';
// The CLI's outputs (SARIF validated against the official schema), rule selection, configuration (explicit,
// found upward, invalid), suppressions (config and inline, stale ones), baselines, fixes (--fix round trips,
// --fix-dry-run, YAML left alone), rule listing and documentation, unreadable files and colour.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Validator } = require('@cfworker/json-schema');
const { root, runCli, readExample, tempDir } = require('./helpers');

const BAD = 'examples/bad-task-definition.json';
const GOOD = 'examples/good-task-definition.json';
const sarifSchema = JSON.parse(fs.readFileSync(path.join(root, 'tests', 'schemas', 'sarif-schema-2.1.0.json'), 'utf8'));

function tree(files) {
  const dir = tempDir('cli-options');
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

const json = (result) => JSON.parse(result.stdout);
const ruleIds = (report) => [...new Set(report.findings.map((f) => f.ruleId))].sort();

test('--output sarif is valid SARIF 2.1.0', () => {
  const dir = tree({ 'broken.json': '{ nope', 'stack.yaml': fs.readFileSync(path.join(root, 'tests/fixtures/cloudformation/service.yaml'), 'utf8') });
  const result = runCli(['--output', 'sarif', BAD, path.join(dir, 'broken.json'), path.join(dir, 'stack.yaml')]);
  assert.equal(result.status, 2, result.stderr);
  const sarif = json(result);
  const outcome = new Validator(sarifSchema, '4', false).validate(sarif);
  assert.deepEqual(outcome.errors.slice(0, 3), []);
  const run = sarif.runs[0];
  assert.equal(run.tool.driver.name, 'fargate-guard');
  assert.equal(run.tool.driver.rules.length, 77);
  assert.ok(run.results.length > 0);
  for (const result of run.results) {
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
    assert.ok(result.locations[0].physicalLocation.region.startLine >= 1);
  }
  assert.equal(run.invocations[0].toolExecutionNotifications.length, 1);
});

test('--output junit and --output-file', () => {
  const dir = tempDir('junit');
  const file = path.join(dir, 'report.xml');
  const result = runCli(['--output', 'junit', '--output-file', file, BAD, GOOD]);
  assert.equal(result.status, 1);
  assert.equal(result.stdout, '');
  const xml = fs.readFileSync(file, 'utf8');
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="fargate-guard"/);
  assert.equal(xml.match(/<testsuite /g).length, 2);
  assert.match(xml, /<testcase classname="TaskDefinition TaskDefinition\/payments-api" name="FG-07 fargate-capability-not-allowed">\n\s+<failure /);
});

test('--rule and --skip-rule take ids, names and globs; an unknown one is a usage error with a suggestion', () => {
  assert.deepEqual(ruleIds(json(runCli(['--output', 'json', '--rule', 'FG-07', BAD]))), ['FG-07']);
  assert.deepEqual(ruleIds(json(runCli(['--output', 'json', '--rule', 'ephemeral-storage-size-range,FG-07', BAD]))), ['FG-04', 'FG-07']);
  assert.deepEqual(ruleIds(json(runCli(['--output', 'json', '--rule', 'FG-*', '--skip-rule', 'FG-04', BAD]))), ['FG-07', 'FG-09']);
  const skipped = ruleIds(json(runCli(['--output', 'json', '--skip-rule', 'CH-*', '--skip-rule', 'SC-*', BAD])));
  assert.ok(!skipped.some((id) => id.startsWith('CH-') || id.startsWith('SC-')) && skipped.includes('FG-07'));
  const unknown = runCli(['--rule', 'FG-7', BAD]);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /--rule FG-7 matches no rule; did you mean `FG-07`\?/);
  // --rule turns a rule on even when the config turns its group off.
  const dir = tree({ 'cfg.json': { rules: { 'FG-*': 'off' } } });
  assert.deepEqual(ruleIds(json(runCli(['--output', 'json', '--config', path.join(dir, 'cfg.json'), '--rule', 'FG-07', BAD]))), ['FG-07']);
});

test('.fargate-guard.json is found upward from the working directory; --config overrides it', () => {
  const dir = tree({
    '.fargate-guard.json': { rules: { '*': 'off', 'FG-04': 'low' }, minSeverity: 'critical' },
    'infra/app/td.json': readExample('bad-task-definition.json'),
    'other.json': { rules: { '*': 'off', 'FG-07': {} } },
  });
  const found = runCli(['--output', 'json', 'td.json'], { cwd: path.join(dir, 'infra', 'app') });
  assert.equal(found.status, 0, found.stderr);
  const report = json(found);
  assert.deepEqual(ruleIds(report), ['FG-04']);
  assert.equal(report.findings[0].severity, 'low');
  const explicit = runCli(['--output', 'json', '--config', path.join(dir, 'other.json'), 'td.json'], { cwd: path.join(dir, 'infra', 'app') });
  assert.deepEqual(ruleIds(json(explicit)), ['FG-07']);
  assert.equal(explicit.status, 1);
});

test('config mistakes are usage errors that suggest the intended name', () => {
  const dir = tree({
    'typo.json': { rule: {} },
    'rule.json': { rules: { 'FG-7': 'off' } },
    'param.json': { rules: { 'FG-08': { params: { allowedImage: [] } } } },
    'reason.json': { suppressions: [{ rule: 'FG-07' }] },
    'notjson.json': '{',
  });
  for (const [file, message] of [
    ['typo.json', /unknown key `rule` in the configuration; did you mean `rules`\?/],
    ['rule.json', /did you mean `FG-07`\?/],
    ['param.json', /did you mean `allowedImages`\?/],
    ['reason.json', /needs a non-empty `reason`/],
    ['notjson.json', /the config file .* is not valid/],
  ]) {
    const result = runCli(['--config', path.join(dir, file), BAD]);
    assert.equal(result.status, 2, file);
    assert.match(result.stderr, message, file);
    assert.equal(result.stdout, '', file);
  }
});

test('suppressions from the config and inline are reported as suppressed; stale ones are warned about', () => {
  const template = {
    Resources: {
      Td: {
        Type: 'AWS::ECS::TaskDefinition',
        Metadata: { 'fargate-guard': { suppress: [{ rule: 'FG-07', reason: 'debug build' }, { rule: 'NW-01', reason: 'not here' }] } },
        Properties: JSON.parse(JSON.stringify({
          RequiresCompatibilities: ['FARGATE'], NetworkMode: 'awsvpc', Cpu: '256', Memory: '512',
          ContainerDefinitions: [{ Name: 'web', Image: 'nginx:1.27', LinuxParameters: { Capabilities: { Add: ['SYS_ADMIN'] } } }],
        })),
      },
    },
  };
  const dir = tree({
    'stack.json': template,
    'cfg.json': { rules: { '*': 'off', 'FG-07': {}, 'CH-08': {} }, suppressions: [{ rule: 'CH-08', reason: 'writes to /' }, { rule: 'LM-*', reason: 'stale' }] },
  });
  const result = runCli(['--config', path.join(dir, 'cfg.json'), path.join(dir, 'stack.json')]);
  assert.equal(result.status, 0, result.stdout);
  assert.match(result.stdout, /suppressed +FG-07 .*\n.*\n +suppressed \(cloudformation-metadata\): debug build/);
  assert.match(result.stdout, /suppressed +CH-08 .*\n.*\n +suppressed \(config\): writes to \//);
  assert.match(result.stdout, /warning: stale suppression of LM-\* \(config\)/);
  assert.match(result.stdout, /warning: stale suppression of NW-01 on Td/);
  const report = json(runCli(['--output', 'json', '--config', path.join(dir, 'cfg.json'), path.join(dir, 'stack.json')]));
  assert.equal(report.summary.staleSuppressions, 2);
  assert.equal(report.summary.suppressed, 2);
});

test('--write-baseline then --baseline: known findings no longer block, new ones do', () => {
  const dir = tree({ 'td.json': readExample('bad-task-definition.json') });
  const baseline = path.join(dir, 'baseline.json');
  const first = runCli(['--write-baseline', baseline, 'td.json'], { cwd: dir });
  assert.equal(first.status, 1);
  const written = JSON.parse(fs.readFileSync(baseline, 'utf8'));
  assert.equal(written.fargateGuardBaseline, 1);
  assert.ok(written.findings.some((f) => f.ruleId === 'FG-07' && f.file === 'td.json'));
  const second = runCli(['--output', 'json', '--baseline', baseline, 'td.json'], { cwd: dir });
  assert.equal(second.status, 0, second.stderr);
  const report = json(second);
  assert.ok(report.findings.every((f) => f.baseline === true));
  assert.equal(report.summary.blocking, 0);
  const doc = JSON.parse(readExample('bad-task-definition.json'));
  doc.containerDefinitions[0].privileged = true;
  fs.writeFileSync(path.join(dir, 'td.json'), JSON.stringify(doc, null, 4));
  const third = runCli(['--output', 'sarif', '--baseline', baseline, 'td.json'], { cwd: dir });
  assert.equal(third.status, 1);
  const states = json(third).runs[0].results.map((r) => [r.ruleId, r.baselineState]);
  assert.ok(states.some(([id, state]) => id === 'CH-01' && state === 'new'));
  assert.ok(states.some(([id, state]) => id === 'FG-07' && state === 'unchanged'));
  assert.equal(runCli(['--baseline', path.join(dir, 'missing.json'), 'td.json'], { cwd: dir }).status, 2);
});

test('--fix applies every fix in place, keeps the indentation, and the fixed findings are gone', () => {
  const doc = JSON.parse(readExample('bad-task-definition.json'));
  doc.containerDefinitions[0].privileged = true;
  doc.containerDefinitions.push({ name: 'side', image: 'busybox:1', linuxParameters: { capabilities: { add: ['NET_ADMIN', 'CAP_SYS_PTRACE'] } } });
  const text = `${JSON.stringify(doc, null, 4)}\n`;
  const dir = tree({ 'td.json': text });
  const file = path.join(dir, 'td.json');
  const before = json(runCli(['--output', 'json', file]));
  const fixable = before.findings.filter((f) => f.fix);
  assert.ok(fixable.length >= 5, JSON.stringify(fixable.map((f) => f.ruleId)));

  const dry = runCli(['--fix-dry-run', file]);
  assert.equal(dry.status, 0, dry.stderr);
  const [patch] = json(dry);
  assert.equal(patch.file, file);
  assert.equal(fs.readFileSync(file, 'utf8'), text, '--fix-dry-run changes nothing');

  const fixed = runCli(['--fix', '--output', 'json', file]);
  assert.match(fixed.stderr, /fixed .*td\.json \(\d+ operations\)/);
  const after = json(fixed);
  const written = fs.readFileSync(file, 'utf8');
  assert.match(written, /^\{\n {4}"family"/, 'four-space indentation kept');
  assert.ok(written.endsWith('}\n'));
  for (const finding of fixable) {
    assert.ok(!after.findings.some((f) => f.ruleId === finding.ruleId && f.path === finding.path && f.message === finding.message), `${finding.ruleId} ${finding.message}`);
  }
  assert.ok(after.findings.every((f) => !f.fix), 'nothing fixable is left');
  assert.deepEqual(json(runCli(['--output', 'json', file])), after, 'the report printed is the one of the written file');
  // The dry run's patch, applied with the CLI's own applier, gives the same document.
  const { applyPatch } = require(path.join(root, 'js', 'cli', 'fix.js'));
  assert.deepEqual(applyPatch(JSON.parse(text), patch.patch), JSON.parse(written));
});

test('--fix leaves YAML alone and says so; standard input cannot be fixed in place', () => {
  const yaml = ['# keep this comment', 'Resources:', '  Td:', '    Type: AWS::ECS::TaskDefinition', '    Properties:',
    '      RequiresCompatibilities: [FARGATE]', '      NetworkMode: awsvpc', '      Cpu: "256"', '      Memory: "512"',
    '      ContainerDefinitions:', '        - Name: web', '          Image: nginx:1.27', '          Privileged: true', ''].join('\n');
  const dir = tree({ 'stack.yaml': yaml });
  const file = path.join(dir, 'stack.yaml');
  const result = runCli(['--fix', file]);
  assert.match(result.stderr, /fixes not applied: only JSON files can be fixed in place/);
  assert.equal(fs.readFileSync(file, 'utf8'), yaml);
  const dry = json(runCli(['--fix-dry-run', file]));
  assert.deepEqual(dry, [], 'nothing is applied to YAML, so there is no patch to print');
  const stdin = runCli(['--fix', '-'], { input: readExample('bad-task-definition.json') });
  assert.equal(stdin.status, 2);
  assert.match(stdin.stderr, /--fix cannot change standard input/);
  const stdinDry = runCli(['--fix-dry-run', '-'], { input: readExample('bad-task-definition.json') });
  assert.equal(json(stdinDry)[0].file, '<stdin>');
});

test('--fix on Terraform plans and CloudFormation JSON', () => {
  const containers = JSON.stringify([{ name: 'web', image: 'nginx:1.27', privileged: true, readonlyRootFilesystem: true, linuxParameters: { capabilities: { drop: ['ALL'] } } }]);
  const plan = { format_version: '1.2', resource_changes: [{ address: 'aws_ecs_service.web', mode: 'managed', type: 'aws_ecs_service', name: 'web',
    change: { actions: ['create'], after: { name: 'web', launch_type: 'FARGATE', network_configuration: [{ subnets: ['s'], assign_public_ip: true }] }, after_unknown: {} } },
  { address: 'aws_ecs_task_definition.app', mode: 'managed', type: 'aws_ecs_task_definition', name: 'app',
    change: { actions: ['create'], after: { family: 'app', network_mode: 'awsvpc', requires_compatibilities: ['EC2'], container_definitions: containers }, after_unknown: {} } }] };
  const dir = tree({ 'plan.json': plan });
  const file = path.join(dir, 'plan.json');
  runCli(['--fix', '--rule', 'NW-01,CH-01', file]);
  const fixed = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.equal(fixed.resource_changes[0].change.after.network_configuration[0].assign_public_ip, false);
  assert.equal(JSON.parse(fixed.resource_changes[1].change.after.container_definitions)[0].privileged, undefined);
  assert.equal(runCli(['--rule', 'NW-01,CH-01', file]).status, 0);
});

test('--list-rules prints a table or JSON; --explain prints a rule page', () => {
  const table = runCli(['--list-rules']);
  assert.equal(table.status, 0);
  assert.equal(table.stdout.trim().split('\n').length, 78);
  assert.match(table.stdout, /^ID +NAME +SEVERITY +TITLE\nFG-01 +fargate-ephemeral-cmk-missing +medium/);
  const listed = json(runCli(['--list-rules', '--output', 'json']));
  assert.equal(listed.length, 77);
  assert.equal(listed[6].id, 'FG-07');
  const byId = runCli(['--explain', 'FG-07']);
  assert.equal(byId.status, 0);
  assert.match(byId.stdout, /^# FG-07 fargate-capability-not-allowed/);
  assert.match(byId.stdout, /## Examples/);
  assert.equal(runCli(['--explain', 'fargate-capability-not-allowed']).stdout, byId.stdout);
  const unknown = runCli(['--explain', 'FG-7']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /no rule `FG-7`; did you mean `FG-07`\?/);
});

test('an unreadable file is an error for that file; the others are still checked', () => {
  const result = runCli(['--output', 'json', GOOD, 'no/such/file.json']);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /cannot read no\/such\/file\.json: ENOENT/);
  const report = json(result);
  assert.equal(report.errors.length, 1);
  assert.equal(report.errors[0].code, 'unreadable');
  assert.equal(report.resources.length, 1);
  const sarif = json(runCli(['--output', 'sarif', GOOD, 'no/such/file.json']));
  assert.equal(sarif.runs[0].invocations[0].toolExecutionNotifications[0].descriptor.id, 'unreadable');
});

test('colour only when asked for or on a terminal, never with NO_COLOR', () => {
  const plain = runCli([BAD]);
  assert.doesNotMatch(plain.stdout, /\x1b\[/);
  const forced = runCli([BAD], { env: { ...process.env, FORCE_COLOR: '1', NO_COLOR: '' } });
  assert.match(forced.stdout, /\x1b\[1;31mcritical\x1b\[0m/);
  const refused = runCli([BAD], { env: { ...process.env, FORCE_COLOR: '1', NO_COLOR: '1' } });
  assert.doesNotMatch(refused.stdout, /\x1b\[/);
  const json = runCli(['--output', 'json', BAD], { env: { ...process.env, FORCE_COLOR: '1' } });
  assert.doesNotMatch(json.stdout, /\x1b\[/);
});

test('exit status 0, 1, 2 and standard input', () => {
  assert.equal(runCli([GOOD]).status, 0);
  assert.equal(runCli([BAD]).status, 1);
  assert.equal(runCli(['--min-severity', 'critical', '--skip-rule', 'FG-04,FG-07', BAD]).status, 0);
  assert.equal(runCli(['--output', 'xml', BAD]).status, 2);
  assert.equal(runCli(['--fix', '--fix-dry-run', BAD]).status, 2);
  const stdin = runCli(['--output', 'json', '-'], { input: readExample('bad-task-definition.json') });
  assert.equal(stdin.status, 1);
  assert.equal(json(stdin).resources[0].file, '<stdin>');
});

test('quoted globs are expanded: * within a directory, ** across directories; unrecognised matches are skipped', () => {
  const td = readExample('bad-task-definition.json');
  const dir = tree({ 'a/td.json': td, 'a/b/c/deep.json': td, 'a/b/package.json': { name: 'x' }, 'a/notes.txt': td });
  const files = (result) => [...new Set(json(result).resources.map((r) => path.relative(dir, r.file)))].sort();
  const shallow = runCli(['--output', 'json', `${dir}/a/*.json`]);
  assert.deepEqual(files(shallow), ['a/td.json']);
  const deep = runCli(['--output', 'json', `${dir}/a/**/*.json`]);
  assert.deepEqual(files(deep), ['a/b/c/deep.json', 'a/td.json']);
  assert.deepEqual(json(deep).skipped.map((s) => path.relative(dir, s.file)), ['a/b/package.json']);
  assert.match(deep.stderr, /skipped .*package\.json: not an ECS input/);
  assert.equal(deep.status, 1, 'the matched task definitions have critical findings; the skipped file is no error');
  const none = runCli([`${dir}/a/*.yaml`]);
  assert.match(none.stderr, /no files match/);
});
