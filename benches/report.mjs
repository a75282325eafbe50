#!/usr/bin/env node
// Targets and tables from a benchmark result (bench.mjs calls it; run it alone to re-render a result file):
//   node benches/report.mjs benches/results/latest.json   → rewrites the file's targets and the .md beside it
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export function render(result) {
  const { machine, wasm, startup, cold, inprocess, cli } = result;
  const sizes = result.sizes ?? [...new Set(cli.map((r) => r.n).filter(Number.isFinite))];
  const timeout = result.timeout ?? 600;
  const ratio = (a, b) => (a != null && b != null && b > 0 ? a / b : null);
  const fmt = (x, digits = 2) => (x == null ? '—' : Number(x).toFixed(digits));
  const lower = (r) => (r?.timedOut ? timeout : r?.skipped ? r.lowerBoundSeconds : null);
  const cell = (r) => (r == null ? '—' : r.timedOut ? `> ${timeout} (timeout)` : r.skipped ? `≥ ${r.lowerBoundSeconds.toFixed(0)} (${r.stopped ? 'stopped' : 'not run'})` : r.seconds.toFixed(2));
  const findRow = (n, name) => cli.find((r) => r.n === n && r.case === name);
  const targets = [];
  const target = (name, measured, limit, ok, note = '') => targets.push({ name, measured, limit, met: ok == null ? null : Boolean(ok), note });

  target('wasm size raw ≤ 400 KiB (browser module, after wasm-opt)', `${(wasm.rawBytes / 1024).toFixed(0)} KiB`, '400 KiB', wasm.rawBytes <= 400 * 1024);
  target('wasm size gzip ≤ 150 KiB', `${(wasm.gzipBytes / 1024).toFixed(0)} KiB`, '150 KiB', wasm.gzipBytes <= 150 * 1024);
  target('instantiation ≤ 20 ms (require of pkg: read, compile, instantiate)', `${fmt(wasm.loadMs, 1)} ms`, '20 ms', wasm.loadMs <= 20);
  target('CLI cold start ≤ 150 ms (one task definition file)', `${fmt(startup.cliOneFileMs, 0)} ms`, '150 ms', startup.cliOneFileMs <= 150);
  for (const n of sizes.filter((s) => s >= 1000)) {
    for (const name of ['cfn-one-json', 'tf-plan']) {
      const row = findRow(n, name);
      const fg = row?.tools['fargate-guard'];
      const rego = row?.tools.regorus;
      if (fg && rego) target(`N=${n} ${name}: fargate-guard (77 rules) faster than regorus (11 rules)`, `${cell(fg)} s vs ${cell(rego)} s`, '< 1×', lower(rego) != null || (fg.seconds != null && fg.seconds < rego.seconds));
    }
    for (const name of ['cfn-json-files', 'cfn-yaml-files']) {
      const row = findRow(n, name);
      if (!row) continue;
      const fg = row.tools['fargate-guard'];
      const ck = row.tools['checkov-ecs'];
      const cg = row.tools['cfn-guard'];
      const times = (r) => (lower(r) != null ? `≥ ${fmt(lower(r) / fg.seconds, 1)}× (${r.timedOut ? 'timed out' : r.stopped ? 'stopped, extrapolated' : 'not run, extrapolated'})` : `${fmt(ratio(r.seconds, fg.seconds), 1)}×`);
      const atLeast = (r, k) => (lower(r) != null ? (lower(r) / fg.seconds >= k ? true : null) : ratio(r.seconds, fg.seconds) >= k);
      if (ck) target(`N=${n} ${name}: ≥ 50× Checkov (ECS checks only)`, times(ck), '50×', atLeast(ck, 50));
      if (cg) target(`N=${n} ${name}: ≥ 20× cfn-guard`, times(cg), '20×', atLeast(cg, 20));
      for (const [tool, r] of Object.entries(row.tools)) {
        if (['fargate-guard', 'floor'].includes(tool) || !r.rssKiB) continue;
        target(`N=${n} ${name}: peak RSS below ${tool}`, `${fmt(fg.rssKiB / 1024, 0)} MiB vs ${fmt(r.rssKiB / 1024, 0)} MiB`, '<', fg.rssKiB < r.rssKiB);
      }
    }
    for (const name of ['api-files', 'cfn-json-files', 'cfn-one-json', 'tf-plan']) {
      const row = findRow(n, name);
      if (!row) continue;
      const r = ratio(row.tools['fargate-guard']?.seconds, row.tools.floor?.seconds);
      target(`N=${n} ${name}: CLI wall ≤ 2× node read + JSON.parse`, `${fmt(r)}×`, '2×', r != null && r <= 2);
    }
  }
  for (const run of inprocess.filter((r) => r.n >= 1000)) {
    for (const c of run.wasm.cases) {
      if (c.validateOverParse != null && c.errors === 0) target(`in-process N=${run.n} ${c.case}: validate() ≤ 3× JSON.parse`, `${fmt(c.validateOverParse, 1)}×`, '3×', c.validateOverParse <= 3);
    }
  }
  // Linearity: 10× input → ≤ 11× time, on consecutive sizes.
  for (let i = 1; i < inprocess.length; i++) {
    const [a, b] = [inprocess[i - 1], inprocess[i]];
    if (b.n !== a.n * 10) continue;
    for (const c of b.wasm.cases) {
      const prev = a.wasm.cases.find((x) => x.case === c.case);
      if (!prev || c.errors || prev.errors) continue;
      const growth = c.validateSeconds / prev.validateSeconds;
      target(`linear: wasm ${c.case} N=${a.n}→${b.n} (10× input) ≤ 11× time`, `${fmt(growth, 1)}×`, '11×', growth <= 11);
    }
  }
  for (const c of ['cfn-json-files', 'cfn-one-json', 'tf-plan']) {
    for (let i = 1; i < sizes.length; i++) {
      const [a, b] = [findRow(sizes[i - 1], c), findRow(sizes[i], c)];
      const fa = a?.tools['fargate-guard'];
      const fb = b?.tools['fargate-guard'];
      if (!fa?.seconds || !fb?.seconds || sizes[i] !== sizes[i - 1] * 10) continue;
      // Subtract the cold start: the claim is about the per-resource part.
      const growth = (fb.seconds - cold['fargate-guard'].seconds) / Math.max(1e-3, fa.seconds - cold['fargate-guard'].seconds);
      target(`linear: CLI ${c} N=${sizes[i - 1]}→${sizes[i]} ≤ 11× (cold start subtracted)`, `${fmt(growth, 1)}×`, '11×', growth <= 11);
    }
  }
  const loadAverageAtEnd = result.loadAverageAtEnd;
  const lines = [];
  const p = (s = '') => lines.push(s);
  p(`Machine: ${machine.nproc} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}; load average ${machine.loadAverageAtStart.join(' ')} at start, ${loadAverageAtEnd.join(' ')} at end. Tools: Checkov ${machine.tools.checkov ?? '—'}, ${machine.tools.cfnGuard ?? 'cfn-guard —'}, ${machine.tools.regorus ?? 'regorus —'}.`);
  p();
  p(`wasm: browser module (pkg/web, size-optimised) ${wasm.rawBytes} B raw, ${wasm.gzipBytes} B gzip; Node module (pkg/node, speed-optimised) ${wasm.node?.rawBytes ?? '—'} B raw, ${wasm.node?.gzipBytes ?? '—'} B gzip; compile ${fmt(wasm.compileMs, 1)} ms, load (read + compile + instantiate) ${fmt(wasm.loadMs, 1)} ms, load + first validate ${fmt(wasm.firstValidateMs, 1)} ms. ` +
    `CLI: \`node -e 0\` ${fmt(startup.nodeEmptyMs, 0)} ms, \`--version\` ${fmt(startup.cliVersionMs, 0)} ms, one task definition ${fmt(startup.cliOneFileMs, 0)} ms.`);
  p();
  p('In-process (fastest of repeated runs; wasm = `Engine.validate` / `validateFiles` in Node, native = `Engine::validate_files`; floor = JSON.parse / serde_json of the same bytes):');
  p();
  p('| N | case | resources | MB | wasm s | wasm res/s | wasm MB/s | wasm ÷ JSON.parse | native s | native res/s | native MB/s | native ÷ serde_json | findings |');
  p('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const run of inprocess) {
    for (const c of run.wasm.cases) {
      const nat = run.native.cases.find((x) => x.case === c.case);
      const note = c.errors ? ` (${c.errors} input error${c.errors > 1 ? 's' : ''})` : '';
      p(`| ${run.n} | ${c.case}${note} | ${c.resources} | ${fmt(c.bytes / 1e6, 1)} | ${fmt(c.validateSeconds, 3)} | ${fmt(c.resourcesPerSecond, 0)} | ${fmt(c.mbPerSecond, 1)} | ${fmt(c.validateOverParse, 1)} | ${fmt(nat?.validateSeconds, 3)} | ${fmt(nat?.resourcesPerSecond, 0)} | ${fmt(nat?.mbPerSecond, 1)} | ${fmt(nat?.validateOverParse, 1)} | ${c.findings} |`);
    }
  }
  p();
  p('CLIs end to end (wall seconds; peak RSS MiB in brackets; fastest of 3 runs at N = 100, one run above; "÷ fg" = that tool\'s time over fargate-guard\'s):');
  p();
  const toolOrder = ['fargate-guard', 'floor', 'checkov-ecs', 'checkov-all', 'cfn-guard', 'regorus'];
  p(`| N | case | ${toolOrder.join(' | ')} | fg ÷ floor | checkov-ecs ÷ fg | checkov-all ÷ fg | cfn-guard ÷ fg | regorus ÷ fg |`);
  p(`|---|---|${toolOrder.map(() => '---').join('|')}|---|---|---|---|---|`);
  const coldRow = { n: 'cold', case: 'one stack', tools: cold };
  for (const row of [coldRow, ...cli]) {
    const fg = row.tools['fargate-guard']?.seconds;
    const cells = toolOrder.map((t) => {
      const r = row.tools[t];
      return r ? `${cell(r)}${r.rssKiB ? ` (${fmt(r.rssKiB / 1024, 0)})` : ''}` : '—';
    });
    const over = (t) => (lower(row.tools[t]) != null ? `≥ ${fmt(lower(row.tools[t]) / fg, 0)}` : fmt(ratio(row.tools[t]?.seconds, fg), 1));
    p(`| ${row.n} | ${row.case} | ${cells.join(' | ')} | ${fmt(ratio(fg, row.tools.floor?.seconds), 2)} | ${over('checkov-ecs')} | ${over('checkov-all')} | ${over('cfn-guard')} | ${over('regorus')} |`);
  }
  p();
  p('Per-resource cost above the cold start (ms per resource, largest N):');
  p();
  const largest = Math.max(...sizes);
  p(`| case | ${toolOrder.filter((t) => t !== 'floor').join(' | ')} |`);
  p(`|---|${toolOrder.filter((t) => t !== 'floor').map(() => '---').join('|')}|`);
  for (const row of cli.filter((r) => r.n === largest)) {
    const cells = toolOrder.filter((t) => t !== 'floor').map((t) => {
      const r = row.tools[t];
      if (!r?.seconds || !cold[t]?.seconds) return '—';
      return fmt(((r.seconds - cold[t].seconds) * 1000) / row.resources, 3);
    });
    p(`| ${row.case} | ${cells.join(' | ')} |`);
  }
  p();
  p('Targets (issue 10):');
  p();
  p('| target | measured | limit | met |');
  p('|---|---|---|---|');
  for (const t of targets) p(`| ${t.name} | ${t.measured} | ${t.limit} | ${t.met == null ? '—' : t.met ? 'yes' : '**no**'} |`);
  const table = lines.join('\n') + '\n';
  return { targets, table };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  const result = JSON.parse(fs.readFileSync(file, 'utf8'));
  const { targets, table } = render(result);
  result.targets = targets;
  fs.writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  fs.writeFileSync(file.replace(/\.json$/, '.md'), table);
  process.stdout.write(table);
}
