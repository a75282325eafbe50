'use strict';
// The JSON Patch applier behind remediateResource: RFC 6902 operations, pointers into JSON-encoded strings
// (Pulumi classic containerDefinitions), secrets kept in their boxes, and no partial application.
const test = require('node:test');
const assert = require('node:assert/strict');
const { Secret } = require('@pulumi/policy');
const { applyPatch, fixOperations, parsePointer, PatchError } = require('../patch');

test('parsePointer follows RFC 6901 escapes', () => {
  assert.deepEqual(parsePointer(''), []);
  assert.deepEqual(parsePointer('/a~1b/c~0d/0'), ['a/b', 'c~d', '0']);
  assert.throws(() => parsePointer('a'), PatchError);
  assert.throws(() => parsePointer('/a~2'), PatchError);
});

test('add, remove, replace, move, copy and test as RFC 6902 says', () => {
  const doc = { a: 1, list: ['x', 'y'], nested: { keep: true } };
  const out = applyPatch(doc, [
    { op: 'test', path: '/a', value: 1 },
    { op: 'replace', path: '/a', value: 2 },
    { op: 'add', path: '/list/1', value: 'inserted' },
    { op: 'add', path: '/list/-', value: 'last' },
    { op: 'remove', path: '/list/0' },
    { op: 'copy', from: '/nested', path: '/copied' },
    { op: 'move', from: '/nested/keep', path: '/kept' },
    { op: 'add', path: '/new~1key', value: { deep: [1] } },
  ]);
  assert.deepEqual(out, { a: 2, list: ['inserted', 'y', 'last'], nested: {}, copied: { keep: true }, kept: true, 'new/key': { deep: [1] } });
  assert.deepEqual(doc, { a: 1, list: ['x', 'y'], nested: { keep: true } }, 'the input is not modified');
});

test('a failing operation leaves nothing applied', () => {
  const doc = { a: 1 };
  assert.throws(() => applyPatch(doc, [{ op: 'replace', path: '/a', value: 2 }, { op: 'test', path: '/a', value: 1 }]), PatchError);
  assert.throws(() => applyPatch(doc, [{ op: 'remove', path: '/missing' }]), PatchError);
  assert.throws(() => applyPatch(doc, [{ op: 'replace', path: '/missing', value: 1 }]), PatchError);
  assert.throws(() => applyPatch(doc, [{ op: 'add', path: '/a/b', value: 1 }]), PatchError);
  assert.throws(() => applyPatch({ l: [] }, [{ op: 'add', path: '/l/2', value: 1 }]), PatchError);
  assert.throws(() => applyPatch(doc, [{ op: 'frobnicate', path: '/a' }]), PatchError);
  assert.throws(() => applyPatch(doc, [{ op: 'add', path: '/b' }]), PatchError, 'add needs a value');
  assert.throws(() => applyPatch(doc, [{ op: 'remove', path: '' }]), PatchError);
  assert.deepEqual(doc, { a: 1 });
});

test('a pointer continues into a JSON-encoded string (Pulumi classic containerDefinitions)', () => {
  const containerDefinitions = JSON.stringify([{ name: 'web', privileged: true, linuxParameters: { capabilities: { add: ['SYS_ADMIN', 'SYS_PTRACE'] } } }]);
  const props = { family: 'app', containerDefinitions };
  const out = applyPatch(props, [
    { op: 'remove', path: '/containerDefinitions/0/linuxParameters/capabilities/add/0' },
    { op: 'replace', path: '/containerDefinitions/0/privileged', value: false },
    { op: 'add', path: '/containerDefinitions/0/readonlyRootFilesystem', value: true },
  ]);
  assert.equal(typeof out.containerDefinitions, 'string');
  assert.deepEqual(JSON.parse(out.containerDefinitions), [
    { name: 'web', privileged: false, linuxParameters: { capabilities: { add: ['SYS_PTRACE'] } }, readonlyRootFilesystem: true },
  ]);
  assert.equal(props.containerDefinitions, containerDefinitions);
  // Reading through a string (test) does not re-encode it.
  const spaced = { s: '[ 1,  2 ]' };
  assert.equal(applyPatch(spaced, [{ op: 'test', path: '/s/1', value: 2 }]).s, '[ 1,  2 ]');
  assert.throws(() => applyPatch({ s: 'not json' }, [{ op: 'remove', path: '/s/0' }]), PatchError);
});

test('secrets stay secret: writes go into the box, boxes move with their elements', () => {
  const props = {
    containerDefinitions: new Secret(JSON.stringify([{ name: 'web', privileged: true }])),
    tags: [new Secret('a'), 'b'],
  };
  const out = applyPatch(props, [
    { op: 'replace', path: '/containerDefinitions/0/privileged', value: false },
    { op: 'add', path: '/tags/0', value: 'first' },
  ]);
  assert.ok(out.containerDefinitions instanceof Secret, 'the patched string is still a Secret');
  assert.deepEqual(JSON.parse(out.containerDefinitions.value), [{ name: 'web', privileged: false }]);
  assert.equal(out.tags[0], 'first');
  assert.ok(out.tags[1] instanceof Secret && out.tags[1].value === 'a');
  assert.notEqual(out.containerDefinitions, props.containerDefinitions, 'boxes are copied, not shared');
  assert.equal(JSON.parse(props.containerDefinitions.value)[0].privileged, true);
});

test('fixOperations reads a finding fix (array or { patch })', () => {
  const ops = [{ op: 'remove', path: '/a' }];
  assert.equal(fixOperations({ fix: ops }), ops);
  assert.equal(fixOperations({ fix: { patch: ops } }), ops);
  assert.equal(fixOperations({ fix: [] }), undefined);
  assert.equal(fixOperations({}), undefined);
});
