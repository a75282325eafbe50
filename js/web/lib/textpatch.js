// Applying a fix to the editor's JSON text with the smallest edit: only the patched values change, the rest
// of the user's formatting stays. Every result is checked against the patch applied to the parsed document;
// where the text edit cannot be made (or would differ), the document is written back whole instead.

import { locateSpan, skipWhitespace } from './locate.js';
import { applyPatch, deepEqual, formatPointer, getPointer, parsePointer, PatchError } from './patch.js';

/** Indentation unit of a JSON text (spaces, `\t`, or 0 for one-line JSON). */
export function detectIndent(text) {
  if (!/\n/.test(text.trim())) return text.trim() ? 0 : 2;
  const match = /\n([ \t]+)\S/.exec(text);
  if (!match) return 2;
  return match[1].startsWith('\t') ? '\t' : match[1].length;
}

const lineStart = (text, offset) => text.lastIndexOf('\n', offset - 1) + 1;
const indentAt = (text, offset) => /^[ \t]*/.exec(text.slice(lineStart(text, offset)))[0];
const onlySpaceBefore = (text, offset) => /^[ \t]*$/.test(text.slice(lineStart(text, offset), offset));

function lastNonSpace(text, offset) {
  let i = offset;
  while (i >= 0 && ' \t\n\r'.includes(text[i])) i--;
  return i;
}

/** JSON for a value: on one line, or over several lines indented from `indent`. */
function render(value, { inline, unit, indent }) {
  if (inline || unit === 0) return JSON.stringify(value, null, 1).replace(/\n */g, ' ');
  return JSON.stringify(value, null, unit).replace(/\n/g, '\n' + indent);
}

const splice = (text, start, end, insert = '') => text.slice(0, start) + insert + text.slice(end);

function mustLocate(text, pointer) {
  const span = locateSpan(text, pointer);
  if (!span) throw new Error(`cannot find ${pointer} in the text`);
  return span;
}

function replaceText(text, pointer, value, unit) {
  const span = mustLocate(text, pointer);
  const inline = !text.slice(span.valueStart, span.valueEnd).includes('\n');
  return splice(text, span.valueStart, span.valueEnd, render(value, { inline, unit, indent: indentAt(text, span.valueStart) }));
}

function removeText(text, pointer) {
  const span = mustLocate(text, pointer);
  const start = span.keyStart ?? span.valueStart;
  const after = skipWhitespace(text, span.valueEnd);
  if (text[after] === ',') {
    const next = skipWhitespace(text, after + 1);
    // An entry on lines of its own goes with its lines; one inside a line goes with its comma.
    if (onlySpaceBefore(text, start) && text.slice(after + 1, next).includes('\n')) return splice(text, lineStart(text, start), lineStart(text, next));
    return splice(text, start, next);
  }
  const before = lastNonSpace(text, start - 1);
  if (text[before] === ',') return splice(text, before, span.valueEnd);
  return splice(text, before + 1, after); // the only entry: leave `{}` or `[]`
}

function addText(text, doc, pointer, value, unit) {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) throw new Error('the whole document is replaced');
  const parentPointer = formatPointer(tokens.slice(0, -1));
  const key = tokens[tokens.length - 1];
  const parent = getPointer(doc, parentPointer);
  const span = mustLocate(text, parentPointer);
  if (!Array.isArray(parent) && Object.prototype.hasOwnProperty.call(parent, key)) return replaceText(text, pointer, value, unit);
  const open = span.valueStart;
  const close = span.valueEnd - 1;
  const multiLine = text.slice(open, close).includes('\n');
  const entry = (indent) => {
    const written = render(value, { inline: !multiLine, unit, indent });
    return Array.isArray(parent) ? written : `${JSON.stringify(key)}: ${written}`;
  };
  if (Array.isArray(parent) && key !== '-' && Number(key) < parent.length) {
    const next = mustLocate(text, `${parentPointer}/${key}`).valueStart;
    const indent = indentAt(text, next);
    const separator = multiLine && onlySpaceBefore(text, next) ? '\n' + indent : ' ';
    return splice(text, next, next, `${entry(indent)},${separator}`);
  }
  const last = lastNonSpace(text, close - 1);
  if (last === open) return splice(text, open + 1, close, entry(indentAt(text, open)));
  const indent = indentAt(text, last);
  return splice(text, last + 1, last + 1, `,${multiLine ? '\n' + indent : ' '}${entry(indent)}`);
}

function editText(text, operations, doc, unit) {
  let current = doc;
  for (const operation of operations) {
    const { op, path } = operation;
    if (op === 'replace') text = path === '' ? null : replaceText(text, path, operation.value, unit);
    else if (op === 'remove') text = removeText(text, path);
    else if (op === 'add') text = addText(text, current, path, operation.value, unit);
    else if (op === 'copy') text = addText(text, current, path, getPointer(current, operation.from), unit);
    else if (op === 'move' && operation.from !== path) {
      const value = getPointer(current, operation.from);
      text = removeText(text, operation.from);
      text = addText(text, applyPatch(current, [{ op: 'remove', path: operation.from }]), path, value, unit);
    }
    if (text === null) throw new Error('the whole document is replaced');
    current = applyPatch(current, [operation]);
  }
  return text;
}

/**
 * Applies a fix to a JSON text: `{ text, reformatted }`. Throws SyntaxError when the text is not JSON and
 * PatchError when the patch does not apply to it.
 */
export function applyPatchToText(text, operations) {
  const doc = JSON.parse(text);
  const patched = applyPatch(doc, operations);
  const unit = detectIndent(text);
  try {
    const edited = editText(text, operations, doc, unit);
    if (deepEqual(JSON.parse(edited), patched)) return { text: edited, reformatted: false };
  } catch (error) {
    if (error instanceof PatchError) throw error;
  }
  return { text: JSON.stringify(patched, null, unit) + (text.endsWith('\n') ? '\n' : ''), reformatted: true };
}
