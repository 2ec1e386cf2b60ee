import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { documentSymbols, MAX_OBJECTS_WITH_OUTLINE_CHILDREN, MAX_OUTLINE_OBJECTS, objectsLeftOutOfOutline, referencesAt, Workspace, type OutlineSymbol, type Range } from '../../server/src/core';

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  selector:
    app: db
  ports:
    - name: postgres
      port: 5432
`;

const sts = (name: string, namespace?: string) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ''}spec:
  serviceName: db
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      initContainers:
        - name: init
          image: busybox
      containers:
        - name: postgres
          image: postgres:17
          ports:
            - name: postgres
              containerPort: 5432
`;

function workspace(): Workspace {
  const ws = new Workspace();
  ws.setOpen('file:///ws/svc.yaml', SERVICE);
  ws.setDisk('file:///ws/a.yaml', sts('primary'));
  ws.setDisk('file:///ws/b.yaml', `${sts('replica')}---\n${sts('other-ns', 'elsewhere')}`);
  return ws;
}

const point = (line: number, character: number) => ({ line, character });

describe('find references', () => {
  it('lists the StatefulSets a Service governs, in its namespace only', () => {
    const refs = referencesAt(workspace(), 'file:///ws/svc.yaml', point(3, 9), false);
    assert.deepEqual(refs.map((r) => [r.uri, r.range.start.line]), [['file:///ws/a.yaml', 5], ['file:///ws/b.yaml', 5]]);
    assert.deepEqual(refs[0].range, { start: point(5, 15), end: point(5, 17) });
  });

  it('includes the Service when asked, and works from a serviceName too', () => {
    const refs = referencesAt(workspace(), 'file:///ws/a.yaml', point(5, 16), true);
    assert.deepEqual(refs.map((r) => r.uri), ['file:///ws/a.yaml', 'file:///ws/b.yaml', 'file:///ws/svc.yaml']);
  });

  it('gives nothing elsewhere in the file', () => {
    assert.deepEqual(referencesAt(workspace(), 'file:///ws/svc.yaml', point(1, 8), true), []);
  });
});

describe('document symbols', () => {
  it('has one symbol per object with containers and ports as children, each inside its parent', () => {
    const symbols = documentSymbols(workspace(), 'file:///ws/b.yaml');
    assert.deepEqual(symbols.map((s) => [s.name, s.detail]), [['replica', 'StatefulSet'], ['other-ns', 'StatefulSet (elsewhere)']]);
    const [replica] = symbols;
    assert.deepEqual(replica.children.map((c) => [c.name, c.detail]), [['init', 'init container'], ['postgres', 'container']]);
    assert.deepEqual(replica.children[1].children.map((p) => [p.name, p.detail]), [['postgres', '5432/TCP']]);
    const inside = (outer: Range, inner: Range) => (outer.start.line < inner.start.line || (outer.start.line === inner.start.line && outer.start.character <= inner.start.character))
      && (outer.end.line > inner.end.line || (outer.end.line === inner.end.line && outer.end.character >= inner.end.character));
    const check = (s: OutlineSymbol): void => {
      assert.ok(inside(s.range, s.selectionRange), `${s.name}: selection inside range`);
      for (const c of s.children) {
        assert.ok(inside(s.range, c.range), `${c.name} inside ${s.name}`);
        check(c);
      }
    };
    symbols.forEach(check);
    assert.equal(symbols[1].range.start.line, sts('replica').split('\n').length,  'second document starts after the separator');
  });

  it('lists Service ports and names unnamed objects by kind', () => {
    const ws = new Workspace();
    ws.setOpen('file:///ws/x.yaml', `${SERVICE}---\napiVersion: v1\nkind: ConfigMap\ndata: {}\n---\nnot: kubernetes\n`);
    const symbols = documentSymbols(ws, 'file:///ws/x.yaml');
    assert.deepEqual(symbols.map((s) => [s.name, s.kind]), [['db', 'service'], ['(unnamed ConfigMap)', 'object']]);
    assert.deepEqual(symbols[0].children.map((p) => [p.name, p.detail]), [['postgres', '5432/TCP']]);
  });
});

describe('document symbols of a file with very many objects', () => {
  it(`lists the objects only past ${MAX_OBJECTS_WITH_OUTLINE_CHILDREN} objects, with their children up to it`, () => {
    const file = (n: number) => Array.from({ length: n }, (_, i) => SERVICE.replace('name: db', `name: db-${i}`)).join('---\n');
    const ws = new Workspace();
    ws.setOpen('file:///ws/at.yaml', file(MAX_OBJECTS_WITH_OUTLINE_CHILDREN));
    ws.setOpen('file:///ws/past.yaml', file(MAX_OBJECTS_WITH_OUTLINE_CHILDREN + 1));
    const at = documentSymbols(ws, 'file:///ws/at.yaml');
    const past = documentSymbols(ws, 'file:///ws/past.yaml');
    assert.equal(at.length, MAX_OBJECTS_WITH_OUTLINE_CHILDREN);
    assert.ok(at.every((s) => s.children.length === 1), 'each Service keeps its port');
    assert.equal(past.length, MAX_OBJECTS_WITH_OUTLINE_CHILDREN + 1);
    assert.ok(past.every((s) => s.children.length === 0), 'objects only');
    assert.equal(past[7].name, 'db-7');
  });

  // Issue 16: a 5.1 MB file of 24,556 objects made a 5.9 MB outline in 519 ms, asked after
  // every pause in typing. Past MAX_OUTLINE_OBJECTS the outline stops, and says how many it left.
  it(`lists the first ${MAX_OUTLINE_OBJECTS} objects of a bigger file and counts the rest`, () => {
    const ws = new Workspace();
    const names = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c-${from + i}\n`).join('---\n');
    ws.setOpen('file:///ws/at.yaml', names(MAX_OUTLINE_OBJECTS));
    ws.setOpen('file:///ws/past.yaml', names(MAX_OUTLINE_OBJECTS + 3));
    assert.equal(documentSymbols(ws, 'file:///ws/at.yaml').length, MAX_OUTLINE_OBJECTS);
    assert.equal(objectsLeftOutOfOutline(ws, 'file:///ws/at.yaml'), 0);
    const past = documentSymbols(ws, 'file:///ws/past.yaml');
    assert.equal(past.length, MAX_OUTLINE_OBJECTS);
    assert.equal(past[0].name, 'c-0', 'the first objects of the file');
    assert.equal(past.at(-1)?.name, `c-${MAX_OUTLINE_OBJECTS - 1}`);
    assert.equal(objectsLeftOutOfOutline(ws, 'file:///ws/past.yaml'), 3);
  });
});

describe('editor requests see every text sent, even one still being parsed', () => {
  // The language server parses a new text a slice at a time (beginSetOpen); a request
  // that arrives before the slices ran must still answer about that text. Under load the
  // protocol test 'finds the StatefulSets a Service governs' answered [] from the old text.
  it('references from a Service include a StatefulSet whose new text is pending', () => {
    const workspace = new Workspace();
    workspace.setOpen('file:///w/svc.yaml', SERVICE);
    workspace.setOpen('file:///w/sts.yaml', sts('web').replace('serviceName: db', 'serviceName: other'));
    const pending = workspace.beginSetOpen('file:///w/sts.yaml', sts('web'));
    assert.equal(pending.done, false);
    const refs = referencesAt(workspace, 'file:///w/svc.yaml', { line: 3, character: 8 }, false);
    assert.deepEqual(refs.map((r) => r.uri), ['file:///w/sts.yaml']);
  });
});
