#!/usr/bin/env node
// Writes the model section of lib/types.d.ts from the core's model schema (wcheckout::schema):
// the core types in core/src/model/*.rs are the one definition of every field, and this turns
// them into TypeScript interfaces with their doc comments.
//
//   node scripts/gen-types.mjs                 # schema from `cargo run --example model_schema`
//   node scripts/gen-types.mjs --schema FILE   # schema from a file ('-' for stdin)
//   node scripts/gen-types.mjs --check ...     # exit 1 if types.d.ts's section is stale
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TARGET = path.join(HERE, '..', 'lib', 'types.d.ts');
const BEGIN = '// <generated: models> from the core model schema by scripts/gen-types.mjs; do not edit.';
const END = '// </generated: models>';

const SCALAR = { text: 'string', amount: 'Amount', integer: 'number', boolean: 'boolean', json: 'JsonValue' };

function tsType(kind, of) {
  if (SCALAR[kind]) return SCALAR[kind];
  if (kind === 'enum' || kind === 'model') return of;
  if (kind === 'list') return `${tsType(of.kind, of.of)}[]`;
  throw new Error(`unknown kind ${kind}`);
}

function jsdoc(text, indent) {
  const t = (text || '').trim().replaceAll('*/', '*\\/');
  return t ? [`${indent}/** ${t} */`] : [];
}

export function render(schema) {
  const out = [BEGIN, ''];
  for (const m of schema.models) {
    out.push(...jsdoc(m.doc, ''));
    out.push(`export interface ${m.name} {`);
    for (const f of m.fields) {
      out.push(...jsdoc(f.doc, '  '));
      out.push(`  ${f.wire}${f.required ? '' : '?'}: ${tsType(f.kind, f.of)};`);
    }
    out.push('}', '');
  }
  out.push(END);
  return out.join('\n');
}

export function splice(text, section) {
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${TARGET} has no generated section markers`);
  return text.slice(0, a) + section + text.slice(b + END.length);
}

function loadSchema(source) {
  if (source === '-') return JSON.parse(readFileSync(0, 'utf8'));
  if (source) return JSON.parse(readFileSync(source, 'utf8'));
  const repo = path.join(HERE, '..', '..');
  const text = execFileSync('cargo', ['run', '-q', '-p', 'wcheckout', '--features', 'schema', '--example', 'model_schema'], {
    cwd: repo,
    encoding: 'utf8',
  });
  return JSON.parse(text);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--schema');
  const schema = loadSchema(at >= 0 ? args[at + 1] : '');
  const current = readFileSync(TARGET, 'utf8');
  const next = splice(current, render(schema));
  if (args.includes('--check')) {
    if (next !== current) {
      console.error(`${TARGET} is stale: run node bindings-node/scripts/gen-types.mjs`);
      process.exit(1);
    }
  } else {
    writeFileSync(TARGET, next);
  }
}
