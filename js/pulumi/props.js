'use strict';
// Turns what the Pulumi policy engine hands a policy into plain JSON the wasm core can read.
//
// During `pulumi preview` the engine wraps props in `unknownCheckingProxy` (@pulumi/policy proxy.ts): reading a
// value that is not known yet throws `UnknownValueError`; only `get` is trapped, so `Object.keys` works while
// `JSON.stringify`, spread and `Object.entries` throw. Handing such a proxy to wasm would unwind the exception
// through wasm frames (formats.md §1.3), so props are copied here first, one guarded read at a time, and every
// value that cannot be read becomes the engine's own unknown sentinel string, which the core reads as Unknown.

/** The engine's unknown sentinels (@pulumi/policy proxy.ts); the core treats any of them as Unknown. */
const SENTINELS = Object.freeze({
  string: '04da6b54-80e4-46f7-96ec-b56ff0331ba9',
  boolean: '1c4a061d-8072-4f0a-a4cb-0ff528b18fe7',
  number: '3eeb2bf0-c639-47a8-9e75-3b44932eb421',
  array: '6a19a0b0-7e62-4c92-b797-7f8e31da9cc2',
  object: 'dd056dcd-154b-4c76-9bd3-c8f88648b5ff',
  asset: '030794c1-ac77-496b-92df-f27374a8bd58',
  archive: 'e48ece36-62e2-4504-bad9-02848725956a',
});
const SENTINEL_VALUES = new Set(Object.values(SENTINELS));

// Props come from a protobuf Struct, so they are trees; this only stops a hostile or buggy object graph.
const MAX_DEPTH = 128;

// `@pulumi/policy` proxies answer this property with their target (proxy.ts `getSpecialProxyTarget`, internal).
const PROXY_TARGET = '__getSpecialProxyTarget';

function isSentinel(value) {
  return typeof value === 'string' && SENTINEL_VALUES.has(value);
}

/** The sentinel to write for a read that threw: the engine's own when it says which, else the string one. */
function sentinelFor(error) {
  const own = error && error.unknownTypeSentinel;
  return isSentinel(own) ? own : SENTINELS.string;
}

/**
 * `@pulumi/policy`'s `Secret` box (remediation props keep secrets boxed so that written values stay secret).
 * Recognised by shape, so this module needs no particular copy of @pulumi/policy.
 */
function isSecretBox(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    && value.constructor !== undefined && value.constructor !== Object && value.constructor.name === 'Secret'
    && Object.prototype.hasOwnProperty.call(value, 'value');
}

/** Reads `obj[key]`; a throwing read (an unknown during preview, or any broken getter) yields a sentinel. */
function guardedRead(obj, key, unknowns, path) {
  try {
    return { value: obj[key] };
  } catch (error) {
    unknowns.push(path);
    return { value: sentinelFor(error), unknown: true };
  }
}

function escapeToken(key) {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

function copy(value, unknowns, path, depth) {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') {
    if (isSentinel(value)) unknowns.push(path);
    return value;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'object') return undefined; // functions, symbols, undefined, bigint: not JSON data
  if (depth >= MAX_DEPTH) {
    unknowns.push(path);
    return SENTINELS.object;
  }
  if (isSecretBox(value)) {
    const inner = guardedRead(value, 'value', unknowns, path);
    return inner.unknown ? inner.value : copy(inner.value, unknowns, path, depth + 1);
  }
  if (Array.isArray(value)) {
    const length = guardedRead(value, 'length', unknowns, path);
    if (length.unknown || typeof length.value !== 'number') return SENTINELS.array;
    const out = [];
    for (let i = 0; i < length.value; i += 1) {
      const itemPath = `${path}/${i}`;
      const item = guardedRead(value, i, unknowns, itemPath);
      const plain = item.unknown ? item.value : copy(item.value, unknowns, itemPath, depth + 1);
      out.push(plain === undefined ? null : plain);
    }
    return out;
  }
  let keys;
  try {
    keys = Object.keys(value);
  } catch (error) {
    unknowns.push(path);
    return sentinelFor(error);
  }
  const out = {};
  for (const key of keys) {
    const keyPath = `${path}/${escapeToken(key)}`;
    const item = guardedRead(value, key, unknowns, keyPath);
    const plain = item.unknown ? item.value : copy(item.value, unknowns, keyPath, depth + 1);
    // The engine drops keys whose value is undefined (deserialize.ts); do the same.
    if (plain !== undefined) out[key] = plain;
  }
  return out;
}

/**
 * A plain JSON copy of resource props (proxied or not) and the JSON Pointers of the values that are not known
 * yet. Never throws.
 */
function toPlain(props) {
  const unknowns = [];
  const value = copy(props, unknowns, '', 0);
  return { value: value === undefined ? {} : value, unknowns };
}

/**
 * The object under `@pulumi/policy`'s proxies (unknown-checking and secret-preserving), with secrets still in
 * their boxes; the object itself when it is not such a proxy.
 */
function unwrapProxy(props) {
  let current = props;
  for (let i = 0; i < 4 && current !== null && typeof current === 'object'; i += 1) {
    let target;
    try {
      target = current[PROXY_TARGET];
    } catch {
      return current;
    }
    if (target === undefined || target === current || target === null || typeof target !== 'object') return current;
    current = target;
  }
  return current;
}

module.exports = { SENTINELS, isSecretBox, toPlain, unwrapProxy };
