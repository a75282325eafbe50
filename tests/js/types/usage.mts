// Typed usage of the package as an ES module; compiled with `tsc --noEmit` by tests/js/package.test.js
// against the installed tarball (its `exports` and `types`).
import { validate, validateFiles, validateResource, validateStack, renderFiles, rules, Engine, version } from 'fargate-guard';
import type { Config, Finding, InputError, Report, RuleMeta, Severity, Summary, ValidateOptions } from 'fargate-guard';
import init, { initSync, validate as validateWeb, version as webVersion } from 'fargate-guard/web';

const config: Config = {
  rules: { 'FG-07': 'critical', 'FG-04': 'off', 'FG-*': { severity: 'low', params: { allowed: ['SYS_PTRACE'] } } },
  suppressions: [{ rule: 'FG-01', resource: 'prod-*', reason: 'key rotation tracked elsewhere' }],
  undecided: 'fail',
  minSeverity: 'medium',
  limits: { maxBytes: 1 << 20, maxDepth: 64 },
};
const options: ValidateOptions = { format: 'aws-api', fileName: 'task-definition.json', config };

const fromText: Report = validate('{"family": "app"}', options);
const fromObject: Report = validate({ family: 'app' });
const files: Report = validateFiles([{ name: 'a.json', content: '{}' }], { config });
const one: Report = validateResource('AWS::ECS::TaskDefinition', { Family: 'app' }, { name: 'App', urn: 'urn:pulumi:dev::app::aws:ecs/taskDefinition:TaskDefinition::app', config });
const stack: Report = validateStack(
  [
    { type: 'aws:ecs/cluster:Cluster', name: 'prod', urn: 'urn:pulumi:dev::app::aws:ecs/cluster:Cluster::prod', props: {} },
    { type: 'aws:ecs/service:Service', name: 'web', props: { cluster: 'prod' }, propertyDependencies: { cluster: ['urn:pulumi:dev::app::aws:ecs/cluster:Cluster::prod'] } },
  ],
  { fileName: 'stack', config },
);
const { report, rendered }: { report: Report; rendered: string } = renderFiles([{ name: 'a.json', content: '{}' }], 'text');

function describe(finding: Finding): string {
  const where = finding.location ? `:${finding.location.line}:${finding.location.column}` : '';
  const missing = finding.missing ?? '';
  const suppressed = finding.suppressed ? ` (suppressed: ${finding.suppressed.reason}, ${finding.suppressed.source})` : '';
  return `${finding.resource.file}${where} ${finding.ruleId}/${finding.ruleName} ${finding.status} ${finding.severity} ${finding.path}${missing}${finding.embeddedPath ?? ''}${suppressed}`;
}
const lines: string[] = [fromText, fromObject, files, one, stack, report].flatMap((r) => r.findings.map(describe));
const errors: InputError[] = fromText.errors;
const codes: string[] = errors.map((e) => `${e.file} ${e.code} ${e.message} ${e.path ?? ''} ${e.location?.line ?? 0}`);
const summary: Summary = fromText.summary;
const threshold: Severity = summary.threshold;
const counts: number = summary.pass + summary.fail + summary.skip + summary.undecided + summary.blocking + summary.errors;

const meta: RuleMeta[] = rules();
const catalogue = meta.map((r) => [r.id, r.name, r.severity, r.kinds.join(','), r.docsUrl, r.params.map((p) => p.default), r.examples.map((e) => e.expect)]);

const engine = new Engine(config);
const reused: Report = engine.validate({ clusterName: 'prod' }, { fileName: 'cluster.json' });
const reusedResource: Report = engine.validateResource('aws:ecs/cluster:Cluster', { name: 'prod' }, { name: 'prod' });
const reusedStack: Report = engine.validateStack([{ type: 'aws:ecs/cluster:Cluster', props: {} }]);
engine.free();
const plain = new Engine();
const v: string = version;

// Wrong uses must not compile.
// @ts-expect-error a number is not an input
validate(42);
// @ts-expect-error unknown option
validate('{}', { fileNmae: 'x' });
// @ts-expect-error not a severity
const wrongConfig: Config = { minSeverity: 'severe' };
// @ts-expect-error the Engine takes its config in the constructor
engine.validate('{}', { config });
// @ts-expect-error version is a string in the main entry
version();
// @ts-expect-error renderFiles renders text, json, sarif or junit only
renderFiles([], 'xml');

// The raw web build: initialise first; there `version` is a function.
await init({ module_or_path: new URL('https://example.invalid/fargate_guard_bg.wasm') });
initSync({ module: new Uint8Array() });
const webReport: Report = validateWeb('{}');
const wv: string = webVersion();

export { lines, codes, threshold, counts, catalogue, reused, reusedResource, reusedStack, plain, v, rendered, wrongConfig, webReport, wv };
