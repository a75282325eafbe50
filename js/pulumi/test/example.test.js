'use strict';
// The example program (examples/pulumi/fargate.ts) run on Pulumi's mocks, its resources' inputs handed to the
// pack as the engine would. @pulumi/aws is not installed (it is large): a stand-in module gives each resource
// class the real type token and passes the program's arguments through as inputs, as the SDK classes do; the
// program takes the SDK as an argument for this reason. The TypeScript is transpiled, not type-checked.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const ts = require('typescript');
const pulumi = require('@pulumi/pulumi');
const { policies } = require('../policies');
const h = require('./helpers');

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const exampleDir = path.resolve(__dirname, '..', '..', '..', 'examples', 'pulumi');

/** A CustomResource class with the SDK's type token; `outputs` are the computed properties the program reads. */
function resourceClass(type, outputs) {
  return class extends pulumi.CustomResource {
    constructor(name, args, opts) {
      const props = { ...args };
      for (const key of outputs) if (!(key in props)) props[key] = undefined;
      super(type, name, props, opts);
    }
  };
}

const fakeAws = {
  getCallerIdentityOutput: () => pulumi.output({ accountId: ACCOUNT }),
  kms: { Key: resourceClass('aws:kms/key:Key', ['arn']) },
  ecs: {
    Cluster: resourceClass('aws:ecs/cluster:Cluster', ['arn', 'name']),
    ClusterCapacityProviders: resourceClass('aws:ecs/clusterCapacityProviders:ClusterCapacityProviders', []),
    TaskDefinition: resourceClass('aws:ecs/taskDefinition:TaskDefinition', ['arn']),
    Service: resourceClass('aws:ecs/service:Service', ['name']),
  },
  cloudwatch: { LogGroup: resourceClass('aws:cloudwatch/logGroup:LogGroup', ['name']) },
  iam: {
    Role: resourceClass('aws:iam/role:Role', ['arn', 'name']),
    RolePolicyAttachment: resourceClass('aws:iam/rolePolicyAttachment:RolePolicyAttachment', []),
  },
};

/** What AWS would compute for the outputs the program reads. */
function computed(type, name, inputs) {
  switch (type) {
    case 'aws:kms/key:Key': return { arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b` };
    case 'aws:ecs/cluster:Cluster': return { name, arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${name}` };
    case 'aws:ecs/taskDefinition:TaskDefinition': return { arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${inputs.family}:1` };
    case 'aws:ecs/service:Service': return { name };
    case 'aws:cloudwatch/logGroup:LogGroup': return { name: `${name}-log-group` };
    case 'aws:iam/role:Role': return { name, arn: `arn:aws:iam::${ACCOUNT}:role/${name}` };
    default: return {};
  }
}

function loadProgram() {
  const file = path.join(exampleDir, 'fargate.ts');
  const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 },
    fileName: file,
  });
  const program = new Module(file, module);
  program.filename = file;
  program.paths = module.paths;
  const load = program.require.bind(program);
  program.require = (id) => (id === '@pulumi/pulumi' ? pulumi : id === '@pulumi/aws' ? fakeAws : load(id));
  program._compile(outputText, file);
  return program.exports;
}

async function runProgram() {
  const registered = [];
  pulumi.runtime.setMocks({
    newResource: ({ type, name, inputs }) => {
      const state = { ...inputs, ...computed(type, name, inputs) };
      registered.push({ type, name, inputs, state });
      return { id: `${name}-id`, state };
    },
    call: () => ({}),
  }, 'fargate-guard-example', 'dev', false);
  const app = loadProgram().fargateApp(fakeAws);
  // Every resource is registered once the services (the last ones) have resolved.
  await new Promise((resolve) => pulumi.all([app.bad.service.urn, app.fixed.service.urn]).apply(resolve));
  return registered;
}

function ruleIds(violations) {
  return violations.map((v) => /\[([A-Z]{2}-\d\d)\]/.exec(v.message)[1]);
}

test('the example: bad is stopped by mandatory policies, fixed passes every policy', async () => {
  const registered = await runProgram();
  assert.deepEqual(registered.map((r) => `${r.type}::${r.name}`).sort(), [
    'aws:cloudwatch/logGroup:LogGroup::apps',
    'aws:ecs/cluster:Cluster::apps',
    'aws:ecs/clusterCapacityProviders:ClusterCapacityProviders::apps',
    'aws:ecs/service:Service::bad',
    'aws:ecs/service:Service::fixed',
    'aws:ecs/taskDefinition:TaskDefinition::bad',
    'aws:ecs/taskDefinition:TaskDefinition::fixed',
    'aws:iam/role:Role::execution',
    'aws:iam/role:Role::task',
    'aws:iam/rolePolicyAttachment:RolePolicyAttachment::execution',
    'aws:kms/key:Key::ephemeral-storage',
  ]);

  const byResource = {};
  for (const { type, name, inputs } of registered) {
    const found = [];
    for (const policy of policies) {
      const { violations } = await h.validateResource(policy, h.resourceArgs({ type, name, props: inputs }));
      found.push(...violations);
    }
    byResource[`${type.split(':').pop()}::${name}`] = found;
  }
  const mandatory = (key) => ruleIds(byResource[key].filter((v) => v.enforcementLevel === 'mandatory')).sort();
  assert.deepEqual(mandatory('TaskDefinition::bad'), ['CH-01', 'CH-08', 'FD-06', 'FG-07', 'LM-01', 'SE-01', 'SE-02']);
  assert.deepEqual(mandatory('Service::bad'), ['FD-19', 'FG-06', 'NW-01']);
  for (const key of ['TaskDefinition::fixed', 'Service::fixed', 'Cluster::apps', 'ClusterCapacityProviders::apps']) {
    assert.deepEqual(byResource[key].map((v) => v.message), [], `${key} passes every policy`);
  }

  // The stack phase on the deployed state: the services link to their task definitions by ARN, the capacity
  // providers complete the cluster. The fixed resources still pass; only links add to the bad service.
  const args = h.stackArgs(registered.map(({ type, name, state }) => ({ type, name, props: state })));
  const stackFindings = [];
  for (const policy of policies.filter((p) => p.validateStack)) {
    const { violations } = await h.validateStack(policy, args);
    stackFindings.push(...violations);
  }
  // The bad service on the cluster with a CMK: its old platform cannot use the key (FG-03 needs both).
  assert.deepEqual(stackFindings.map((v) => [ruleIds([v])[0], v.urn]), [['FG-03', h.urnOf('aws:ecs/service:Service', 'bad')]]);
});
