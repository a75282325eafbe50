'use strict';
// --fix and --fix-dry-run: findings' `fix` (RFC 6902 JSON Patch against the user's own document) applied to
// JSON inputs, keeping their layout (indentation, final newline, line endings). Fixes are applied in rounds:
// each round takes the fixes that touch disjoint parts of a document, applies them, and validates again, so
// that two fixes on one array never shift each other and a fix whose finding is gone is not applied twice.

const MAX_ROUNDS = 20;

class PatchError extends Error {}

function tokens(pointer) {
  if (pointer === '') return [];
  if (typeof pointer !== 'string' || !pointer.startsWith('/')) throw new PatchError(`"${pointer}" is not a JSON Pointer`);
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const isContainer = (v) => v !== null && typeof v === 'object';
const own = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

function index(array, token, allowEnd) {
  if (allowEnd && token === '-') return array.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new PatchError(`"${token}" is not an array index`);
  const i = Number(token);
  if (i > array.length || (!allowEnd && i === array.length)) throw new PatchError(`index ${i} is out of range`);
  return i;
}

/** The container holding the last token of `pointer`, and that token. */
function parentOf(doc, pointer) {
  const path = tokens(pointer);
  const last = path.pop();
  let node = doc;
  for (const token of path) {
    if (Array.isArray(node)) node = node[index(node, token, false)];
    else if (isContainer(node) && own(node, token)) node = node[token];
    else throw new PatchError(`${pointer}: the parent does not exist`);
  }
  if (!isContainer(node)) throw new PatchError(`${pointer}: the parent is not an object or array`);
  return [node, last];
}

function setOwn(object, key, value) {
  Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
}

function add(doc, pointer, value) {
  if (pointer === '') return value;
  const [parent, key] = parentOf(doc, pointer);
  if (Array.isArray(parent)) parent.splice(index(parent, key, true), 0, value);
  else setOwn(parent, key, value);
  return doc;
}

function remove(doc, pointer) {
  const [parent, key] = parentOf(doc, pointer);
  if (Array.isArray(parent)) return parent.splice(index(parent, key, false), 1)[0];
  if (!own(parent, key)) throw new PatchError(`${pointer} does not exist`);
  const value = parent[key];
  delete parent[key];
  return value;
}

/** Applies `ops` to `doc` in place (returns the document, which `add ""` may replace). */
function applyPatch(doc, ops) {
  let result = doc;
  for (const op of ops) {
    const copy = (v) => (v === undefined ? v : JSON.parse(JSON.stringify(v)));
    switch (op.op) {
      case 'add':
        result = add(result, op.path, copy(op.value));
        break;
      case 'replace': {
        if (op.path === '') return copy(op.value);
        const [parent, key] = parentOf(result, op.path);
        if (Array.isArray(parent)) parent[index(parent, key, false)] = copy(op.value);
        else if (own(parent, key)) setOwn(parent, key, copy(op.value));
        else throw new PatchError(`${op.path} does not exist`);
        break;
      }
      case 'remove':
        remove(result, op.path);
        break;
      case 'move':
        if (op.path.startsWith(`${op.from}/`)) throw new PatchError(`cannot move ${op.from} into itself`);
        result = add(result, op.path, remove(result, op.from));
        break;
      default:
        throw new PatchError(`unsupported operation ${JSON.stringify(op.op)}`);
    }
  }
  return result;
}

/** The parts of a document an operation changes: an array index shifts its siblings, so it owns the array. */
function touched(op) {
  const parentPath = (p) => p.slice(0, p.lastIndexOf('/'));
  const last = (p) => p.slice(p.lastIndexOf('/') + 1);
  const shifts = (p) => /^(\d+|-)$/.test(last(p)) && op.op !== 'replace';
  const paths = [shifts(op.path) ? parentPath(op.path) : op.path];
  if (op.op === 'move') paths.push(shifts(op.from) ? parentPath(op.from) : op.from, parentPath(op.path));
  return paths;
}

const overlaps = (a, b) => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);

/** Layout of a JSON text, to write it back the way it was: indentation, line ending, final newline. */
function layout(text) {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indented = text.match(/\n([ \t]+)\S/);
  const multiline = /\n/.test(text.trim());
  const indent = !multiline ? 0 : indented ? (indented[1].startsWith('\t') ? '\t' : indented[1].length) : 2;
  return { eol, indent, finalNewline: /\r?\n$/.test(text), bom: text.startsWith('\uFEFF') };
}

function serialise(doc, style) {
  let text = JSON.stringify(doc, null, style.indent);
  if (style.eol !== '\n') text = text.replace(/\n/g, style.eol);
  return (style.bom ? '\uFEFF' : '') + text + (style.finalNewline ? style.eol : '');
}

/** Whether fixes can be written back to this text: JSON only (YAML would lose its comments and layout). */
function fixable(text) {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (!(start.startsWith('{') || start.startsWith('['))) return false;
  try {
    JSON.parse(text.replace(/^\uFEFF/, ''));
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs the fix rounds over `inputs` ({ name, content }), validating with `validate(inputs) → report`.
 * Returns { inputs (with fixed contents), applied: Map(name → ops in order), skipped: names not writable, report }.
 */
function fixAll(inputs, validate) {
  let current = inputs.map((input) => ({ ...input }));
  const applied = new Map();
  const skipped = new Set();
  let report = validate(current);
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    let changed = false;
    const next = current.map((input) => {
      if (input.content === undefined) return input;
      const findings = report.findings.filter(
        (f) => f.resource.file === input.name && Array.isArray(f.fix) && f.fix.length > 0 && !f.suppressed && f.status === 'fail',
      );
      if (findings.length === 0) return input;
      if (!fixable(input.content)) {
        skipped.add(input.name);
        return input;
      }
      const style = layout(input.content);
      let doc = JSON.parse(input.content.replace(/^\uFEFF/, ''));
      const taken = [];
      const ops = [];
      for (const finding of findings) {
        const parts = finding.fix.flatMap(touched);
        if (parts.some((p) => taken.some((t) => overlaps(p, t)))) continue;
        try {
          doc = applyPatch(structuredClone(doc), finding.fix);
        } catch {
          continue; // A fix the document no longer fits (the core and the document disagree): leave it.
        }
        taken.push(...parts);
        ops.push(...finding.fix);
      }
      const content = serialise(doc, style);
      if (ops.length === 0 || content === input.content) return input;
      changed = true;
      applied.set(input.name, [...(applied.get(input.name) || []), ...ops]);
      return { ...input, content };
    });
    if (!changed) break;
    current = next;
    report = validate(current);
  }
  return { inputs: current, applied, skipped: [...skipped], report };
}

module.exports = { PatchError, applyPatch, fixAll, layout, serialise, fixable };
