import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { analyzeFile, renderChart, Workspace } from '../../server/src/core';
import { CACHE_FORMAT, IndexCache, loadIndexCache, saveIndexCache, type CacheEntry } from '../../server/src/node/indexCache';
import { fileUri, IndexFilter, IndexRun, WALK_LIMITS } from '../../server/src/node/indexer';
import { serviceYaml, statefulSetYaml } from '../support/manifests';

/** The workspace index cache (server/src/node/indexCache.ts) over real files in a temp folder. */
const temps: string[] = [];
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});
function temp(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-cache-')));
  temps.push(dir);
  return dir;
}

const FILES: Record<string, string> = {
  'db/sts.yaml': statefulSetYaml({ name: 'db', serviceName: 'db' }),
  'db/svc.yaml': serviceYaml({ name: 'db', clusterIP: '10.0.0.1', selector: { app: 'db' } }),
  'web/sts.yaml': statefulSetYaml({ name: 'web', serviceName: 'nginx' }),
  'web/kustomization.yaml': 'namespace: shop\nresources:\n  - sts.yaml\n',
  'ci.yaml': 'on: push\njobs: {}\n',
};

function folder(): string {
  const root = temp();
  for (const [file, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

const filter = new IndexFilter({ exclude: [], maxFileSizeKB: 2048 });

/** Indexes `root` (with `cache` when given) and returns the workspace and the run. */
function index(root: string, cache?: IndexCache, before?: (w: Workspace) => void): { workspace: Workspace; run: IndexRun } {
  const workspace = new Workspace({ renderChart });
  before?.(workspace);
  const run = new IndexRun(workspace, [root], filter, WALK_LIMITS, cache);
  while (!run.finished) run.step(50);
  return { workspace, run };
}

/** Every file's findings, as JSON: what a person would see. */
function findings(workspace: Workspace, root: string): string {
  return JSON.stringify(Object.keys(FILES).sort().map((file) => [file, analyzeFile(workspace, fileUri(path.join(root, file)))]));
}

describe('workspace index cache', () => {
  it('reopens from the cache without reading the unchanged files, with the same findings', () => {
    const root = folder();
    const storage = temp();
    const first = index(root, IndexCache.empty());
    assert.equal(first.run.fromCache, 0);
    assert.equal(saveIndexCache(storage, '1.2.3', first.run.cacheEntries()), undefined);
    assert.deepEqual(fs.readdirSync(storage), ['workspace-index.json'], 'no temporary file left behind');
    const { cache, problem } = loadIndexCache(storage, '1.2.3');
    assert.equal(problem, undefined);
    // The kustomization is parsed, never cached; the other four are scanned.
    assert.deepEqual([...cache!.files()].map((f) => path.relative(root, f)).sort(), ['ci.yaml', 'db/sts.yaml', 'db/svc.yaml', 'web/sts.yaml']);
    const second = index(root, cache);
    assert.equal(second.run.fromCache, 4);
    assert.equal(findings(second.workspace, root), findings(index(root).workspace, root));
    assert.match(findings(second.workspace, root), /service-not-headless|cluster IP/i, 'the fixture has a finding to compare');
  });

  it('asks for no new cache after an unchanged reopen, and for one after any change the next run would see', () => {
    const root = folder();
    const storage = temp();
    const first = index(root, IndexCache.empty());
    assert.equal(first.run.nextCacheDiffers, true, 'no cache on disk yet');
    saveIndexCache(storage, 'v', first.run.cacheEntries());
    const reopen = () => index(root, loadIndexCache(storage, 'v').cache).run;
    // The kustomization is read again (it is parsed, never cached): not a difference.
    const unchanged = reopen();
    assert.equal(unchanged.fromCache, 4);
    assert.equal(unchanged.nextCacheDiffers, false);
    const extra = path.join(root, 'db/extra.yaml');
    fs.writeFileSync(extra, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n');
    // Read and parsed before the cache is made (an analysis or a hover read it): not in a cache, no new entry.
    const parsedSince = index(root, loadIndexCache(storage, 'v').cache);
    analyzeFile(parsedSince.workspace, fileUri(extra));
    assert.equal(parsedSince.run.nextCacheDiffers, false, 'a new file parsed since it was read');
    assert.equal(reopen().nextCacheDiffers, true, 'a new scanned file');
    saveIndexCache(storage, 'v', reopen().cacheEntries());
    assert.equal(reopen().nextCacheDiffers, false);
    fs.rmSync(path.join(root, 'db/extra.yaml'));
    assert.equal(reopen().nextCacheDiffers, true, 'a cached file deleted');
    saveIndexCache(storage, 'v', reopen().cacheEntries());
    const svc = path.join(root, 'db/svc.yaml');
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(svc, later, later);
    assert.equal(reopen().nextCacheDiffers, true, 'a cached file touched');
  });

  it('takes the size and time of the cached files from a worker thread, with the same findings', async () => {
    const root = folder();
    const storage = temp();
    saveIndexCache(storage, 'v', index(root, IndexCache.empty()).run.cacheEntries());
    const svc = path.join(root, 'db/svc.yaml');
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(svc, later, later);
    const workspace = new Workspace({ renderChart });
    // A worker for any cache (the server's floor is 1,000 files); waited for, so it has statted all four.
    const run = new IndexRun(workspace, [root], filter, WALK_LIMITS, loadIndexCache(storage, 'v').cache, 0);
    await run.statsAheadFinished;
    while (!run.finished) run.step(50);
    assert.equal(run.statsFromWorker, 4);
    assert.equal(run.fromCache, 3, 'the touched file is read again');
    assert.equal(findings(workspace, root), findings(index(root).workspace, root));
  });

  it('stats the files itself once told of file events, never putting back a scan older than them', async () => {
    const root = folder();
    const storage = temp();
    saveIndexCache(storage, 'v', index(root, IndexCache.empty()).run.cacheEntries());
    const workspace = new Workspace({ renderChart });
    const run = new IndexRun(workspace, [root], filter, WALK_LIMITS, loadIndexCache(storage, 'v').cache, 0);
    await run.statsAheadFinished;
    // Changed after the worker statted it: the worker's figures are those of the cache.
    const svc = path.join(root, 'db/svc.yaml');
    fs.writeFileSync(svc, serviceYaml({ name: 'db', clusterIP: 'None', selector: { app: 'db' } }));
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(svc, later, later);
    run.stopStatAhead();
    while (!run.finished) run.step(50);
    assert.equal(run.statsFromWorker, 0);
    assert.equal(run.fromCache, 3, 'the changed file is read');
    assert.equal(workspace.resources(fileUri(svc))[0].service?.clusterIP?.value, 'None');
  });

  it('reads a file again when its size or time changed', () => {
    const root = folder();
    const storage = temp();
    saveIndexCache(storage, 'v', index(root, IndexCache.empty()).run.cacheEntries());
    const svc = path.join(root, 'db/svc.yaml');
    fs.writeFileSync(svc, serviceYaml({ name: 'db', clusterIP: 'None', selector: { app: 'db' } }));
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(svc, later, later);
    const { cache } = loadIndexCache(storage, 'v');
    const reopened = index(root, cache);
    assert.equal(reopened.run.fromCache, 3);
    assert.equal(findings(reopened.workspace, root), findings(index(root).workspace, root));
  });

  it('ignores a corrupt, truncated, wrong-version or wrong-shape cache and indexes normally', () => {
    const root = folder();
    const storage = temp();
    saveIndexCache(storage, 'v', index(root, IndexCache.empty()).run.cacheEntries());
    const file = path.join(storage, 'workspace-index.json');
    const good = fs.readFileSync(file, 'utf8');
    const parsed = JSON.parse(good);
    // The first file with an object (a file is folder, size, mtimeMs, count, then 7 numbers an object).
    let file0 = 0;
    while (parsed.numbers[file0 + 3] === 0) file0 += 4;
    const withNumber = (at: number, value: unknown) => ({ numbers: parsed.numbers.map((n: number, i: number) => (i === at ? value : n)) });
    const shapes: [string, object][] = [
      ['a string index out of range', withNumber(file0 + 5, parsed.strings.length)],
      ['a folder index out of range', withNumber(file0, parsed.folders.length)],
      ['an object count past the end', withNumber(file0 + 3, 1e6)],
      ['numbers left over', { numbers: [...parsed.numbers, 0] }],
      ['a name that is not a string', { names: [7, ...parsed.names.slice(1)] }],
      ['a size that is not a number', withNumber(file0 + 1, 'big')],
      ['mayHavePods neither 0 nor 1', withNumber(file0 + 9, 2)],
      ['a serviceName index out of range', withNumber(file0 + 10, parsed.strings.length)],
      ['a serviceName neither a string, absent nor unsure', withNumber(file0 + 10, -3)],
      ['no numbers', { numbers: undefined }],
      ['format 1 (one object per file)', { format: 1, files: {} }],
    ];
    const bad: [string, string, RegExp][] = [
      ['truncated', good.slice(0, good.length / 2), /not valid JSON/],
      ['garbage', '\u0000\u0001not json', /not valid JSON/],
      ['another extension version', good, /another format or version/],
      ['another format', JSON.stringify({ ...parsed, format: CACHE_FORMAT + 1 }), /another format or version/],
      ...shapes.map(([what, change]): [string, string, RegExp] => [what, JSON.stringify({ ...parsed, ...change }), what.startsWith('format 1') ? /another format or version/ : /wrong shape/]),
      ['null', 'null', /another format or version/],
    ];
    const expected = findings(index(root).workspace, root);
    for (const [what, text, message] of bad) {
      fs.writeFileSync(file, text);
      const { cache, problem } = loadIndexCache(storage, what === 'another extension version' ? 'w' : 'v');
      assert.equal(cache, undefined, what);
      assert.match(problem ?? '', message, what);
      const run = index(root, cache ?? IndexCache.empty());
      assert.equal(run.run.fromCache, 0, what);
      assert.equal(findings(run.workspace, root), expected, what);
    }
  });

  it('never stands for an open document: the editor text wins', () => {
    const root = folder();
    const storage = temp();
    saveIndexCache(storage, 'v', index(root, IndexCache.empty()).run.cacheEntries());
    const svcUri = fileUri(path.join(root, 'db/svc.yaml'));
    const headless = serviceYaml({ name: 'db', clusterIP: 'None', selector: { app: 'db' } });
    const { cache } = loadIndexCache(storage, 'v');
    const reopened = index(root, cache, (w) => w.setOpen(svcUri, headless));
    assert.equal(reopened.workspace.resources(svcUri)[0].service?.clusterIP?.value, 'None');
    reopened.workspace.close(svcUri);
    assert.equal(reopened.workspace.resources(svcUri)[0].service?.clusterIP?.value, '10.0.0.1');
  });

  it('is not written past its size limit, and a folder it cannot be written to is only a message', () => {
    const storage = temp();
    const huge = new Map<string, CacheEntry>();
    // Names are written once each: 40,000 different long names.
    const name = 'n'.repeat(1000);
    for (let i = 0; i < 40_000; i++) huge.set(`/ws/${i}.yaml`, [1, 1, [{ documentIndex: 0, apiVersion: 'v1', kind: 'ConfigMap', name: `${name}${i}`, mayHavePods: false }]]);
    assert.match(saveIndexCache(storage, 'v', huge) ?? '', /not written/);
    assert.deepEqual(fs.readdirSync(storage), []);
    const notAFolder = path.join(storage, 'file');
    fs.writeFileSync(notAFolder, '');
    assert.match(saveIndexCache(notAFolder, 'v', new Map()) ?? '', /not written/);
  });
});
