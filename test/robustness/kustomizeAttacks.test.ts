import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { Workspace } from '../../server/src/core';
import { fileUri, indexFile } from '../../server/src/node/indexer';

/**
 * The kustomize attacks of issue #16 at small sizes: kustomization files read with the
 * text handling of manifests (16). The full sizes are in
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
