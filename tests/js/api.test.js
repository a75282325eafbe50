'use strict';
// The JS API of the built package (pkg/, Node CommonJS entry): results, configuration, and call errors.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { root, loadApi, readExample } = require('./helpers');

const api = loadApi();
const bad = readExample('bad-task-definition.json');
const good = readExample('good-task-definition.json');

// A cluster whose capacity providers are not Fargate, and a Fargate service in another file that runs on it.
const ec2Cluster = JSON.stringify({ clusterName: 'prod', capacityProviders: ['ec2-capacity'] });
const fargateService = JSON.stringify({ serviceName: 'web', cluster: 'prod', taskDefinition: 'web:3', launchType: 'FARGATE' });
const fargateCluster = JSON.stringify({ clusterName: 'prod', capacityProviders: ['FARGATE'] });

// Other rules may report on these inputs too: assertions look at the rules they are about.
const SEED = ['FG-01', 'FG-04', 'FG-07'];
const ruleIds = (report) => report.findings.map((f) => f.ruleId).filter((id) => SEED.includes(id)).sort();
const findingOf = (report, id) => report.findings.find((f) => f.ruleId === id);
/** A config that turns every rule off except `ids` (at their default severity). */
const only = (...ids) => ({ '*': 'off', ...Object.fromEntries(ids.map((id) => [id, {}])) });

test('version is the crate version, as a string', () => {
  const cargoVersion = /^version = "([^"]+)"/m.exec(fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8'))[1];
  assert.equal(typeof api.version, 'string');
  assert.equal(api.version, cargoVersion);
  assert.equal(JSON.parse(fs.readFileSync(path.join(root, 'pkg', 'package.json'), 'utf8')).version, cargoVersion, 'pkg/package.json version must equal Cargo.toml');
});

test('validate takes a string and reports the bad example', () => {
  const report = api.validate(bad);
  assert.deepEqual(ruleIds(report), ['FG-04', 'FG-07']);
  for (const finding of [findingOf(report, 'FG-04'), findingOf(report, 'FG-07')]) {
    assert.equal(finding.status, 'fail');
    assert.equal(finding.severity, 'critical');
    assert.equal(finding.resource.kind, 'TaskDefinition');
    assert.equal(finding.resource.name, 'payments-api');
    assert.equal(finding.resource.file, 'input');
    assert.equal(finding.resource.format, 'aws-api');
  }
  const fg07 = findingOf(report, 'FG-07');
  assert.equal(fg07.path, '/containerDefinitions/0/linuxParameters/capabilities/add/0');
  assert.equal(fg07.ruleName, 'fargate-capability-not-allowed');
  assert.match(fg07.docsUrl, /FG-07/);
  assert.deepEqual(report.errors, []);
  assert.ok(report.summary.blocking >= 2);
  assert.equal(report.summary.threshold, 'high');
  assert.equal(report.version, api.version);
});

/** The report without line/column, which only a text input has. */
function withoutLocations(report) {
  const copy = structuredClone(report);
  for (const item of [...copy.findings, ...copy.errors]) delete item.location;
  return copy;
}

test('validate takes a plain object and gives the same report as for its text, without line/column', () => {
  const fromText = api.validate(bad);
  assert.ok(fromText.findings.every((f) => f.location), 'text input has locations');
  const fromObject = api.validate(JSON.parse(bad));
  assert.ok(fromObject.findings.every((f) => f.location === undefined), 'an object has no lines to point at');
  assert.deepEqual(fromObject, withoutLocations(fromText));
  assert.deepEqual(api.validate(JSON.parse(bad), { fileName: 'td.json' }), withoutLocations(api.validate(bad, { fileName: 'td.json' })));
});

test('the good example passes', () => {
  const report = api.validate(good, { fileName: 'good.json' });
  assert.deepEqual(report.findings, []);
  assert.equal(report.summary.blocking, 0);
  assert.equal(report.summary.fail, 0);
  assert.ok(report.summary.pass > 0);
  assert.equal(report.resources[0].file, 'good.json');
});

test('results are plain objects and arrays, never Maps', () => {
  const report = api.validate(bad);
  const walk = (value) => {
    assert.ok(!(value instanceof Map), 'a Map in the report');
    if (value && typeof value === 'object') {
      assert.ok(Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype);
      Object.values(value).forEach(walk);
    }
  };
  walk(report);
  walk(api.rules());
});

test('validateFiles links resources across files', () => {
  const alone = api.validateFiles([{ name: 'cluster.json', content: ec2Cluster }], { config: { rules: only('FG-01') } });
  assert.deepEqual(alone.findings, [], 'an EC2-only cluster alone is not a Fargate cluster');
  assert.equal(alone.summary.skip, 1);
  const together = api.validateFiles([
    { name: 'cluster.json', content: ec2Cluster },
    { name: 'service.json', content: fargateService },
  ]);
  assert.deepEqual(ruleIds(together), ['FG-01']);
  const fg01 = findingOf(together, 'FG-01');
  assert.equal(fg01.resource.file, 'cluster.json');
  // The first key missing on the way to the KMS key id, under the document root.
  assert.equal(fg01.missing, 'configuration');
  assert.equal(fg01.path, '');
  assert.deepEqual(together.resources.map((r) => r.file), ['cluster.json', 'service.json']);
});

test('renderFiles returns the report and its rendering', () => {
  const files = [{ name: 'bad.json', content: bad }];
  const text = api.renderFiles(files, 'text');
  assert.deepEqual(text.report, api.validateFiles(files));
  assert.match(text.rendered, /critical\s+FG-07 fargate-capability-not-allowed/);
  const json = api.renderFiles(files, 'json');
  assert.deepEqual(JSON.parse(json.rendered), json.report);
  // The cheap getters the CLI reads are the report's own fields.
  const skipped = api.renderFiles([...files, { name: 'package.json', content: '{"name": "x"}', discovered: true }, { name: 'gone.json', error: 'ENOENT' }], 'junit');
  const report = skipped.report;
  assert.equal(report.skipped.length, 1);
  assert.equal(report.errors.length, 1);
  assert.ok(report.summary.blocking > 0);
  for (const key of ['summary', 'errors', 'skipped']) assert.deepEqual(skipped[key], report[key], key);
  assert.deepEqual(JSON.parse(skipped.baseline).findings.length, new Set(report.findings.map((f) => JSON.stringify([f.ruleId, f.resource.address, f.path]))).size);
});

test('file contents may be bytes: decoded as UTF-8 by the engine, and bytes out match the text out', () => {
  const asText = api.renderFiles([{ name: 'bad.json', content: bad }], 'sarif');
  const withMark = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(bad)]);
  const asBytes = api.renderFiles([{ name: 'bad.json', content: withMark }], 'sarif');
  // Same findings, same lines and columns: the byte order mark is dropped, as a text read drops it.
  assert.equal(asBytes.rendered, asText.rendered);
  assert.ok(asBytes.renderedBytes instanceof Uint8Array);
  assert.equal(Buffer.from(asBytes.renderedBytes).toString('utf8'), asText.rendered);
  assert.deepEqual(api.validateFiles([{ name: 'bad.json', content: new Uint8Array(Buffer.from(bad)) }]), api.validateFiles([{ name: 'bad.json', content: bad }]));
  // Not UTF-8: the file is unreadable, named with the first bad byte; the other file is still checked.
  const broken = api.validateFiles([
    { name: 'latin1.json', content: Buffer.from('{\n"a": "caf\xe9"}', 'latin1') },
    { name: 'utf16.json', content: Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]) },
    { name: 'bad.json', content: Buffer.from(bad) },
  ]);
  assert.deepEqual(broken.errors.map((e) => [e.file, e.code, e.message]), [
    ['latin1.json', 'unreadable', 'cannot read the file: not UTF-8 text: invalid byte 0xe9 at offset 11 (line 2)'],
    ['utf16.json', 'unreadable', 'cannot read the file: not UTF-8 text: it starts with a UTF-16 byte order mark; save it as UTF-8'],
  ]);
  assert.ok(broken.findings.some((f) => f.resource.file === 'bad.json'));
  assert.throws(() => api.validateFiles([{ name: 'a.json', content: [1, 2] }]), /`content` that is array, not a string/);
});

test('files cross into wasm field by field, with the same checks as before', () => {
  const cases = [
    [[{ name: 'a.json', content: bad, extra: 1 }], /element 0 has an unknown field `extra`/],
    [[{ name: 'a.json', content: bad }, 'b.json'], /element 1 is string/],
    [[{ content: bad }], /element 0 has no `name`/],
    [[{ name: 'a.json', content: bad, discovered: 'yes' }], /`discovered` that is not a boolean/],
    [[{ name: 7, content: bad }], /`name` that is number, not a string/],
  ];
  for (const [files, message] of cases) {
    assert.throws(() => api.renderFiles(files, 'text'), message);
    assert.throws(() => api.validateFiles(files), message);
  }
});

test('rules() lists every rule with its metadata', () => {
  const rules = api.rules();
  assert.ok(Array.isArray(rules));
  for (const id of ['FG-01', 'FG-04', 'FG-07']) assert.ok(rules.some((r) => r.id === id), id);
  const keys = ['id', 'name', 'title', 'severity', 'kinds', 'description', 'remediation', 'docsUrl', 'references', 'params', 'examples'];
  for (const rule of rules) {
    assert.deepEqual(Object.keys(rule).sort(), [...keys].sort(), rule.id);
    assert.match(rule.id, /^[A-Z]{2}-\d{2}$/);
    assert.match(rule.name, /^[a-z0-9-]+$/);
    assert.ok(['info', 'low', 'medium', 'high', 'critical'].includes(rule.severity));
    assert.ok(rule.kinds.length > 0);
    assert.ok(rule.examples.some((e) => e.expect === 'fail') && rule.examples.some((e) => e.expect === 'pass'), rule.id);
    for (const param of rule.params) assert.doesNotThrow(() => JSON.parse(param.default), `${rule.id} ${param.name}`);
    for (const reference of rule.references) assert.deepEqual(Object.keys(reference).sort(), ['id', 'tool']);
  }
  assert.equal(new Set(rules.map((r) => r.id)).size, rules.length);
});

test('configuration: rules off, severities, minSeverity, suppressions', () => {
  const blocking = api.validate(bad).summary.blocking;
  const off = api.validate(bad, { config: { rules: { 'FG-04': 'off', 'fargate-capability-not-allowed': 'off' } } });
  assert.deepEqual(ruleIds(off), []);
  assert.deepEqual(api.validate(bad, { config: { rules: { '*': 'off' } } }).findings, []);
  const lowered = api.validate(bad, { config: { rules: { 'FG-04': 'low', 'FG-07': 'low' } } });
  assert.equal(findingOf(lowered, 'FG-04').severity, 'low');
  assert.equal(findingOf(lowered, 'FG-07').severity, 'low');
  assert.equal(lowered.summary.blocking, blocking - 2);
  const medium = api.validate(fargateCluster, { config: { rules: only('FG-01'), minSeverity: 'medium' } });
  assert.equal(medium.summary.threshold, 'medium');
  assert.equal(medium.summary.blocking, 1);
  assert.equal(api.validate(fargateCluster, { config: { rules: only('FG-01') } }).summary.blocking, 0, 'FG-01 is medium; the default threshold is high');
  const suppressed = api.validate(bad, { config: { suppressions: [{ rule: 'FG-07', resource: 'payments-*', reason: 'debug image, never deployed' }] } });
  assert.deepEqual(findingOf(suppressed, 'FG-07').suppressed, { reason: 'debug image, never deployed', source: 'config' });
  assert.equal(suppressed.summary.suppressed, 1);
  assert.equal(suppressed.summary.blocking, blocking - 1);
});

test('Engine reuses a configuration', () => {
  const engine = new api.Engine({ rules: { 'FG-04': 'off' } });
  const first = engine.validate(bad, { fileName: 'a.json' });
  assert.deepEqual(ruleIds(first), ['FG-07']);
  assert.equal(first.findings[0].resource.file, 'a.json');
  assert.deepEqual(engine.validate(JSON.parse(bad), { fileName: 'a.json' }), withoutLocations(first));
  assert.deepEqual(ruleIds(new api.Engine().validate(bad)), ['FG-04', 'FG-07']);
  assert.throws(() => engine.validate(bad, { config: {} }), { name: 'Error', message: /pass the config to new Engine/ });
  engine.free();
});

test('malformed or unrecognised data is reported in report.errors, not thrown', () => {
  const broken = api.validate('{"family": "app",', { fileName: 'broken.json' });
  assert.equal(broken.errors.length, 1);
  assert.equal(broken.errors[0].code, 'invalid-json');
  assert.equal(broken.errors[0].file, 'broken.json');
  assert.equal(typeof broken.errors[0].location.line, 'number');
  assert.deepEqual(broken.findings, []);
  assert.equal(broken.summary.errors, 1);
  assert.equal(api.validate('').errors[0].code, 'empty-input');
  assert.equal(api.validate('{"neither": "an ECS request nor a template"}').errors.length, 1);
  assert.equal(api.validate([1, 2]).errors.length, 1);
  // One bad file does not stop the others.
  const mixed = api.validateFiles([{ name: 'broken.json', content: '[' }, { name: 'bad.json', content: bad }]);
  assert.equal(mixed.errors.length, 1);
  assert.deepEqual(ruleIds(mixed), ['FG-04', 'FG-07']);
});

test('wrong argument types throw an Error with a clear message', () => {
  const cases = [
    [() => api.validate(42), /validate\(input\): expected a string or an object, got number/],
    [() => api.validate(null), /got null/],
    [() => api.validate(undefined), /got undefined/],
    [() => api.validate(() => 1), /got function/],
    [() => api.validate(bad, 'json'), /options must be an object, got string/],
    [() => api.validate(bad, []), /options must be an object, got array/],
    [() => api.validate(bad, { bogus: true }), /unknown field `bogus`/],
    [() => api.validate(bad, { format: 'xml' }), /unknown variant `xml`/],
    [() => api.validate(bad, { config: { rules: { 'XX-99': 'off' } } }), /XX-99/],
    [() => api.validate(bad, { config: { suppressions: [{ rule: 'FG-07', reason: ' ' }] } }), /needs a non-empty `reason`/],
    [() => api.validate({ big: 10n }), /cannot be serialised as JSON/],
    [() => api.validateFiles('bad.json'), /validateFiles\(files\): expected an array/],
    [() => api.validateFiles([{ name: 'a.json' }]), /each file must be \{ name: string, content: string \}/],
    [() => api.validateFiles([{ name: 'a.json', content: {} }]), /each file must be/],
    [() => api.renderFiles([{ name: 'a.json', content: bad }], 'xml'), /unknown format `xml`/],
    [() => new api.Engine(5), /config must be an object, got number/],
    [() => new api.Engine({ rules: { 'FG-07': 'loud' } }), /expected off, critical, high, medium, low, info/],
  ];
  const cyclic = { family: 'app' };
  cyclic.self = cyclic;
  cases.push([() => api.validate(cyclic), /cannot be serialised as JSON/]);
  for (const [call, message] of cases) {
    assert.throws(call, (error) => {
      assert.ok(error instanceof Error, `not an Error: ${error}`);
      assert.match(error.message, message);
      return true;
    });
  }
  // The module still works after the errors (no poisoned state, no panic).
  assert.deepEqual(ruleIds(api.validate(bad)), ['FG-04', 'FG-07']);
});

test('output is deterministic: two runs give byte-identical JSON', () => {
  const files = fs.readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.json'))
    .map((name) => ({ name, content: readExample(name) }));
  const first = api.renderFiles(files, 'json').rendered;
  const second = api.renderFiles(files, 'json').rendered;
  assert.equal(first, second);
  assert.equal(JSON.stringify(api.validateFiles(files)), JSON.stringify(api.validateFiles(files)));
  assert.equal(JSON.stringify(api.rules()), JSON.stringify(api.rules()));
});

test('validateResource checks one resource given its type', { skip: typeof api.validateResource !== 'function' && 'validateResource is not in this build yet' }, () => {
  const props = {
    Family: 'app',
    RequiresCompatibilities: ['FARGATE'],
    NetworkMode: 'awsvpc',
    Cpu: '256',
    Memory: '512',
    ContainerDefinitions: [{ Name: 'web', Image: 'nginx:1.27', LinuxParameters: { Capabilities: { Add: ['SYS_ADMIN'] } } }],
  };
  const report = api.validateResource('AWS::ECS::TaskDefinition', props, { name: 'app' });
  assert.ok(report.findings.some((f) => f.ruleId === 'FG-07'));
  assert.throws(() => api.validateResource(42, props), Error);
});

test('validateStack checks resources together', { skip: typeof api.validateStack !== 'function' && 'validateStack is not in this build yet' }, () => {
  const report = api.validateStack([
    { type: 'AWS::ECS::Cluster', name: 'prod', props: { ClusterName: 'prod', CapacityProviders: ['FARGATE'] } },
  ]);
  assert.ok(Array.isArray(report.findings));
  assert.equal(report.summary.resources, 1);
  assert.throws(() => api.validateStack('not an array'), Error);
});

test('Engine.validateResource and Engine.validateStack reuse the configuration', { skip: typeof api.Engine.prototype.validateResource !== 'function' && 'not in this build yet' }, () => {
  const engine = new api.Engine({ rules: { '*': 'off', 'FG-07': {} } });
  const props = {
    Family: 'app',
    RequiresCompatibilities: ['FARGATE'],
    ContainerDefinitions: [{ Name: 'web', Image: 'nginx:1.27', LinuxParameters: { Capabilities: { Add: ['SYS_ADMIN'] } } }],
  };
  assert.deepEqual(ruleIds(engine.validateResource('AWS::ECS::TaskDefinition', props, { name: 'app' })), ['FG-07']);
  assert.deepEqual(ruleIds(engine.validateStack([{ type: 'AWS::ECS::TaskDefinition', name: 'app', props }])), ['FG-07']);
  assert.throws(() => engine.validateResource('AWS::ECS::TaskDefinition', props, { config: {} }), Error);
});
