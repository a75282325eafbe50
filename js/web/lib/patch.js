// RFC 6902 JSON Patch over RFC 6901 JSON Pointers, for the fix preview: findings carry `fix` as patch
// operations whose pointers address the user's own document. Pure functions; the input is never mutated.

export class PatchError extends Error {
  constructor(message, index) {
    super(index === undefined ? message : `operation ${index}: ${message}`);
    this.name = 'PatchError';
    this.index = index;
  }
}

/** `/a/b~1c` → ["a", "b/c"]; "" is the whole document. */
export function parsePointer(pointer) {
  if (typeof pointer !== 'string') throw new PatchError(`a JSON Pointer must be a string, got ${typeof pointer}`);
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchError(`JSON Pointer "${pointer}" must start with "/"`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => {
      if (/~[^01]|~$/.test(token)) throw new PatchError(`JSON Pointer "${pointer}" has an invalid escape`);
      return token.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

export function formatPointer(tokens) {
  return tokens.map((t) => '/' + String(t).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

const isContainer = (v) => v !== null && typeof v === 'object';
const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

function arrayIndex(array, token, { allowEnd }) {
  if (allowEnd && token === '-') return array.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new PatchError(`"${token}" is not an array index`);
  const index = Number(token);
  if (index > array.length || (!allowEnd && index === array.length)) throw new PatchError(`index ${index} is out of range`);
  return index;
}

/** The value at `pointer`, or `undefined` when there is none (never follows inherited properties). */
export function getPointer(doc, pointer) {
  let node = doc;
  for (const token of parsePointer(pointer)) {
    if (Array.isArray(node)) {
      if (!/^(0|[1-9][0-9]*)$/.test(token) || Number(token) >= node.length) return undefined;
      node = node[Number(token)];
    } else if (isContainer(node) && hasOwn(node, token)) {
      node = node[token];
    } else {
      return undefined;
    }
  }
  return node;
}

// Own data property even for keys like `__proto__`, which plain assignment would treat as the prototype.
function setOwn(object, key, value) {
  Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
}

function parentOf(doc, tokens, pointer) {
  const parent = getPointer(doc, formatPointer(tokens.slice(0, -1)));
  if (!isContainer(parent)) throw new PatchError(`the parent of "${pointer}" does not exist`);
  return parent;
}

function add(doc, pointer, value) {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const parent = parentOf(doc, tokens, pointer);
  const key = tokens[tokens.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, { allowEnd: true }), 0, value);
  else setOwn(parent, key, value);
  return doc;
}

function remove(doc, pointer) {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) throw new PatchError('cannot remove the whole document');
  const parent = parentOf(doc, tokens, pointer);
  const key = tokens[tokens.length - 1];
  if (Array.isArray(parent)) return { doc, removed: parent.splice(arrayIndex(parent, key, { allowEnd: false }), 1)[0] };
  if (!hasOwn(parent, key)) throw new PatchError(`"${pointer}" does not exist`);
  const removed = parent[key];
  delete parent[key];
  return { doc, removed };
}

// In place, so the member keeps its position when the document is written back.
function replace(doc, pointer, value) {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const parent = parentOf(doc, tokens, pointer);
  const key = tokens[tokens.length - 1];
  if (Array.isArray(parent)) parent[arrayIndex(parent, key, { allowEnd: false })] = value;
  else if (hasOwn(parent, key)) setOwn(parent, key, value);
  else throw new PatchError(`"${pointer}" does not exist`);
  return doc;
}

function deepEqual(a, b) {
  if (a === b) return true;
  if (!isContainer(a) || !isContainer(b) || Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => hasOwn(b, k) && deepEqual(a[k], b[k]));
}

const clone = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

/** Applies every operation to a copy of `doc`, all or nothing; throws PatchError naming the failing operation. */
export function applyPatch(doc, operations) {
  if (!Array.isArray(operations)) throw new PatchError('a JSON Patch must be an array of operations');
  let result = clone(doc);
  operations.forEach((operation, index) => {
    try {
      if (!isContainer(operation)) throw new PatchError('an operation must be an object');
      const { op, path } = operation;
      const needValue = () => {
        if (!hasOwn(operation, 'value')) throw new PatchError(`"${op}" needs a value`);
        return clone(operation.value);
      };
      switch (op) {
        case 'add':
          result = add(result, path, needValue());
          break;
        case 'remove':
          result = remove(result, path).doc;
          break;
        case 'replace':
          result = replace(result, path, needValue());
          break;
        case 'move': {
          const { from } = operation;
          if (getPointer(result, from) === undefined) throw new PatchError(`"${from}" does not exist`);
          if (path === from) break;
          if (path.startsWith(from + '/') || from === '') throw new PatchError(`cannot move "${from}" into itself`);
          const { doc, removed } = remove(result, from);
          result = add(doc, path, removed);
          break;
        }
        case 'copy': {
          const value = getPointer(result, operation.from);
          if (value === undefined) throw new PatchError(`"${operation.from}" does not exist`);
          result = add(result, path, clone(value));
          break;
        }
        case 'test':
          if (!deepEqual(getPointer(result, path), operation.value)) throw new PatchError(`test failed at "${path}"`);
          break;
        default:
          throw new PatchError(`unknown op "${op}"`);
      }
    } catch (error) {
      if (error instanceof PatchError && error.index === undefined) throw new PatchError(error.message, index);
      throw error;
    }
  });
  return result;
}

/** The patch operations of a finding, or null: `fix` is an RFC 6902 array (an object wrapping one is tolerated). */
export function fixOperations(finding) {
  const fix = finding && finding.fix;
  if (Array.isArray(fix)) return fix.length ? fix : null;
  if (fix && Array.isArray(fix.patch) && fix.patch.length) return fix.patch;
  return null;
}

export { deepEqual };
