// Positions in the editor's text. The core reports 1-based line/column with columns in Unicode scalar values;
// a textarea selects in UTF-16 code units. When a finding has no location (inputs whose reader does not
// keep positions yet), its JSON Pointer is located in JSON text here, so a click still lands on the value.

import { parsePointer } from './patch.js';

const isHighSurrogate = (code) => code >= 0xd800 && code <= 0xdbff;

function lineStartOffset(text, line) {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset;
}

export function lineEndOffset(text, offset) {
  const end = text.indexOf('\n', offset);
  return end < 0 ? text.length : end;
}

/** UTF-16 offset of a 1-based line and column (column counted in code points), clamped to that line. */
export function offsetAt(text, line, column) {
  const start = lineStartOffset(text, Math.max(1, line | 0));
  const end = lineEndOffset(text, start);
  let offset = start;
  for (let step = 1; step < column && offset < end; step++) {
    offset += isHighSurrogate(text.charCodeAt(offset)) && offset + 1 < end ? 2 : 1;
  }
  return offset;
}

/** 1-based line and code-point column of a UTF-16 offset. */
export function positionAt(text, offset) {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lineStart = before.lastIndexOf('\n') + 1;
  let line = 1;
  for (let i = before.indexOf('\n'); i >= 0; i = before.indexOf('\n', i + 1)) line++;
  return { line, column: [...before.slice(lineStart)].length + 1 };
}

export function lineCount(text) {
  let count = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

const WHITESPACE = ' \t\n\r';

function skipWhitespace(text, i) {
  while (i < text.length && WHITESPACE.includes(text[i])) i++;
  return i;
}

/** End (exclusive) of the quoted string starting at `i`, or -1. `quote` `'` is YAML's ('' escapes a quote). */
function scanQuoted(text, i, quote = '"') {
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (quote === '"' && c === '\\') j++;
    else if (c === quote) {
      if (quote === "'" && text[j + 1] === "'") j++;
      else return j + 1;
    }
  }
  return -1;
}

/** End (exclusive) of the JSON value (or YAML flow value) starting at `i`, or -1 when it does not close. */
export function scanValue(text, i) {
  const c = text[i];
  if (c === '"' || c === "'") return scanQuoted(text, i, c);
  if (c === '{' || c === '[') {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const d = text[j];
      if (d === '"') {
        j = scanQuoted(text, j) - 1;
        if (j < 0) return -1;
      } else if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return -1;
  }
  // A number, literal or YAML plain scalar: up to a flow delimiter, a comment or the end of the line.
  let j = i;
  while (j < text.length && !',]}\n\r'.includes(text[j]) && !(text[j] === '#' && j > i && /\s/.test(text[j - 1]))) j++;
  while (j > i && /\s/.test(text[j - 1])) j--;
  return j;
}

/** The range to select for a value starting at `offset`: the value, cut at the end of its first line. */
export function valueRange(text, offset) {
  const start = Math.max(0, Math.min(offset, text.length));
  const lineEnd = lineEndOffset(text, start);
  const end = scanValue(text, start);
  if (end <= start) return { start, end: lineEnd };
  return { start, end: Math.min(end, lineEnd) };
}

/**
 * Where the value at `pointer` is in a JSON text: `{ keyStart, valueStart, valueEnd }` (`keyStart` is null
 * for array elements and the root), or null when the text is not JSON or has no such value.
 */
export function locateSpan(text, pointer) {
  let tokens;
  try {
    tokens = parsePointer(pointer);
  } catch {
    return null;
  }
  let keyStart = null;
  let i = skipWhitespace(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  for (const token of tokens) {
    const found = text[i] === '{' ? findMember(text, i, token) : text[i] === '[' ? findElement(text, i, token) : null;
    if (!found) return null;
    ({ keyStart, valueStart: i } = found);
  }
  const valueEnd = scanValue(text, i);
  return valueEnd > i ? { keyStart, valueStart: i, valueEnd } : null;
}

/** UTF-16 offset where the value at `pointer` starts in a JSON text, or -1. */
export function locatePointer(text, pointer) {
  const span = locateSpan(text, pointer);
  return span ? span.valueStart : -1;
}

export { skipWhitespace };

// Scans the whole object: with duplicate keys the last one wins, as it does for the parser.
function findMember(text, i, wanted) {
  let found = null;
  i = skipWhitespace(text, i + 1);
  for (;;) {
    if (text[i] !== '"') return found;
    const keyStart = i;
    const keyEnd = scanQuoted(text, i);
    if (keyEnd < 0) return found;
    let key;
    try {
      key = JSON.parse(text.slice(i, keyEnd));
    } catch {
      return found;
    }
    i = skipWhitespace(text, keyEnd);
    if (text[i] !== ':') return found;
    i = skipWhitespace(text, i + 1);
    if (key === wanted) found = { keyStart, valueStart: i };
    const end = scanValue(text, i);
    if (end < 0) return found;
    i = skipWhitespace(text, end);
    if (text[i] !== ',') return found;
    i = skipWhitespace(text, i + 1);
  }
}

function findElement(text, i, token) {
  if (!/^(0|[1-9][0-9]*)$/.test(token)) return null;
  const index = Number(token);
  i = skipWhitespace(text, i + 1);
  for (let k = 0; ; k++) {
    if (text[i] === ']' || i >= text.length) return null;
    if (k === index) return { keyStart: null, valueStart: i };
    const end = scanValue(text, i);
    if (end < 0) return null;
    i = skipWhitespace(text, end);
    if (text[i] !== ',') return null;
    i = skipWhitespace(text, i + 1);
  }
}

/**
 * Where a finding or input error points in `text`: `{ start, end, line, column, exact }`, or null.
 * `exact` is false when the position was derived from the JSON Pointer rather than reported by the core.
 */
export function rangeOf(text, item) {
  let start;
  if (item.location && item.location.line > 0) start = offsetAt(text, item.location.line, item.location.column || 1);
  else if (typeof item.path === 'string') start = locatePointer(text, item.path);
  if (start === undefined || start < 0) return null;
  const { end } = valueRange(text, start);
  return { start, end, ...positionAt(text, start), exact: Boolean(item.location) };
}
