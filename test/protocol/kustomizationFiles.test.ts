import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import picomatch from 'picomatch';
import { DOCUMENT_SELECTOR } from '../../client/src/selector';
import { KUSTOMIZATION_FILE_NAMES } from '../../server/src/core';
import { IndexFilter } from '../../server/src/node/indexer';
import { TestClient } from '../support/lspClient';

/**
 * kustomize reads a kustomization from kustomization.yaml, kustomization.yml or
 * Kustomization (RecognizedKustomizationFileNames, kustomize api/konfig/general.go; the
 * core's KUSTOMIZATION_FILE_NAMES). Each of those must reach the server from the editor
 * (the client's document selector), from disk (the index) and from file events (the
 * watchers the server registers), and be pulled for diagnostics in the workspace scope.
 */

interface Filter {
  language?: string;
  scheme?: string;
  pattern?: string;
}

/** The language VS Code gives a file by its name, without files.associations. */
const languageOf = (name: string) => (/\.ya?ml$/.test(name) ? 'yaml' : 'plaintext');

/** Whether a document filter selects a saved file, as VS Code decides it (language, scheme, glob on the path). */
function selects(filter: Filter | string, file: string): boolean {
  if (typeof filter === 'string') return filter === languageOf(file);
  if (filter.language !== undefined && filter.language !== languageOf(file)) return false;
  if (filter.scheme !== undefined && filter.scheme !== 'file') return false;
  return filter.pattern === undefined || picomatch(filter.pattern, { dot: true })(file);
}

/** A kustomization file of each recognised name, a few folders deep. */
const FILES = KUSTOMIZATION_FILE_NAMES.map((name) => `/home/me/repo/overlays/prod/${name}`);

describe('kustomization files of every name kustomize reads', () => {
  const roots: string[] = [];
  const clients: TestClient[] = [];
  after(async () => {
    for (const c of clients) await c.shutdown();
    for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
  });

  it('are selected by the VS Code client', () => {
    for (const file of FILES) {
      assert.ok(DOCUMENT_SELECTOR.some((filter) => selects(filter as Filter | string, file)), `${file} is not selected`);
    }
    assert.ok(!DOCUMENT_SELECTOR.some((filter) => selects(filter as Filter | string, '/home/me/repo/README.md')), 'other files are not');
  });

  it('are read by the workspace index', () => {
    const filter = new IndexFilter({ exclude: [], maxFileSizeKB: 2048 });
    for (const name of KUSTOMIZATION_FILE_NAMES) assert.ok(filter.file(name, `overlays/prod/${name}`), name);
  });

  it('are watched, and pulled for diagnostics, by the server', async () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-kustomization-')));
    roots.push(root);
    const client = new TestClient();
    clients.push(client);
    client.settings = { diagnostics: { scope: 'workspace' } };
    await client.initialize({ workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'ws' }], pullDiagnostics: true });
    await client.waitForProgressEnd();

    const watchers = client.registrations
      .filter((r) => r.method === 'workspace/didChangeWatchedFiles')
      .flatMap((r) => (r.registerOptions as { watchers: { globPattern: string; kind?: number }[] }).watchers)
      .filter((w) => w.kind === undefined || (w.kind & 2) !== 0); // those that report changes (WatchKind.Change)
    const pull = client.registrations.find((r) => r.method === 'textDocument/diagnostic');
    assert.ok(pull, 'the pull model is registered');
    const selector = (pull.registerOptions as { documentSelector: Filter[] }).documentSelector;
    for (const file of FILES) {
      const relative = path.relative('/home/me/repo', file);
      assert.ok(watchers.some((w) => picomatch(w.globPattern, { dot: true })(relative)), `no watcher reports changes to ${relative}`);
      assert.ok(selector.some((filter) => selects(filter, file)), `${file} is not pulled for diagnostics`);
    }
  });
});
