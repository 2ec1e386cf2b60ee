// Writes dist/README.md, the README the .vsix carries (`vsce package --readme-path`), so the
// extension's details page works offline, where it is read:
// - pictures by absolute https address: code-server 4.139's details page shows neither
//   relative pictures nor data: URLs (its sanitizer drops the src), so, as vsce's
//   --baseImagesUrl and the Marketplace do, a relative picture `docs/images/x.png` becomes
//   https://raw.githubusercontent.com/<owner>/<repo>/HEAD/docs/images/x.png, from
//   package.json's `repository`;
// - the page opens only http(s), mailto and in-page (#) links, and the rule pages must read
//   offline, so the rule pages are appended (before the Development section, which stays
//   last) and the rules table links to them in the page; other relative links (docs,
//   CONTRIBUTING) become plain text.
// The README.md of the repository is left as it is, for reading on the web and in the editor.
//   node scripts/package-readme.mjs [output]   (default dist/README.md)
import fs from 'node:fs';
import path from 'node:path';
import { rawFilesBase } from './repository.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const output = process.argv[2] ? path.resolve(process.argv[2]) : path.join(root, 'dist', 'README.md');

const imagesBase = rawFilesBase(root);

const ruleAnchor = (id) => `rule-${id}`;
const ruleIds = [];

let text = readme
  // ![alt](docs/images/x.png) -> the picture's raw address in the repository (it must exist)
  .replace(/!\[([^\]]*)\]\((?![a-z]+:)([^)\s]+)\)/g, (_m, alt, src) => {
    if (!fs.existsSync(path.join(root, src))) throw new Error(`README.md: the picture ${src} is not in the repository`);
    return `![${alt}](${imagesBase}${src.replace(/^\.\//, '')})`;
  })
  // [text](docs/rules/id.md) -> in-page link to the appended rule page
  .replace(/\[([^\]]*)\]\(docs\/rules\/([a-z0-9-]+)\.md\)/g, (_m, label, id) => {
    if (!ruleIds.includes(id)) ruleIds.push(id);
    return `[${label}](#${ruleAnchor(id)})`;
  })
  // any other relative link (not a picture) -> its text
  .replace(/(?<!!)\[([^\]]*)\]\((?![a-z]+:|#)[^)\s]+\)/g, (_m, label) => label);

/** A rule page, its headings moved two levels down, its relative and in-page links made plain text. */
function rulePage(id) {
  const page = fs.readFileSync(path.join(root, 'docs', 'rules', `${id}.md`), 'utf8')
    .replace(/^(#{1,4}) /gm, (_m, hashes) => `${hashes}## `)
    .replace(/(?<!!)\[([^\]]*)\]\((?![a-z]+:|#)[^)\s]+\)/g, (_m, label) => label)
    // and its links to its own headings: several pages share heading names on one page
    .replace(/(?<!!)\[([^\]]*)\]\(#[^)\s]*\)/g, (_m, label) => label);
  return `<a id="${ruleAnchor(id)}"></a>\n\n${page.trim()}\n`;
}

const reference = `## Rule reference\n\n${ruleIds.map(rulePage).join('\n')}\n`;
const development = text.search(/^## Development\s*$/m);
text = development >= 0 ? `${text.slice(0, development)}${reference}${text.slice(development)}` : `${text}\n${reference}`;

fs.mkdirSync(path.dirname(output), { recursive: true });
fs.writeFileSync(output, text);
console.log(`${path.relative(root, output)}: pictures from ${imagesBase}, ${ruleIds.length} rule pages appended`);
