'use strict';
// The package as users get it: `npm pack ./pkg`, installed from the tarball into an empty project, then
// require(), import, npx and TypeScript (tsc --noEmit over typed usage files and over real runtime objects).
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');
const { root, pkgDir, loadApi, goldenInputs, goldenPath, readExample, tempDir } = require('./helpers');

const api = loadApi();
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];

const packDir = tempDir('pack');
const [packed] = JSON.parse(execFileSync(npm, ['pack', pkgDir, '--json', '--pack-destination', packDir, ...quiet], { cwd: root, encoding: 'utf8' }));
const tarball = path.join(packDir, packed.filename);

const project = tempDir('consumer');
fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
// A local tarball without dependencies installs without the network.
execFileSync(npm, ['install', '--offline', ...quiet, tarball], { cwd: project, encoding: 'utf8' });

function inProject(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: project, encoding: 'utf8', ...options });
  if (result.error) throw result.error;
  return result;
}

test('the tarball holds exactly the files the package needs', () => {
  const files = packed.files.map((f) => f.path).sort();
  assert.deepEqual(files, [
    'browser.mjs',
    'cli/fargate-guard.js',
    'cli/fix.js',
    'config.schema.json',
    'index.cjs',
    'index.d.ts',
    'index.mjs',
    'node/fargate_guard.js',
    'node/fargate_guard_bg.wasm',
    'package.json',
    'web.d.mts',
    'web/fargate_guard.js',
    'web/fargate_guard_bg.wasm',
    'web/package.json',
  ].sort());
  assert.equal(packed.name, 'fargate-guard');
  assert.equal(packed.version, api.version);
});

test("require('fargate-guard') works", () => {
  const script = `
    const fg = require('fargate-guard');
    const fs = require('fs');
    const report = fg.validate(fs.readFileSync(process.argv[1], 'utf8'));
    console.log(JSON.stringify({ version: fg.version, ids: report.findings.map((f) => f.ruleId).filter((id) => id === 'FG-04' || id === 'FG-07'), rules: fg.rules().length, engine: typeof fg.Engine }));`;
  const result = inProject(process.execPath, ['-e', script, path.join(root, 'examples', 'bad-task-definition.json')]);
  assert.equal(result.status, 0, result.stderr);
  const out = JSON.parse(result.stdout);
  assert.deepEqual(out, { version: api.version, ids: ['FG-04', 'FG-07'], rules: api.rules().length, engine: 'function' });
});

test("import … from 'fargate-guard' works and shares the CommonJS instance", () => {
  const script = `
    import { validate, validateFiles, rules, Engine, version } from 'fargate-guard';
    import { createRequire } from 'node:module';
    const cjs = createRequire(import.meta.url)('fargate-guard');
    const report = validateFiles([{ name: 'td.json', content: process.argv[1] }]);
    console.log(JSON.stringify({ version, same: cjs.validate === validate && cjs.Engine === Engine,
      ids: report.findings.map((f) => f.ruleId).filter((id) => id === 'FG-04' || id === 'FG-07'), rules: rules().length, engine: new Engine().validate('{}').errors.length }));`;
  const result = inProject(process.execPath, ['--input-type=module', '-e', script, readExample('bad-task-definition.json')]);
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), { version: api.version, same: true, ids: ['FG-04', 'FG-07'], rules: api.rules().length, engine: 1 });
});

test('npx fargate-guard runs the CLI', () => {
  // `--` keeps npx from reading the CLI's options (--version, --output) as its own.
  const bad = inProject(npx, ['--no', '--', 'fargate-guard', path.join(root, 'examples', 'bad-task-definition.json')]);
  assert.equal(bad.status, 1, bad.stderr);
  assert.match(bad.stdout, /critical\s+FG-07/);
  const good = inProject(npx, ['--no', '--', 'fargate-guard', '--output', 'json', path.join(root, 'examples', 'good-task-definition.json')]);
  assert.equal(good.status, 0, good.stderr);
  assert.equal(JSON.parse(good.stdout).summary.blocking, 0);
  const version = inProject(npx, ['--no', '--', 'fargate-guard', '--version']);
  assert.equal(version.stdout, `fargate-guard ${api.version}\n`);
});

test('the TypeScript declarations compile against typed usage and match real runtime objects', () => {
  for (const file of ['usage.mts', 'usage.cts', 'tsconfig.json']) {
    fs.copyFileSync(path.join(root, 'tests', 'js', 'types', file), path.join(project, file));
  }
  // Real objects as object literals: excess-property checks catch keys the types lack, and missing keys
  // and wrong literal values fail too.
  const cluster = JSON.stringify({ clusterName: 'prod', capacityProviders: ['FARGATE'] });
  const undecided = JSON.stringify({ Resources: { T: { Type: 'AWS::ECS::TaskDefinition', Properties: { EphemeralStorage: { SizeInGiB: { Ref: 'Size' } } } } } });
  const reports = [
    ...goldenInputs().map((input) => JSON.parse(fs.readFileSync(goldenPath(input), 'utf8'))),
    api.validate(cluster, { config: { suppressions: [{ rule: 'FG-01', reason: 'tracked' }] } }),
    api.validate(cluster, { config: { undecided: 'fail', minSeverity: 'low' } }),
    api.validate(undecided),
    api.validate('{"family": ', { fileName: 'broken.json' }),
    api.validateFiles([{ name: 'a.json', content: '' }, { name: 'b.json', content: '{"x": 1}' }]),
  ];
  assert.ok(reports.some((r) => r.findings.some((f) => f.status === 'undecided')), 'an undecided finding is covered');
  assert.ok(reports.some((r) => r.findings.some((f) => f.suppressed)), 'a suppressed finding is covered');
  assert.ok(reports.some((r) => r.findings.some((f) => f.missing !== undefined)), 'a missing key is covered');
  assert.ok(reports.some((r) => r.errors.some((e) => e.location)), 'an error location is covered');
  // renderFiles returns getters (built when read): the declared properties, read one by one.
  const renderResult = api.renderFiles([{ name: 'bad.json', content: readExample('bad-task-definition.json') }], 'text');
  const rendered = Object.fromEntries(['report', 'rendered', 'baseline', 'summary', 'errors', 'skipped'].map((key) => [key, renderResult[key]]));
  const bytesOf = (result) => {
    assert.ok(result.renderedBytes instanceof Uint8Array);
    return result.renderedBytes.length;
  };
  fs.writeFileSync(path.join(project, 'runtime-shapes.ts'), [
    "import type { Report, RuleMeta, Rendered } from 'fargate-guard';",
    `export const reports: Report[] = ${JSON.stringify(reports, null, 2)};`,
    `export const rules: RuleMeta[] = ${JSON.stringify(api.rules(), null, 2)};`,
    // Bytes have no JSON form: the literal is a Uint8Array of the same length, after checking the runtime type.
    `export const rendered: Rendered = { ...${JSON.stringify(rendered, null, 2)}, renderedBytes: new Uint8Array(${bytesOf(renderResult)}) };`,
    '',
  ].join('\n'));
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = inProject(process.execPath, [tsc, '-p', path.join(project, 'tsconfig.json')]);
  assert.equal(result.status, 0, `tsc failed:\n${result.stdout}${result.stderr}`);
});
