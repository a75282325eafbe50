'use strict';
// index.js as the Pulumi CLI runs it: a child process that prints its gRPC port, then receives the pack
// config (`--policy-pack-config`) and analysis requests over gRPC. Proves the pack boots (the server exits
// the process on a bad policy name or schema) and that per-policy levels and parameters take effect.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { Struct } = require('google-protobuf/google/protobuf/struct_pb');
const analyzerproto = require('@pulumi/pulumi/proto/analyzer_pb');
const { AnalyzerClient } = require('@pulumi/pulumi/proto/analyzer_grpc_pb');

// The gRPC module the generated client was built with.
const grpc = require(require.resolve('@grpc/grpc-js', { paths: [path.dirname(require.resolve('@pulumi/pulumi/package.json'))] }));
const packDir = path.resolve(__dirname, '..');
const LEVEL = { advisory: 0, mandatory: 1, disabled: 2, remediate: 3 };
const LEVEL_NAME = Object.fromEntries(Object.entries(LEVEL).map(([k, v]) => [v, k]));

function startPack(t) {
  const child = spawn(process.execPath, ['index.js'], { cwd: packDir, stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => child.kill());
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    child.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve(Number(line.trim()));
    });
    child.on('exit', (code) => reject(new Error(`the pack exited with ${code}: ${err}`)));
    setTimeout(() => reject(new Error(`no port within 20 s: ${err}`)), 20000).unref();
  });
}

function rpc(client, method, request) {
  return new Promise((resolve, reject) => client[method](request, (error, response) => (error ? reject(error) : resolve(response))));
}

function policyConfig(level, properties = {}) {
  const config = new analyzerproto.PolicyConfig();
  config.setEnforcementlevel(LEVEL[level]);
  config.setProperties(Struct.fromJavaScript(properties));
  return config;
}

test('the pack serves over gRPC, and the CLI config sets levels and parameters per policy', async (t) => {
  const port = await startPack(t);
  assert.ok(port > 0);
  const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  t.after(() => client.close());

  const Empty = require('google-protobuf/google/protobuf/empty_pb').Empty;
  const info = await rpc(client, 'getAnalyzerInfo', new Empty());
  assert.equal(info.getName(), 'fargate-guard');
  const names = info.getPoliciesList().map((p) => p.getName());
  assert.ok(names.includes('fargate-capability-not-allowed') && names.includes('fargate-guard-input-errors'));

  const configure = new analyzerproto.ConfigureAnalyzerRequest();
  configure.getPolicyconfigMap().set('fargate-capability-not-allowed', policyConfig('advisory'));
  configure.getPolicyconfigMap().set('image-registry-allowlist', policyConfig('mandatory', { allowedRegistries: ['ghcr.io'] }));
  configure.getPolicyconfigMap().set('linux-non-root', policyConfig('disabled'));
  await rpc(client, 'configure', configure);

  const request = new analyzerproto.AnalyzeRequest();
  request.setType('aws:ecs/taskDefinition:TaskDefinition');
  request.setName('app');
  request.setUrn('urn:pulumi:dev::shop::aws:ecs/taskDefinition:TaskDefinition::app');
  request.setOptions(new analyzerproto.AnalyzerResourceOptions());
  request.setProperties(Struct.fromJavaScript({
    family: 'app', cpu: '256', memory: '512', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'],
    containerDefinitions: JSON.stringify([
      { name: 'web', image: 'ghcr.io/acme/web:1.0', essential: true, linuxParameters: { capabilities: { add: ['SYS_ADMIN'] } } },
      { name: 'proxy', image: 'nginx:1.27', essential: false },
    ]),
  }));
  const response = await rpc(client, 'analyze', request);
  const diagnostics = response.getDiagnosticsList().map((d) => ({ policy: d.getPolicyname(), level: LEVEL_NAME[d.getEnforcementlevel()], message: d.getMessage() }));
  const of = (policy) => diagnostics.filter((d) => d.policy === policy);
  assert.deepEqual(of('fargate-capability-not-allowed').map((d) => d.level), ['advisory'], 'critical FG-07 lowered by config');
  const sc02 = of('image-registry-allowlist');
  assert.deepEqual(sc02.map((d) => d.level), ['mandatory'], 'SC-02 raised by config');
  assert.match(sc02[0].message, /'proxy'/, 'only the docker.io image; ghcr.io is allowed by the configured parameter');
  assert.deepEqual(of('linux-non-root'), [], 'CH-06 disabled by config');
});
