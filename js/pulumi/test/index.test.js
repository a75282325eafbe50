'use strict';
// Constructing a PolicyPack starts a gRPC server (and exits the process on a bad pack), so only index.js
// may do it: policies.js must build the policies and nothing else.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const policyModule = require('@pulumi/policy/policy');
const core = require('fargate-guard');

const packDir = path.resolve(__dirname, '..');

function freshRequire(file) {
  for (const key of Object.keys(require.cache)) {
    if (key.startsWith(packDir) && !key.includes(`${path.sep}node_modules${path.sep}`)) delete require.cache[key];
  }
  return require(path.join(packDir, file));
}

test('policies.js has no side effects; index.js constructs exactly one PolicyPack named fargate-guard', (t) => {
  const constructed = [];
  const original = policyModule.PolicyPack;
  policyModule.PolicyPack = class {
    constructor(name, args) {
      constructed.push({ name, args });
    }
  };
  t.after(() => {
    policyModule.PolicyPack = original;
  });
  const { PolicyPack } = require('@pulumi/policy');
  assert.notEqual(PolicyPack, original, 'the stub is what @pulumi/policy hands out');

  const { policies } = freshRequire('policies.js');
  assert.equal(constructed.length, 0, 'requiring policies.js constructs no PolicyPack');
  assert.ok(policies.length > 0);

  freshRequire('index.js');
  assert.equal(constructed.length, 1);
  assert.equal(constructed[0].name, 'fargate-guard');
  assert.deepEqual(constructed[0].args.policies.map((p) => p.name), policies.map((p) => p.name));
});

test('every rule of the core is a policy of the pack, with a name the engine accepts', () => {
  const { policies } = freshRequire('policies.js');
  const names = new Set(policies.map((p) => p.name));
  assert.equal(names.size, policies.length, 'policy names are unique');
  const rules = core.rules();
  for (const rule of rules) {
    const policy = policies.find((p) => p.name === rule.name);
    assert.ok(policy, `${rule.id} ${rule.name} is a policy`);
    assert.ok(policy.description.startsWith(`${rule.id}: `));
    assert.equal(policy.url, rule.docsUrl);
    assert.equal(typeof policy.validateResource, 'function');
    assert.equal(typeof policy.remediateResource, 'function');
    for (const param of rule.params) assert.ok(policy.configSchema.properties[param.name], `${rule.id} parameter ${param.name}`);
  }
  assert.equal(policies.length, rules.length + 1, 'the rules plus the input-errors policy');
  for (const policy of policies) {
    // What PolicyPack's server checks before serving (server.ts serve()).
    assert.notEqual(policy.name, 'all');
    assert.match(policy.name, /^[a-zA-Z0-9._-]+$/);
    assert.ok(!policy.configSchema || !('enforcementLevel' in policy.configSchema.properties));
    assert.ok(['advisory', 'mandatory'].includes(policy.enforcementLevel));
    assert.ok(['low', 'medium', 'high', 'critical'].includes(policy.severity));
  }
});
