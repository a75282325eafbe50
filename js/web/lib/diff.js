// A line diff for the fix preview. Fixes touch a few lines, so after trimming the common head and tail the
// middle is small; an LCS table over it is enough (larger middles are shown as replaced whole).

const MAX_CELLS = 250_000;

/** `[{ type: ' ' | '-' | '+', text, oldLine?, newLine? }]` for every line of both texts. */
export function diffLines(before, after) {
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const middle = [];
  if (x.length * y.length > MAX_CELLS) {
    for (const text of x) middle.push({ type: '-', text });
    for (const text of y) middle.push({ type: '+', text });
  } else {
    // lcs[i][j]: longest common subsequence of x[i..] and y[j..].
    const lcs = Array.from({ length: x.length + 1 }, () => new Uint32Array(y.length + 1));
    for (let i = x.length - 1; i >= 0; i--)
      for (let j = y.length - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    let i = 0;
    let j = 0;
    while (i < x.length || j < y.length) {
      if (i < x.length && j < y.length && x[i] === y[j]) {
        middle.push({ type: ' ', text: x[i++] });
        j++;
      } else if (i < x.length && (j === y.length || lcs[i + 1][j] >= lcs[i][j + 1])) middle.push({ type: '-', text: x[i++] });
      else middle.push({ type: '+', text: y[j++] });
    }
  }
  const lines = [...a.slice(0, head).map((text) => ({ type: ' ', text })), ...middle, ...a.slice(a.length - tail).map((text) => ({ type: ' ', text }))];
  let oldLine = 1;
  let newLine = 1;
  for (const line of lines) {
    if (line.type !== '+') line.oldLine = oldLine++;
    if (line.type !== '-') line.newLine = newLine++;
  }
  return lines;
}

/** Changed lines with `context` unchanged lines around them; gaps become `{ type: '…' }`. */
export function hunks(lines, context = 2) {
  const keep = new Array(lines.length).fill(false);
  lines.forEach((line, index) => {
    if (line.type === ' ') return;
    for (let k = Math.max(0, index - context); k <= Math.min(lines.length - 1, index + context); k++) keep[k] = true;
  });
  const out = [];
  lines.forEach((line, index) => {
    if (keep[index]) out.push(line);
    else if (out.length === 0 || out[out.length - 1].type !== '…') out.push({ type: '…', text: '' });
  });
  return out;
}
