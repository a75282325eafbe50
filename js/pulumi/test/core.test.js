'use strict';
// The pack on the real wasm core (the fargate-guard package built into pkg/), with args shaped as the
// engine passes them, for every resource type the core reads, classic and aws-native, known and unknown.
const test = require('node:test');
const assert = require('node:assert/strict');
const { unknownCheckingProxy } = require('@pulumi/policy');
const core = require('fargate-guard');
const { createPolicies, INPUT_POLICY_NAME, TYPES } = require('../pack');
const { SENTINELS } = require('../props');
const h = require('./helpers');

/** The real core, counting its validations. */
function countingCore() {
  const calls = { resource: 0, stack: 0 };
  return {
    calls,
    rules: core.rules,
    validateResource: (...args) => {
      calls.resource += 1;
      return core.validateResource(...args);
    },
    validateStack: (...args) => {
      calls.stack += 1;
      return core.validateStack(...args);
    },
  };
}

const { policies } = createPolicies(core);
const byName = (name) => policies.find((p) => p.name === name);
const rule = (id) => core.rules().find((r) => r.id === id);
const policyOf = (id) => byName(rule(id).name);

/** Every policy's resource phase on one resource: { policyName: violations }, and who was not applicable. */
async function runAll(args, pack = policies) {
  const violations = {};
  const notApplicable = [];
  for (const policy of pack) {
    const result = await h.validateResource(policy, args);
    if (result.notApplicable) notApplicable.push(policy.name);
    if (result.violations.length > 0) violations[policy.name] = result.violations;
  }
  return { violations, notApplicable };
}

function ids(violations) {
  return Object.values(violations).flat().map((v) => /\[([A-Z]{2}-\d\d)\]/.exec(v.message)[1]).sort();
}

const TD = 'aws:ecs/taskDefinition:TaskDefinition';
const SVC = 'aws:ecs/service:Service';
const CAPS = JSON.stringify([{ name: 'web', image: 'nginx:1.27', essential: true, linuxParameters: { capabilities: { add: ['SYS_ADMIN'] } } }]);

test('FG-07: SYS_ADMIN in a classic TaskDefinition whose containerDefinitions is a JSON string', async () => {
  const args = h.resourceArgs({ type: TD, name: 'app', props: { family: 'app', cpu: '256', memory: '512', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], containerDefinitions: CAPS } });
  const { violations } = await h.validateResource(policyOf('FG-07'), args);
  assert.deepEqual(violations, [{
    message: 'FG-07: Capability other than SYS_PTRACE added on Fargate\n'
      + "[FG-07] Container 'web' adds SYS_ADMIN; Fargate only allows adding SYS_PTRACE and will reject the task.\n"
      + '  at: /0/linuxParameters/capabilities/add/0 in the JSON string at /containerDefinitions\n'
      + `  remediation: ${rule('FG-07').remediation}`,
    urn: 'urn:pulumi:dev::shop::aws:ecs/taskDefinition:TaskDefinition::app',
    enforcementLevel: 'mandatory',
    severity: 'critical',
  }]);
});

// One bad input per type the core reads, with the rules it must trip (rule ids of the resource phase).
const CASES = [
  [TD, { family: 'app', cpu: '256', memory: '512', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], containerDefinitions: CAPS },
    ['CH-06', 'CH-08', 'CH-09', 'CH-10', 'FG-07', 'FG-09', 'FG-12', 'LM-01', 'SC-01', 'SC-02']],
  [SVC, { launchType: 'FARGATE', networkConfiguration: { subnets: ['subnet-1'], securityGroups: ['sg-1'], assignPublicIp: true } }, ['CS-07', 'NW-01']],
  ['aws:ecs/cluster:Cluster', { settings: [{ name: 'containerInsights', value: 'disabled' }] }, ['FG-01', 'LM-03']],
  ['aws:ecs/clusterCapacityProviders:ClusterCapacityProviders', { clusterName: 'apps', capacityProviders: ['FARGATE'] }, []],
  ['aws:ecs/taskSet:TaskSet', { cluster: 'apps', service: 'web', taskDefinition: 'web:4', launchType: 'FARGATE', networkConfiguration: { subnets: ['subnet-1'], securityGroups: ['sg-1'], assignPublicIp: true } }, ['NW-02']],
  ['aws:ecs/capacityProvider:CapacityProvider', { autoScalingGroupProvider: { autoScalingGroupArn: 'arn:aws:autoscaling:us-east-1:111122223333:autoScalingGroup:a:autoScalingGroupName/asg', managedTerminationProtection: 'DISABLED' } }, ['CS-08']],
  // Classic detectors keep their features in DetectorFeature resources: only the stack phase judges them.
  ['aws:guardduty/detector:Detector', { enable: true }, []],
  ['aws:guardduty/detectorFeature:DetectorFeature', { detectorId: 'abc', name: 'RUNTIME_MONITORING', status: 'ENABLED' }, []],
  ['aws-native:ecs:TaskDefinition', { family: 'app', cpu: '256', memory: '512', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], containerDefinitions: JSON.parse(CAPS) },
    ['CH-06', 'CH-08', 'CH-09', 'CH-10', 'FG-07', 'FG-09', 'FG-12', 'LM-01', 'SC-01', 'SC-02']],
  ['aws-native:ecs:Service', { launchType: 'FARGATE', networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'], securityGroups: ['sg-1'], assignPublicIp: 'ENABLED' } } }, ['CS-07', 'NW-01']],
  ['aws-native:ecs:Cluster', { clusterSettings: [{ name: 'containerInsights', value: 'disabled' }] }, ['FG-01', 'LM-03']],
  ['aws-native:ecs:ClusterCapacityProviderAssociations', { cluster: 'apps', capacityProviders: ['FARGATE'], defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }] }, []],
  ['aws-native:ecs:TaskSet', { cluster: 'apps', service: 'web', taskDefinition: 'web:4', launchType: 'FARGATE', networkConfiguration: { awsVpcConfiguration: { subnets: ['subnet-1'], securityGroups: ['sg-1'], assignPublicIp: 'ENABLED' } } }, ['NW-02']],
  ['aws-native:ecs:CapacityProvider', { autoScalingGroupProvider: { autoScalingGroupArn: 'arn:aws:autoscaling:us-east-1:111122223333:autoScalingGroup:a:autoScalingGroupName/asg', managedTerminationProtection: 'DISABLED' } }, ['CS-08']],
  ['aws-native:guardduty:Detector', { enable: true }, ['FG-15']],
];

test('every type the pack reads is covered by a case', () => {
  assert.deepEqual(CASES.map(([type]) => type).sort(), Object.keys(TYPES).sort());
});

for (const [type, props, expected] of CASES) {
  test(`${type}: the expected rules, from one validation for all ${policies.length} policies`, async () => {
    const counting = countingCore();
    const { policies: pack } = createPolicies(counting);
    const { violations, notApplicable } = await runAll(h.resourceArgs({ type, name: 'res', props }), pack);
    assert.deepEqual(ids(violations), expected);
    assert.ok(counting.calls.resource <= 1, `${counting.calls.resource} validations`);
    assert.ok(!violations[INPUT_POLICY_NAME], 'the input was readable');
    // Rules of other kinds never run; the resource's own are applicable.
    const kinds = new Set(core.validateResource(type, props).resources.map((r) => r.kind));
    for (const r of core.rules()) {
      const applies = r.kinds.some((k) => kinds.has(k));
      assert.equal(notApplicable.includes(r.name), !applies, `${r.id} on ${type}`);
    }
  });
}

test('preview: any top-level input of any type unknown — no error, every "not checked" advisory', async () => {
  let variants = 0;
  for (const [type, props] of CASES) {
    for (const key of Object.keys(props)) {
      const { violations } = await runAll(h.resourceArgs({ type, name: 'res', props: unknownCheckingProxy({ ...props, [key]: SENTINELS.string }) }));
      for (const v of Object.values(violations).flat()) {
        assert.doesNotMatch(v.message, /could not evaluate/, `${type} ${key}`);
        if (/not checked/.test(v.message)) assert.equal(v.enforcementLevel, 'advisory', `${type} ${key}`);
      }
      variants += 1;
    }
  }
  assert.ok(variants >= 35, `${variants} variants`);
});

test('an unreadable containerDefinitions string is one input-errors advisory, not a silent pass', async () => {
  const { violations, notApplicable } = await runAll(h.resourceArgs({ type: TD, name: 'app', props: { family: 'app', containerDefinitions: '[{"name":' } }));
  assert.deepEqual(Object.keys(violations), [INPUT_POLICY_NAME]);
  assert.equal(violations[INPUT_POLICY_NAME].length, 1);
  assert.equal(violations[INPUT_POLICY_NAME][0].enforcementLevel, 'advisory');
  assert.match(violations[INPUT_POLICY_NAME][0].message, /\[invalid-container-definitions\] .*not valid JSON.* at \/containerDefinitions$/);
  assert.equal(notApplicable.length, policies.length - 1, 'the rules could not run on it');
});

test('other types are not applicable to any policy and cost nothing', async () => {
  const counting = countingCore();
  const { policies: pack } = createPolicies(counting);
  const { violations, notApplicable } = await runAll(h.resourceArgs({ type: 'aws:s3/bucket:Bucket', props: { bucket: 'logs' } }), pack);
  assert.deepEqual(violations, {});
  assert.equal(notApplicable.length, pack.length);
  assert.equal(counting.calls.resource, 0);
});

test('preview: a classic containerDefinitions unknown is advisory for every rule that reads it, never mandatory', async () => {
  const props = unknownCheckingProxy({ family: 'app', cpu: '256', memory: '512', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], executionRoleArn: SENTINELS.string, containerDefinitions: SENTINELS.string });
  const { violations } = await runAll(h.resourceArgs({ type: TD, name: 'app', props }));
  const all = Object.values(violations).flat();
  const undecided = all.filter((v) => /not checked/.test(v.message));
  assert.ok(undecided.length >= 20, `${undecided.length} rules read containerDefinitions`);
  for (const v of undecided) {
    assert.equal(v.enforcementLevel, 'advisory');
    assert.match(v.message, /at: \/containerDefinitions\n/);
    assert.match(v.message, /the value is only known at deployment/);
  }
  assert.deepEqual(all.filter((v) => !/not checked/.test(v.message)), [], 'nothing else is reported');
  assert.match(violations['fargate-capability-not-allowed'][0].message, /\[FG-07\] not checked: .*containerDefinitions/);
});

test('preview: a sentinel deep in aws-native props is undecided at that path', async () => {
  const props = unknownCheckingProxy({
    family: 'app', cpu: '256', memory: '512', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'],
    containerDefinitions: [{ name: 'web', image: 'nginx:1.27', linuxParameters: { capabilities: { add: SENTINELS.array } } }],
  });
  const { violations } = await h.validateResource(policyOf('FG-07'), h.resourceArgs({ type: 'aws-native:ecs:TaskDefinition', props }));
  assert.equal(violations.length, 1);
  assert.equal(violations[0].enforcementLevel, 'advisory');
  assert.match(violations[0].message, /at: \/containerDefinitions\/0\/linuxParameters\/capabilities\/add\n/);
});

test('per-rule parameters from the policy config reach the core', async () => {
  const props = { family: 'app', containerDefinitions: JSON.stringify([{ name: 'web', image: 'ghcr.io/acme/web@sha256:' + 'a'.repeat(64) }]) };
  const sc02 = policyOf('SC-02');
  let { violations } = await h.validateResource(sc02, h.resourceArgs({ type: TD, props }));
  assert.equal(violations.length, 1, 'ghcr.io is not allowed by default');
  ({ violations } = await h.validateResource(sc02, h.resourceArgs({ type: TD, props, config: { allowedRegistries: ['ghcr.io'] } })));
  assert.deepEqual(violations, []);
  ({ violations } = await h.validateResource(sc02, h.resourceArgs({ type: TD, props, config: { suppressions: [{ resource: 'app', reason: 'vendor image' }] } })));
  assert.deepEqual(violations, [], 'a suppressed finding is not a violation');
});

test("remediation applies the core's fixes; a policy whose rule has none leaves the props alone", async () => {
  const props = { family: 'app', cpu: '256', memory: '512', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], containerDefinitions: CAPS };
  const fixed = async (id) => (await h.remediateResource(policyOf(id), h.resourceArgs({ type: TD, props }))).result;
  // The containers are a JSON string: their fix replaces the whole string.
  const fg07 = await fixed('FG-07');
  assert.deepEqual(JSON.parse(fg07.containerDefinitions)[0].linuxParameters.capabilities.add, []);
  assert.equal(fg07.family, 'app');
  assert.equal(JSON.parse((await fixed('CH-08')).containerDefinitions)[0].readonlyRootFilesystem, true);
  assert.equal(await fixed('CH-06'), undefined, 'linux-non-root has no unambiguous fix');
  assert.equal(await fixed('FG-04'), undefined, 'nothing to fix');
  assert.equal(props.containerDefinitions, CAPS, 'the input is not modified');
});

const stackResource = (type, name, props, extra = {}) => ({ type, name, props, ...extra });

test('stack: a preview service links to its task definition through propertyDependencies (FD-18 on the service)', async () => {
  const td = stackResource(TD, 'app', { family: 'app', cpu: '256', memory: '512', networkMode: 'awsvpc', requiresCompatibilities: ['EC2'], containerDefinitions: JSON.stringify([{ name: 'web', image: 'nginx:1.27' }]), arn: SENTINELS.string });
  const svcProps = { launchType: 'FARGATE', taskDefinition: SENTINELS.string, networkConfiguration: { subnets: ['subnet-1'], securityGroups: ['sg-1'] } };
  const fd18 = policyOf('FD-18');
  // Alone, the service cannot see its task definition: nothing is reported (the stack phase decides).
  assert.deepEqual((await h.validateResource(fd18, h.resourceArgs({ type: SVC, name: 'web', props: unknownCheckingProxy(svcProps) }))).violations, []);
  const args = h.stackArgs([td, stackResource(SVC, 'web', unknownCheckingProxy(svcProps))]);
  args.resources[1].propertyDependencies = { taskDefinition: [args.resources[0]] };
  const { violations } = await h.validateStack(fd18, args);
  assert.equal(violations.length, 1);
  assert.equal(violations[0].urn, h.urnOf(SVC, 'web'));
  assert.match(violations[0].message, /\[FD-18\]/);
  // Without the dependency the link stays unresolved: the stack phase says what it could not check.
  const unlinked = await h.validateStack(fd18, h.stackArgs([td, stackResource(SVC, 'web', unknownCheckingProxy(svcProps))]));
  assert.equal(unlinked.violations.length, 1);
  assert.equal(unlinked.violations[0].enforcementLevel, 'advisory');
  assert.match(unlinked.violations[0].message, /not checked/);
});

test('stack: only what links add is reported, on the URN of the resource concerned', async () => {
  const ptrace = JSON.stringify([{ name: 'web', image: 'nginx:1.27', essential: true, linuxParameters: { capabilities: { add: ['SYS_PTRACE'] } } }]);
  const resources = [
    stackResource(TD, 'app', { family: 'app', cpu: '256', memory: '512', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], ephemeralStorage: { sizeInGib: 30 }, containerDefinitions: ptrace }),
    stackResource(SVC, 'web', { cluster: 'arn:aws:ecs:us-east-1:111122223333:cluster/apps', taskDefinition: 'arn:aws:ecs:us-east-1:111122223333:task-definition/app:1', launchType: 'FARGATE', platformVersion: '1.3.0', networkConfiguration: { subnets: ['subnet-1'], securityGroups: ['sg-1'] } }),
    stackResource('aws:ecs/cluster:Cluster', 'apps', { name: 'apps', settings: [{ name: 'containerInsights', value: 'enhanced' }] }),
    stackResource('aws:s3/bucket:Bucket', 'logs', { bucket: 'logs' }),
  ];
  const counting = countingCore();
  const { policies: pack } = createPolicies(counting);
  const reported = [];
  for (const policy of pack.filter((p) => p.validateStack)) {
    const { violations } = await h.validateStack(policy, h.stackArgs(resources));
    for (const v of violations) reported.push({ rule: /\[([A-Z]{2}-\d\d)\]/.exec(v.message)[1], urn: v.urn, severity: v.severity, level: v.enforcementLevel, message: v.message });
  }
  assert.equal(counting.calls.stack, 1, 'one stack validation for all policies');
  // Alone the task definition is judged at LATEST; run by a 1.3.0 service, ephemeralStorage and SYS_PTRACE
  // are not supported. Everything the resources get alone (CH-08, FG-06, FG-01, …) is not repeated.
  assert.deepEqual(reported.map((r) => [r.rule, r.urn, r.severity, r.level]), [
    ['FG-05', h.urnOf(TD, 'app'), 'high', 'mandatory'],
    ['FG-08', h.urnOf(TD, 'app'), 'high', 'advisory'],
  ]);
  assert.match(reported[0].message, /\n {2}at: \/ephemeralStorage\n/, 'pointers are relative to the resource');
  assert.match(reported[1].message, /Service 'web' runs it on 1\.3\.0/);
});

test('stack: a classic detector with its DetectorFeature resources is judged together', async () => {
  const detector = stackResource('aws:guardduty/detector:Detector', 'main', { enable: true }, { urn: h.urnOf('aws:guardduty/detector:Detector', 'main') });
  const fg15 = policyOf('FG-15');
  let { violations } = await h.validateStack(fg15, h.stackArgs([detector]));
  assert.equal(violations.length, 1, 'no runtime monitoring feature');
  assert.equal(violations[0].urn, detector.urn);
  const feature = stackResource('aws:guardduty/detectorFeature:DetectorFeature', 'runtime', {
    detectorId: SENTINELS.string, name: 'RUNTIME_MONITORING', status: 'ENABLED',
    additionalConfigurations: [{ name: 'ECS_FARGATE_AGENT_MANAGEMENT', status: 'ENABLED' }],
  });
  const args = h.stackArgs([detector, feature]);
  args.resources[1].propertyDependencies = { detectorId: [args.resources[0]] };
  ({ violations } = await h.validateStack(fg15, args));
  assert.deepEqual(violations, []);
});
