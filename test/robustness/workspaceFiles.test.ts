import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { codes, TestClient } from '../support/lspClient';
import { ROOT } from '../support/paths';
import { service, statefulSet } from './manifests';

/**
 * The server's reading of the workspace folders under attack: links that lead outside,
 * FIFOs in a file's place, a client that never answers the progress request, nested
 * workspace folders. "Not read" is shown by a later event whose effect is visible (a
 * sentinel): events are handled in order, so once the sentinel's finding changes, the
 * earlier event has been handled too.
 */
const LONG = 30_000;
const FILE_CREATED = 1;
const FILE_CHANGED = 2;

const temporaries: string[] = [];
function tempFolder(prefix: string): string {
  const folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  temporaries.push(folder);
  return folder;
}
const uriOf = (file: string) => pathToFileURL(file).href;

describe('reading the workspace folders', () => {
  const clients: TestClient[] = [];
  after(async () => {
    for (const client of clients) await client.shutdown();
    for (const folder of temporaries) fs.rmSync(folder, { recursive: true, force: true });
  });

  async function start(folders: string[], configure?: (client: TestClient) => void): Promise<TestClient> {
    const client = new TestClient();
    clients.push(client);
    configure?.(client);
    await client.initialize({ workspaceFolders: folders.map((f, i) => ({ uri: uriOf(f), name: `ws${i}` })) });
    return client;
  }

  it('says in the Output channel (and once as a notification) what the walk passed over: a folder past the depth limit, a link outside', async () => {
    const root = tempFolder('sm-walk-notices-');
    let deep = root;
    for (let i = 0; i < 70; i++) deep = path.join(deep, `d${i}`);
    fs.mkdirSync(deep, { recursive: true });
    fs.writeFileSync(path.join(deep, 'svc.yaml'), service('deep'));
    const outside = tempFolder('sm-walk-outside-');
    fs.writeFileSync(path.join(outside, 'svc.yaml'), service('outside'));
    fs.symlinkSync(path.join(outside, 'svc.yaml'), path.join(root, 'link.yaml'));
    const client = await start([root]);
    await client.waitForProgressEnd(1, LONG);
    const log = client.logs.join('\n');
    assert.match(log, /did not walk below '.*': 64 folders deep \(the limit\)/);
    assert.match(log, /showMessage: Stateful Manifests: did not walk below/);
    assert.match(log, /skipped '.*link\.yaml': a symbolic link that leads outside/);
  });

  /** Opens a StatefulSet governed by `serviceName` and waits for its first diagnostics. */
  async function openStatefulSet(client: TestClient, file: string, serviceName: string, predicate: (codes: string[]) => boolean): Promise<string> {
    const uri = uriOf(file);
    await client.open(uri, statefulSet(path.basename(file, '.yaml'), serviceName));
    await client.waitForDiagnostics(uri, (d) => predicate(codes(d)), LONG);
    return uri;
  }

  /** Creates a headless Service named `name` in `folder` (a real file) and tells the server; resolves once the StatefulSet watching it sees it. */
  async function sentinel(client: TestClient, folder: string, stsUri: string, name: string): Promise<void> {
    const file = path.join(folder, `${name}.yaml`);
    fs.writeFileSync(file, service(name));
    await client.filesChanged([{ uri: uriOf(file), type: FILE_CREATED }]);
    await client.waitForDiagnostics(stsUri, (d) => d.length === 0, LONG);
  }

  it('indexes the workspace when the client never answers window/workDoneProgress/create', async () => {
    const ws = tempFolder('sm-progress-');
    fs.writeFileSync(path.join(ws, 'service.yaml'), service('db', '10.0.0.7'));
    const client = await start([ws], (c) => c.connection.onRequest('window/workDoneProgress/create', () => new Promise(() => undefined)));
    client.settings = {};
    await openStatefulSet(client, path.join(ws, 'sts.yaml'), 'db', (c) => c.includes('service-not-headless'));
  });

  describe('symbolic links that lead outside', () => {
    it('skips them on the initial walk and on every file event (a file, a folder, a file under a linked folder)', async () => {
      const outside = tempFolder('sm-outside-');
      fs.writeFileSync(path.join(outside, 'svc.yaml'), service('db'));
      const ws = tempFolder('sm-links-');
      fs.symlinkSync(path.join(outside, 'svc.yaml'), path.join(ws, 'initial.yaml'));
      fs.symlinkSync(outside, path.join(ws, 'initial-folder'));
      const client = await start([ws]);
      await client.waitForProgressEnd();
      const sts = await openStatefulSet(client, path.join(ws, 'web.yaml'), 'db', (c) => c.includes('service-not-found'));
      const probe = await openStatefulSet(client, path.join(ws, 'probe.yaml'), 's1', (c) => c.includes('service-not-found'));

      // A link to a file outside, changed; a link to a folder outside, created; a file
      // under the linked folder, changed: none of them is read.
      fs.symlinkSync(path.join(outside, 'svc.yaml'), path.join(ws, 'svc.yaml'));
      fs.symlinkSync(outside, path.join(ws, 'elsewhere'));
      await client.filesChanged([
        { uri: uriOf(path.join(ws, 'svc.yaml')), type: FILE_CHANGED },
        { uri: uriOf(path.join(ws, 'elsewhere')), type: FILE_CREATED },
        { uri: uriOf(path.join(ws, 'elsewhere', 'svc.yaml')), type: FILE_CHANGED },
        { uri: uriOf(path.join(ws, 'initial-folder', 'svc.yaml')), type: FILE_CREATED },
      ]);
      // A real folder created after them: its walk is queued behind any walk the link started.
      const real = path.join(ws, 'real');
      fs.mkdirSync(real);
      fs.writeFileSync(path.join(real, 's1.yaml'), service('s1'));
      await client.filesChanged([{ uri: uriOf(real), type: FILE_CREATED }]);
      await client.waitForDiagnostics(probe, (d) => d.length === 0, LONG);
      assert.deepEqual(codes(client.lastDiagnostics(sts) ?? []), ['service-not-found'], 'the Service outside the workspace was read');
    });

    it('does not crawl the file system through ln -s / ws/slash', async () => {
      const ws = tempFolder('sm-slash-');
      const client = await start([ws]);
      await client.waitForProgressEnd();
      const probe = await openStatefulSet(client, path.join(ws, 'probe.yaml'), 's2', (c) => c.includes('service-not-found'));
      fs.symlinkSync('/', path.join(ws, 'slash'));
      await client.filesChanged([{ uri: uriOf(path.join(ws, 'slash')), type: FILE_CREATED }]);
      const real = path.join(ws, 'real');
      fs.mkdirSync(real);
      fs.writeFileSync(path.join(real, 's2.yaml'), service('s2'));
      await client.filesChanged([{ uri: uriOf(real), type: FILE_CREATED }]);
      await client.waitForDiagnostics(probe, (d) => d.length === 0, LONG);
      const indexedLines = client.logs.filter((l) => /^Indexed \d+ YAML files/.test(l));
      const counts = indexedLines.map((l) => Number(/^Indexed (\d+)/.exec(l)![1]));
      assert.ok(counts.every((n) => n <= 1), `a pass indexed files through the link: ${indexedLines.join('; ')}`);
    });
  });

  it('stays responsive when a file event names a FIFO', { skip: process.platform === 'win32' && 'no mkfifo' }, async () => {
    const ws = tempFolder('sm-fifo-');
    const client = await start([ws]);
    await client.waitForProgressEnd();
    const probe = await openStatefulSet(client, path.join(ws, 'probe.yaml'), 's3', (c) => c.includes('service-not-found'));
    execFileSync('mkfifo', [path.join(ws, 'x.yaml')]);
    await client.filesChanged([{ uri: uriOf(path.join(ws, 'x.yaml')), type: FILE_CREATED }]);
    await sentinel(client, ws, probe, 's3');
  });

  it('keeps the files of a removed nested folder that the outer folder still holds', async () => {
    const outer = tempFolder('sm-nested-');
    const inner = path.join(outer, 'inner');
    fs.mkdirSync(inner);
    fs.writeFileSync(path.join(inner, 'svc.yaml'), service('db'));
    const client = await start([outer, inner]);
    await client.waitForProgressEnd();
    const sts = await openStatefulSet(client, path.join(outer, 'web.yaml'), 'db', (c) => c.length === 0);
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: uriOf(inner), name: 'ws1' }] } });
    // A sentinel after the removal: once it is seen, the removal has been handled.
    const probe = await openStatefulSet(client, path.join(outer, 'probe.yaml'), 's4', (c) => c.includes('service-not-found'));
    await sentinel(client, outer, probe, 's4');
    assert.deepEqual(codes(client.lastDiagnostics(sts) ?? []), [], 'the outer folder still holds inner/svc.yaml');
  });
});

/**
 * readManifest (the one function that reads a workspace file) in a child process, so a
 * blocking open() fails the test by timeout instead of hanging the runner.
 */
function inChild(script: string): { status: number | null; stdout: string; stderr: string; timedOut: boolean } {
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000, cwd: ROOT });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, timedOut: result.error !== undefined || result.signal !== null };
}

describe('readManifest and FIFOs', { skip: process.platform === 'win32' && 'no mkfifo' }, () => {
  const indexer = JSON.stringify(path.join(ROOT, 'out', 'server', 'src', 'node', 'indexer.js'));

  it('returns at once for a FIFO in place of the file (opened non-blocking, then fstat)', () => {
    const folder = tempFolder('sm-fifo-read-');
    const fifo = path.join(folder, 'x.yaml');
    execFileSync('mkfifo', [fifo]);
    const run = inChild(`const { readManifest } = require(${indexer}); console.log(String(readManifest(${JSON.stringify(fifo)}, 1e6)));`);
    assert.equal(run.timedOut, false, 'readManifest blocked on the FIFO');
    assert.equal(run.stdout.trim(), 'undefined', run.stderr);
  });

  it('has no window between a check of the path and the open: a FIFO swapped in after any stat is never opened blocking', () => {
    const folder = tempFolder('sm-fifo-race-');
    const file = path.join(folder, 'x.yaml');
    fs.writeFileSync(file, 'kind: Service\n');
    // Every stat of the path by the reader swaps a FIFO in right after it, as a racing
    // process would; the reader must not block on what it finds when it opens.
    const run = inChild(`
      const fs = require('node:fs');
      const { execFileSync } = require('node:child_process');
      const file = ${JSON.stringify(file)};
      let swapped = false;
      for (const name of ['statSync', 'lstatSync']) {
        const original = fs[name];
        fs[name] = function (target, ...rest) {
          const result = original.call(this, target, ...rest);
          if (!swapped && target === file) { swapped = true; fs.unlinkSync(file); execFileSync('mkfifo', [file]); }
          return result;
        };
      }
      const { readManifest } = require(${indexer});
      console.log(JSON.stringify(readManifest(file, 1e6) ?? null));
    `);
    assert.equal(run.timedOut, false, 'readManifest blocked in open() on a FIFO that replaced the file after its stat');
    assert.equal(run.status, 0, run.stderr);
  });
});
