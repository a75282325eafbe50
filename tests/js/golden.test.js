'use strict';
// Native/wasm parity: the wasm build must produce, byte for byte, the golden reports that tests/golden.rs
// checks (and BLESS=1 writes) natively, through the same JSON renderer.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { root, loadApi, goldenInputs, goldenPath } = require('./helpers');

const api = loadApi();
const inputs = goldenInputs();

test('there are golden inputs', () => {
  assert.ok(inputs.some((i) => i.startsWith('examples/')));
});

for (const input of inputs) {
  test(`wasm report equals the golden report: ${input}`, () => {
    const golden = goldenPath(input);
    assert.ok(fs.existsSync(golden), `no golden report for ${input}: run BLESS=1 cargo test --test golden`);
    const expected = fs.readFileSync(golden, 'utf8');
    const content = fs.readFileSync(path.join(root, input), 'utf8');
    // The Rust JSON renderer, run in wasm.
    assert.equal(`${api.renderFiles([{ name: input, content }], 'json').rendered}\n`, expected);
    // The JS objects hold exactly the same data, in the same key order.
    assert.equal(`${JSON.stringify(api.validate(content, { fileName: input }), null, 2)}\n`, expected);
  });
}
