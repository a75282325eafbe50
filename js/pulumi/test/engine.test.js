'use strict';
// The pack inside @pulumi/policy's real request handlers: what the CLI would print.
const test = require('node:test');
const assert = require('node:assert/strict');
const { createPolicies } = require('../pack');
const { SENTINELS } = require('../props');
const { analyze, analyzerInfo } = require('./engine-helpers');

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
