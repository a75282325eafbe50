#!/usr/bin/env node
'use strict';
// The fargate-guard command line: reads files, directories and stdin, validates them all together (so a
// service in one file links to its task definition in another) and prints the report as text or JSON.
// Exit codes: 0 nothing blocking; 1 unsuppressed failing findings at or above the minimum severity;
// 2 usage error, unreadable input or input errors (the check is incomplete, which outranks 1).

const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');

const EXIT_CLEAN = 0;
const EXIT_FINDINGS = 1;
const EXIT_ERROR = 2;
const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'];
const OUTPUTS = ['text', 'json'];
// File types picked up when walking a directory; files named on the command line are read whatever their name.
const INPUT_EXTENSIONS = new Set(['.json', '.yaml', '.yml', '.template']);
const STDIN_NAME = '<stdin>';

const HELP = `Usage: fargate-guard [options] <path|->...

Checks Amazon ECS / AWS Fargate task definitions, services and clusters before they are deployed.
Paths are files or directories (searched recursively for *.json, *.yaml, *.yml, *.template);
- reads standard input. All inputs are validated together, so resources link across files.

Options:
  --output <text|json>     report format (default text)
  --min-severity <level>   fail on findings at or above: info, low, medium, high, critical
                           (default: the config's minSeverity, else high)
  --format-in <format>     input format instead of auto-detection:
                           aws-api, cloudformation, terraform-plan, pulumi
  --config <file>          configuration file (JSON): rules, suppressions, undecided, minSeverity, limits
  --version                print the version
  -h, --help               print this help

Exit status: 0 no blocking finding; 1 blocking findings; 2 usage error, unreadable file or input error.
`;

class UsageError extends Error {}

/** The JS API: beside this file inside the npm package, or the built pkg/ when run from the source tree. */
function loadApi() {
  for (const candidate of [path.join(__dirname, '..', 'index.cjs'), path.join(__dirname, '..', '..', 'pkg', 'index.cjs')]) {
    if (fs.existsSync(candidate)) {
      return require(candidate);
    }
  }
  throw new Error('the WebAssembly package is not built; run ./scripts/build.sh');
}

function parseCommandLine(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        output: { type: 'string' },
        'min-severity': { type: 'string' },
        'format-in': { type: 'string' },
        config: { type: 'string' },
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
  if (positionals.filter((p) => p === '-').length > 1) {
    throw new UsageError('- (standard input) can be given only once');
  }
  return { ...values, output, minSeverity, formatIn: values['format-in'], paths: positionals };
}

function readConfig(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the config file ${file}: ${error.code ?? error.message}`);
  }
  try {
    const config = JSON.parse(text);
    if (config === null || typeof config !== 'object' || Array.isArray(config)) {
      throw new Error('expected a JSON object');
    }
    return config;
  } catch (error) {
    throw new UsageError(`the config file ${file} is not valid: ${error.message}`);
  }
}

/**
 * Expands the paths into the files to read, in a stable order (directories sorted by name, hidden entries
 * and node_modules skipped); records paths that cannot be read instead of stopping.
 */
function collectFiles(paths, problems) {
  const files = [];
  const seen = new Set();
  const add = (file) => {
    const key = path.resolve(file);
    if (!seen.has(key)) {
      seen.add(key);
      files.push(file);
    }
  };
  const visitedDirectories = new Set();
  const walk = (directory) => {
    let real;
    let entries;
    try {
      real = fs.realpathSync(directory);
      entries = fs.readdirSync(directory, { withFileTypes: true });
    } catch (error) {
      problems.push({ file: directory, message: error.code ?? error.message });
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
        problems.push({ file: full, message: error.code ?? error.message });
        continue;
      }
      if (stat.isDirectory()) {
        walk(full);
      } else if (stat.isFile() && INPUT_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
        add(full);
      }
    }
  };
  for (const given of paths) {
    if (given === '-') {
      files.push(given);
      continue;
    }
    let stat;
    try {
      stat = fs.statSync(given);
    } catch (error) {
      problems.push({ file: given, message: error.code ?? error.message });
      continue;
    }
    if (stat.isDirectory()) {
      const before = files.length;
      walk(given);
      if (files.length === before) {
        process.stderr.write(`fargate-guard: no *.json, *.yaml, *.yml or *.template files under ${given}\n`);
      }
    } else {
      add(given);
    }
  }
  return files;
}

function readInputs(files, problems) {
  const inputs = [];
  for (const file of files) {
    try {
      const content = fs.readFileSync(file === '-' ? 0 : file, 'utf8');
      inputs.push({ name: file === '-' ? STDIN_NAME : file, content });
    } catch (error) {
      problems.push({ file: file === '-' ? STDIN_NAME : file, message: error.code ?? error.message });
    }
  }
  return inputs;
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
  if (args.paths.length === 0) {
    throw new UsageError('no input: give files, directories, or - for standard input');
  }
  const config = args.config !== undefined ? readConfig(args.config) : undefined;
  const options = {};
  if (config !== undefined || args.minSeverity !== undefined) {
    // The engine computes `summary.blocking` against the config's minSeverity; the flag overrides the file.
    options.config = { ...config, ...(args.minSeverity !== undefined && { minSeverity: args.minSeverity }) };
  }
  if (args.formatIn !== undefined) {
    options.format = args.formatIn;
  }
  const problems = [];
  const inputs = readInputs(collectFiles(args.paths, problems), problems);
  for (const problem of problems) {
    process.stderr.write(`fargate-guard: cannot read ${problem.file}: ${problem.message}\n`);
  }
  if (inputs.length === 0) {
    process.stderr.write('fargate-guard: no input files to check\n');
    return EXIT_ERROR;
  }
  let result;
  try {
    result = api.renderFiles(inputs, args.output, options);
  } catch (error) {
    // Invalid options or config (unknown rule, bad format name): the call was wrong, not the data.
    throw new UsageError(error.message);
  }
  process.stdout.write(args.output === 'json' ? `${result.rendered}\n` : result.rendered);
  if (problems.length > 0 || result.report.errors.length > 0) return EXIT_ERROR;
  return result.report.summary.blocking > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
}

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
