import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { analyzeFile, Workspace, type FileChange } from '../../server/src/core';
import { fileUri, IndexFilter, IndexRun } from '../../server/src/node/indexer';

// Issue 15: a folder of many kustomizations, indexed a step at a time as the server does.

const roots: string[] = [];
after(() => {
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

/** `bases` bases (a StatefulSet with a typo in serviceName) and an overlay of each, giving a namespace. */
function kustomizeFolder(bases: number): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-kidx-')));
  roots.push(root);
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  for (let b = 0; b < bases; b++) {
    write(`bases/b${b}/kustomization.yaml`, 'resources:\n  - sts.yaml\n');
    write(`bases/b${b}/sts.yaml`, `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db${b}\nspec:\n  serviceName: db${b}-typo\n  selector: { matchLabels: { app: db${b} } }\n  template:\n    metadata: { labels: { app: db${b} } }\n    spec: { containers: [{ name: db, image: db }] }\n`);
    write(`overlays/o${b}/kustomization.yaml`, `namespace: ns${b}\nresources:\n  - ../../bases/b${b}\n`);
  }
  return root;
}

/** Indexes `root` one file per step (a zero budget), as many steps as the server's 4 ms slices on a slow machine. */
function indexByStep(ws: Workspace, root: string): FileChange[] {
  const run = new IndexRun(ws, [root], new IndexFilter({ exclude: [], maxFileSizeKB: 2048 }));
  const changes: FileChange[] = [];
  while (!run.finished) changes.push(...run.step(0));
  return changes;
}

describe('indexing a folder of kustomizations (issue 15)', () => {
  it('reads each kustomization a bounded number of times, however many steps the pass takes', () => {
    for (const bases of [20, 40]) {
      const ws = new Workspace();
      indexByStep(ws, kustomizeFolder(bases));
      const kustomizations = 2 * bases;
      // Before: one refresh per step that read a kustomization, each reading all read so far (about n²/2).
      assert.ok(ws.kustomizeStats.kustomizationsRead <= kustomizations, `${ws.kustomizeStats.kustomizationsRead} kustomizations read for ${kustomizations}`);
    }
  });

  it('gives the same effects and findings as indexing in one batch', () => {
    const root = kustomizeFolder(5);
    const stepped = new Workspace();
    indexByStep(stepped, root);
    const whole = new Workspace();
    whole.batch(() => {
      const run = new IndexRun(whole, [root], new IndexFilter({ exclude: [], maxFileSizeKB: 2048 }));
      while (!run.finished) run.step();
    });
    const sts = fileUri(path.join(root, 'bases/b3/sts.yaml'));
    assert.equal(stepped.namespaceForFile(sts), 'ns3');
    assert.deepEqual(analyzeFile(stepped, sts).map((f) => f.ruleId), analyzeFile(whole, sts).map((f) => f.ruleId));
    assert.ok(analyzeFile(stepped, sts).length > 0, 'the typo in serviceName is found');
  });

  it('ends the pass with the change of the refresh it put off, naming the files it moved', () => {
    const root = kustomizeFolder(3);
    const changes = indexByStep(new Workspace(), root);
    const last = changes[changes.length - 1]!;
    assert.ok(last.affected.includes(fileUri(path.join(root, 'bases/b1/sts.yaml'))), 'the namespace moved the StatefulSet');
  });

  it('keeps the effects from before the pass for a request made during it, and applies them at its end', () => {
    const root = kustomizeFolder(10);
    const ws = new Workspace();
    const run = new IndexRun(ws, [root], new IndexFilter({ exclude: [], maxFileSizeKB: 2048 }));
    const read = (b: number) => ['bases/b%/sts.yaml', 'bases/b%/kustomization.yaml', 'overlays/o%/kustomization.yaml'].every((f) => ws.has(fileUri(path.join(root, f.replace('%', String(b))))));
    let base: number | undefined;
    while (base === undefined) {
      run.step(0);
      base = [...Array(10).keys()].find(read);
    }
    assert.ok(!run.finished, 'files are left to read');
    const sts = fileUri(path.join(root, `bases/b${base}/sts.yaml`));
    ws.requestView();
    assert.equal(ws.namespaceForFile(sts), undefined, 'a request does not wait for the refresh');
    while (!run.finished) run.step(0);
    assert.equal(ws.namespaceForFile(sts), `ns${base}`);
  });

  it('reads a large kustomization over many steps of the pass, not in one (issue 16)', () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-kbig-')));
    roots.push(root);
    const entries = Array.from({ length: 10_000 }, (_, i) => `  - r${i}.yaml`).join('\n');
    fs.writeFileSync(path.join(root, 'kustomization.yaml'), `namespace: prod\nresources:\n${entries}\n`);
    fs.writeFileSync(path.join(root, 'r1.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n');
    const ws = new Workspace();
    const run = new IndexRun(ws, [root], new IndexFilter({ exclude: [], maxFileSizeKB: 2048 }));
    while (run.progress.listing) run.step(0);
    const kustomization = fileUri(path.join(root, 'kustomization.yaml'));
    let steps = 0;
    while (!ws.has(kustomization)) {
      run.step(0);
      steps++;
    }
    // Before: the step that reached it parsed and read it whole (4 s of CPU for 100,000 entries).
    assert.ok(steps > 10, `read in ${steps} steps`);
    while (!run.finished) run.step(0);
    assert.equal(ws.namespaceForFile(fileUri(path.join(root, 'r1.yaml'))), 'prod');
  });
});
