#!/usr/bin/env node
'use strict';
// The fargate-guard command line: reads files, directories and stdin, validates them all together (so a
// service in one file links to its task definition in another) and prints the report as text, JSON, SARIF
// or JUnit. Exit codes: 0 nothing blocking; 1 unsuppressed failing findings at or above the minimum severity
// (not in the baseline); 2 usage error, unreadable input or input errors (the check is incomplete, which
// outranks 1).

const fs = require('node:fs');
const path = require('node:path');
const v8 = require('node:v8');
const { isUtf8 } = require('node:buffer');
const { parseArgs } = require('node:util');
const { fixAll } = require('./fix');

const EXIT_CLEAN = 0;
const EXIT_FINDINGS = 1;
const EXIT_ERROR = 2;
const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'];
const OUTPUTS = ['text', 'json', 'sarif', 'junit'];
const FORMATS = ['aws-api', 'cloudformation', 'terraform-plan', 'pulumi'];
// File types picked up when walking a directory; files named on the command line are read whatever their name.
const INPUT_EXTENSIONS = new Set(['.json', '.yaml', '.yml', '.template']);
const STDIN_NAME = '<stdin>';
const CONFIG_NAME = '.fargate-guard.json';
// Above this many files, progress is shown on stderr (when it is a terminal).
const PROGRESS_FROM = 50;

const HELP = `Usage: fargate-guard [options] <path|->...
       fargate-guard --list-rules | --explain <rule> | --version

Checks Amazon ECS / AWS Fargate task definitions, services and clusters before they are deployed.
Paths are files or directories (searched recursively for *.json, *.yaml, *.yml, *.template);
- reads standard input. All inputs are validated together, so resources link across files.

Output:
  --output <format>        text (default), json, sarif (SARIF 2.1.0) or junit (JUnit XML)
  --output-file <file>     write the report there instead of to standard output
Selection:
  --min-severity <level>   fail on findings at or above: info, low, medium, high, critical
                           (default: the config's minSeverity, else high)
  --rule <rule>            check only these rules: ids, names or globs (FG-*); repeat or separate with commas
  --skip-rule <rule>       do not check these rules (same forms)
  --config <file>          configuration file (JSON); default: ${CONFIG_NAME} in the current directory
                           or the nearest parent that has one
  --format-in <format>     input format instead of auto-detection: ${FORMATS.join(', ')}
Baseline:
  --baseline <file>        findings recorded there are reported but do not fail the run
  --write-baseline <file>  record the current findings there
Fixes:
  --fix                    apply the fixes of failing findings to the JSON input files, in place
  --fix-dry-run            print the fixes as JSON Patch per file, change nothing
Rules:
  --list-rules             list every rule (a table, or JSON with --output json)
  --explain <rule>         print a rule's documentation
Other:
  --version                print the version
  -h, --help               print this help

Exit status: 0 no blocking finding; 1 blocking findings; 2 usage error, unreadable file or input error.
Colour: on a terminal (or with FORCE_COLOR), never with NO_COLOR.
`;

class UsageError extends Error {}

/** The JS API: beside this file inside the npm package, or the built pkg/ when run from the source tree. */
function loadApi() {
  // V8 recompiles hot wasm functions with its optimising compiler in the background, and a process waits for
  // those jobs before it exits: after a one-file run, ~60 ms of the ~150 ms went to optimising functions that
  // would never run again. A larger budget before tier-up (default 1.8 M) leaves short runs on the baseline
  // compiler; long runs still tier up within their first few percent (measured: no change at N = 1 000).
  v8.setFlagsFromString('--wasm-tiering-budget=10000000');
  for (const candidate of [path.join(__dirname, '..', 'index.cjs'), path.join(__dirname, '..', '..', 'pkg', 'index.cjs')]) {
    if (fs.existsSync(candidate)) {
      return require(candidate);
    }
  }
  throw new Error('the WebAssembly package is not built; run ./scripts/build.sh');
}

const list = (values) => (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);

function parseCommandLine(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        output: { type: 'string' },
        'output-file': { type: 'string' },
        'min-severity': { type: 'string' },
        rule: { type: 'string', multiple: true },
        'skip-rule': { type: 'string', multiple: true },
        'format-in': { type: 'string' },
        config: { type: 'string' },
        baseline: { type: 'string' },
        'write-baseline': { type: 'string' },
        fix: { type: 'boolean' },
        'fix-dry-run': { type: 'boolean' },
        'list-rules': { type: 'boolean' },
        explain: { type: 'string' },
        version: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error.message);
  }
  const { values, positionals } = parsed;
  const output = values.output ?? 'text';
  if (!OUTPUTS.includes(output)) {
    throw new UsageError(`--output must be one of ${OUTPUTS.join(', ')}; got ${output}`);
  }
  const minSeverity = values['min-severity'];
  if (minSeverity !== undefined && !SEVERITIES.includes(minSeverity)) {
    throw new UsageError(`--min-severity must be one of ${SEVERITIES.join(', ')}; got ${minSeverity}`);
  }
  const formatIn = values['format-in'];
  if (formatIn !== undefined && !FORMATS.includes(formatIn)) {
    throw new UsageError(`--format-in must be one of ${FORMATS.join(', ')}; got ${formatIn}`);
  }
  if (values.fix && values['fix-dry-run']) {
    throw new UsageError('--fix and --fix-dry-run exclude each other');
  }
  if (positionals.filter((p) => p === '-').length > 1) {
    throw new UsageError('- (standard input) can be given only once');
  }
  return {
    ...values,
    output,
    minSeverity,
    formatIn,
    outputFile: values['output-file'],
    rules: list(values.rule),
    skipRules: list(values['skip-rule']),
    baseline: values.baseline,
    writeBaseline: values['write-baseline'],
    fixDryRun: values['fix-dry-run'],
    listRules: values['list-rules'],
    paths: positionals,
  };
}

function readJson(file, what) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the ${what} ${file}: ${error.code ?? error.message}`);
  }
  try {
    const value = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new Error('expected a JSON object');
    }
    return value;
  } catch (error) {
    throw new UsageError(`the ${what} ${file} is not valid: ${error.message}`);
  }
}

/** `--config`, else `.fargate-guard.json` in the current directory or the nearest parent that has one. */
function findConfig(given) {
  if (given !== undefined) return given;
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, CONFIG_NAME);
    try {
      fs.accessSync(candidate, fs.constants.R_OK);
      return candidate;
    } catch (error) {
      // A directory we may not read (Node's permission model, a locked-down CI runner) ends the search.
      if (error.code !== 'ENOENT') return undefined;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

const globRegExp = (glob) => new RegExp(`^${glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

/**
 * The config with --rule / --skip-rule applied as exact rule keys (exact keys win over the config's globs):
 * rules left out are "off"; selected rules the config turned off by an exact key are on again.
 */
function selectRules(api, config, selected, skipped) {
  if (selected.length === 0 && skipped.length === 0) return config;
  const catalogue = api.rules();
  const matcher = (flag) => (pattern) => {
    const re = globRegExp(pattern);
    const hits = catalogue.filter((r) => re.test(r.id) || re.test(r.name));
    if (hits.length === 0) {
      let hint = '';
      try {
        api.explainRule(pattern);
      } catch (error) {
        hint = (error.message.match(/; did you mean .*$/) || [''])[0];
      }
      throw new UsageError(`${flag} ${pattern} matches no rule${hint}`);
    }
    return hits.map((r) => r.id);
  };
  const wanted = selected.length > 0 ? new Set(selected.flatMap(matcher('--rule'))) : undefined;
  const unwanted = new Set(skipped.flatMap(matcher('--skip-rule')));
  const rules = { ...(config?.rules ?? {}) };
  for (const rule of catalogue) {
    const on = (!wanted || wanted.has(rule.id)) && !unwanted.has(rule.id);
    const setting = rules[rule.id] ?? rules[rule.name];
    delete rules[rule.name];
    if (!on) {
      rules[rule.id] = 'off';
    } else if (setting === 'off' || (setting && typeof setting === 'object' && setting.off)) {
      rules[rule.id] = typeof setting === 'object' ? { ...setting, off: false } : {};
    } else if (setting !== undefined) {
      rules[rule.id] = setting;
    } else if (wanted) {
      rules[rule.id] = {}; // on, even if a glob of the config turns its group off
    }
  }
  return { ...config, rules };
}

/**
 * Expands the paths into the files to read, in a stable order (directories sorted by name, hidden entries
 * and node_modules skipped); records paths that cannot be read instead of stopping.
 */
function collectFiles(paths, problems) {
  const files = [];
  const seen = new Set();
  // `discovered`: found by walking a directory; such a file that is no ECS input is skipped, not an error.
  const add = (file, discovered) => {
    const key = path.resolve(file);
    if (!seen.has(key)) {
      seen.add(key);
      files.push({ file, discovered });
    }
  };
  const visitedDirectories = new Set();
  const byExtension = (name) => INPUT_EXTENSIONS.has(path.extname(name).toLowerCase());
  const walk = (directory, accept = byExtension) => {
    let real;
    let entries;
    try {
      real = fs.realpathSync(directory);
      entries = fs.readdirSync(directory, { withFileTypes: true });
    } catch (error) {
      problems.push({ name: directory, error: error.code ?? error.message });
      return;
    }
    // A symbolic link back up the tree must not loop.
    if (visitedDirectories.has(real)) return;
    visitedDirectories.add(real);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(directory, entry.name);
      let stat;
      try {
        stat = entry.isSymbolicLink() ? fs.statSync(full) : entry;
      } catch (error) {
        problems.push({ name: full, error: error.code ?? error.message });
        continue;
      }
      if (stat.isDirectory()) {
        walk(full, accept);
      } else if (stat.isFile() && accept(full)) {
        add(full, true);
      }
    }
  };
  for (const given of paths) {
    if (given === '-') {
      files.push({ file: given, discovered: false });
      continue;
    }
    let stat;
    try {
      stat = fs.statSync(given);
    } catch (error) {
      if (error.code === 'ENOENT' && isGlob(given)) {
        // A quoted glob (the shell did not expand it): walk from its literal prefix, keep what it matches.
        const before = files.length;
        const pattern = globPathRegExp(given);
        walk(globBase(given), (full) => pattern.test(full.split(path.sep).join('/')));
        if (files.length === before) process.stderr.write(`fargate-guard: no files match ${given}\n`);
        continue;
      }
      problems.push({ name: given, error: error.code ?? error.message });
      continue;
    }
    if (stat.isDirectory()) {
      const before = files.length;
      walk(given);
      if (files.length === before) {
        process.stderr.write(`fargate-guard: no *.json, *.yaml, *.yml or *.template files under ${given}\n`);
      }
    } else {
      add(given, false);
    }
  }
  return files;
}

const isGlob = (text) => /[*?[]/.test(text);

/** The directory a glob starts from: its path up to the first segment with a wildcard. */
function globBase(glob) {
  const segments = glob.split(/[\\/]/);
  const literal = segments.slice(0, segments.findIndex(isGlob));
  return literal.length === 0 ? '.' : literal.join('/') || '/';
}

/** `**` matches any run of directories, `*` and `?` stay within one, `[…]` is a character class. */
function globPathRegExp(glob) {
  const normal = glob.split(path.sep).join('/').replace(/^\.\//, '');
  let out = '';
  for (let i = 0; i < normal.length; i += 1) {
    const c = normal[i];
    if (c === '*' && normal[i + 1] === '*') {
      out += normal[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += normal[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = normal.indexOf(']', i);
      if (end > i) {
        out += normal.slice(i, end + 1);
        i = end;
      } else out += '\\[';
    } else out += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^(?:\\./)?${out}$`);
}

/** Progress on stderr, only on a terminal and only for many files. */
function progress(total) {
  if (!process.stderr.isTTY || total < PROGRESS_FROM) return { tick() {}, done() {} };
  let count = 0;
  return {
    tick() {
      count += 1;
      if (count % 10 === 0 || count === total) process.stderr.write(`\rfargate-guard: read ${count}/${total} files`);
    },
    done() {
      process.stderr.write('\r\x1b[K');
    },
  };
}

/**
 * `{ name, content }` per readable file, `{ name, error }` per unreadable one (reported, the rest checked). The
 * content is the file's bytes: the engine decodes them, and a file that is not UTF-8 is reported unreadable.
 */
function readInputs(files) {
  const shown = progress(files.length);
  const inputs = files.map(({ file, discovered }) => {
    const name = file === '-' ? STDIN_NAME : file;
    shown.tick();
    try {
      return { name, content: fs.readFileSync(file === '-' ? 0 : file), discovered };
    } catch (error) {
      return { name, error: error.code ?? error.message };
    }
  });
  shown.done();
  return inputs;
}

/**
 * Colour for a terminal: severities, statuses, file headers, warnings. NO_COLOR (non-empty) turns it off;
 * FORCE_COLOR (non-empty, not 0) turns it on where standard output is not a terminal.
 */
function colourWanted(stream) {
  const set = (name) => process.env[name] !== undefined && process.env[name] !== '';
  const forced = set('FORCE_COLOR') && process.env.FORCE_COLOR !== '0';
  return (stream.isTTY || forced) && !set('NO_COLOR');
}

function colourise(text) {
  const paint = { critical: '1;31', high: '31', medium: '33', low: '36', info: '2', undecided: '35', suppressed: '2', baseline: '2' };
  return text
    .split('\n')
    .map((line) => {
      const status = line.match(/^ {2}(critical|high|medium|low|info|undecided|suppressed|baseline)\b/);
      if (status) return line.replace(status[1], `\x1b[${paint[status[1]]}m${status[1]}\x1b[0m`);
      if (/^warning: /.test(line)) return `\x1b[33m${line}\x1b[0m`;
      if (/^\S.* {2}\S+ /.test(line) && !/^\d+ resources/.test(line)) return `\x1b[1m${line}\x1b[0m`;
      return line;
    })
    .join('\n');
}

function listRules(api, output) {
  const rules = api.rules();
  if (output === 'json') {
    return `${JSON.stringify(rules.map(({ examples, ...meta }) => meta), null, 2)}\n`;
  }
  if (output !== 'text') throw new UsageError('--list-rules prints text or json');
  const width = Math.max(...rules.map((r) => r.name.length));
  const lines = rules.map((r) => `${r.id}  ${r.name.padEnd(width)}  ${r.severity.padEnd(8)}  ${r.title}`);
  return `${['ID     ' + 'NAME'.padEnd(width) + '  SEVERITY  TITLE', ...lines].join('\n')}\n`;
}

/** Writes `chunks` (strings or bytes) to standard output, or to `file`. */
function writeOut(chunks, file) {
  const all = [].concat(chunks);
  if (file === undefined) {
    for (const chunk of all) process.stdout.write(chunk);
    return;
  }
  try {
    fs.writeFileSync(file, all.length === 1 ? all[0] : Buffer.concat(all.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))));
  } catch (error) {
    throw new UsageError(`cannot write ${file}: ${error.code ?? error.message}`);
  }
}

function run(argv) {
  const args = parseCommandLine(argv);
  if (args.help) {
    process.stdout.write(HELP);
    return EXIT_CLEAN;
  }
  const api = loadApi();
  if (args.version) {
    process.stdout.write(`fargate-guard ${api.version}\n`);
    return EXIT_CLEAN;
  }
  if (args.listRules) {
    writeOut(listRules(api, args.output), args.outputFile);
    return EXIT_CLEAN;
  }
  if (args.explain !== undefined) {
    try {
      writeOut(api.explainRule(args.explain), args.outputFile);
    } catch (error) {
      throw new UsageError(error.message.replace(/^explainRule: /, '--explain: '));
    }
    return EXIT_CLEAN;
  }
  if (args.paths.length === 0) {
    throw new UsageError('no input: give files, directories, or - for standard input');
  }
  const configFile = findConfig(args.config);
  let config = configFile !== undefined ? readJson(configFile, 'config file') : undefined;
  if (args.minSeverity !== undefined) {
    // The engine computes `summary.blocking` against the config's minSeverity; the flag overrides the file.
    config = { ...config, minSeverity: args.minSeverity };
  }
  config = selectRules(api, config, args.rules, args.skipRules);
  const options = {};
  if (config !== undefined) options.config = config;
  if (args.formatIn !== undefined) options.format = args.formatIn;
  if (args.baseline !== undefined) options.baseline = readJson(args.baseline, 'baseline');

  if (args.fix && args.paths.includes('-')) {
    throw new UsageError('--fix cannot change standard input in place; use --fix-dry-run to print the fixes');
  }
  const problems = [];
  const files = collectFiles(args.paths, problems);
  const all = [...problems, ...readInputs(files)];
  if (all.length === 0) {
    process.stderr.write('fargate-guard: no input files to check\n');
    return EXIT_ERROR;
  }
  for (const unreadable of all.filter((i) => i.error !== undefined)) {
    process.stderr.write(`fargate-guard: cannot read ${unreadable.name}: ${unreadable.error}\n`);
  }
  const render = (files, output = args.output) => {
    try {
      return api.renderFiles(files, output, options);
    } catch (error) {
      // Invalid options or config (unknown rule, bad format name): the call was wrong, not the data.
      throw new UsageError(error.message.replace(/^renderFiles: /, ''));
    }
  };

  let checked = all;
  if (args.fix || args.fixDryRun) {
    // Fixes edit text; a file that is not UTF-8 stays bytes, for the engine to report unreadable.
    const texts = all.map((i) => (i.content !== undefined && isUtf8(i.content) ? { ...i, content: i.content.toString('utf8').replace(/^\uFEFF/, '') } : i));
    const outcome = fixAll(texts, (current) => render(current, 'json').report);
    for (const name of outcome.skipped) {
      process.stderr.write(`fargate-guard: ${name}: fixes not applied: only JSON files can be fixed in place (YAML would lose its comments and layout); --fix-dry-run prints them as JSON Patch\n`);
    }
    if (args.fixDryRun) {
      const patches = texts
        .filter((i) => i.content !== undefined)
        .map((i) => ({ file: i.name, patch: outcome.applied.get(i.name) ?? [] }))
        .filter((p) => p.patch.length > 0);
      writeOut(`${JSON.stringify(patches, null, 2)}\n`, args.outputFile);
      return EXIT_CLEAN;
    }
    for (const input of outcome.inputs) {
      if (!outcome.applied.has(input.name)) continue;
      fs.writeFileSync(input.name, input.content);
      process.stderr.write(`fargate-guard: fixed ${input.name} (${outcome.applied.get(input.name).length} operations)\n`);
    }
    checked = outcome.inputs;
  }

  const result = render(checked);
  const newline = args.output === 'json' || args.output === 'sarif' ? ['\n'] : [];
  if (args.output === 'text' && args.outputFile === undefined && colourWanted(process.stdout)) {
    writeOut(colourise(result.rendered), undefined);
  } else {
    // Bytes straight from the engine: a report can be hundreds of MB, and a JS string of it would be decoded
    // from UTF-8 only to be encoded again on the way out.
    writeOut([result.renderedBytes, ...newline], args.outputFile);
  }
  if (args.writeBaseline !== undefined) {
    writeOut(`${result.baseline}\n`, args.writeBaseline);
  }
  // `summary`, `errors` and `skipped` alone: reading `result.report` would convert every finding for nothing.
  for (const skipped of result.skipped) {
    process.stderr.write(`fargate-guard: skipped ${skipped.file}: not an ECS input in a known format\n`);
  }
  if (result.errors.length > 0) return EXIT_ERROR;
  return result.summary.blocking > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
}

// A reader that stops early (`| head`) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_CLEAN);
  throw error;
});

function main() {
  try {
    // exitCode rather than exit(): stdout is flushed even when it is a pipe.
    process.exitCode = run(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`fargate-guard: ${error.message}\n`);
    if (error instanceof UsageError) process.stderr.write('Try fargate-guard --help\n');
    process.exitCode = EXIT_ERROR;
  }
}

main();
