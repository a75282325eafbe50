'use strict';
// The pack inside @pulumi/policy's real request handlers: what the CLI would print.
const test = require('node:test');
const assert = require('node:assert/strict');
const { createPolicies } = require('../pack');
const { SENTINELS } = require('../props');
const { analyze, analyzeStack, analyzerInfo } = require('./engine-helpers');

const TD = 'aws:ecs/taskDefinition:TaskDefinition';
const RULE = {
  id: 'FG-07', name: 'fargate-capability-not-allowed', title: 'Capability other than SYS_PTRACE added on Fargate', severity: 'critical',
  kinds: ['TaskDefinition'], params: [{ name: 'allowed', description: 'x', default: '["SYS_PTRACE"]' }], description: '', remediation: 'drop it', docsUrl: 'u', references: [], examples: [],
};

function core(findings) {
  return {
    rules: () => [RULE],
    validateResource: (type, props, options) => ({
      findings: findings(props),
      resources: [{ kind: 'TaskDefinition', name: options.name, address: options.name }],
      errors: [],
    }),
    validateStack: () => ({ findings: [], resources: [], errors: [] }),
  };
}

const fail = { ruleId: 'FG-07', ruleName: RULE.name, status: 'fail', severity: 'critical', message: 'container web adds SYS_ADMIN', path: '/containerDefinitions', embeddedPath: '/0/linuxParameters/capabilities/add/0', remediation: 'drop it', resource: {} };

test('failures keep the policy level, undecided findings and errors become advisory diagnostics', async () => {
  const { policies } = createPolicies(core((props) => (props.containerDefinitions === SENTINELS.string
    ? [{ ...fail, status: 'undecided', severity: 'info', message: 'containerDefinitions is not known before deployment', embeddedPath: undefined }]
    : [fail])));
  const known = await analyze(policies, { type: TD, name: 'app', props: { containerDefinitions: '[]' } });
  assert.deepEqual(known.diagnostics.map((d) => [d.policyName, d.enforcementLevel]), [['fargate-capability-not-allowed', 'mandatory']]);
  assert.match(known.diagnostics[0].message, /^FG-07: Capability other than SYS_PTRACE added on Fargate\n\[FG-07\] container web adds SYS_ADMIN\n/);
  assert.equal(known.diagnostics[0].urn, 'urn:pulumi:dev::shop::aws:ecs/taskDefinition:TaskDefinition::app');

  const preview = await analyze(policies, { type: TD, name: 'app', props: { containerDefinitions: SENTINELS.string } });
  assert.deepEqual(preview.diagnostics.map((d) => [d.policyName, d.enforcementLevel]), [['fargate-capability-not-allowed', 'advisory']]);
  assert.match(preview.diagnostics[0].message, /not checked: containerDefinitions is not known before deployment/);
  assert.doesNotMatch(preview.diagnostics[0].message, /can't run policy/, 'the library\'s own unknown handling never triggers');

  const other = await analyze(policies, { type: 'aws:s3/bucket:Bucket', name: 'b', props: {} });
  assert.deepEqual(other.diagnostics, []);
  assert.deepEqual(other.notApplicable.sort(), ['fargate-capability-not-allowed', 'fargate-guard-input-errors']);
});

test('a core that throws still lets the analysis finish', async () => {
  const { policies } = createPolicies(core(() => {
    throw new Error('boom');
  }));
  const result = await analyze(policies, { type: TD, name: 'app', props: { family: 'x' } });
  assert.ok(result.diagnostics.length > 0);
  assert.ok(result.diagnostics.every((d) => d.enforcementLevel === 'advisory'));
});

test('the CLI receives every policy with its level and a serialisable config schema', () => {
  const { policies } = createPolicies(core(() => []));
  const info = analyzerInfo(policies);
  assert.deepEqual(info.map((p) => [p.name, p.enforcementLevel]), [['fargate-capability-not-allowed', 'mandatory'], ['fargate-guard-input-errors', 'advisory']]);
  assert.deepEqual(info[0].configSchema.allowed, { type: 'array', items: { type: 'string' }, default: ['SYS_PTRACE'], description: 'x' });
});

// The real pack (policies.js on the wasm core) in the library's handlers.
const TD_URN = 'urn:pulumi:dev::shop::aws:ecs/taskDefinition:TaskDefinition::app';
const CAPS = JSON.stringify([{ name: 'web', image: 'nginx:1.27', essential: true, linuxParameters: { capabilities: { add: ['SYS_ADMIN'] } } }]);
const realPolicies = () => require('../policies').policies;

test('real pack: a classic task definition adding SYS_ADMIN fails FG-07, mandatory, among other findings', async () => {
  const { diagnostics } = await analyze(realPolicies(), { type: TD, name: 'app', props: { family: 'app', cpu: '256', memory: '512', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], containerDefinitions: CAPS } });
  const fg07 = diagnostics.filter((d) => d.policyName === 'fargate-capability-not-allowed');
  assert.equal(fg07.length, 1);
  assert.equal(fg07[0].enforcementLevel, 'mandatory');
  assert.equal(fg07[0].urn, TD_URN);
  assert.match(fg07[0].message, /at: \/0\/linuxParameters\/capabilities\/add\/0 in the JSON string at \/containerDefinitions/);
  assert.ok(diagnostics.every((d) => !/can't run policy|could not evaluate/.test(d.message)));
});

test('real pack: preview unknowns give advisories only, and no policy fails to run', async () => {
  const { diagnostics } = await analyze(realPolicies(), {
    type: TD, name: 'app',
    props: { family: 'app', cpu: '256', memory: '512', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], executionRoleArn: SENTINELS.string, containerDefinitions: SENTINELS.string },
  });
  assert.ok(diagnostics.length > 20);
  assert.deepEqual(diagnostics.filter((d) => d.enforcementLevel !== 'advisory'), []);
  assert.ok(diagnostics.every((d) => /not checked/.test(d.message)), 'every diagnostic says what was not checked');
});

test('real pack: the stack phase runs in the library handler and reports on the right URN', async () => {
  const ptrace = JSON.stringify([{ name: 'web', image: 'nginx:1.27', essential: true, linuxParameters: { capabilities: { add: ['SYS_PTRACE'] } } }]);
  const { diagnostics } = await analyzeStack(realPolicies(), [
    { type: TD, name: 'app', props: { family: 'app', cpu: '256', memory: '512', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], ephemeralStorage: { sizeInGib: 30 }, containerDefinitions: ptrace } },
    { type: 'aws:ecs/service:Service', name: 'web', props: { taskDefinition: 'arn:aws:ecs:us-east-1:111122223333:task-definition/app:1', launchType: 'FARGATE', platformVersion: '1.3.0', networkConfiguration: { subnets: ['subnet-1'], securityGroups: ['sg-1'] } } },
  ]);
  assert.deepEqual(diagnostics.map((d) => [d.policyName, d.urn, d.enforcementLevel]), [
    ['ephemeral-storage-unsupported', TD_URN, 'mandatory'],
    ['sys-ptrace-added', TD_URN, 'advisory'],
  ]);
});

test('remediation through the library: the fix is applied and a secret input stays secret on the wire', async () => {
  const { remediate } = require('./engine-helpers');
  const rpc = require('@pulumi/pulumi/runtime/rpc');
  const secret = (value) => ({ [rpc.specialSigKey]: rpc.specialSecretSig, value });
  const withFix = { ...fail, fix: [{ op: 'remove', path: '/containerDefinitions/0/linuxParameters/capabilities/add/0' }] };
  const { policies } = createPolicies(core((props) => (JSON.parse(props.containerDefinitions)[0].linuxParameters.capabilities.add.length > 0 ? [withFix] : [])));
  policies[0].enforcementLevel = 'remediate';
  const defs = JSON.stringify([{ name: 'web', linuxParameters: { capabilities: { add: ['SYS_ADMIN'] } } }]);
  const [remediation, ...rest] = await remediate(policies, { type: TD, name: 'app', props: { family: 'app', containerDefinitions: secret(defs) } });
  assert.deepEqual(rest, []);
  assert.equal(remediation.policyName, 'fargate-capability-not-allowed');
  assert.deepEqual(remediation.properties, {
    family: 'app',
    containerDefinitions: secret(JSON.stringify([{ name: 'web', linuxParameters: { capabilities: { add: [] } } }])),
  });
});

test('real pack: the CLI receives all policies with serialisable schemas', () => {
  const info = analyzerInfo(realPolicies());
  assert.equal(info.length, realPolicies().length);
  assert.deepEqual(info.find((p) => p.name === 'image-registry-allowlist').configSchema.allowedRegistries.type, 'array');
});
