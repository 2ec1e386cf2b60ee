import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeFile, renderChart, Workspace } from '../../server/src/core';
import { isScannable, scanForIndex, type ScannedObject } from '../../server/src/core/indexScan';
import { parseFile } from '../../server/src/core/parse';
import { decodeIndexCache, encodeIndexCache, type CacheEntry } from '../../server/src/node/indexCache';
import { findCorpus } from '../corpus/sweep';
import { ROOT } from '../support/paths';

/**
 * Files on disk are kept as a scan until read (core/indexScan.ts). Two promises, checked
 * over every real manifest the project has (the shared corpus, the rule fixtures, the
 * examples): where the scan answers, it agrees with the parser on every object the
 * parser finds; and every finding is the same with the scan as without it.
 */

/** Every YAML file under `dir`, by path relative to it. */
function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (folder: string) => {
    for (const e of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(folder, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && (/\.ya?ml$/i.test(e.name) || e.name === 'Kustomization' || /\.tpl$/.test(e.name))) out.push(path.relative(dir, full));
    }
  };
  walk(dir);
  return out;
}

/** Folders that are each one workspace: the corpus's repositories, each rule's fixtures, the examples. */
function workspaces(): { name: string; dir: string }[] {
  const out = [{ name: 'examples', dir: path.join(ROOT, 'examples') }];
  const fixtures = path.join(ROOT, 'test', 'fixtures', 'rules');
  for (const rule of fs.readdirSync(fixtures, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) out.push({ name: `fixtures/${rule}`, dir: path.join(fixtures, rule) });
  const { dir } = findCorpus();
  if (dir) for (const repo of fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) out.push({ name: `corpus/${repo}`, dir: path.join(dir, repo) });
  return out;
}

const { dir: corpus, looked } = findCorpus();

describe('scan for the index', () => {
  it('says so when the shared corpus is missing (the checks below then cover the fixtures and examples only)', () => {
    if (!corpus) console.log(`indexScan: the shared corpus is MISSING (looked in ${looked.join(', ')}): only fixtures and examples were compared`);
    assert.ok(corpus || process.env.SM_SKIP_CORPUS === '1', `the corpus is missing: looked in ${looked.join(', ')}. Set SM_CORPUS, or SM_SKIP_CORPUS=1 to skip it on purpose.`);
  });

  it('agrees with the parser on the kind, apiVersion, name, namespace and serviceName of every object, in every real manifest it answers for', () => {
    let answered = 0;
    let files = 0;
    let serviceNamesSure = 0;
    let statefulSets = 0;
    for (const { name, dir } of workspaces()) {
      for (const file of yamlFiles(dir)) {
        files++;
        const text = fs.readFileSync(path.join(dir, file), 'utf8');
        const scanned = scanForIndex(text);
        if (!scanned) continue;
        answered++;
        const parsed = parseFile(`file:///ws/${file}`, text).resources;
        for (const r of parsed) {
          const match: ScannedObject | undefined = scanned.find((o) => o.documentIndex === r.documentIndex && o.kind === r.kind.value);
          assert.ok(match, `${name}/${file}: the scan missed ${r.kind.value} ${r.name?.value} (document ${r.documentIndex})`);
          assert.deepEqual(
            { apiVersion: match.apiVersion, name: match.name, namespace: match.namespace },
            { apiVersion: r.apiVersion.value, name: r.name?.value, namespace: r.namespaceNode?.value },
            `${name}/${file}, document ${r.documentIndex}`,
          );
          if (r.podTemplate) assert.ok(match.mayHavePods, `${name}/${file}: a pod template the scan ruled out`);
          if (r.kind.value !== 'StatefulSet') continue;
          statefulSets++;
          if (match.serviceName === undefined) continue;
          serviceNamesSure++;
          assert.equal(match.serviceName, r.statefulSet?.serviceName?.value ?? null, `${name}/${file}: serviceName, document ${r.documentIndex}`);
        }
      }
    }
    // Most real manifests are simple enough to scan; if none were, this test would check nothing.
    assert.ok(answered > files / 2, `the scan answered for ${answered} of ${files} files`);
    assert.ok(serviceNamesSure > statefulSets / 2, `the scan was sure of the serviceName of ${serviceNamesSure} of ${statefulSets} StatefulSets`);
  });

  it('answers undefined where it cannot be sure, and reads plain documents', () => {
    const unsure = [
      'apiVersion: v1\nkind: {{ .Kind }}\n', // template syntax
      'apiVersion: v1\nkind: &k Service\n', // anchor on a field it reads
      'apiVersion: v1\nkind: Service\nmetadata: { name: a }\n', // flow map
      'apiVersion: v1\nkind: Service\nmetadata:\n  <<: *base\n', // merge key
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n    b\n', // plain scalar over two lines
      'apiVersion: v1\nkind: List\nitems: []\n',
      // A List without an apiVersion still holds objects: its items are read (editOracle.test.ts found it skipped).
      'kind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata:\n      name: a\n',
      '  apiVersion: v1\n  kind: Service\n', // indented document
      'apiVersion: v1\nkind: Service\nkind: ConfigMap\n', // duplicate key
      'apiVersion: v1\r\nkind: Service\r\n',
      'apiVersion: v1\nkind: "Ser\\u0076ice"\n', // escapes
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: null\n',
      '--- !tag\napiVersion: v1\nkind: Service\n',
      '"apiVersion": v1\nkind: Service\n',
      'apiVersion: v1\nkind: Service\ndescription: "two\nkind: Fake"\n',
    ];
    for (const text of unsure) assert.equal(scanForIndex(text), undefined, JSON.stringify(text));
    assert.deepEqual(scanForIndex('# c\napiVersion: apps/v1\nkind: StatefulSet # x\nmetadata:\n  labels:\n    a: b\n  name: "web"\n  namespace: \'db\'\nspec:\n  template: {}\n---\nfoo: bar\n---\napiVersion: v1\nkind: Service\nmetadata:\n  finalizers:\n  - x\n  name: web\n'), [
      { documentIndex: 0, apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', namespace: 'db', mayHavePods: true, serviceName: null },
      { documentIndex: 2, apiVersion: 'v1', kind: 'Service', name: 'web', namespace: undefined, mayHavePods: false, serviceName: undefined },
    ]);
    assert.equal(isScannable('file:///ws/chart/templates/sts.yaml'), false);
    assert.equal(isScannable('file:///ws/base/kustomization.yaml'), false);
    assert.equal(isScannable('file:///ws/base/sts.yaml'), true);
  });

  it('reads a StatefulSet\'s spec.serviceName where it is sure of it, as the parser does, and says when it is not', () => {
    const head = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\n';
    // [spec as written, the serviceName the scan gives: a string, null (surely none) or undefined (not sure)]
    const cases: [string, string | null | undefined][] = [
      ['spec:\n  serviceName: web-hl\n  replicas: 3\n', 'web-hl'],
      ['spec:\n  replicas: 3\n  serviceName: "web"  # headless\n  template:\n    spec:\n      serviceName: other\n', 'web'],
      ["spec:\n    serviceName: 'web'\n", 'web'],
      ['spec:\n  serviceName: 123\n', '123'],
      ['spec:\n  replicas: 3\n', null],
      ['metadata:\n  name: x\n', null], // no spec at all (head's metadata replaced below)
      ['spec:\n  template:\n    spec:\n      serviceName: deep\n', null],
      ['spec:\n  volumeClaimTemplates:\n  - metadata:\n      name: data\n  serviceName: web\n', 'web'],
      ['spec: {serviceName: web}\n', undefined],
      ['spec: &s\n  serviceName: web\n', undefined],
      ['spec: *s\n', undefined],
      ['spec:\n  serviceName: web\n  serviceName: other\n', undefined],
      ['spec:\n  <<: {serviceName: web}\n', undefined],
      ['spec:\n  serviceName: null\n', undefined],
      ['spec:\n  serviceName: ""\n', undefined],
      ['spec:\n  serviceName: &n web\n', undefined],
      ['spec:\n  serviceName: !!str web\n', undefined],
      ['spec:\n  serviceName: "w\\x65b"\n', undefined],
      ['spec:\n  serviceName: web\n    continued\n', undefined],
      ['spec:\n  serviceName:\n    web\n', undefined],
      ['spec:\n  serviceName: >-\n    web\n', undefined],
      ['spec:\n  ? serviceName\n  : web\n', undefined],
      ['spec:\n    replicas: 1\n  serviceName: web\n', undefined], // less indented than spec's first key
      ['spec:\n- serviceName: web\n', undefined],
      ['spec:\n  - serviceName: web\n', undefined],
    ];
    for (const [spec, expected] of cases) {
      const text = spec.startsWith('metadata:') ? `apiVersion: apps/v1\nkind: StatefulSet\n${spec}` : head + spec;
      const scanned = scanForIndex(text);
      assert.ok(scanned, `the scan answers for ${JSON.stringify(spec)}`);
      assert.equal(scanned[0].serviceName, expected, JSON.stringify(spec));
      // Where sure, the parser agrees.
      const parsed = parseFile('file:///ws/sts.yaml', text).resources[0];
      if (expected !== undefined) assert.equal(parsed.statefulSet?.serviceName?.value ?? null, expected, JSON.stringify(spec));
    }
    assert.equal(scanForIndex('apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  serviceName: web\n')?.[0].serviceName, undefined, 'read for StatefulSets only');
  });

  it('gives the same findings as parsing every file, for each file analysed first in a fresh workspace', () => {
    let compared = 0;
    for (const { name, dir } of workspaces()) {
      const texts = yamlFiles(dir).map((file) => [`file:///ws/${file.split(path.sep).map(encodeURIComponent).join('/')}`, fs.readFileSync(path.join(dir, file), 'utf8')] as const);
      const load = (scanDiskFiles: boolean) => {
        const workspace = new Workspace({ renderChart, scanDiskFiles });
        workspace.batch(() => { for (const [uri, text] of texts) workspace.setDisk(uri, text); });
        return workspace;
      };
      const parsedAll = load(false);
      for (const [uri] of texts) {
        // A fresh scanned workspace per file: its lookups meet every other file still scanned.
        const scanned = load(true);
        assert.deepEqual(JSON.parse(JSON.stringify(analyzeFile(scanned, uri))), JSON.parse(JSON.stringify(analyzeFile(parsedAll, uri))), `${name}: ${uri}`);
        compared++;
      }
    }
    assert.ok(compared > 100, `compared ${compared} files`);
  });

  it('gives the same findings from scans kept in an index cache (JSON), the files read when first needed', () => {
    let compared = 0;
    for (const { name, dir } of workspaces()) {
      const texts = yamlFiles(dir).map((file) => [`file:///ws/${file.split(path.sep).map(encodeURIComponent).join('/')}`, fs.readFileSync(path.join(dir, file), 'utf8')] as const);
      const parsedAll = new Workspace({ renderChart, scanDiskFiles: false });
      const cached = new Workspace({ renderChart });
      const reads: string[] = [];
      parsedAll.batch(() => { for (const [uri, text] of texts) parsedAll.setDisk(uri, text); });
      // Through the cache's own format (node/indexCache.ts), for the files whose scan answered.
      const scans = new Map<string, CacheEntry>();
      const cachePath = (i: number) => `/ws/${i}.yaml`;
      texts.forEach(([uri, text], i) => {
        const objects = isScannable(uri) ? scanForIndex(text) : undefined;
        if (objects) scans.set(cachePath(i), [text.length, 1, objects]);
      });
      const { cache } = decodeIndexCache(encodeIndexCache('v', scans), 'v');
      assert.equal(cache?.size, scans.size, `${name}: every scan in the cache`);
      cached.batch(() => {
        for (const [i, [uri, text]] of texts.entries()) {
          const entry = cache!.entry(cachePath(i));
          if (entry !== undefined) cached.setDiskScanned(uri, cache!.objectsAt(entry), () => { reads.push(uri); return text; });
          else cached.setDisk(uri, text);
        }
      });
      // Only kustomize patch files are read before an analysis: the kustomizations' effects read their text.
      assert.ok(reads.every((uri) => cached.isIndexOnly(uri)), `${name}: read before needed: ${reads.join(', ')}`);
      // In reverse order, in one workspace: later files meet files parsed by earlier lookups.
      for (const [uri] of [...texts].reverse()) {
        assert.deepEqual(JSON.parse(JSON.stringify(analyzeFile(cached, uri))), JSON.parse(JSON.stringify(analyzeFile(parsedAll, uri))), `${name}: ${uri}`);
        compared++;
      }
    }
    assert.ok(compared > 100, `compared ${compared} files`);
  });
});
