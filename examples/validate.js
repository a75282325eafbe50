#!/usr/bin/env node
// Validates one file with the JS API and prints its findings.
// Usage: node examples/validate.js examples/bad-task-definition.json   (after ./scripts/build.sh)
// In your own project, write require('fargate-guard') instead of require('../pkg').
'use strict';
const fs = require('node:fs');
const { validate, version } = require('../pkg');

const file = process.argv[2];
if (!file) {
  console.error('usage: node examples/validate.js FILE');
  process.exit(2);
}

const report = validate(fs.readFileSync(file, 'utf8'), { fileName: file });
console.log(`fargate-guard ${version}: ${report.summary.resources} resources, ${report.summary.rules} rules`);
for (const error of report.errors) {
  console.log(`error   ${error.code}: ${error.message}`);
}
for (const finding of report.findings) {
  const where = finding.missing ? `${finding.path} (missing ${finding.missing})` : finding.path;
  console.log(`${finding.severity.padEnd(8)} ${finding.ruleId} ${finding.resource.name} ${where}`);
  console.log(`         ${finding.message}`);
}
// Fail like the CLI does: on input errors, or on unsuppressed failures at or above the threshold (high).
process.exitCode = report.errors.length > 0 ? 2 : report.summary.blocking > 0 ? 1 : 0;
