import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { analyzeFile, Workspace } from '../../server/src/core';
import { MAX_KUSTOMIZATION_ENTRIES, readKustomization } from '../../server/src/core/kustomize';
import { fileUri, indexFile } from '../../server/src/node/indexer';

/**
 * The kustomize attacks of issue #16 at small sizes: kustomization files read with the
 * text handling of manifests (16), and the entry limit (6). The full sizes are in
 * `npm run stress` (scripts/stress-core.mjs, the `kustomization` attacks).
 */

const DIR = 'file:///attack/k';
const STS = `${DIR}/sts.yaml`;
const STATEFULSET = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: missing\n  replicas: 1\n';
const KUSTOMIZATION = 'namespace: prod\nresources:\n  - sts.yaml\n';

/** The namespace the kustomization gives sts.yaml, with the kustomization's text as given. */
function namespaceGiven(kustomization: string): string | undefined {
  const ws = new Workspace();
  ws.setDisk(`${DIR}/kustomization.yaml`, kustomization);
  ws.setDisk(STS, STATEFULSET);
  return ws.namespaceForFile(STS);
}

const temps: string[] = [];
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

describe('attack: kustomization files not read (issue #16, 16)', () => {
  it('reads a kustomization whose lines end in a lone CR, or CR LF', () => {
    assert.equal(namespaceGiven(KUSTOMIZATION), 'prod');
    assert.equal(namespaceGiven(KUSTOMIZATION.replace(/\n/g, '\r')), 'prod');
    assert.equal(namespaceGiven(KUSTOMIZATION.replace(/\n/g, '\r\n')), 'prod');
  });

  it('reads a kustomization with a byte order mark at its start, after `---` or at the start of a line', () => {
    assert.equal(namespaceGiven(`\uFEFF${KUSTOMIZATION}`), 'prod');
    assert.equal(namespaceGiven(`---\uFEFF\n${KUSTOMIZATION}`), 'prod');
    assert.equal(namespaceGiven(`---\n\uFEFF${KUSTOMIZATION}`), 'prod');
    assert.equal(namespaceGiven(KUSTOMIZATION.replace('\nresources', '\n\uFEFFresources')), 'prod');
  });

  it('reads a UTF-16 kustomization with a byte order mark from disk, as manifests are', () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-kustomize-')));
    temps.push(dir);
    for (const [encoding, bom] of [['utf16le', [0xff, 0xfe]], ['utf16be', [0xfe, 0xff]]] as const) {
      const units = Buffer.from(KUSTOMIZATION, 'utf16le');
      if (encoding === 'utf16be') units.swap16();
      const bytes = new Uint8Array(2 + units.length);
      bytes.set(bom);
      bytes.set(units, 2);
      fs.writeFileSync(path.join(dir, 'kustomization.yaml'), bytes);
      fs.writeFileSync(path.join(dir, 'sts.yaml'), STATEFULSET);
      const ws = new Workspace();
      indexFile(ws, path.join(dir, 'kustomization.yaml'), 1 << 20);
      indexFile(ws, path.join(dir, 'sts.yaml'), 1 << 20);
      assert.equal(ws.namespaceForFile(fileUri(path.join(dir, 'sts.yaml'))), 'prod', encoding);
    }
  });
});

describe('attack: a kustomization past the entry limit (issue #16, 6)', () => {
  // Four entries: three resources and a replicas entry that would set web's count.
  const OVER = 'namespace: prod\nresources: [sts.yaml, a.yaml, b.yaml]\nreplicas: [{ name: web, count: 3 }]\n';

  function workspace(maxKustomizationEntries: number) {
    const messages: string[] = [];
    const ws = new Workspace({ maxKustomizationEntries, onKustomizationLimit: (uri, message) => messages.push(`${uri}: ${message}`) });
    ws.batch(() => {
      ws.setDisk(`${DIR}/kustomization.yaml`, OVER);
      ws.setDisk(STS, STATEFULSET);
    });
    return { ws, messages };
  }

  it('checks the objects of a kustomization within the limit', () => {
    const { ws, messages } = workspace(4);
    assert.deepEqual(messages, []);
    assert.ok(analyzeFile(ws, STS).some((f) => f.ruleId === 'service-not-found'), 'web names a Service that does not exist');
  });

  it('past the limit, says so once per read and reports nothing about the objects it builds', () => {
    const { ws, messages } = workspace(3);
    assert.deepEqual(messages, [`${DIR}/kustomization.yaml: k/kustomization.yaml has 4 entries, past the limit of 3. Its patches and replica counts are not read, and the objects it builds get no findings (docs/limits.md).`]);
    assert.deepEqual(analyzeFile(ws, STS).map((f) => f.ruleId), [], 'what the kustomization does to web is unknown');
    assert.equal(ws.namespaceForFile(STS), 'prod', 'the files it lists and its namespace are still read');
    ws.setOpen(`${DIR}/kustomization.yaml`, `${OVER}# edited\n`);
    assert.equal(messages.length, 2, 'each new text past the limit is said again (the server notifies once per file)');
  });

  it('names the patch files of a kustomization past the limit as patch files, never as resources', () => {
    const found = readKustomization(`${DIR}/kustomization.yaml`, `${OVER}patches: [{ path: p.yaml }]\n`, 3);
    assert.equal(found?.overLimit, 5);
    assert.deepEqual(found?.patches, [`${DIR}/p.yaml`]);
    assert.deepEqual(found?.replicas, []);
  });

  it('has a default limit far above real kustomizations', () => {
    assert.ok(MAX_KUSTOMIZATION_ENTRIES >= 10_000);
    assert.equal(readKustomization(`${DIR}/kustomization.yaml`, OVER)?.overLimit, undefined);
  });
});
