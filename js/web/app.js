// The checker page: an editor whose findings update as you type. Plain DOM, no framework; every text that
// comes from the input or the report is set with textContent, never parsed as HTML.

import init, { Engine, rules as ruleCatalogue, version } from '../../pkg/web/fargate_guard.js';
import { EXAMPLE, EXAMPLE_NAME } from './example.js';
import { diffLines, hunks } from './lib/diff.js';
import { cleanResources, detectedFormats, organise } from './lib/findings.js';
import { lineCount, positionAt, rangeOf } from './lib/locate.js';
import { fixOperations } from './lib/patch.js';
import { toSarif } from './lib/sarif.js';
import { applyPatchToText } from './lib/textpatch.js';
import { engineConfig, defaults, loadSettings, saveSettings, STORAGE_KEY } from './lib/settings.js';

const FORMAT_NAMES = {
  'aws-api': 'AWS API JSON',
  cloudformation: 'CloudFormation',
  'terraform-plan': 'Terraform plan JSON',
  pulumi: 'Pulumi',
};
const MAX_FILE_BYTES = 16 * 1024 * 1024;

const $ = (id) => document.getElementById(id);
const ui = {
  editor: $('editor'),
  gutter: $('gutter'),
  dropZone: $('drop-zone'),
  fileInput: $('file-input'),
  fileName: $('file-name'),
  cursor: $('cursor'),
  notice: $('notice'),
  format: $('format'),
  detected: $('detected'),
  summary: $('summary'),
  callError: $('call-error'),
  errorsSection: $('errors-section'),
  errors: $('errors'),
  findings: $('findings'),
  undecidedSection: $('undecided-section'),
  undecided: $('undecided'),
  suppressedSection: $('suppressed-section'),
  suppressed: $('suppressed'),
  clean: $('clean'),
  minSeverity: $('min-severity'),
  exportJson: $('export-json'),
  exportSarif: $('export-sarif'),
  settingsNote: $('settings-note'),
  ruleSearch: $('rule-search'),
  rulesCount: $('rules-count'),
  rules: $('rules'),
  fixDialog: $('fix-dialog'),
  fixSubject: $('fix-subject'),
  fixOps: $('fix-ops'),
  fixProblem: $('fix-problem'),
  fixDiff: $('fix-diff'),
  fixApply: $('fix-apply'),
};

const state = {
  catalogue: [],
  settings: defaults(),
  engine: null,
  fileName: 'input',
  format: '', // the format override, for this visit only
  report: null,
  reportText: '',
  timer: 0,
  gutterKey: '',
  marks: new Map(),
  pendingFix: null,
};

// ---------- small DOM helpers ----------

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}

/** Text with `backticked` parts shown as code, as rule texts are written. */
function richText(text) {
  const fragment = document.createDocumentFragment();
  String(text || '')
    .split('`')
    .forEach((part, index) => fragment.append(index % 2 ? el('code', { text: part }) : document.createTextNode(part)));
  return fragment;
}

const badge = (severity) => el('span', { class: `badge sev-${severity}`, text: severity });

function externalLink(href, text) {
  return el('a', { href, text, target: '_blank', rel: 'noopener noreferrer' });
}

// ---------- the engine ----------

function buildEngine() {
  if (state.engine) state.engine.free();
  state.engine = null;
  try {
    state.engine = new Engine(engineConfig(state.settings));
  } catch (error) {
    ui.settingsNote.textContent = `These settings were not accepted (${error.message}); checking with the defaults.`;
    state.engine = new Engine();
  }
}

/** A short message about the last thing the user did (file loading, fixes). */
function notify(message) {
  ui.notice.textContent = message;
}

function showCallError(message) {
  ui.callError.hidden = !message;
  ui.callError.textContent = message || '';
}

function schedule() {
  clearTimeout(state.timer);
  // Large plans take longer to check: wait a little more between keystrokes.
  const delay = ui.editor.value.length > 1_000_000 ? 750 : 250;
  state.timer = setTimeout(check, delay);
  document.body.dataset.pending = 'true';
}

/** Checks the editor's text now; the report always describes `state.reportText`. */
function check() {
  clearTimeout(state.timer);
  // For tests and tools: "false" once the findings shown describe the editor's text.
  document.body.dataset.pending = 'false';
  if (!state.engine) return;
  const text = ui.editor.value;
  state.reportText = text;
  if (!text.trim()) {
    state.report = null;
    render();
    return;
  }
  try {
    const options = { fileName: state.fileName };
    if (state.format) options.format = state.format;
    state.report = state.engine.validate(text, options);
    showCallError(null);
  } catch (error) {
    state.report = null;
    showCallError(`The checker refused this input: ${error.message}`);
  }
  render();
}

function ensureCurrent() {
  if (ui.editor.value !== state.reportText) check();
}

// ---------- rendering the report ----------

function render() {
  const report = state.report;
  const text = state.reportText;
  ui.exportJson.disabled = ui.exportSarif.disabled = !report;
  renderDetected(report);
  ui.findings.replaceChildren();
  ui.errors.replaceChildren();
  ui.undecided.replaceChildren();
  ui.suppressed.replaceChildren();
  ui.errorsSection.hidden = ui.undecidedSection.hidden = ui.suppressedSection.hidden = ui.clean.hidden = true;
  const marks = new Map();
  if (!report) {
    ui.summary.textContent = text.trim() ? 'No report.' : 'Paste a definition, open or drop a file, or load the example.';
    renderGutter(marks);
    return;
  }

  const { failing, undecided, suppressed, hidden } = organise(report, { minSeverity: state.settings.minSeverity });
  const mark = (range, kind) => {
    if (range && !marks.has(range.line)) marks.set(range.line, kind);
  };

  if (report.errors.length) {
    ui.errorsSection.hidden = false;
    for (const error of report.errors) {
      const range = rangeOf(text, error);
      mark(range, 'error');
      ui.errors.append(errorItem(error, range));
    }
  }

  for (const group of failing) {
    const list = el('ul', { class: 'items' });
    for (const finding of group.findings) {
      const range = rangeOf(text, finding);
      mark(range, finding.severity);
      list.append(findingItem(finding, range));
    }
    const { resource } = group;
    ui.findings.append(
      el(
        'section',
        { class: 'group', 'aria-label': `${resource.kind} ${resource.name}` },
        el(
          'h3',
          {},
          el('span', { text: `${resource.kind} ${resource.name}` }),
          el('span', {
            class: 'resource-meta',
            text: `${group.findings.length} finding${group.findings.length === 1 ? '' : 's'} · ${resource.address}`,
          }),
        ),
        list,
      ),
    );
  }

  for (const [findings, list, section] of [
    [undecided, ui.undecided, ui.undecidedSection],
    [suppressed, ui.suppressed, ui.suppressedSection],
  ]) {
    section.hidden = findings.length === 0;
    for (const finding of findings) list.append(findingItem(finding, rangeOf(text, finding)));
  }

  const clean = cleanResources(report, failing);
  if (clean.length) {
    ui.clean.hidden = false;
    ui.clean.textContent = `No failing findings for: ${clean.map((r) => `${r.kind} ${r.name}`).join(', ')}.`;
  }

  const failCount = failing.reduce((n, group) => n + group.findings.length, 0);
  const parts = [];
  if (report.errors.length) parts.push(`${report.errors.length} input error${report.errors.length === 1 ? '' : 's'}`);
  parts.push(`${failCount} finding${failCount === 1 ? '' : 's'}`);
  if (undecided.length) parts.push(`${undecided.length} undecided`);
  if (suppressed.length) parts.push(`${suppressed.length} suppressed`);
  if (hidden) parts.push(`${hidden} below ${state.settings.minSeverity}`);
  const s = report.summary;
  parts.push(
    `checks: ${s.pass} passed, ${s.fail} failed, ${s.skip} not applicable (${s.rules} rules, ${s.resources} resource${s.resources === 1 ? '' : 's'})`,
  );
  ui.summary.textContent = parts.join(' · ');
  renderGutter(marks);
}

function renderDetected(report) {
  if (state.format) {
    ui.detected.textContent = `Format: ${FORMAT_NAMES[state.format]} (chosen)`;
    return;
  }
  const formats = report ? detectedFormats(report) : [];
  if (formats.length) ui.detected.textContent = `Detected: ${formats.map((f) => FORMAT_NAMES[f] || f).join(', ')}`;
  else ui.detected.textContent = report && report.errors.length ? 'Detected: not recognised' : 'Detected: —';
}

function where(range) {
  if (!range) return el('span', { class: 'where', text: 'no line' });
  return el('span', {
    class: 'where',
    text: `line ${range.line}, column ${range.column}`,
    title: range.exact ? 'Reported position' : 'Position found from the JSON Pointer',
  });
}

function findingItem(finding, range) {
  const ops = fixOperations(finding);
  const goto = el(
    'button',
    {
      type: 'button',
      class: 'goto',
      'aria-label': `${finding.severity} ${finding.ruleId} ${finding.title}${range ? `, line ${range.line}` : ''}: show in the editor`,
      onclick: () => reveal(finding, goto.closest('.item')),
    },
    badge(finding.severity),
    finding.status === 'undecided' ? el('span', { class: 'badge status', text: 'undecided' }) : null,
    el('span', { class: 'rule-id', text: finding.ruleId }),
    el('span', { class: 'item-title', text: finding.title }),
    where(range),
  );
  const pathText = finding.missing ? `${finding.path || '/'} (missing ${finding.missing})` : finding.path || '/';
  return el(
    'li',
    { class: 'item', dataset: { rule: finding.ruleId, severity: finding.severity, status: finding.status } },
    goto,
    el('p', { class: 'message' }, richText(finding.message)),
    finding.suppressed
      ? el('p', { class: 'suppression' }, el('strong', { text: 'Suppressed: ' }), `${finding.suppressed.reason} (${finding.suppressed.source})`)
      : null,
    el('p', { class: 'remediation' }, el('strong', { text: 'How to fix: ' }), richText(finding.remediation)),
    el(
      'p',
      { class: 'meta' },
      el('code', { class: 'path', text: pathText + (finding.embeddedPath ? ` → ${finding.embeddedPath}` : '') }),
      finding.docsUrl ? externalLink(finding.docsUrl, `${finding.ruleId} documentation`) : null,
      ops ? el('button', { type: 'button', class: 'preview-fix', onclick: () => previewFix(finding) }, 'Preview fix') : null,
    ),
  );
}

function errorItem(error, range) {
  const goto = el(
    'button',
    {
      type: 'button',
      class: 'goto',
      'aria-label': `Input error ${error.code}${range ? `, line ${range.line}, column ${range.column}` : ''}: show in the editor`,
      onclick: () => reveal(error, goto.closest('.item')),
    },
    el('span', { class: 'rule-id', text: error.code }),
    el('span', { class: 'item-title', text: error.file }),
    where(range),
  );
  return el(
    'li',
    { class: 'item error-item', dataset: { code: error.code } },
    goto,
    el('p', { class: 'message', text: error.message }),
    error.path ? el('p', { class: 'meta' }, el('code', { class: 'path', text: error.path })) : null,
  );
}

// ---------- editor: gutter, cursor, selection ----------

/** Line numbers, with the lines that findings or errors point at marked, and the caret's line. */
function renderGutter(marks) {
  state.marks = marks;
  const count = lineCount(ui.editor.value);
  const current = positionAt(ui.editor.value, ui.editor.selectionStart).line;
  const key = `${count}|${current}|${[...marks].join(';')}`;
  if (key === state.gutterKey) return;
  state.gutterKey = key;
  const lines = [];
  for (let n = 1; n <= count; n++) {
    const classes = [marks.has(n) ? `mark-${marks.get(n)}` : '', n === current ? 'current' : ''].filter(Boolean).join(' ');
    lines.push(classes ? `<span class="${classes}">${n}</span>` : `<span>${n}</span>`);
  }
  // Only numbers and fixed class names: nothing from the input reaches this HTML.
  ui.gutter.innerHTML = lines.join('');
  ui.gutter.scrollTop = ui.editor.scrollTop;
}

function updateCursor() {
  const { selectionStart, selectionEnd, value } = ui.editor;
  const { line, column } = positionAt(value, selectionStart);
  const selected = selectionEnd - selectionStart;
  ui.cursor.textContent = `Line ${line}, column ${column}${selected ? ` (${selected} selected)` : ''}`;
  renderGutter(state.marks);
}

let charWidth = 0;
function measureCharWidth() {
  if (charWidth) return charWidth;
  const probe = el('span', { text: 'M'.repeat(100) });
  probe.style.font = getComputedStyle(ui.editor).font;
  probe.style.position = 'absolute';
  probe.style.visibility = 'hidden';
  probe.style.whiteSpace = 'pre';
  document.body.append(probe);
  charWidth = probe.getBoundingClientRect().width / 100 || 8;
  probe.remove();
  return charWidth;
}

/** Selects what a finding or error points at, scrolls it into view and focuses the editor. */
function reveal(item, listItem) {
  ensureCurrent();
  const text = ui.editor.value;
  const range = rangeOf(text, item);
  for (const selected of document.querySelectorAll('.item.selected')) selected.classList.remove('selected');
  if (listItem) listItem.classList.add('selected');
  if (!range) {
    ui.cursor.textContent = 'This finding has no position in the text.';
    return;
  }
  ui.editor.focus({ preventScroll: true });
  ui.editor.setSelectionRange(range.start, range.end, 'forward');
  const style = getComputedStyle(ui.editor);
  const lineHeight = parseFloat(style.lineHeight) || 20;
  const top = (range.line - 1) * lineHeight + (parseFloat(style.paddingTop) || 0);
  ui.editor.scrollTop = Math.max(0, top - ui.editor.clientHeight / 3);
  const left = (range.column - 1) * measureCharWidth();
  ui.editor.scrollLeft = left > ui.editor.clientWidth * 0.7 ? left - ui.editor.clientWidth / 3 : 0;
  ui.gutter.scrollTop = ui.editor.scrollTop;
  // On a narrow screen the editor is above the findings: bring it back into view.
  const frame = ui.editor.closest('.editor-frame').getBoundingClientRect();
  if (frame.top < 0 || frame.top > window.innerHeight * 0.6) ui.editor.closest('.editor-frame').scrollIntoView({ block: 'start' });
  updateCursor();
}

/**
 * Replaces the editor's text. `undoable` edits only the changed middle through the browser's editing
 * commands, so Undo and Redo work and the caret lands on the change.
 */
function setEditorText(text, { undoable = false } = {}) {
  const before = ui.editor.value;
  let done = false;
  if (undoable && document.execCommand) {
    let head = 0;
    while (head < before.length && head < text.length && before[head] === text[head]) head++;
    let tail = 0;
    while (tail < before.length - head && tail < text.length - head && before[before.length - 1 - tail] === text[text.length - 1 - tail]) tail++;
    ui.editor.focus({ preventScroll: true });
    ui.editor.setSelectionRange(head, before.length - tail);
    const middle = text.slice(head, text.length - tail);
    done = middle ? document.execCommand('insertText', false, middle) : document.execCommand('delete');
  }
  if (!done || ui.editor.value !== text) {
    ui.editor.value = text;
    ui.editor.setSelectionRange(0, 0);
    ui.editor.scrollTop = 0;
  }
  updateCursor();
  check();
}

function setFileName(name) {
  state.fileName = name || 'input';
  ui.fileName.textContent = state.fileName;
}

// ---------- files ----------

async function loadFile(file) {
  if (!file) return;
  if (file.size > MAX_FILE_BYTES) {
    notify(`${file.name} is ${(file.size / 1048576).toFixed(1)} MiB; this page opens files up to 16 MiB. Use the CLI for larger plans.`);
    return;
  }
  try {
    const text = await file.text();
    setFileName(file.name);
    setEditorText(text);
    notify(`Loaded ${file.name}.`);
  } catch (error) {
    notify(`Could not read ${file.name}: ${error.message}`);
  }
}

function setUpFiles() {
  $('open-file').addEventListener('click', () => ui.fileInput.click());
  ui.fileInput.addEventListener('change', () => {
    loadFile(ui.fileInput.files[0]);
    ui.fileInput.value = '';
  });
  const zone = ui.dropZone;
  const hasFiles = (event) => event.dataTransfer && [...event.dataTransfer.types].includes('Files');
  zone.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', (event) => {
    if (!zone.contains(event.relatedTarget)) zone.classList.remove('dragging');
  });
  zone.addEventListener('drop', (event) => {
    zone.classList.remove('dragging');
    const files = event.dataTransfer ? [...event.dataTransfer.files] : [];
    if (!files.length) return; // dropped text goes into the textarea as usual
    event.preventDefault();
    loadFile(files[0]).then(() => {
      if (files.length > 1) notify(`Only one file is checked at a time: loaded ${files[0].name}.`);
    });
  });
}

// ---------- fix preview ----------

function previewFix(finding) {
  ensureCurrent();
  const ops = fixOperations(finding);
  if (!ops) return;
  const text = ui.editor.value;
  ui.fixSubject.textContent = `${finding.ruleId} ${finding.title} — ${finding.resource.kind} ${finding.resource.name}`;
  ui.fixOps.replaceChildren(
    ...ops.map((op) => {
      const value = 'value' in op ? ` ${JSON.stringify(op.value)}` : '';
      const from = op.from !== undefined ? ` from ${op.from}` : '';
      return el('li', { text: `${op.op} ${op.path}${from}${value.length > 300 ? value.slice(0, 300) + '…' : value}` });
    }),
  );
  state.pendingFix = null;
  ui.fixDiff.replaceChildren();
  let problem = '';
  try {
    const { text: patched, reformatted } = applyPatchToText(text, ops);
    state.pendingFix = { before: text, after: patched, ruleId: finding.ruleId };
    if (reformatted) problem = 'The document will be rewritten whole, with its indentation, to apply this fix.';
    const lines = hunks(diffLines(text, patched));
    ui.fixDiff.replaceChildren(
      ...lines.map((line) => {
        if (line.type === '…') return el('span', { class: 'gap', text: '…' });
        const cls = line.type === '+' ? 'add' : line.type === '-' ? 'del' : '';
        const number = line.type === '+' ? line.newLine : line.oldLine;
        return el('span', { class: cls, text: `${line.type} ${String(number).padStart(4)}  ${line.text}` });
      }),
    );
    if (patched === text) problem = 'The fix changes nothing in this document.';
  } catch (error) {
    problem =
      error instanceof SyntaxError
        ? 'This document is not JSON, so the page cannot rewrite it. Apply the patch above by hand, or with the CLI’s --fix.'
        : `The fix does not apply to the current text: ${error.message}`;
  }
  ui.fixProblem.hidden = !problem;
  ui.fixProblem.textContent = problem;
  ui.fixApply.disabled = !state.pendingFix;
  ui.fixDialog.showModal();
}

function setUpFixDialog() {
  ui.fixApply.addEventListener('click', () => {
    const fix = state.pendingFix;
    ui.fixDialog.close();
    if (!fix || ui.editor.value !== fix.before) return;
    setEditorText(fix.after, { undoable: true });
    notify(`Fix for ${fix.ruleId} applied. Undo (Ctrl+Z) takes it back.`);
  });
  $('fix-cancel').addEventListener('click', () => ui.fixDialog.close());
  ui.fixDialog.addEventListener('close', () => {
    state.pendingFix = null;
  });
}

// ---------- settings, rules panel, export ----------

function persist() {
  if (!saveSettings(window.localStorage, state.settings)) {
    ui.settingsNote.textContent = 'This browser does not let the page keep settings; they apply until you leave.';
  }
}

function applySettings() {
  ui.minSeverity.value = state.settings.minSeverity;
  for (const box of ui.rules.querySelectorAll('input[type="checkbox"]')) {
    const on = !state.settings.off.includes(box.dataset.rule);
    box.checked = on;
    box.closest('.rule').classList.toggle('off', !on);
    box.closest('.rule').querySelector('.rule-state').textContent = on ? 'on' : 'off';
  }
  buildEngine();
  check();
}

function renderRules() {
  ui.rules.replaceChildren(
    ...state.catalogue.map((rule) => {
      const id = `rule-${rule.id}`;
      const box = el('input', { type: 'checkbox', id, dataset: { rule: rule.id }, 'aria-describedby': `${id}-title` });
      box.addEventListener('change', () => {
        const off = new Set(state.settings.off);
        if (box.checked) off.delete(rule.id);
        else off.add(rule.id);
        state.settings.off = [...off].sort();
        persist();
        applySettings();
      });
      const references = (rule.references || []).map((r) => `${r.tool} ${r.id}`).join(', ');
      const params = (rule.params || []).map((p) => `${p.name} (default ${p.default}): ${p.description}`);
      return el(
        'li',
        { class: 'rule', dataset: { rule: rule.id, search: `${rule.id} ${rule.name} ${rule.title} ${rule.description} ${rule.kinds.join(' ')}`.toLowerCase() } },
        el(
          'div',
          { class: 'rule-head' },
          box,
          el(
            'label',
            { for: id },
            badge(rule.severity),
            el('span', { class: 'rule-id', text: rule.id }),
            el('span', { text: rule.name }),
            el('span', { class: 'rule-state note', text: 'on' }),
          ),
        ),
        el('p', { id: `${id}-title`, text: rule.title }),
        el(
          'details',
          {},
          el('summary', { text: 'Details' }),
          el('p', {}, richText(rule.description)),
          el('p', {}, el('strong', { text: 'How to fix: ' }), richText(rule.remediation)),
          el('p', { class: 'note', text: `Checks: ${rule.kinds.join(', ')}` }),
          params.length ? el('p', { class: 'note', text: `Parameters: ${params.join('; ')}` }) : null,
          references ? el('p', { class: 'note', text: `Same control in: ${references}` }) : null,
          rule.docsUrl ? el('p', {}, externalLink(rule.docsUrl, `${rule.id} documentation`)) : null,
        ),
      );
    }),
  );
  filterRules();
}

function filterRules() {
  const words = ui.ruleSearch.value.toLowerCase().split(/\s+/).filter(Boolean);
  let shown = 0;
  for (const item of ui.rules.children) {
    const match = words.every((word) => item.dataset.search.includes(word));
    item.hidden = !match;
    if (match) shown++;
  }
  const off = state.settings.off.length;
  ui.rulesCount.textContent = `${shown} of ${state.catalogue.length} rules shown${off ? ` · ${off} turned off` : ''}`;
}

function download(name, type, content) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = el('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function exportBaseName() {
  return state.fileName.replace(/\.(json|ya?ml|template)$/i, '').replace(/[^\w.-]+/g, '_') || 'input';
}

function setUpSettings() {
  ui.minSeverity.addEventListener('change', () => {
    state.settings.minSeverity = ui.minSeverity.value;
    persist();
    applySettings();
  });
  ui.format.addEventListener('change', () => {
    state.format = ui.format.value;
    check();
  });
  $('reset-settings').addEventListener('click', () => {
    state.settings = defaults();
    try {
      window.localStorage.removeItem(STORAGE_KEY);
    } catch {
      // storage unavailable: nothing was kept
    }
    ui.ruleSearch.value = '';
    applySettings();
    filterRules();
  });
  ui.ruleSearch.addEventListener('input', filterRules);
  ui.exportJson.addEventListener('click', () => {
    ensureCurrent();
    if (state.report) download(`${exportBaseName()}.fargate-guard.json`, 'application/json', JSON.stringify(state.report, null, 2) + '\n');
  });
  ui.exportSarif.addEventListener('click', () => {
    ensureCurrent();
    if (!state.report) return;
    const sarif = toSarif(state.report, state.catalogue, { toolVersion: version() });
    download(`${exportBaseName()}.sarif`, 'application/sarif+json', JSON.stringify(sarif, null, 2) + '\n');
  });
}

// ---------- start ----------

async function main() {
  try {
    await init({ module_or_path: new URL('../../pkg/web/fargate_guard_bg.wasm', import.meta.url) });
  } catch (error) {
    ui.summary.textContent = '';
    showCallError(
      `The checker could not be loaded (${error.message}). Serve the repository root with a static file server after building pkg/web (scripts/build.sh), then open /js/web/.`,
    );
    return;
  }
  $('version').textContent = `v${version()}`;
  state.catalogue = ruleCatalogue();
  state.settings = loadSettings(window.localStorage, state.catalogue.map((rule) => rule.id));
  renderRules();
  setUpFiles();
  setUpFixDialog();
  setUpSettings();
  ui.editor.addEventListener('input', () => {
    schedule();
    updateCursor();
  });
  ui.editor.addEventListener('scroll', () => {
    ui.gutter.scrollTop = ui.editor.scrollTop;
  });
  document.addEventListener('selectionchange', () => {
    if (document.activeElement === ui.editor) updateCursor();
  });
  $('load-example').addEventListener('click', () => {
    setFileName(EXAMPLE_NAME);
    setEditorText(EXAMPLE);
  });
  applySettings();
  document.body.dataset.ready = 'true';
}

main();
