'use strict';
// README.md's parameter table is rendered from the rules' metadata; `BLESS=1 node --test test/readme.test.js`
// rewrites it. The README's policy counts and compliance-policies mapping are checked against the pack too.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const core = require('fargate-guard');
const { policies } = require('../policies');
const { paramSchema } = require('../pack');

const readmePath = path.resolve(__dirname, '..', 'README.md');
const START = '<!-- params:start (generated: BLESS=1 node --test test/readme.test.js) -->';
const END = '<!-- params:end -->';

function cell(text) {
  return String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function paramsTable() {
  const rows = ['| Policy | Rule | Parameter | Type | Default | Description |', '|---|---|---|---|---|---|'];
  for (const rule of core.rules()) {
    for (const param of rule.params) {
      const schema = paramSchema(param);
      const type = schema.type === 'array' ? `${schema.items.type}[]` : schema.type || 'any';
      rows.push(`| \`${rule.name}\` | ${rule.id} | \`${param.name}\` | ${type} | \`${cell(JSON.stringify(schema.default))}\` | ${cell(param.description)} |`);
    }
  }
  return rows.join('\n');
}

test('the parameter table in README.md is current', () => {
  const readme = fs.readFileSync(readmePath, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  assert.ok(start >= 0 && end > start, 'README.md has the parameter table markers');
  const current = readme.slice(start + START.length, end).trim();
  const generated = paramsTable();
  if (process.env.BLESS) {
    fs.writeFileSync(readmePath, `${readme.slice(0, start + START.length)}\n${generated}\n${readme.slice(end)}`);
    return;
  }
  assert.equal(current, generated, 'README.md parameter table is stale: run BLESS=1 node --test test/readme.test.js');
});

test('README.md names rules by their real id and policy name, and gives the rule count', () => {
  const readme = fs.readFileSync(readmePath, 'utf8');
  const rules = new Map(core.rules().map((r) => [r.id, r.name]));
  const mentions = [...readme.matchAll(/\b([A-Z]{2}-\d\d) `([a-z0-9-]+)`/g)];
  assert.ok(mentions.length >= 6);
  for (const [, id, name] of mentions) assert.equal(name, rules.get(id), `${id} is the policy ${rules.get(id)}`);
  for (const [, name] of readme.matchAll(/"([a-z0-9]+(?:-[a-z0-9]+)+)": [{"]/g)) {
    assert.ok(policies.some((p) => p.name === name), `${name} in a config example is a policy`);
  }
  assert.ok(readme.includes(`${rules.size} rules`), `README.md says ${rules.size} rules`);
  const example = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'examples', 'pulumi', 'README.md'), 'utf8');
  for (const [, id, name] of example.matchAll(/\b([A-Z]{2}-\d\d) `([a-z0-9-]+)`/g)) assert.equal(name, rules.get(id), `examples/pulumi/README.md: ${id}`);
});
