#!/usr/bin/env node
// The CLI floor: a Node process that reads the same files the CLI reads (directories walked recursively, sorted)
// and JSON.parses the JSON ones (YAML files are only read: Node has no YAML parser built in).
//   node benches/floor.mjs <path>...
import fs from 'node:fs';
import path from 'node:path';

let bytes = 0;
let parsed = 0;
let invalid = 0;
function visit(p) {
  if (fs.statSync(p).isDirectory()) {
    for (const entry of fs.readdirSync(p).sort()) visit(path.join(p, entry));
    return;
  }
  const text = fs.readFileSync(p, 'utf8');
  bytes += text.length;
  if (p.endsWith('.json')) {
    try {
      JSON.parse(text);
      parsed++;
    } catch {
      invalid++;
    }
  }
}
process.argv.slice(2).forEach(visit);
process.stdout.write(`${JSON.stringify({ bytes, parsed, invalid })}\n`);
