'use strict';
// RFC 6902 JSON Patch for resource props, as findings' `fix` carries it (design.md §3).
//
// Two things beyond the RFC, both needed for Pulumi props:
// - A pointer may continue *into* a JSON-encoded string: Pulumi classic `containerDefinitions` is a string, and
//   the core points into it (`/containerDefinitions` + `/0/privileged`). `/containerDefinitions/0/privileged`
//   therefore decodes the string, patches it and encodes it again.
// - Remediation props hold secrets in `Secret` boxes; a value written where a secret was is written into the
//   box, so it stays secret (as @pulumi/policy's secretsPreservingProxy does), and a box moves with its element.
// The document is never modified: `applyPatch` patches a deep copy and returns it, or throws a PatchError and
// leaves nothing half-applied.

const { isSecretBox } = require('./props');

class PatchError extends Error {
  constructor(message) {
    super(message);
    this.name = 'PatchError';
  }
}

/** RFC 6901 tokens of a JSON Pointer (`""` is the whole document). */
function parsePointer(pointer) {
  if (typeof pointer !== 'string') throw new PatchError('a path must be a string JSON Pointer');
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchError(`"${pointer}" is not a JSON Pointer (it must start with "/")`);
  return pointer.slice(1).split('/').map((token) => {
    if (/~[^01]|~$/.test(token)) throw new PatchError(`"${pointer}" has an invalid ~ escape`);
    return token.replace(/~1/g, '/').replace(/~0/g, '~');
  });
}

function unbox(value) {
  return isSecretBox(value) ? value.value : value;
}

/** A deep copy keeping secret boxes (as new boxes of the same class) and other non-plain objects by reference. */
function cloneTree(value) {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(cloneTree);
  if (isSecretBox(value)) {
    const box = Object.create(Object.getPrototypeOf(value));
    for (const key of Object.keys(value)) box[key] = key === 'value' ? cloneTree(value.value) : value[key];
    return box;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value; // assets, archives: opaque
  const out = {};
  for (const key of Object.keys(value)) out[key] = cloneTree(value[key]);
  return out;
}

function deepEqual(a, b) {
  const x = unbox(a);
  const y = unbox(b);
  if (x === y) return true;
  if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') return false;
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  if (Array.isArray(x)) return x.length === y.length && x.every((item, i) => deepEqual(item, y[i]));
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length
    && keys.every((key) => Object.prototype.hasOwnProperty.call(y, key) && deepEqual(x[key], y[key]));
}

function isContainer(value) {
  return value !== null && typeof value === 'object' && !isSecretBox(value);
}

/** The array index a token names; `allowEnd` accepts `-` and `length` (where `add` appends). */
function arrayIndex(array, token, allowEnd) {
  if (token === '-' && allowEnd) return array.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new PatchError(`"${token}" is not an array index`);
  const index = Number(token);
  if (index > array.length || (index === array.length && !allowEnd)) {
    throw new PatchError(`index ${index} is out of range (length ${array.length})`);
  }
  return index;
}

function hasChild(container, token) {
  if (Array.isArray(container)) return /^(0|[1-9][0-9]*)$/.test(token) && Number(token) < container.length;
  return Object.prototype.hasOwnProperty.call(container, token);
}

/** Writes a value where one may already be, keeping a secret box that is there. */
function write(container, key, value) {
  if (isSecretBox(container[key])) container[key].value = value;
  else container[key] = value;
}

/**
 * Calls `leaf(parent, lastToken)` on the container that holds the pointer's last token, decoding (and, when
 * `mutates`, re-encoding) JSON strings met on the way.
 */
function visit(container, tokens, where, mutates, leaf) {
  const [head, ...rest] = tokens;
  if (rest.length === 0) return leaf(container, head);
  if (!hasChild(container, head)) throw new PatchError(`${where}: "${head}" does not exist`);
  const key = Array.isArray(container) ? Number(head) : head;
  const child = unbox(container[key]);
  if (typeof child === 'string') {
    let decoded;
    try {
      decoded = JSON.parse(child);
    } catch {
      throw new PatchError(`${where}: "${head}" is a string that is not JSON`);
    }
    if (!isContainer(decoded)) throw new PatchError(`${where}: "${head}" does not hold a JSON object or array`);
    const result = visit(decoded, rest, where, mutates, leaf);
    if (mutates) write(container, key, JSON.stringify(decoded));
    return result;
  }
  if (!isContainer(child)) throw new PatchError(`${where}: "${head}" is not an object or array`);
  return visit(child, rest, where, mutates, leaf);
}

function getValue(doc, pointer) {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return doc;
  return visit(doc, tokens, pointer, false, (parent, token) => {
    if (!hasChild(parent, token)) throw new PatchError(`${pointer} does not exist`);
    return parent[Array.isArray(parent) ? Number(token) : token];
  });
}

/** Removes and returns the value at a non-root pointer. */
function removeValue(doc, pointer) {
  return visit(doc, parsePointer(pointer), pointer, true, (parent, token) => {
    if (!hasChild(parent, token)) throw new PatchError(`${pointer} does not exist`);
    if (Array.isArray(parent)) return parent.splice(Number(token), 1)[0];
    const old = parent[token];
    delete parent[token];
    return old;
  });
}

function addValue(doc, pointer, value) {
  visit(doc, parsePointer(pointer), pointer, true, (parent, token) => {
    if (Array.isArray(parent)) parent.splice(arrayIndex(parent, token, true), 0, value);
    else write(parent, token, value);
  });
}

function replaceValue(doc, pointer, value) {
  visit(doc, parsePointer(pointer), pointer, true, (parent, token) => {
    if (!hasChild(parent, token)) throw new PatchError(`${pointer} does not exist`);
    write(parent, Array.isArray(parent) ? Number(token) : token, value);
  });
}

function applyOperation(doc, op) {
  if (op === null || typeof op !== 'object') throw new PatchError('an operation must be an object');
  const { path } = op;
  const root = parsePointer(path).length === 0;
  const needsValue = op.op === 'add' || op.op === 'replace' || op.op === 'test';
  if (needsValue && !Object.prototype.hasOwnProperty.call(op, 'value')) throw new PatchError(`${op.op} ${path}: no value`);
  switch (op.op) {
    case 'add':
      if (root) return cloneTree(op.value);
      addValue(doc, path, cloneTree(op.value));
      return doc;
    case 'replace':
      if (root) return cloneTree(op.value);
      replaceValue(doc, path, cloneTree(op.value));
      return doc;
    case 'remove':
      if (root) throw new PatchError('remove: cannot remove the whole document');
      removeValue(doc, path);
      return doc;
    case 'test':
      if (!deepEqual(getValue(doc, path), op.value)) throw new PatchError(`test ${path}: the value differs`);
      return doc;
    case 'copy':
    case 'move': {
      if (typeof op.from !== 'string') throw new PatchError(`${op.op} ${path}: no "from" pointer`);
      if (op.op === 'move' && (path === op.from || path.startsWith(`${op.from}/`))) {
        if (path === op.from) return doc;
        throw new PatchError(`move ${path}: cannot move a value into itself`);
      }
      const value = op.op === 'move' ? removeValue(doc, op.from) : cloneTree(getValue(doc, op.from));
      if (root) return value;
      addValue(doc, path, value);
      return doc;
    }
    default:
      throw new PatchError(`unknown operation ${JSON.stringify(op.op)}`);
  }
}

/** Applies RFC 6902 operations to a deep copy of `doc` and returns the copy; throws PatchError. */
function applyPatch(doc, operations) {
  if (!Array.isArray(operations)) throw new PatchError('a patch must be an array of operations');
  let result = cloneTree(doc);
  for (const op of operations) result = applyOperation(result, op);
  return result;
}

/** The operations of a finding's `fix` (an array, or an object holding one as `patch`), or undefined. */
function fixOperations(finding) {
  const fix = finding && finding.fix;
  if (Array.isArray(fix)) return fix.length > 0 ? fix : undefined;
  if (fix && Array.isArray(fix.patch) && fix.patch.length > 0) return fix.patch;
  return undefined;
}

module.exports = { PatchError, applyPatch, fixOperations, parsePointer };
