#!/usr/bin/env node
// The benchmark driver (run it through benches/run.sh, which builds and installs what it needs first).
//
//   node benches/bench.mjs [--quick] [--sizes 100,1000,10000] [--inprocess-sizes …] [--skip-tools]
//                          [--timeout SECONDS] [--min-time SECONDS] [--native-bin PATH]
//
// For every N: generates the corpus (benches/out/corpus/N), measures in-process throughput (wasm in Node and
// native Rust) beside JSON.parse / serde_json of the same bytes, then runs every CLI on the same files
// (fargate-guard, the Node read+parse floor, Checkov ECS-only and all checks, cfn-guard, regorus) under
// /usr/bin/time -v. Writes benches/results/latest.json and prints the tables and the targets.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { render } from './report.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
const out = path.join(here, 'out');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const quick = flag('--quick');
const sizes = option('--sizes', quick ? '100,1000' : '100,1000,10000').split(',').map(Number);
const inprocessSizes = option('--inprocess-sizes', quick ? sizes.join(',') : [...sizes, 100000].join(',')).split(',').map(Number);
const skipTools = flag('--skip-tools');
const timeout = Number(option('--timeout', quick ? 300 : 600));
const minTime = option('--min-time', quick ? '0.3' : '1');
const nativeBin = option('--native-bin', null);

const tools = {
  node: process.execPath,
  cli: path.join(root, 'pkg', 'cli', 'fargate-guard.js'),
  checkov: path.join(here, '.venv', 'bin', 'checkov'),
  cfnGuard: path.join(here, '.tools', 'bin', 'cfn-guard'),
  regorus: path.join(here, '.tools', 'bin', 'regorus'),
};
const CHECKOV_ECS = 'CKV_AWS_65,CKV_AWS_97,CKV_AWS_223,CKV_AWS_224,CKV_AWS_249,CKV_AWS_332,CKV_AWS_333,CKV_AWS_334,CKV_AWS_335,CKV_AWS_336';
const fgConfig = path.join(out, 'fargate-guard-bench.json');
fs.mkdirSync(path.join(out, 'tool-output'), { recursive: true });
// Single documents at N = 10 000 are larger than the default 64 MiB input limit.
// Every finding listed, as the other tools list theirs (the default caps a report at 10 000 findings).
fs.writeFileSync(fgConfig, JSON.stringify({ limits: { maxBytes: 2000000000, maxFindings: 100000000 } }));

const log = (...parts) => process.stderr.write(`[bench] ${parts.join(' ')}\n`);

// ---------------------------------------------------------------------------------------------------------------
// Helpers

function corpusFor(n) {
  const dir = path.join(out, 'corpus', String(n));
  const manifest = path.join(dir, 'manifest.json');
  const generator = path.join(here, 'gen-corpus.mjs');
  if (!fs.existsSync(manifest) || fs.statSync(manifest).mtimeMs < fs.statSync(generator).mtimeMs) {
    log(`generating the corpus for N=${n}`);
    const result = spawnSync(tools.node, ['--max-old-space-size=8192', generator, String(n), dir], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (result.status !== 0) throw new Error(`corpus generation failed for N=${n}`);
  }
  return { dir, manifest: JSON.parse(fs.readFileSync(manifest, 'utf8')) };
}

/** Runs a command under /usr/bin/time -v; wall time from the driver's clock, peak RSS from time(1). */
function timed(label, argv, { cwd = root, env = {} } = {}) {
  const stdoutFile = path.join(out, 'tool-output', `${label}.out`);
  const fd = fs.openSync(stdoutFile, 'w');
  const t0 = performance.now();
  const result = spawnSync('/usr/bin/time', ['-v', ...argv], {
    cwd, env: { ...process.env, ...env }, stdio: ['ignore', fd, 'pipe'], timeout: timeout * 1000, maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - t0) / 1000;
  fs.closeSync(fd);
  const stderr = result.stderr?.toString() ?? '';
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const status = /Exit status: (\d+)/.exec(stderr);
  if (result.error?.code === 'ETIMEDOUT' || result.signal) {
    return { seconds: null, timedOut: true, rssKiB: null, exit: null };
  }
  return {
    seconds, rssKiB: rss ? Number(rss[1]) : null, exit: status ? Number(status[1]) : result.status,
    outputBytes: fs.statSync(stdoutFile).size,
    stderrTail: stderr.split('\n').filter((l) => !/^\t/.test(l) && l.trim()).slice(-3).join(' | ').slice(0, 300),
  };
}

/** Fastest of `reps` runs (all of them time out together). */
function best(label, argv, reps, opts) {
  let bestRun = null;
  for (let i = 0; i < reps; i++) {
    const run = timed(label, argv, opts);
    if (run.timedOut) return run;
    if (!bestRun || run.seconds < bestRun.seconds) bestRun = run;
  }
  return bestRun;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const exists = (p) => fs.existsSync(p);

// ---------------------------------------------------------------------------------------------------------------
// Machine, build facts and start-up

const machine = {
  nproc: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  loadAverageAtStart: os.loadavg().map((l) => Number(l.toFixed(2))),
  date: new Date().toISOString(),
};
log(`machine: ${machine.nproc} cores, ${machine.cpu}, load ${machine.loadAverageAtStart.join(' ')}`);

const version = (argv) => {
  if (!exists(argv[0])) return null;
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8' });
  return (r.stdout || r.stderr || '').trim().split('\n')[0] || null;
};
machine.tools = {
  checkov: version([tools.checkov, '--version']),
  cfnGuard: version([tools.cfnGuard, '--version']),
  regorus: exists(tools.regorus) ? 'regorus (crate example, cargo install regorus --example regorus)' : null,
  python: version(['python3', '--version']),
};

// The size target is the browser's module (pkg/web, built for size); Node's (pkg/node) is built for speed.
function wasmSize(target) {
  const bytes = fs.readFileSync(path.join(root, 'pkg', target, 'fargate_guard_bg.wasm'));
  return { rawBytes: bytes.length, gzipBytes: zlib.gzipSync(bytes, { level: 9 }).length };
}
const wasm = { ...wasmSize('web'), node: wasmSize('node') };

function startupMs(what, reps = 7) {
  const times = [];
  for (let i = 0; i < reps; i++) {
    const r = spawnSync(tools.node, [path.join(here, 'startup.mjs'), what], { encoding: 'utf8' });
    times.push(Number(r.stdout.trim()));
  }
  return median(times);
}
wasm.compileMs = startupMs('compile');
wasm.loadMs = startupMs('load');
wasm.firstValidateMs = startupMs('first');

function wallMs(argv, reps = 7) {
  const times = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    spawnSync(argv[0], argv.slice(1), { stdio: 'ignore' });
    times.push(performance.now() - t0);
  }
  return median(times);
}
const tiny = corpusFor(100);
const oneTaskDefinition = path.join(tiny.dir, 'api', 'app-000000-taskdef.json');
const startup = {
  nodeEmptyMs: wallMs([tools.node, '-e', '0']),
  cliVersionMs: wallMs([tools.node, tools.cli, '--version']),
  cliOneFileMs: wallMs([tools.node, tools.cli, '--output', 'json', oneTaskDefinition]),
};
log(`wasm ${wasm.rawBytes} B raw, ${wasm.gzipBytes} B gzip; load ${wasm.loadMs.toFixed(1)} ms; CLI cold ${startup.cliOneFileMs.toFixed(0)} ms`);

// ---------------------------------------------------------------------------------------------------------------
// In-process: wasm in Node, and native Rust

const inprocess = [];
for (const n of inprocessSizes) {
  let corpus;
  try {
    corpus = corpusFor(n);
  } catch (error) {
    log(`in-process N=${n}: no corpus (${error.message})`);
    continue;
  }
  const { dir, manifest } = corpus;
  log(`in-process N=${n}`);
  const node = spawnSync(tools.node, ['--max-old-space-size=16384', path.join(here, 'inprocess.mjs'), dir, '--min-time', minTime], {
    encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const native = nativeBin
    ? spawnSync(nativeBin, [dir, '--min-time', minTime], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] })
    : { status: 1, stdout: '' };
  const parse = (r) => (r.status === 0 && r.stdout.trim() ? JSON.parse(r.stdout) : { cases: [], failed: true });
  inprocess.push({ n, resources: manifest.resources, wasm: parse(node), native: parse(native) });
}

// ---------------------------------------------------------------------------------------------------------------
// CLIs end to end

function cliCases(dir) {
  const ckv = (framework, target, ecsOnly) => [
    tools.checkov, ...(fs.statSync(target).isDirectory() ? ['-d', target] : ['-f', target]), '--framework', framework,
    ...(ecsOnly ? ['--check', CHECKOV_ECS] : []), '-o', 'json', '--quiet', '--compact', '--skip-download',
  ];
  const fg = (target) => [tools.node, tools.cli, '--output', 'json', '--config', fgConfig, target];
  const floor = (target) => [tools.node, path.join(here, 'floor.mjs'), target];
  const guard = (target) => [tools.cfnGuard, 'validate', '--rules', path.join(here, 'rules', 'ecs.guard'), '--data', target, '--show-summary', 'none', '--output-format', 'json', '--structured'];
  const rego = (target) => [tools.regorus, 'eval', '--data', path.join(here, 'rules', 'ecs.rego'), '--input', target, 'data.fargate.deny'];
  const at = (rel) => path.join(dir, rel);
  return [
    { name: 'api-files', target: at('api'), tools: { 'fargate-guard': fg(at('api')), floor: floor(at('api')) } },
    {
      name: 'cfn-json-files', target: at('cfn-json'),
      tools: {
        'fargate-guard': fg(at('cfn-json')), floor: floor(at('cfn-json')),
        'checkov-ecs': ckv('cloudformation', at('cfn-json'), true), 'checkov-all': ckv('cloudformation', at('cfn-json'), false),
        'cfn-guard': guard(at('cfn-json')),
      },
    },
    {
      name: 'cfn-yaml-files', target: at('cfn-yaml'),
      tools: {
        'fargate-guard': fg(at('cfn-yaml')), floor: floor(at('cfn-yaml')),
        'checkov-ecs': ckv('cloudformation', at('cfn-yaml'), true), 'checkov-all': ckv('cloudformation', at('cfn-yaml'), false),
        'cfn-guard': guard(at('cfn-yaml')),
      },
    },
    {
      name: 'cfn-one-json', target: at('cfn-one.json'),
      tools: {
        'fargate-guard': fg(at('cfn-one.json')), floor: floor(at('cfn-one.json')),
        'checkov-ecs': ckv('cloudformation', at('cfn-one.json'), true), 'checkov-all': ckv('cloudformation', at('cfn-one.json'), false),
        'cfn-guard': guard(at('cfn-one.json')), regorus: rego(at('cfn-one.json')),
      },
    },
    {
      name: 'tf-plan', target: at('tf-plan.json'),
      tools: {
        'fargate-guard': fg(at('tf-plan.json')), floor: floor(at('tf-plan.json')),
        'checkov-ecs': ckv('terraform_plan', at('tf-plan.json'), true), 'checkov-all': ckv('terraform_plan', at('tf-plan.json'), false),
        regorus: rego(at('tf-plan.json')),
      },
    },
  ];
}

const available = (tool) => {
  if (tool === 'fargate-guard' || tool === 'floor') return true;
  if (skipTools) return false;
  const bin = { 'checkov-ecs': tools.checkov, 'checkov-all': tools.checkov, 'cfn-guard': tools.cfnGuard, regorus: tools.regorus }[tool];
  return exists(bin);
};

// Cold start of every tool: the same one-stack template (a task definition and its service).
const coldTemplate = path.join(tiny.dir, 'cfn-json', 'app-000000.json');
const cold = {};
for (const [tool, argv] of Object.entries(cliCases(tiny.dir).find((c) => c.name === 'cfn-one-json').tools)) {
  if (!available(tool)) continue;
  const swapped = argv.map((a) => (a === path.join(tiny.dir, 'cfn-one.json') ? coldTemplate : a));
  cold[tool] = best(`cold-${tool}`, swapped, 3);
  log(`cold ${tool}: ${cold[tool].seconds?.toFixed(3)} s`);
}

const cli = [];
for (const n of sizes) {
  const { dir, manifest } = corpusFor(n);
  const reps = n <= 100 ? 3 : 1;
  for (const c of cliCases(dir)) {
    if (!exists(c.target)) continue;
    const row = { n, case: c.name, resources: manifest.resources, bytes: manifest.inputs[path.basename(c.target)]?.bytes, tools: {} };
    for (const [tool, argv] of Object.entries(c.tools)) {
      if (!available(tool)) continue;
      // A tool that needed more than a tenth of the timeout at a tenth of the size would time out here: not run,
      // and reported with the lower bound of linear growth.
      const previous = cli.find((r) => r.n * 10 === n && r.case === c.name)?.tools[tool];
      const bound = previous?.timedOut ? timeout * 10 : previous?.skipped ? previous.lowerBoundSeconds * 10 : previous?.seconds * 10;
      if (previous && (previous.timedOut || previous.skipped || bound > timeout)) {
        row.tools[tool] = { seconds: null, skipped: true, lowerBoundSeconds: Math.max(bound, timeout) };
        log(`N=${n} ${c.name} ${tool}: not run (≥ ${row.tools[tool].lowerBoundSeconds.toFixed(0)} s extrapolated)`);
        continue;
      }
      const r = best(`${n}-${c.name}-${tool}`, argv, reps);
      row.tools[tool] = r;
      log(`N=${n} ${c.name} ${tool}: ${r.timedOut ? 'timeout' : `${r.seconds.toFixed(3)} s, ${(r.rssKiB / 1024).toFixed(0)} MiB, exit ${r.exit}`}`);
    }
    cli.push(row);
  }
}

// The real inputs of shared/corpus (beside the repository), when present: the CloudFormation and API files as they are.
const realCorpus = [path.join(root, '..', 'shared', 'corpus'), path.join(root, '..', '..', 'shared', 'corpus')].find(exists);
if (realCorpus) {
  const files = [];
  const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).forEach((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full);
    else if (/\.(json|ya?ml|template)$/i.test(e.name)) files.push(full);
  });
  walk(realCorpus);
  const bytes = files.reduce((sum, f) => sum + fs.statSync(f).size, 0);
  const c = cliCases(tiny.dir).find((x) => x.name === 'cfn-yaml-files');
  const row = { n: 'real', case: `shared/corpus (${files.length} files)`, resources: null, bytes, tools: {} };
  for (const [tool, argv] of Object.entries(c.tools)) {
    if (!available(tool)) continue;
    const swapped = argv.map((a) => (a === c.target ? realCorpus : a));
    row.tools[tool] = best(`real-${tool}`, swapped, 3);
    log(`shared/corpus ${tool}: ${row.tools[tool].timedOut ? 'timeout' : `${row.tools[tool].seconds.toFixed(3)} s`}`);
  }
  // The resource count comes from fargate-guard's own report.
  try {
    row.resources = JSON.parse(fs.readFileSync(path.join(out, 'tool-output', 'real-fargate-guard.out'), 'utf8')).summary.resources;
  } catch {
    row.resources = null;
  }
  cli.push(row);
}

// ---------------------------------------------------------------------------------------------------------------
// Targets and tables (report.mjs)

const result = {
  machine, wasm, startup, cold, inprocess, cli, sizes, timeout, quick,
  loadAverageAtEnd: os.loadavg().map((l) => Number(l.toFixed(2))),
};
const { targets, table } = render(result);
result.targets = targets;
fs.mkdirSync(path.join(here, 'results'), { recursive: true });
const resultFile = path.join(here, 'results', quick ? 'quick.json' : 'latest.json');
fs.writeFileSync(resultFile, JSON.stringify(result, null, 2) + '\n');
fs.writeFileSync(resultFile.replace(/\.json$/, '.md'), table);
process.stdout.write(table);
log(`wrote ${path.relative(root, resultFile)}`);
