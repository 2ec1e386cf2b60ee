// Counts which template functions real Helm charts use, to decide what the renderer must
// implement (docs/helm.md lists the result). Usage, after `npm run compile-tests`:
//   node scripts/helm-function-survey.mjs DIR...   (folders holding charts, searched deeply)
// Prints, per function: how many template files use it, and whether the renderer
// implements it, treats it as unknown, or does not know it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { lex } = require('../out/server/src/core/helm/template/lexer.js');
const { FUNCS, UNSUPPORTED } = require('../out/server/src/core/helm/functions/index.js');

const files = [];
function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full);
    else if (/\/templates\//.test(full) && /\.(ya?ml|tpl|txt)$/.test(e.name)) files.push(full);
  }
}
for (const dir of process.argv.slice(2)) walk(dir);

const perFile = new Map();
let unreadable = 0;
for (const file of files) {
  let tokens;
  try {
    tokens = lex(fs.readFileSync(file, 'utf8'));
  } catch {
    unreadable++;
    continue;
  }
  const seen = new Set(tokens.filter((t) => t.type === 'identifier').map((t) => t.value));
  for (const name of seen) perFile.set(name, (perFile.get(name) ?? 0) + 1);
}
console.log(`${files.length} template files (${unreadable} not lexable)`);
const rows = [...perFile].sort((a, b) => b[1] - a[1]);
for (const [name, count] of rows) {
  const status = FUNCS.has(name) || name === 'and' || name === 'or' ? 'implemented' : UNSUPPORTED.has(name) ? 'unknown' : 'not a Helm function';
  console.log(`${String(count).padStart(6)}  ${name.padEnd(28)} ${status}`);
}
