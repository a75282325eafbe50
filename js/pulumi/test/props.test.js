'use strict';
// Props as the engine hands them over: during preview wrapped in unknownCheckingProxy, whose reads of unknown
// values throw. The copy must read everything it can, turn each unknown into a sentinel, and never throw.
const test = require('node:test');
const assert = require('node:assert/strict');
const { unknownCheckingProxy, UnknownValueError, Secret } = require('@pulumi/policy');
const { SENTINELS, toPlain, unwrapProxy } = require('../props');

test('the sentinels are the ones @pulumi/policy uses', () => {
  const proxy = unknownCheckingProxy({ s: SENTINELS.string, b: SENTINELS.boolean, n: SENTINELS.number, a: SENTINELS.array, o: SENTINELS.object });
  for (const key of ['s', 'b', 'n', 'a', 'o']) assert.throws(() => proxy[key], UnknownValueError);
});

test('a proxied value with unknowns at several depths becomes plain JSON with sentinels', () => {
  const props = unknownCheckingProxy({
    family: 'app',
    cpu: '256',
    containerDefinitions: SENTINELS.string,
    volumes: [{ name: 'data', efsVolumeConfiguration: { fileSystemId: SENTINELS.string, transitEncryption: 'ENABLED' } }],
    tags: SENTINELS.object,
    requiresCompatibilities: SENTINELS.array,
  });
  assert.throws(() => JSON.stringify(props), UnknownValueError, 'the proxy cannot be serialised directly');
  const { value, unknowns } = toPlain(props);
  assert.deepEqual(value, {
    family: 'app',
    cpu: '256',
    containerDefinitions: SENTINELS.string,
    volumes: [{ name: 'data', efsVolumeConfiguration: { fileSystemId: SENTINELS.string, transitEncryption: 'ENABLED' } }],
    tags: SENTINELS.object,
    requiresCompatibilities: SENTINELS.array,
  });
  assert.deepEqual(unknowns.sort(), ['/containerDefinitions', '/requiresCompatibilities', '/tags', '/volumes/0/efsVolumeConfiguration/fileSystemId']);
  assert.doesNotThrow(() => JSON.stringify(value));
});

test('a read that throws anything else is also unknown, and nothing escapes', () => {
  const hostile = {};
  Object.defineProperty(hostile, 'bad', { enumerable: true, get() { throw new TypeError('boom'); } });
  hostile.good = 1;
  hostile.fn = () => 1;
  hostile.undef = undefined;
  hostile.nan = NaN;
  const { value, unknowns } = toPlain(hostile);
  assert.deepEqual(value, { bad: SENTINELS.string, good: 1, nan: null });
  assert.deepEqual(unknowns, ['/bad']);
  const deep = {};
  let at = deep;
  for (let i = 0; i < 500; i += 1) at = (at.next = {});
  assert.doesNotThrow(() => toPlain(deep));
});

test('secret boxes are unwrapped for reading, and unwrapProxy reaches the boxed object', () => {
  const raw = { containerDefinitions: new Secret('[{"name":"web"}]'), cpu: '256' };
  assert.deepEqual(toPlain(raw).value, { containerDefinitions: '[{"name":"web"}]', cpu: '256' });
  const proxied = unknownCheckingProxy(raw);
  assert.equal(unwrapProxy(proxied), raw);
  const plain = { a: 1 };
  assert.equal(unwrapProxy(plain), plain);
});
