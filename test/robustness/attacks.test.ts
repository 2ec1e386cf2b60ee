import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { analyzeFile, hoverAt, Workspace, type Container, type Finding } from '../../server/src/core';
import { EXPANSION_LIMIT } from '../../server/src/core/envExpansion';
import { abbreviateLongRuns, charactersReadSoFar, LONGEST_ECHOED } from '../../server/src/core/abbreviate';
import { code, PLAIN } from '../../server/src/core/markdown';
import { expandEnvForPod } from '../../server/src/core/podEnv';
import { IndexFilter, IndexRun, readManifest, uriToPath, walk, type WalkNotice } from '../../server/src/node/indexer';

/**
 * The attacks of issue #16 on the core and the indexer's walk, at the smallest size
 * where each defect shows. The full sizes are in `npm run stress` (scripts/stress.mjs).
 */

const URI = 'file:///attack/x.yaml';

function analyze(text: string, uri = URI): Finding[] {
  const workspace = new Workspace();
  workspace.setOpen(uri, text);
  return analyzeFile(workspace, uri);
}

/** `rule-id@line:character` of each finding, in order. */
function where(findings: Finding[]): string[] {
  return findings.map((f) => `${f.ruleId}@${f.range.start.line}:${f.range.start.character}`);
}

const TWO_BAD_SERVICES = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: Bad_Name\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: Bad_Two\n';
const BOTH_FOUND = ['invalid-name@3:8', 'invalid-name@8:8'];

const temps: string[] = [];
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-attack-')));
  temps.push(dir);
  return dir;
}

describe('attack: 130,000 document-end markers (issue #16, 2)', () => {
  it('analyses the file without a RangeError, and the documents after them still count', () => {
    const text = `${'...\n'.repeat(130_000)}${TWO_BAD_SERVICES}`;
    const findings = analyze(text);
    assert.deepEqual(where(findings), ['invalid-name@130003:8', 'invalid-name@130008:8']);
  });
});

/** `text` in UTF-16 with a byte order mark. */
function utf16(text: string, order: 'le' | 'be'): Uint8Array {
  const bytes = new Uint8Array(2 + 2 * text.length);
  bytes.set(order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const [first, second] = order === 'le' ? [unit & 0xff, unit >> 8] : [unit >> 8, unit & 0xff];
    bytes[2 + 2 * i] = first;
    bytes[3 + 2 * i] = second;
  }
  return bytes;
}

describe('attack: files not read (issue #16, 16)', () => {
  it('lone CR line breaks give the findings at the lines LSP counts', () => {
    assert.deepEqual(where(analyze(TWO_BAD_SERVICES.replace(/\n/g, '\r'))), BOTH_FOUND);
    assert.deepEqual(where(analyze(TWO_BAD_SERVICES.replace(/\n/g, '\r\n'))), BOTH_FOUND);
  });

  it('a byte order mark before or after `---`, or at the start of a document, drops nothing', () => {
    assert.deepEqual(where(analyze(TWO_BAD_SERVICES.replace('---\n', '---\n\uFEFF'))), ['invalid-name@3:8', 'invalid-name@8:8']);
    assert.deepEqual(where(analyze(TWO_BAD_SERVICES.replace('---\n', '\uFEFF---\n'))), BOTH_FOUND);
    assert.deepEqual(where(analyze(TWO_BAD_SERVICES.replace('---\n', '---\uFEFF\n'))), BOTH_FOUND);
    assert.deepEqual(where(analyze(`\uFEFF${TWO_BAD_SERVICES.replace(/\n/g, '\r')}`)), BOTH_FOUND);
  });

  it('a BOM at the start of a line counts as a character of that line, as in LSP', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n\uFEFF  name: Bad_Name\n';
    assert.deepEqual(where(analyze(text)), ['invalid-name@3:9']);
    // The BOM is not indentation YAML knows: the key moves one column, nothing is lost.
    assert.equal(analyze('---\n\uFEFFapiVersion: v1\nkind: Service\nmetadata:\n  name: Bad_Name\n').length, 1);
  });

  it('UTF-16 files with a byte order mark are decoded, not skipped as binary', () => {
    const dir = tempDir();
    const le = path.join(dir, 'le.yaml');
    const be = path.join(dir, 'be.yaml');
    fs.writeFileSync(le, utf16(TWO_BAD_SERVICES, 'le'));
    fs.writeFileSync(be, utf16(TWO_BAD_SERVICES, 'be'));
    assert.equal(readManifest(le, 1 << 20), TWO_BAD_SERVICES);
    assert.equal(readManifest(be, 1 << 20), TWO_BAD_SERVICES);
    fs.writeFileSync(path.join(dir, 'binary.yaml'), new Uint8Array([0x61, 0x3a, 0x00, 0x62]));
    assert.equal(readManifest(path.join(dir, 'binary.yaml'), 1 << 20), undefined, 'a NUL without a BOM is still binary');
  });
});

describe('attack: a folder tree past the walk limits (issue #16, 3)', () => {
  function tree(folders: number, depth: number): string {
    const root = tempDir();
    for (let i = 0; i < folders; i++) fs.mkdirSync(path.join(root, `d${String(i).padStart(3, '0')}`));
    let deep = root;
    for (let d = 0; d < depth; d++) deep = path.join(deep, `l${d}`);
    fs.mkdirSync(deep, { recursive: true });
    fs.writeFileSync(path.join(root, 'top.yaml'), TWO_BAD_SERVICES);
    if (depth > 0) fs.writeFileSync(path.join(deep, 'deep.yaml'), TWO_BAD_SERVICES);
    return root;
  }
  const filter = new IndexFilter({ exclude: [], maxFileSizeKB: 2048 });

  it('stops below the depth limit, says where, and still indexes what is above it', () => {
    const root = tree(0, 5);
    const notices: WalkNotice[] = [];
    const files = [...walk(root, filter, (n) => notices.push(n), { depth: 3, entries: 1000, files: 1000 })].filter((f) => f !== null);
    assert.deepEqual(files.map((f) => path.relative(root, f!)), ['top.yaml']);
    assert.equal(notices.length, 1);
    assert.match(notices[0].message, /did not walk below '.*l2': 3 folders deep \(the limit\)\./);
    const all = [...walk(root, filter, () => assert.fail('no notice within the limits'), { depth: 5, entries: 1000, files: 1000 })].filter((f) => f !== null);
    assert.equal(all.length, 2);
  });

  it('stops after the entry limit and says so', () => {
    const root = tree(120, 0);
    const run = new IndexRun(new Workspace(), [root], filter, { depth: 64, entries: 100, files: 1000 });
    while (!run.finished) run.step(5);
    assert.equal(run.notices.length, 1);
    assert.match(run.notices[0].message, /^stopped walking '.*' after 100 folder entries \(the limit\): files not reached are not indexed\.$/);
  });

  it('stops after the file limit, says so, and keeps the files found before it (issue #15: 200,000 files stay bounded)', () => {
    const root = tempDir();
    for (let i = 0; i < 30; i++) fs.writeFileSync(path.join(root, `f${String(i).padStart(2, '0')}.yaml`), TWO_BAD_SERVICES);
    const run = new IndexRun(new Workspace(), [root], filter, { depth: 64, entries: 1000, files: 25 });
    while (!run.finished) run.step(5);
    assert.equal(run.indexed.size, 25);
    assert.equal(run.notices.length, 1);
    assert.match(run.notices[0].message, /^stopped indexing '.*' at 25 files \(the limit\): files not reached are not indexed\.$/);
    const all = new IndexRun(new Workspace(), [root], filter, { depth: 64, entries: 1000, files: 30 });
    while (!all.finished) all.step(5);
    assert.deepEqual([all.indexed.size, all.notices], [30, []]);
  });

  it('walks 2,000 sibling folders in name order, each once', () => {
    const root = tree(2000, 0);
    fs.writeFileSync(path.join(root, 'd1999', 'last.yaml'), TWO_BAD_SERVICES);
    fs.writeFileSync(path.join(root, 'd000', 'first.yaml'), TWO_BAD_SERVICES);
    const files = [...walk(root, filter)].filter((f): f is string => f !== null).map((f) => path.relative(root, f).replace(/\\/g, '/'));
    assert.deepEqual(files, ['top.yaml', 'd000/first.yaml', 'd1999/last.yaml']);
  });

  it('tells a link to a YAML file outside the root, and reads nothing through it', () => {
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'secret.yaml'), TWO_BAD_SERVICES);
    const root = tempDir();
    fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(root, 'svc.yaml'));
    fs.symlinkSync(outside, path.join(root, 'elsewhere'));
    fs.writeFileSync(path.join(root, 'inside.yaml'), TWO_BAD_SERVICES);
    fs.symlinkSync(path.join(root, 'inside.yaml'), path.join(root, 'alias.yaml'));
    const run = new IndexRun(new Workspace(), [root], filter);
    while (!run.finished) run.step();
    assert.deepEqual([...run.indexed].map((u) => path.basename(uriToPath(u)!)), ['inside.yaml']);
    assert.deepEqual(run.notices.map((n) => [n.kind, path.basename(n.path)]), [['link-outside', 'svc.yaml']]);
  });
});

describe('attack: env expansion bomb (issue #16, 1)', () => {
  const HOVER_BOUND = 3 * EXPANSION_LIMIT + 2000; // three pods' previews and the text around them

  function statefulSetWithEnv(env: [string, string][]): string {
    return `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: 3
  template:
    spec:
      containers:
        - name: main
          env:
${env.map(([name, value]) => `            - name: ${name}\n              value: "${value}"\n`).join('')}---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  clusterIP: None
`;
  }

  function hoverOn(text: string, needle: string): string {
    const workspace = new Workspace();
    workspace.setOpen(URI, text);
    const offset = text.indexOf(needle) + 1;
    const before = text.slice(0, offset);
    const hover = hoverAt(workspace, URI, { line: before.split('\n').length - 1, character: offset - before.lastIndexOf('\n') - 1 });
    assert.ok(hover, 'a hover');
    return hover.markdown;
  }

  it('previews a doubling chain (2^22 copies) as a bounded prefix and says it was cut', () => {
    const env: [string, string][] = [['A0', 'web-0.web ']];
    for (let i = 1; i <= 22; i++) env.push([`A${i}`, `$(A${i - 1})$(A${i - 1})`]);
    const markdown = hoverOn(statefulSetWithEnv(env), '$(A21)$(A21)');
    assert.ok(markdown.length < HOVER_BOUND, `${markdown.length} characters`);
    assert.match(markdown, /- `web-0`: `(web-0\.web ){409}web-0\.` … \(cut: only the first 4096 characters are shown\)/);
    // The name the value repeats is explained once, and the cut name `web-0.` is not read as a name.
    assert.equal(markdown.split('**`web-0.web`**').length - 1, 1);
  });

  it('keeps a value with 100,000 references bounded', () => {
    const markdown = hoverOn(statefulSetWithEnv([['A', 'web-0.web '], ['B', '$(A)'.repeat(100_000)]]), '$(A)$(A)');
    assert.ok(markdown.length < HOVER_BOUND, `${markdown.length} characters`);
    assert.match(markdown, /cut: only the first 4096 characters are shown/);
  });

  it('lists at most 20 names not defined before the entry, and says how many more', () => {
    const refs = Array.from({ length: 500 }, (_, i) => `$(U${i})`).join('');
    const markdown = hoverOn(statefulSetWithEnv([['A', 'x'], ['B', refs]]), '$(U0)');
    assert.match(markdown, /left as written: `\$\(U0\)`, .*`\$\(U19\)` and 480 more\./);
  });

  it('expands a value that fits exactly as before', () => {
    const env: [string, string][] = [['A0', 'web-0.web ']];
    for (let i = 1; i <= 3; i++) env.push([`A${i}`, `$(A${i - 1})$(A${i - 1})`]);
    assert.deepEqual(expandEnvForPod(containerOf(statefulSetWithEnv(env)), 3, { namespace: 'default' }), {
      value: 'web-0.web '.repeat(8), truncated: false, runtime: [], notDefined: [],
    });
  });

  function containerOf(text: string): Container {
    const workspace = new Workspace();
    workspace.setOpen(URI, text);
    return workspace.view().inNamespace('StatefulSet', 'default')[0].podTemplate!.containers[0];
  }
});

describe('attack: out-of-range counts (issue #16, 17)', () => {
  function stsHover(spec: string): string {
    const text = `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: web\n${spec}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  clusterIP: None\n`;
    const workspace = new Workspace();
    workspace.setOpen(URI, text);
    const hover = hoverAt(workspace, URI, { line: 3, character: 8 });
    assert.ok(hover);
    return hover.markdown;
  }

  it('replicas: -1 is not previewed as 0 pods, nor as any pod', () => {
    const markdown = stsHover('  replicas: -1\n');
    assert.doesNotMatch(markdown, /web-0/);
    assert.match(markdown, /`spec.replicas` is -1, a negative number, so the API server rejects this StatefulSet/);
  });

  it('ordinals.start: 1e308 lists no pod names', () => {
    const markdown = stsHover('  replicas: 2\n  ordinals:\n    start: 1e308\n');
    assert.doesNotMatch(markdown, /web-1e\+308/);
    assert.match(markdown, /`spec.ordinals.start` is 1e\+308, over the int32 maximum 2147483647/);
  });

  it('a name with a valid start is listed as before', () => {
    assert.match(stsHover('  replicas: 2\n  ordinals:\n    start: 1\n'), /web-1\.web\.default\.svc\.cluster\.local`\n- `web-2\./);
  });
});

describe('attack: a very long single-line name (issue #16, 8)', () => {
  const name = 'a'.repeat(100_000);
  const text = `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: ${name}\nspec:\n  serviceName: ${name}\n  replicas: 3\n`;

  it('findings echo a bounded part of the name, and say how much was left out', () => {
    const findings = analyze(text);
    assert.ok(findings.length > 0);
    for (const f of findings) {
      assert.ok(f.message.length < 1000, `${f.ruleId}: ${f.message.length} characters`);
      for (const r of f.related) assert.ok(r.message.length < 1000, `${f.ruleId} related: ${r.message.length} characters`);
    }
    assert.match(findings.find((f) => f.ruleId === 'invalid-name')!.message, /^StatefulSet name is not a valid DNS-1123 label\. Each pod's hostname is 'a{260}…\(99700 more characters\)…a{40}-<ordinal>'/);
  });

  it('a run just past the longest echoed is shown whole: the ellipsis would be longer than what it leaves out', () => {
    const justPast = 'b'.repeat(LONGEST_ECHOED + 2);
    assert.equal(abbreviateLongRuns(`x ${justPast} y`), `x ${justPast} y`);
    const cut = abbreviateLongRuns(`x ${'b'.repeat(LONGEST_ECHOED + 100)} y`);
    assert.match(cut, /^x b{260}…\(100 more characters\)…b{40} y$/);
    assert.ok(cut.length < LONGEST_ECHOED + 100);
  });

  // Each message joined the whole name and was then cut whole: at 20 MB a copy and a scan
  // of 20 MB per message, most of a 0.5 s step of the analysis. The name is now cut once,
  // where a message quotes it, and the next quote of the same name reuses the cut.
  it('its analysis reads the name once to cut it, not once per message', () => {
    const workspace = new Workspace();
    workspace.setOpen(URI, text);
    const before = charactersReadSoFar();
    const findings = analyzeFile(workspace, URI);
    const quotes = findings.filter((f) => f.message.includes('more characters')).length;
    assert.ok(quotes >= 2, `${quotes} messages quote the name`);
    const read = charactersReadSoFar() - before;
    assert.ok(read <= name.length + 10_000, `${read} characters read to cut a name of ${name.length} out of ${quotes} messages`);
  });

  it('the hover on it is bounded', () => {
    const workspace = new Workspace();
    workspace.setOpen(URI, text);
    const hover = hoverAt(workspace, URI, { line: 3, character: 10 });
    assert.ok(hover);
    assert.ok(hover.markdown.length < 10_000, `${hover.markdown.length} characters`);
    assert.match(hover.markdown, /more characters\)…/);
  });

  // Every Map and Set lookup of a key holding the whole name compared it whole (about
  // 1 s each at 20 MB): the index keys a change touches are as long as a valid name, at most.
  it('the index keys of its resources are bounded, whatever the name or namespace', () => {
    const workspace = new Workspace();
    const change = workspace.setOpen(URI, text.replace('metadata:\n', `metadata:\n  namespace: ${name}\n`));
    assert.ok(change.keys.size > 0);
    for (const key of change.keys) assert.ok(key.length < 1000, `a key of ${key.length} characters`);
  });

  it('names cut in the index keys are still told apart: a lookup finds only the exact name', () => {
    const other = `${name.slice(1)}b`; // same start and length, another name
    const workspace = new Workspace();
    workspace.setOpen('file:///attack/svc.yaml', `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${other}\n  namespace: ${other}\n`);
    workspace.setOpen(URI, `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: ${name}\n  namespace: ${other}\nspec:\n  serviceName: ${name}\n  template:\n    spec:\n      containers: [{name: main, image: nginx}]\n`);
    const view = workspace.view();
    assert.equal(view.named('Service', other, name).length, 0);
    assert.equal(view.namedAnywhere('Service', name).length, 0);
    assert.equal(view.named('Service', other, other).length, 1);
    assert.equal(view.inNamespace('Service', other).length, 1);
    assert.equal(view.inNamespace('Service', name).length, 0);
    assert.equal(view.podTemplatesIn(other).length, 1);
    assert.ok(where(analyzeFile(workspace, URI)).some((w) => w.startsWith('service-not-found@')));
  });

  // A hover quoted the whole name in each code span, then cut the whole hover: 14 s at 20 MB.
  it('a quoted value is cut before it is quoted, in hovers and in messages', () => {
    assert.ok(code(name).length < 1000, `${code(name).length} characters`);
    assert.ok(PLAIN.name(name).length < 1000, `${PLAIN.name(name).length} characters`);
    assert.match(code(`${name} and a\nline`), /^`a{260}…\(99700 more characters\)…a{40} and a line`$/);
  });
});
