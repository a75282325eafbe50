// Unit tests of the page's pure modules (js/web/lib): JSON Patch, positions, diff, grouping, settings, SARIF.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Validator } from '@cfworker/json-schema';
import { diffLines, hunks } from '../../js/web/lib/diff.js';
import { cleanResources, detectedFormats, organise } from '../../js/web/lib/findings.js';
import { locatePointer, offsetAt, positionAt, rangeOf, valueRange } from '../../js/web/lib/locate.js';
import { applyPatch, fixOperations, formatPointer, getPointer, parsePointer, PatchError } from '../../js/web/lib/patch.js';
import { toSarif } from '../../js/web/lib/sarif.js';
import { applyPatchToText, detectIndent } from '../../js/web/lib/textpatch.js';
import { engineConfig, loadSettings, saveSettings, STORAGE_KEY } from '../../js/web/lib/settings.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('JSON Pointer (RFC 6901)', () => {
  test('parses and formats escapes', () => {
    assert.deepEqual(parsePointer(''), []);
    assert.deepEqual(parsePointer('/a~1b/m~0n/'), ['a/b', 'm~n', '']);
    assert.equal(formatPointer(['a/b', 'm~n', 0]), '/a~1b/m~0n/0');
    assert.throws(() => parsePointer('a'), PatchError);
    assert.throws(() => parsePointer('/a~2'), PatchError);
  });

  test('gets own values only', () => {
    const doc = { a: [{ b: 1 }], '': 2 };
    assert.equal(getPointer(doc, '/a/0/b'), 1);
    assert.equal(getPointer(doc, '/'), 2);
    assert.equal(getPointer(doc, '/a/1'), undefined);
    assert.equal(getPointer(doc, '/a/01'), undefined);
    assert.equal(getPointer(doc, '/toString'), undefined);
  });
});

describe('JSON Patch (RFC 6902)', () => {
  const doc = { foo: 'bar', list: ['a', 'b'], nested: { x: 1 } };

  test('add, remove, replace, move, copy, test', () => {
    assert.deepEqual(applyPatch(doc, [{ op: 'add', path: '/baz', value: 'qux' }]), { ...doc, baz: 'qux' });
    assert.deepEqual(applyPatch(doc, [{ op: 'add', path: '/list/1', value: 'z' }]).list, ['a', 'z', 'b']);
    assert.deepEqual(applyPatch(doc, [{ op: 'add', path: '/list/-', value: 'c' }]).list, ['a', 'b', 'c']);
    assert.deepEqual(applyPatch(doc, [{ op: 'remove', path: '/list/0' }]).list, ['b']);
    assert.deepEqual(applyPatch(doc, [{ op: 'remove', path: '/nested/x' }]).nested, {});
    assert.equal(applyPatch(doc, [{ op: 'replace', path: '/foo', value: 7 }]).foo, 7);
    assert.deepEqual(applyPatch(doc, [{ op: 'replace', path: '/list/1', value: 'B' }]).list, ['a', 'B']);
    assert.deepEqual(applyPatch(doc, [{ op: 'move', from: '/nested/x', path: '/y' }]), { foo: 'bar', list: ['a', 'b'], nested: {}, y: 1 });
    assert.deepEqual(applyPatch(doc, [{ op: 'move', from: '/list/0', path: '/list/1' }]).list, ['b', 'a']);
    assert.deepEqual(applyPatch(doc, [{ op: 'copy', from: '/nested', path: '/copy' }]).copy, { x: 1 });
    assert.deepEqual(applyPatch(doc, [{ op: 'test', path: '/nested', value: { x: 1 } }]), doc);
    assert.deepEqual(applyPatch(doc, [{ op: 'replace', path: '', value: [1] }]), [1]);
  });

  test('errors name the failing operation and leave the input untouched', () => {
    const before = JSON.stringify(doc);
    const cases = [
      [{ op: 'test', path: '/foo', value: 'nope' }, /test failed/],
      [{ op: 'add', path: '/missing/child', value: 1 }, /parent/],
      [{ op: 'remove', path: '/nope' }, /does not exist/],
      [{ op: 'replace', path: '/nope', value: 1 }, /does not exist/],
      [{ op: 'add', path: '/list/3', value: 1 }, /out of range/],
      [{ op: 'remove', path: '/list/-' }, /not an array index/],
      [{ op: 'move', from: '/nested', path: '/nested/x/y' }, /into itself/],
      [{ op: 'add', path: '/x' }, /needs a value/],
      [{ op: 'frobnicate', path: '/x' }, /unknown op/],
    ];
    for (const [operation, message] of cases) {
      assert.throws(() => applyPatch(doc, [{ op: 'add', path: '/first', value: 0 }, operation]), (error) => {
        assert.ok(error instanceof PatchError, String(error));
        assert.equal(error.index, 1);
        assert.match(error.message, message);
        return true;
      });
    }
    assert.equal(JSON.stringify(doc), before);
    assert.throws(() => applyPatch(doc, { op: 'add' }), PatchError);
  });

  test('a `__proto__` key is data, not the prototype', () => {
    const patched = applyPatch({}, [{ op: 'add', path: '/__proto__', value: { polluted: true } }]);
    assert.equal(Object.getPrototypeOf(patched), Object.prototype);
    assert.deepEqual(Object.keys(patched), ['__proto__']);
    assert.equal({}.polluted, undefined);
  });

  test('finds the operations of a finding', () => {
    const ops = [{ op: 'remove', path: '/a' }];
    assert.equal(fixOperations({ fix: ops }), ops);
    assert.equal(fixOperations({ fix: { patch: ops } }), ops);
    assert.equal(fixOperations({ fix: [] }), null);
    assert.equal(fixOperations({}), null);
  });
});

describe('fixes applied to JSON text', () => {
  const td = `{
  "family": "app",
  "ephemeralStorage": { "sizeInGiB": 250 },
  "containerDefinitions": [
    {
      "name": "web",
      "linuxParameters": {
        "capabilities": { "add": ["SYS_ADMIN", "SYS_PTRACE"] }
      },
      "portMappings": [
        { "containerPort": 80 },
        { "containerPort": 443 }
      ]
    }
  ]
}
`;
  const apply = (ops, text = td) => {
    const result = applyPatchToText(text, ops);
    assert.deepEqual(JSON.parse(result.text), applyPatch(JSON.parse(text), ops), 'the text means the patched document');
    return result;
  };
  const changed = (before, after) =>
    diffLines(before, after)
      .filter((l) => l.type !== ' ')
      .map((l) => l.type + l.text);

  test('detects the indentation', () => {
    assert.equal(detectIndent(td), 2);
    assert.equal(detectIndent('{\n    "a": 1\n}'), 4);
    assert.equal(detectIndent('{\n\t"a": 1\n}'), '\t');
    assert.equal(detectIndent('{"a":1}'), 0);
  });

  test('replace edits only the value', () => {
    const { text, reformatted } = apply([{ op: 'replace', path: '/ephemeralStorage/sizeInGiB', value: 200 }]);
    assert.equal(reformatted, false);
    assert.deepEqual(changed(td, text), ['-  "ephemeralStorage": { "sizeInGiB": 250 },', '+  "ephemeralStorage": { "sizeInGiB": 200 },']);
    const object = apply([{ op: 'replace', path: '/containerDefinitions/0/linuxParameters', value: { initProcessEnabled: true } }]).text;
    assert.match(object, /"linuxParameters": \{\n {8}"initProcessEnabled": true\n {6}\},\n/);
  });

  test('remove takes the entry with its comma or its lines', () => {
    const first = apply([{ op: 'remove', path: '/containerDefinitions/0/linuxParameters/capabilities/add/0' }]).text;
    assert.match(first, /"add": \["SYS_PTRACE"\]/);
    const last = apply([{ op: 'remove', path: '/containerDefinitions/0/linuxParameters/capabilities/add/1' }]).text;
    assert.match(last, /"add": \["SYS_ADMIN"\]/);
    const both = apply([
      { op: 'remove', path: '/containerDefinitions/0/linuxParameters/capabilities/add/1' },
      { op: 'remove', path: '/containerDefinitions/0/linuxParameters/capabilities/add/0' },
    ]).text;
    assert.match(both, /"add": \[\]/);
    const member = apply([{ op: 'remove', path: '/family' }]);
    assert.deepEqual(changed(td, member.text), ['-  "family": "app",']);
    const lastMember = apply([{ op: 'remove', path: '/containerDefinitions' }]).text;
    assert.equal(lastMember, '{\n  "family": "app",\n  "ephemeralStorage": { "sizeInGiB": 250 }\n}\n');
    const line = apply([{ op: 'remove', path: '/containerDefinitions/0/portMappings/0' }]);
    assert.deepEqual(changed(td, line.text), ['-        { "containerPort": 80 },']);
  });

  test('add appends or inserts in the surrounding style', () => {
    const member = apply([{ op: 'add', path: '/containerDefinitions/0/readonlyRootFilesystem', value: true }]);
    assert.deepEqual(changed(td, member.text), ['-      ]', '+      ],', '+      "readonlyRootFilesystem": true']);
    const inline = apply([{ op: 'add', path: '/containerDefinitions/0/linuxParameters/capabilities/drop', value: ['ALL'] }]).text;
    assert.match(inline, /"capabilities": \{ "add": \["SYS_ADMIN", "SYS_PTRACE"\], "drop": \[ "ALL" \] \}/);
    const element = apply([{ op: 'add', path: '/containerDefinitions/0/portMappings/1', value: { containerPort: 8080 } }]);
    assert.deepEqual(changed(td, element.text), ['+        {', '+          "containerPort": 8080', '+        },']);
    const end = apply([{ op: 'add', path: '/containerDefinitions/0/linuxParameters/capabilities/add/-', value: 'NET_RAW' }]).text;
    assert.match(end, /\["SYS_ADMIN", "SYS_PTRACE", "NET_RAW"\]/);
    assert.equal(apply([{ op: 'add', path: '/a', value: 1 }], '{}').text, '{"a": 1}');
    assert.equal(apply([{ op: 'add', path: '/b', value: [1] }], '{"a":0}').text, '{"a":0, "b": [ 1 ]}');
    const existing = apply([{ op: 'add', path: '/family', value: 'api' }]);
    assert.deepEqual(changed(td, existing.text), ['-  "family": "app",', '+  "family": "api",']);
  });

  test('move, copy and test', () => {
    const moved = apply([
      { op: 'test', path: '/family', value: 'app' },
      { op: 'move', from: '/family', path: '/containerDefinitions/0/family' },
      { op: 'copy', from: '/ephemeralStorage', path: '/copy' },
    ]);
    assert.equal(moved.reformatted, false);
  });

  test('falls back to writing the document whole, and reports JSON and patch errors', () => {
    const root = apply([{ op: 'replace', path: '', value: { a: 1 } }]);
    assert.equal(root.reformatted, true);
    assert.equal(root.text, '{\n  "a": 1\n}\n');
    assert.throws(() => applyPatchToText('family: app\n', []), SyntaxError);
    assert.throws(() => applyPatchToText(td, [{ op: 'remove', path: '/nope' }]), PatchError);
  });
});

describe('positions', () => {
  const text = '{\n  "a": "😀x",\n  "b": { "c": [1, {"d~/": true}] },\n  "b": 5\n}';

  test('line/column in code points ↔ UTF-16 offsets', () => {
    const x = text.indexOf('x');
    // "😀" is one column but two UTF-16 code units.
    assert.equal(offsetAt(text, 2, 10), x);
    assert.deepEqual(positionAt(text, x), { line: 2, column: 10 });
    assert.equal(offsetAt(text, 1, 99), 1, 'clamped to the end of the line');
    assert.equal(offsetAt(text, 99, 1), text.length);
  });

  test('locates JSON Pointers, last duplicate key winning', () => {
    assert.equal(locatePointer(text, ''), 0);
    assert.equal(locatePointer(text, '/a'), text.indexOf('"😀x"'));
    assert.equal(locatePointer(text, '/b'), text.indexOf('5'));
    assert.equal(locatePointer('{"b": {"c": [1, {"d~/": true}]}}', '/b/c/1/d~0~1'), '{"b": {"c": [1, {"d~/": '.length);
    assert.equal(locatePointer(text, '/nope'), -1);
    assert.equal(locatePointer('[1, 2]', '/2'), -1);
    assert.equal(locatePointer('a: 1', '/a'), -1);
    assert.equal(locatePointer('{"a": [1, "x\\"]"]', '/a/1'), '{"a": [1, '.length);
  });

  test('selects the value, cut at the end of its line', () => {
    const doc = '{"k": "v\\"w", "n": -1.5e3,\n "o": {\n  "p": 1}}';
    const at = (needle) => valueRange(doc, doc.indexOf(needle));
    assert.deepEqual(at('"v'), { start: 6, end: 12 });
    assert.equal(doc.slice(at('-1').start, at('-1').end), '-1.5e3');
    assert.equal(doc.slice(at('{\n').start, at('{\n').end), '{');
    const yaml = 'cpu: 256 # comment\nname: \'it\'\'s\'\n';
    const plain = valueRange(yaml, 5);
    assert.equal(yaml.slice(plain.start, plain.end), '256');
    const quoted = valueRange(yaml, yaml.indexOf("'"));
    assert.equal(yaml.slice(quoted.start, quoted.end), "'it''s'");
  });

  test('prefers the reported location over the pointer', () => {
    const doc = '{\n  "cpu": "256"\n}';
    assert.deepEqual(rangeOf(doc, { path: '/cpu' }), { start: 11, end: 16, line: 2, column: 10, exact: false });
    assert.deepEqual(rangeOf(doc, { path: '/cpu', location: { line: 2, column: 3 } }), { start: 4, end: 9, line: 2, column: 3, exact: true });
    assert.equal(rangeOf(doc, { path: '/nope' }), null);
  });
});

test('line diff keeps context and marks changes', () => {
  const lines = diffLines('a\nb\nc\nd\ne\nf\ng', 'a\nb\nc\nD\ne\nf\ng\nh');
  assert.deepEqual(
    lines.filter((l) => l.type !== ' ').map((l) => `${l.type}${l.text}:${l.oldLine ?? ''}:${l.newLine ?? ''}`),
    ['-d:4:', '+D::4', '+h::8'],
  );
  assert.deepEqual(
    hunks(lines, 1).map((l) => l.type + l.text),
    ['…', ' c', '-d', '+D', ' e', '…', ' g', '+h'],
  );
});

describe('grouping findings', () => {
  const resource = (name) => ({ kind: 'TaskDefinition', name, address: `TaskDefinition/${name}`, file: 'input', format: 'aws-api' });
  const finding = (ruleId, severity, name, extra = {}) => ({ ruleId, severity, status: 'fail', path: '', resource: resource(name), ...extra });
  const report = {
    resources: [resource('a'), resource('b'), resource('c')],
    findings: [
      finding('FG-01', 'medium', 'a'),
      finding('FG-07', 'critical', 'b', { location: { line: 9, column: 1 } }),
      finding('FG-04', 'critical', 'b', { location: { line: 3, column: 1 } }),
      finding('FG-02', 'high', 'a'),
      finding('FG-03', 'info', 'a', { status: 'undecided' }),
      finding('FG-05', 'high', 'a', { status: 'undecided', suppressed: { reason: 'r', source: 'config' } }),
      finding('FG-09', 'low', 'c'),
    ],
  };

  test('groups by resource, most severe first, and keeps undecided and suppressed apart', () => {
    const { failing, undecided, suppressed, hidden } = organise(report);
    assert.deepEqual(
      failing.map((g) => [g.resource.name, g.findings.map((f) => f.ruleId)]),
      [
        ['b', ['FG-04', 'FG-07']],
        ['a', ['FG-02', 'FG-01']],
        ['c', ['FG-09']],
      ],
    );
    assert.deepEqual(undecided.map((f) => f.ruleId), ['FG-03']);
    assert.deepEqual(suppressed.map((f) => f.ruleId), ['FG-05']);
    assert.equal(hidden, 0);
    assert.deepEqual(cleanResources(report, failing), []);
    assert.deepEqual(detectedFormats(report), ['aws-api']);
  });

  test('hides findings below the minimum severity', () => {
    const { failing, undecided, hidden } = organise(report, { minSeverity: 'high' });
    assert.deepEqual(failing.map((g) => g.resource.name), ['b', 'a']);
    assert.deepEqual(undecided, []);
    assert.equal(hidden, 3);
    assert.deepEqual(cleanResources(report, failing).map((r) => r.name), ['c']);
  });
});

test('settings keep only what still means something', () => {
  const store = new Map();
  const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v) };
  assert.deepEqual(loadSettings(storage, ['FG-07']), { minSeverity: 'info', off: [] });
  store.set(STORAGE_KEY, JSON.stringify({ minSeverity: 'high', off: ['FG-07', 'XX-99', 'FG-07'], format: 'yaml?' }));
  const settings = loadSettings(storage, ['FG-04', 'FG-07']);
  assert.deepEqual(settings, { minSeverity: 'high', off: ['FG-07'] });
  assert.deepEqual(engineConfig(settings), { rules: { 'FG-07': 'off' }, minSeverity: 'high' });
  store.set(STORAGE_KEY, '{not json');
  assert.equal(loadSettings(storage, []).minSeverity, 'info');
  assert.equal(saveSettings({ setItem: () => { throw new Error('quota'); } }, settings), false);
  assert.equal(saveSettings(storage, settings), true);
});

// The OASIS schema: a vendored copy if the repository has one, else the project's shared/ beside the checkout.
const schemaPath = [
  process.env.SARIF_SCHEMA,
  join(root, 'tests/schemas/sarif-schema-2.1.0.json'),
  join(root, '../shared/schemas/sarif-schema-2.1.0.json'),
  '/work/shared/schemas/sarif-schema-2.1.0.json',
].find((path) => path && existsSync(path));

describe('SARIF', () => {
  let validator;
  const assertValid = (sarif) => {
    if (!schemaPath) return; // structure is still asserted below
    validator ??= new Validator(JSON.parse(readFileSync(schemaPath, 'utf8')), '4', false);
    const { valid, errors } = validator.validate(sarif);
    assert.ok(valid, JSON.stringify(errors.slice(0, 5), null, 1));
  };
  test('schema found', { skip: !schemaPath && 'sarif-schema-2.1.0.json not found: set SARIF_SCHEMA to validate against it' }, () => {});
  const rules = [
    { id: 'FG-07', name: 'fargate-capability-not-allowed', title: 'Capability', severity: 'critical', description: 'd', remediation: 'r', docsUrl: 'https://example.invalid/FG-07' },
    { id: 'LM-02', name: 'log-delivery-mode', title: 'Mode', severity: 'info', description: 'd', remediation: 'r', docsUrl: '' },
  ];
  const resource = { kind: 'TaskDefinition', name: 'app', address: 'TaskDefinition/app', file: 'infra/td one.json', format: 'aws-api' };

  test('a synthetic report converts to valid SARIF', () => {
    const sarif = toSarif(
      {
        version: '0.1.0',
        findings: [
          { ruleId: 'FG-07', severity: 'critical', status: 'fail', message: 'm', path: '/a', resource, location: { line: 3, column: 7 } },
          { ruleId: 'LM-02', severity: 'info', status: 'undecided', message: 'u', path: '/b', missing: 'mode', resource },
          { ruleId: 'FG-07', severity: 'critical', status: 'fail', message: 's', path: '/c', resource, suppressed: { reason: 'why', source: 'config' } },
          { ruleId: 'XX-01', severity: 'high', status: 'fail', message: 'unknown rule', path: '', resource },
        ],
        errors: [{ file: 'bad.json', code: 'invalid-json', message: 'not valid JSON', location: { line: 1, column: 5 } }],
      },
      rules,
    );
    assertValid(sarif);
    const [run] = sarif.runs;
    assert.equal(run.tool.driver.rules[0].properties['security-severity'], '9.5');
    assert.equal(run.tool.driver.rules[1].properties['security-severity'], undefined);
    assert.deepEqual(run.results.map((r) => [r.ruleId, r.ruleIndex, r.kind, r.level]), [
      ['FG-07', 0, 'fail', 'error'],
      ['LM-02', 1, 'review', 'none'],
      ['FG-07', 0, 'fail', 'error'],
      ['XX-01', undefined, 'fail', 'error'],
    ]);
    assert.deepEqual(run.results[0].locations[0].physicalLocation.region, { startLine: 3, startColumn: 7 });
    assert.equal(run.results[0].locations[0].physicalLocation.artifactLocation.uri, 'infra/td%20one.json');
    assert.deepEqual(run.results[1].locations[0].physicalLocation.region, { startLine: 1 });
    assert.deepEqual(run.results[2].suppressions, [{ kind: 'external', justification: 'why' }]);
    assert.equal(run.invocations[0].toolExecutionNotifications[0].locations[0].physicalLocation.region.startColumn, 5);
  });

  const wasm = join(root, 'pkg/web/fargate_guard_bg.wasm');
  test('the real catalogue and a real report convert to valid SARIF', { skip: !existsSync(wasm) && 'pkg/web is not built (run scripts/build.sh)' }, async () => {
    const { default: init, rules: catalogue, validate } = await import('../../pkg/web/fargate_guard.js');
    await init({ module_or_path: readFileSync(wasm) });
    const { EXAMPLE } = await import('../../js/web/example.js');
    const report = validate(EXAMPLE, { fileName: 'example.json' });
    assert.ok(report.findings.length > 0);
    assertValid(toSarif(report, catalogue()));
    assertValid(toSarif(validate('{"family": ', {}), catalogue()));
  });
});
