'use strict';
// The browser entry (pkg/browser.mjs: top-level init over the web build) and the raw `./web` subpath, loaded
// by headless Chromium from a local HTTP server. Skipped when Chromium is not installed
// (./scripts/setup.sh --with-chromium installs it).
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { execFile } = require('node:child_process');
const { pkgDir, loadApi, readExample, tempDir } = require('./helpers');

const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
const api = loadApi();

const page = `<!doctype html>
<meta charset="utf-8">
<pre id="out">pending</pre>
<script type="module">
  const out = document.getElementById('out');
  try {
    const fg = await import('/pkg/browser.mjs');
    const bad = await (await fetch('/bad.json')).text();
    const report = fg.validate(bad, { fileName: 'bad.json' });
    let thrown = null;
    try { fg.validate(42); } catch (error) { thrown = { isError: error instanceof Error, message: error.message }; }
    const web = await import('/pkg/web/fargate_guard.js');
    await web.default({ module_or_path: '/pkg/web/fargate_guard_bg.wasm' });
    out.textContent = JSON.stringify({
      version: fg.version,
      report,
      rules: fg.rules().length,
      engine: new fg.Engine({ rules: { '*': 'off', 'FG-07': {} } }).validate(bad).findings.map((f) => f.ruleId),
      malformed: fg.validate('{').errors.map((e) => e.code),
      thrown,
      web: { version: web.version(), findings: web.validate(bad, { fileName: 'bad.json' }).findings.length },
    });
  } catch (error) {
    out.textContent = 'ERROR ' + error.stack;
  }
</script>`;

const types = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

function serve() {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url, 'http://localhost');
    let body;
    if (url.pathname === '/') body = page;
    else if (url.pathname === '/bad.json') body = readExample('bad-task-definition.json');
    else if (url.pathname.startsWith('/pkg/')) {
      const file = path.join(pkgDir, path.normalize(url.pathname.slice('/pkg/'.length)));
      if (file.startsWith(pkgDir + path.sep) && fs.existsSync(file)) body = fs.readFileSync(file);
    }
    if (body === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': types[path.extname(url.pathname)] ?? 'text/html' }).end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('the browser entry works in headless Chromium', { skip: !chromium && 'chromium is not installed', timeout: 60_000 }, async () => {
  const server = await serve();
  try {
    const url = `http://127.0.0.1:${server.address().port}/`;
    const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${tempDir('chromium')}`,
      '--virtual-time-budget=20000', '--dump-dom', url];
    const dom = await new Promise((resolve, reject) => {
      execFile(chromium, args, { timeout: 50_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)));
    });
    const text = /<pre id="out">([\s\S]*?)<\/pre>/.exec(dom)?.[1] ?? dom;
    const decoded = text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    assert.ok(decoded.startsWith('{'), decoded.slice(0, 2000));
    const result = JSON.parse(decoded);
    assert.equal(result.version, api.version);
    // Same report as in Node: one core, two targets.
    assert.deepEqual(result.report, api.validate(readExample('bad-task-definition.json'), { fileName: 'bad.json' }));
    assert.equal(result.rules, api.rules().length);
    assert.deepEqual(result.engine, ['FG-07']);
    assert.deepEqual(result.malformed, ['invalid-json']);
    assert.deepEqual(result.thrown, { isError: true, message: 'validate(input): expected a string or an object, got number' });
    assert.deepEqual(result.web, { version: api.version, findings: result.report.findings.length });
  } finally {
    server.close();
  }
});
