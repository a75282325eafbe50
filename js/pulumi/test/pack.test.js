'use strict';
// The pack's mechanics on a stand-in core whose findings each test chooses: policy metadata from rule
// metadata, one validation per resource whatever the number of policies, how each finding status is reported,
// that nothing throws into the engine, remediation from `fix`, and what the stack phase adds.
const test = require('node:test');
const assert = require('node:assert/strict');
const { unknownCheckingProxy, Secret } = require('@pulumi/policy');
const { createPolicies, INPUT_POLICY_NAME } = require('../pack');
const { SENTINELS } = require('../props');
const h = require('./helpers');

const TD = 'aws:ecs/taskDefinition:TaskDefinition';
const SVC = 'aws:ecs/service:Service';

const RULES = [
  { id: 'FG-07', name: 'fargate-capability-not-allowed', title: 'Capability other than SYS_PTRACE added on Fargate', severity: 'critical', kinds: ['TaskDefinition'], params: [] },
  { id: 'SC-02', name: 'image-registry-allowed', title: 'Image from a registry not allowed', severity: 'medium', kinds: ['TaskDefinition'],
    params: [{ name: 'allowedRegistries', description: 'Registry host globs', default: '["public.ecr.aws"]' }, { name: 'strict', description: 'flag', default: 'true' }] },
  { id: 'NW-01', name: 'service-public-ip', title: 'Service auto-assigns public IP', severity: 'high', kinds: ['Service'], params: [] },
  { id: 'FG-08', name: 'sys-ptrace-added', title: 'SYS_PTRACE added (audit)', severity: 'info', kinds: ['TaskDefinition', 'Service'], params: [] },
  { id: 'CS-08', name: 'capacity-provider-termination', title: 'Managed termination protection off', severity: 'low', kinds: ['CapacityProvider'], params: [{ name: 'requiredTags', description: 'tags', default: '[]' }] },
].map((r) => ({ ...r, description: `why ${r.id}`, remediation: `do ${r.id}`, docsUrl: `https://example.invalid/${r.id}.md`, references: [], examples: [] }));

const KIND = { [TD]: 'TaskDefinition', [SVC]: 'Service', 'aws:ecs/capacityProvider:CapacityProvider': 'CapacityProvider' };

function finding(ruleId, extra = {}) {
  const rule = RULES.find((r) => r.id === ruleId);
  return {
    ruleId, ruleName: rule.name, status: 'fail', severity: rule.severity, title: rule.title, message: `${ruleId} says no`,
    resource: { kind: rule.kinds[0], name: 'app', address: 'app' }, path: '/x', remediation: rule.remediation, docsUrl: rule.docsUrl, references: [], ...extra,
  };
}

/** A stand-in core: `decide(type, props, options)` returns the findings (or throws). */
function fakeCore(decide, { errors = () => [], stack } = {}) {
  const calls = { resource: [], stack: [] };
  return {
    calls,
    rules: () => RULES,
    validateResource(type, props, options) {
      // What reaches the core must be plain JSON, never a proxy.
      calls.resource.push({ type, props: JSON.parse(JSON.stringify(props)), options });
      const findings = decide(type, props, options);
      return { findings, resources: [{ kind: KIND[type], name: options.name, address: options.name }], errors: errors(type, props), summary: {} };
    },
    validateStack(resources, options) {
      calls.stack.push({ resources: JSON.parse(JSON.stringify(resources)), options });
      return { findings: stack(resources, options), resources: [], errors: [], summary: {} };
    },
  };
}

const byName = (policies, name) => policies.find((p) => p.name === name);

test('one policy per rule, metadata mapped from the rule, plus the input-errors policy', () => {
  const { policies } = createPolicies(fakeCore(() => []));
  assert.deepEqual(policies.map((p) => p.name), [...RULES.map((r) => r.name), INPUT_POLICY_NAME]);
  const fg07 = byName(policies, 'fargate-capability-not-allowed');
  assert.equal(fg07.description, 'FG-07: Capability other than SYS_PTRACE added on Fargate');
  assert.equal(fg07.url, 'https://example.invalid/FG-07.md');
  assert.equal(fg07.remediationSteps, 'do FG-07');
  const levels = Object.fromEntries(policies.map((p) => [p.name, [p.enforcementLevel, p.severity]]));
  assert.deepEqual(levels, {
    'fargate-capability-not-allowed': ['mandatory', 'critical'],
    'image-registry-allowed': ['advisory', 'medium'],
    'service-public-ip': ['mandatory', 'high'],
    'sys-ptrace-added': ['advisory', 'low'],
    'capacity-provider-termination': ['advisory', 'low'],
    [INPUT_POLICY_NAME]: ['advisory', 'medium'],
  });
  const schema = byName(policies, 'image-registry-allowed').configSchema;
  assert.deepEqual(schema.properties.allowedRegistries, { type: 'array', items: { type: 'string' }, default: ['public.ecr.aws'], description: 'Registry host globs' });
  assert.deepEqual(schema.properties.strict, { type: 'boolean', default: true, description: 'flag' });
  assert.deepEqual(byName(policies, 'capacity-provider-termination').configSchema.properties.requiredTags.items, { type: 'string' });
  for (const p of policies.filter((x) => x.configSchema)) {
    assert.ok(!('enforcementLevel' in p.configSchema.properties), 'the engine exits on enforcementLevel in a schema');
    assert.ok(p.configSchema.properties.undecided && p.configSchema.properties.suppressions);
  }
  // Stack validation only where links exist; capacity providers are not linked.
  assert.equal(typeof fg07.validateStack, 'function');
  assert.equal(byName(policies, 'capacity-provider-termination').validateStack, undefined);
  for (const p of policies.slice(0, -1)) assert.equal(typeof p.remediateResource, 'function');
});

test('other types and other kinds are not applicable, without calling the core', async () => {
  const core = fakeCore(() => []);
  const { policies } = createPolicies(core);
  const fg07 = byName(policies, 'fargate-capability-not-allowed');
  let r = await h.validateResource(fg07, h.resourceArgs({ type: 'aws:s3/bucket:Bucket', props: { bucket: 'b' } }));
  assert.match(r.notApplicable, /ECS and GuardDuty resources only/);
  r = await h.validateResource(fg07, h.resourceArgs({ type: SVC, props: {} }));
  assert.equal(r.notApplicable, 'FG-07 applies to TaskDefinition, not Service');
  r = await h.validateResource(byName(policies, INPUT_POLICY_NAME), h.resourceArgs({ type: 'aws:iam/role:Role', props: {} }));
  assert.match(r.notApplicable, /ECS and GuardDuty resources only/);
  assert.equal(core.calls.resource.length, 0);
});

test('every policy on one resource costs one validation; new content or rule config costs another', async () => {
  const core = fakeCore(() => []);
  const { policies, counters } = createPolicies(core);
  const props = { family: 'app', containerDefinitions: '[]' };
  for (let round = 0; round < 3; round += 1) {
    for (const policy of policies) {
      // The engine deserialises props afresh for every policy: equal content, new objects.
      await h.validateResource(policy, h.resourceArgs({ type: TD, props: JSON.parse(JSON.stringify(props)) }));
    }
  }
  assert.equal(core.calls.resource.length, 1);
  assert.equal(counters.resourceValidations, 1);
  await h.validateResource(policies[0], h.resourceArgs({ type: TD, props: { ...props, cpu: '256' } }));
  assert.equal(core.calls.resource.length, 2);
  const sc02 = byName(policies, 'image-registry-allowed');
  await h.validateResource(sc02, h.resourceArgs({ type: TD, props, config: { allowedRegistries: ['ghcr.io'], undecided: 'ignore' } }));
  assert.equal(core.calls.resource.length, 3);
  assert.deepEqual(core.calls.resource[2].options, { name: 'app', urn: h.urnOf(TD, 'app'), config: { rules: { 'SC-02': { params: { allowedRegistries: ['ghcr.io'] } } } } });
});

test('a failure names the rule id, the property path (into the JSON string), the message and the remediation', async () => {
  const core = fakeCore(() => [
    finding('FG-07', { path: '/containerDefinitions', embeddedPath: '/0/linuxParameters/capabilities/add/0', message: 'container web adds SYS_ADMIN' }),
    finding('NW-01'),
  ]);
  const { policies } = createPolicies(core);
  const args = h.resourceArgs({ type: TD, name: 'app', props: {} });
  const { violations } = await h.validateResource(byName(policies, 'fargate-capability-not-allowed'), args);
  assert.deepEqual(violations, [{
    message: 'FG-07: Capability other than SYS_PTRACE added on Fargate\n[FG-07] container web adds SYS_ADMIN\n'
      + '  at: /0/linuxParameters/capabilities/add/0 in the JSON string at /containerDefinitions\n  remediation: do FG-07',
    urn: args.urn,
    enforcementLevel: 'mandatory',
    severity: 'critical',
  }]);
});

test('a missing key is named; suppressed findings are not violations', async () => {
  const core = fakeCore(() => [
    finding('SC-02', { path: '/containerDefinitions', embeddedPath: '/0', missing: 'image' }),
    finding('SC-02', { suppressed: { reason: 'vendor image', source: 'config' } }),
  ]);
  const { policies } = createPolicies(core);
  const { violations } = await h.validateResource(byName(policies, 'image-registry-allowed'), h.resourceArgs({ type: TD, props: {} }));
  assert.equal(violations.length, 1);
  assert.match(violations[0].message, /at: \/0 in the JSON string at \/containerDefinitions, missing "image"/);
});

test('undecided findings are advisory whatever the policy level, and can be ignored by config', async () => {
  const core = fakeCore(() => [finding('FG-07', { status: 'undecided', severity: 'info', path: '/containerDefinitions', message: 'containerDefinitions is not known before deployment' })]);
  const { policies } = createPolicies(core);
  const fg07 = byName(policies, 'fargate-capability-not-allowed');
  let { violations } = await h.validateResource(fg07, h.resourceArgs({ type: TD, props: { containerDefinitions: SENTINELS.string } }));
  assert.equal(violations.length, 1);
  assert.equal(violations[0].enforcementLevel, 'advisory');
  assert.match(violations[0].message, /\[FG-07\] not checked: containerDefinitions is not known before deployment\n {2}at: \/containerDefinitions\n/);
  ({ violations } = await h.validateResource(fg07, h.resourceArgs({ type: TD, props: {}, config: { undecided: 'ignore' } })));
  assert.deepEqual(violations, []);
});

test('an escalated finding shows its own severity at the policy enforcement level', async () => {
  const core = fakeCore(() => [finding('FG-08', { severity: 'high' }), finding('FG-08')]);
  const { policies } = createPolicies(core);
  const { violations } = await h.validateResource(byName(policies, 'sys-ptrace-added'), h.resourceArgs({ type: TD, props: {} }));
  assert.deepEqual(violations.map((v) => [v.severity, v.enforcementLevel]), [['high', 'advisory'], ['low', 'advisory']]);
});

test('preview unknowns reach the core as sentinels in plain JSON, never as the proxy', async () => {
  const core = fakeCore(() => []);
  const { policies } = createPolicies(core);
  const props = unknownCheckingProxy({ family: 'app', containerDefinitions: SENTINELS.string, cpu: '256' });
  await h.validateResource(policies[0], h.resourceArgs({ type: TD, props }));
  assert.deepEqual(core.calls.resource[0].props, { family: 'app', containerDefinitions: SENTINELS.string, cpu: '256' });
});

test('exceptions never escape: a throwing core or config is an advisory, once cached', async () => {
  const core = fakeCore(() => {
    throw new Error('validateResource(type): unsupported');
  });
  const { policies } = createPolicies(core);
  for (const policy of policies.filter((p) => p.name !== 'service-public-ip' && p.name !== 'capacity-provider-termination')) {
    const { violations } = await h.validateResource(policy, h.resourceArgs({ type: TD, props: {} }));
    assert.equal(violations.length, 1, policy.name);
    assert.equal(violations[0].enforcementLevel, 'advisory');
    assert.match(violations[0].message, /fargate-guard could not evaluate this rule: validateResource\(type\): unsupported/);
  }
  assert.equal(core.calls.resource.length, 1, 'the error is cached too');
  const args = h.resourceArgs({ type: TD, props: { cpu: '1' } });
  args.getConfig = () => {
    throw new Error('no config');
  };
  await assert.doesNotReject(h.validateResource(policies[0], args));
  assert.equal(await policies[0].remediateResource(h.resourceArgs({ type: TD, props: { cpu: '1' } })), undefined);
});

test('the input-errors policy reports what the core could not read, once per resource', async () => {
  const core = fakeCore(() => [], { errors: () => [{ file: 'app', code: 'invalid-json', message: 'containerDefinitions is not valid JSON', path: '/containerDefinitions' }] });
  const { policies } = createPolicies(core);
  const args = h.resourceArgs({ type: TD, props: { containerDefinitions: '[' } });
  const { violations } = await h.validateResource(byName(policies, INPUT_POLICY_NAME), args);
  assert.deepEqual(violations.map((v) => [v.message, v.enforcementLevel]), [[
    'fargate-guard: ECS resource inputs that could not be read, so rules could not check them\n[invalid-json] containerDefinitions is not valid JSON at /containerDefinitions',
    'advisory',
  ]]);
  assert.deepEqual((await h.validateResource(policies[0], args)).violations, [], 'rule policies do not repeat input errors');
});

test('remediateResource applies the fixes of its own rule to a copy, keeping secrets', async () => {
  const containerDefinitions = JSON.stringify([{ name: 'web', linuxParameters: { capabilities: { add: ['SYS_ADMIN', 'SYS_PTRACE'] } } }]);
  const core = fakeCore((type, props) => {
    const defs = JSON.parse(props.containerDefinitions);
    if (!defs[0].linuxParameters.capabilities.add.includes('SYS_ADMIN')) return [];
    return [
      finding('FG-07', { path: '/containerDefinitions', embeddedPath: '/0/linuxParameters/capabilities/add/0',
        fix: [{ op: 'test', path: '/containerDefinitions/0/linuxParameters/capabilities/add/0', value: 'SYS_ADMIN' },
          { op: 'remove', path: '/containerDefinitions/0/linuxParameters/capabilities/add/0' }] }),
      finding('FG-07', { fix: [{ op: 'replace', path: '/nothing/here', value: 1 }] }),
      finding('SC-02', { fix: [{ op: 'add', path: '/family', value: 'other-rule' }] }),
    ];
  });
  const { policies } = createPolicies(core);
  const fg07 = byName(policies, 'fargate-capability-not-allowed');
  const raw = { family: 'app', containerDefinitions: new Secret(containerDefinitions) };
  const { result } = await h.remediateResource(fg07, h.resourceArgs({ type: TD, props: unknownCheckingProxy(raw) }));
  assert.ok(result.containerDefinitions instanceof Secret, 'a secret input stays secret after the fix');
  assert.deepEqual(JSON.parse(result.containerDefinitions.value), [{ name: 'web', linuxParameters: { capabilities: { add: ['SYS_PTRACE'] } } }]);
  assert.equal(result.family, 'app', 'another rule\'s fix is not applied');
  assert.equal(raw.containerDefinitions.value, containerDefinitions, 'the engine\'s props are not modified');
  // The fixed props pass: nothing left to remediate.
  assert.equal((await h.remediateResource(fg07, h.resourceArgs({ type: TD, props: result }))).result, undefined);
  // No finding with a fix: undefined. Another type: not applicable.
  assert.equal((await h.remediateResource(byName(policies, 'sys-ptrace-added'), h.resourceArgs({ type: TD, props: raw }))).result, undefined);
  assert.match((await h.remediateResource(fg07, h.resourceArgs({ type: 'aws:s3/bucket:Bucket', props: {} }))).notApplicable, /ECS/);
});

test('the stack phase reports only what links add, on the right URN', async () => {
  const tdUrn = h.urnOf(TD, 'app');
  const svcUrn = h.urnOf(SVC, 'web');
  const alone = finding('FG-08', { message: 'SYS_PTRACE added' });
  const core = fakeCore((type) => (type === TD ? [alone] : []), {
    stack: () => [
      { ...alone, resource: { kind: 'TaskDefinition', name: 'app', address: tdUrn } },
      finding('FG-08', { severity: 'high', message: 'SYS_PTRACE with service web on PV 1.3.0', resource: { kind: 'TaskDefinition', name: 'app', address: tdUrn } }),
    ],
  });
  const { policies } = createPolicies(core);
  const fg08 = byName(policies, 'sys-ptrace-added');
  const args = h.stackArgs([
    { type: TD, name: 'app', props: { family: 'app' } },
    { type: SVC, name: 'web', props: unknownCheckingProxy({ taskDefinition: SENTINELS.string, platformVersion: '1.3.0' }) },
    { type: 'aws:s3/bucket:Bucket', name: 'logs', props: { bucket: 'x' } },
  ]);
  const { violations } = await h.validateStack(fg08, args);
  assert.equal(violations.length, 1);
  assert.equal(violations[0].urn, tdUrn);
  assert.equal(violations[0].severity, 'high');
  assert.match(violations[0].message, /SYS_PTRACE with service web on PV 1\.3\.0/);
  assert.deepEqual(core.calls.stack[0].resources.map((r) => [r.type, r.name, r.urn]), [[TD, 'app', tdUrn], [SVC, 'web', svcUrn]]);
  assert.equal(core.calls.stack[0].resources[1].props.taskDefinition, SENTINELS.string);
  // Every other policy reuses the same stack evaluation.
  for (const policy of policies.filter((p) => p.validateStack)) await h.validateStack(policy, args);
  assert.equal(core.calls.stack.length, 1);
  const none = await h.validateStack(fg08, h.stackArgs([{ type: 'aws:s3/bucket:Bucket', name: 'logs', props: {} }]));
  assert.equal(none.notApplicable, 'the stack has no ECS or GuardDuty resources');
});

test('remediation applies one fix at a time against the current props, so fixes never shift each other', async () => {
  const capsOf = (props) => JSON.parse(props.containerDefinitions)[0].linuxParameters.capabilities.add;
  const core = fakeCore((type, props) => capsOf(props).flatMap((cap, i) => (cap === 'SYS_PTRACE' ? [] : [finding('FG-07', {
    path: '/containerDefinitions', embeddedPath: `/0/linuxParameters/capabilities/add/${i}`,
    fix: [{ op: 'test', path: `/containerDefinitions/0/linuxParameters/capabilities/add/${i}`, value: cap }, { op: 'remove', path: `/containerDefinitions/0/linuxParameters/capabilities/add/${i}` }],
  })])));
  const { policies } = createPolicies(core);
  const props = { containerDefinitions: JSON.stringify([{ name: 'web', linuxParameters: { capabilities: { add: ['SYS_ADMIN', 'SYS_PTRACE', 'NET_ADMIN'] } } }]) };
  const { result } = await h.remediateResource(byName(policies, 'fargate-capability-not-allowed'), h.resourceArgs({ type: TD, props }));
  assert.deepEqual(capsOf(result), ['SYS_PTRACE']);
  // A fix that does not remove its finding is tried once, not forever.
  const stubborn = fakeCore(() => [finding('FG-07', { fix: [{ op: 'add', path: '/x', value: 1 }] })]);
  const { policies: again } = createPolicies(stubborn);
  assert.deepEqual((await h.remediateResource(again[0], h.resourceArgs({ type: TD, props: {} }))).result, { x: 1 });
  assert.ok(stubborn.calls.resource.length <= 2);
});
