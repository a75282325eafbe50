'use strict';
// A finding about a plaintext secret names where it is, never what it is: secrets of several kinds, written in
// every format, must appear in no output — the CLI's text and JSON, the JS API's reports (validate,
// validateFiles, validateStack, validateResource, renderFiles) and error messages about damaged inputs.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { loadApi, runCli, tempDir } = require('./helpers');

const api = loadApi();

// Each kind of secret SE-01/SE-02/SE-03 look for, plus ones in places no rule reads (commands, labels, options).
const SECRETS = {
  accessKeyId: 'AKIAQWERTYUIOPASDFGH',
  secretAccessKey: 'qWeRtYuIoPaSdFgHjKlZxCvBnM1234567890AbCd',
  github: 'ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789',
  privateKey: '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAsecretsecretsecret\n-----END RSA PRIVATE KEY-----',
  password: 'Tr0ub4dor&3-horse-battery',
  connection: 'postgres://admin:Sup3rS3cretPw@db.internal:5432/app',
  slack: 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2VjcmV0c2lnbmF0dXJlc2VjcmV0',
  commandToken: 'cmd-token-9f8e7d6c5b4a',
  labelToken: 'label-token-0a1b2c3d4e5f',
  splunkToken: 'splunk-hec-11112222-3333-4444',
};
// What a report might show of a secret even when not whole: a distinctive middle part.
const FRAGMENTS = Object.values(SECRETS).flatMap((s) => [s, s.slice(4, 16)]);

function container() {
  return {
    name: 'app',
    image: 'public.ecr.aws/nginx/nginx:1.27',
    essential: true,
    environment: [
      { name: 'AWS_ACCESS_KEY_ID', value: SECRETS.accessKeyId },
      { name: 'AWS_SECRET_ACCESS_KEY', value: SECRETS.secretAccessKey },
      { name: 'GITHUB_TOKEN', value: SECRETS.github },
      { name: 'TLS_KEY', value: SECRETS.privateKey },
      { name: 'DB_PASSWORD', value: SECRETS.password },
      { name: 'DATABASE_URL', value: SECRETS.connection },
      { name: 'NOTIFY', value: SECRETS.slack },
      { name: 'SESSION', value: SECRETS.jwt },
    ],
    command: ['sh', '-c', `curl -H "Authorization: Bearer ${SECRETS.commandToken}" https://example.com`],
    dockerLabels: { token: SECRETS.labelToken },
    logConfiguration: { logDriver: 'splunk', options: { 'splunk-token': SECRETS.splunkToken, 'splunk-url': 'https://splunk:8088' } },
  };
}

const taskDefinition = {
  family: 'app', requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '256', memory: '512', containerDefinitions: [container()],
};
// CloudFormation spelling: PascalCase keys, except inside maps of user data (log options, labels).
const pascal = (value) => (Array.isArray(value) ? value.map(pascal)
  : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [
    k[0].toUpperCase() + k.slice(1), ['options', 'dockerLabels'].includes(k) ? v : pascal(v)])) : value);
const template = { AWSTemplateFormatVersion: '2010-09-09', Resources: { Task: { Type: 'AWS::ECS::TaskDefinition', Properties: pascal(taskDefinition) } } };
const plan = {
  format_version: '1.2',
  resource_changes: [{
    address: 'aws_ecs_task_definition.app', mode: 'managed', type: 'aws_ecs_task_definition', name: 'app',
    change: { actions: ['create'], after: { family: 'app', requires_compatibilities: ['FARGATE'], network_mode: 'awsvpc', cpu: '256', memory: '512', container_definitions: JSON.stringify([container()]) } },
  }],
};
const stack = [{ type: 'aws:ecs/taskDefinition:TaskDefinition', name: 'app', props: { ...taskDefinition, containerDefinitions: JSON.stringify([container()]) } }];
const yaml = `family: app\nrequiresCompatibilities: [FARGATE]\ncontainerDefinitions:\n  - name: app\n    image: nginx\n    environment:\n${
  Object.entries(SECRETS).filter(([k]) => k !== 'privateKey').map(([k, v]) => `      - name: ${k.toUpperCase()}_SECRET\n        value: '${v}'\n`).join('')}`;
// Damaged documents whose error messages must not quote the text around the error.
const damaged = [
  `{"family": "app", "containerDefinitions": [{"environment": [{"name": "DB_PASSWORD", "value": "${SECRETS.password}"`,
  `{"family": "app", "containerDefinitions": [{"environment": [{"name": "DB_PASSWORD", "value": "${SECRETS.password}"}]}], oops}`,
  `family: app\ncontainerDefinitions:\n  - environment: [{name: DB_PASSWORD, value: '${SECRETS.password}'}\n  bad: [\n`,
  JSON.stringify({ ...plan, resource_changes: [{ ...plan.resource_changes[0], change: { actions: ['create'], after: { family: 'app', container_definitions: `[{"environment": [{"name": "DB_PASSWORD", "value": "${SECRETS.password}"}` } } }] }),
];

function assertNoSecret(output, where) {
  for (const fragment of FRAGMENTS) {
    assert.ok(!output.includes(fragment), `${where} contains ${JSON.stringify(fragment)}`);
  }
}

function secretFindings(report) {
  return report.findings.filter((f) => ['SE-01', 'SE-02', 'SE-03'].includes(f.ruleId));
}

const inputs = {
  'task-definition.json': JSON.stringify(taskDefinition, null, 2),
  'template.json': JSON.stringify(template, null, 2),
  'plan.json': JSON.stringify(plan, null, 2),
  'task-definition.yaml': yaml,
};

test('the JS API reports the secrets without repeating them, in every format', () => {
  for (const [name, content] of Object.entries(inputs)) {
    const report = api.validate(content, { fileName: name });
    assert.ok(secretFindings(report).length >= 3, `${name}: ${report.findings.map((f) => f.ruleId)}`);
    assertNoSecret(JSON.stringify(report), `validate(${name})`);
    for (const format of ['text', 'json']) {
      assertNoSecret(api.renderFiles([{ name, content }], format).rendered, `renderFiles(${name}, ${format})`);
    }
  }
  const all = api.validateFiles(Object.entries(inputs).map(([name, content]) => ({ name, content })));
  assertNoSecret(JSON.stringify(all), 'validateFiles');
  const fromObject = api.validate(taskDefinition);
  assert.ok(secretFindings(fromObject).length >= 3);
  assertNoSecret(JSON.stringify(fromObject), 'validate(object)');
  const stackReport = api.validateStack(stack);
  assert.ok(secretFindings(stackReport).length >= 3);
  assertNoSecret(JSON.stringify(stackReport), 'validateStack');
  const resourceReport = api.validateResource(stack[0].type, stack[0].props, { name: 'app' });
  assert.ok(secretFindings(resourceReport).length >= 3);
  assertNoSecret(JSON.stringify(resourceReport), 'validateResource');
});

test('errors about damaged documents do not quote them', () => {
  for (const [i, content] of damaged.entries()) {
    const report = api.validate(content, { fileName: `damaged-${i}` });
    assert.ok(report.errors.length >= 1, `damaged-${i}: ${JSON.stringify(report.errors)}`);
    assertNoSecret(JSON.stringify(report), `damaged-${i}`);
  }
});

test('the CLI text, JSON, SARIF and JUnit outputs do not repeat the secrets', () => {
  const dir = tempDir('secrets');
  for (const [name, content] of Object.entries(inputs)) fs.writeFileSync(path.join(dir, name), content);
  damaged.forEach((content, i) => fs.writeFileSync(path.join(dir, `damaged-${i}.json`), content));
  for (const output of ['text', 'json', 'sarif', 'junit']) {
    const result = runCli(['--output', output, dir]);
    assert.equal(result.status, 2, result.stderr); // damaged inputs are errors
    if (output === 'json') assert.ok(secretFindings(JSON.parse(result.stdout)).length >= 9);
    else assert.match(result.stdout, /SE-03/);
    assertNoSecret(result.stdout, `CLI --output ${output} stdout`);
    assertNoSecret(result.stderr, `CLI --output ${output} stderr`);
  }
});
