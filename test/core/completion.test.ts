import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { completionsAt, cursorContext, documentSnippetRange, ITEM, Workspace, type Position } from '../../server/src/core';
import { ROOT } from '../support/paths';

/** Text with one `¦` marking the cursor -> the text without it and the cursor position. */
function at(marked: string): { text: string; position: Position } {
  const offset = marked.indexOf('¦');
  assert.ok(offset >= 0, 'test text has a cursor mark');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const before = text.slice(0, offset).split('\n');
  return { text, position: { line: before.length - 1, character: before[before.length - 1].length } };
}

const SERVICES = `apiVersion: v1
kind: Service
metadata:
  name: web-public
spec:
  selector:
    app: web
  ports:
    - port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  clusterIP: None
  selector:
    app: web
  ports:
    - name: http
      port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: elsewhere
  namespace: other
spec:
  clusterIP: None
`;

const WORKLOADS = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
        tier: frontend
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cache
spec:
  selector:
    matchLabels:
      app: cache
  template:
    metadata:
      labels:
        app: cache
        enabled: "true"
    spec:
      containers:
        - name: redis
          image: redis:7
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: far
  namespace: other
spec:
  selector:
    matchLabels:
      app: far
  template:
    metadata:
      labels:
        app: far
    spec:
      containers:
        - name: far
          image: far:1
`;

function workspaceWith(uri: string, marked: string) {
  const { text, position } = at(marked);
  const workspace = new Workspace();
  workspace.setDisk('file:///ws/services.yaml', SERVICES);
  workspace.setDisk('file:///ws/workloads.yaml', WORKLOADS);
  workspace.setOpen(uri, text);
  return { workspace, text, position };
}

function complete(marked: string) {
  const uri = 'file:///ws/typing.yaml';
  const { workspace, text, position } = workspaceWith(uri, marked);
  return completionsAt(workspace, uri, text, position);
}

describe('cursor context from broken YAML', () => {
  it('finds the value of spec.serviceName with nothing typed and the rest of the document unparsable', () => {
    const { text, position } = at(`apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: data
spec:
  serviceName: ¦
  selector
    matchLabels: {
`);
    const ctx = cursorContext(text, position);
    assert.equal(ctx?.kind, 'StatefulSet');
    assert.equal(ctx?.namespace, 'data');
    assert.deepEqual(ctx?.path, ['spec', 'serviceName']);
    assert.equal(ctx?.role, 'value');
  });

  it('follows sequences in compact and indented style', () => {
    const { text, position } = at(`kind: Pod
spec:
  containers:
  - name: a
    ports:
      - name: http
        containerPort: 80
  - name: b
    env:
    - name: X
      ¦
`);
    assert.deepEqual(cursorContext(text, position)?.path, ['spec', 'containers', ITEM, 'env', ITEM]);
  });

  it('knows the document of a multi-document file, and a key being typed after a dash', () => {
    const { text, position } = at(`kind: Service
metadata:
  name: a
---
kind: StatefulSet
spec:
  volumeClaimTemplates:
    - metadata:
        name: data
    - meta¦
`);
    const ctx = cursorContext(text, position);
    assert.equal(ctx?.documentIndex, 1);
    assert.equal(ctx?.kind, 'StatefulSet');
    assert.deepEqual(ctx?.path, ['spec', 'volumeClaimTemplates', ITEM]);
    assert.equal(ctx?.role, 'key');
    assert.equal(ctx?.prefix, 'meta');
  });

  it('has no context inside a block scalar, a flow map or a comment', () => {
    for (const marked of [
      'kind: Service\nspec:\n  selector: {app: ¦}\n',
      'kind: ConfigMap\ndata:\n  script: |\n    serviceName: ¦\n',
      'kind: Service\nspec:\n  # sel¦\n',
    ]) {
      const { text, position } = at(marked);
      const ctx = cursorContext(text, position);
      assert.ok(!ctx || ctx.path.join('.') !== 'spec.selector', `${JSON.stringify(marked)} -> ${JSON.stringify(ctx)}`);
      if (marked.includes('script')) assert.equal(ctx, undefined);
    }
  });

  it('never throws on junk', () => {
    const junk = ['', '\u0000\u0001: : :', '- - - -\n  - :\n', ':\n  :\n    :', '"unterminated\n  key: ', '{{ .Values }}:\n  x: '];
    for (const text of junk) {
      const lines = text.split('\n');
      for (let line = 0; line <= lines.length; line++) {
        for (let character = 0; character <= (lines[line]?.length ?? 0) + 1; character++) {
          assert.doesNotThrow(() => cursorContext(text, { line, character }));
        }
      }
    }
  });
});

describe('completion', () => {
  it('offers the Services of the StatefulSet namespace for serviceName, headless first, with a note on the others', () => {
    const items = complete(`apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web2
spec:
  serviceName: w¦
  replicas: 2
`);
    const sorted = [...items].sort((a, b) => a.sortText.localeCompare(b.sortText));
    assert.deepEqual(sorted.map((i) => i.label), ['web', 'web-public']);
    assert.match(sorted[1].detail ?? '', /not headless: pods get no DNS names/);
    assert.doesNotMatch(sorted[0].detail ?? '', /not headless/);
    // Replaces the typed word, from after `serviceName: ` to the cursor.
    assert.deepEqual(sorted[0].range, { start: { line: 5, character: 15 }, end: { line: 5, character: 16 } });
    assert.equal(sorted[0].newText, 'web');
  });

  it('reads a position past the end of the line as the end of the line (LSP)', () => {
    const uri = 'file:///ws/typing.yaml';
    const { workspace, text, position } = workspaceWith(uri, `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web2
spec:
  serviceName: w¦
`);
    const beyond = { line: position.line, character: position.character + 40 };
    const items = completionsAt(workspace, uri, text, beyond);
    assert.ok(items.length > 0);
    for (const item of items) assert.deepEqual(item.range, { start: { line: 5, character: 15 }, end: { line: 5, character: 16 } });
  });

  it('offers Services of the namespace the StatefulSet names, not the default one', () => {
    const items = complete(`apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: x
  namespace: other
spec:
  serviceName:¦
`);
    assert.deepEqual(items.map((i) => i.label), ['elsewhere']);
    assert.equal(items[0].newText, ' elsewhere', 'a space after the colon');
  });

  it('offers pod template label keys and values in a Service selector', () => {
    const keys = complete(`apiVersion: v1
kind: Service
metadata:
  name: new
spec:
  clusterIP: None
  selector:
    ¦
  ports:
`);
    assert.deepEqual(keys.map((i) => i.label).sort(), ['app', 'enabled', 'tier']);
    const tier = keys.find((i) => i.label === 'tier');
    assert.equal(tier?.newText, 'tier: frontend', 'one known value: the whole entry');
    assert.equal(keys.find((i) => i.label === 'enabled')?.newText, 'enabled: "true"', 'a value YAML would read as a boolean is quoted');
    assert.equal(keys.find((i) => i.label === 'app')?.newText, 'app: ', 'several values: the key only');

    const values = complete(`apiVersion: v1
kind: Service
metadata:
  name: new
spec:
  selector:
    tier: frontend
    app: ¦
`);
    assert.deepEqual(values.map((i) => i.label).sort(), ['cache', 'web']);

    const rest = complete('apiVersion: v1\nkind: Service\nspec:\n  selector:\n    app: web\n    ¦\n    enabled: "true"\n  ports: []\n');
    assert.deepEqual(rest.map((i) => i.label), ['tier'], 'keys the selector already has are left out');
    assert.match(values.find((i) => i.label === 'web')?.detail ?? '', /StatefulSet web/);
  });

  it("offers labels in a workload's matchLabels, its own template labels first", () => {
    const items = complete(`apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: queue
spec:
  selector:
    matchLabels:
      ap¦
  template:
    metadata:
      labels:
        app: queue
        tier: backend
`);
    const app = items.find((i) => i.label === 'app');
    assert.equal(app?.newText, 'app: queue', 'the value from its own template');
    assert.ok(app!.sortText < items.find((i) => i.label === 'enabled')!.sortText);
    assert.deepEqual(app?.range, { start: { line: 7, character: 6 }, end: { line: 7, character: 8 } });
  });

  it('completes only the key when the line already has its colon and value', () => {
    const items = complete('apiVersion: v1\nkind: Service\nspec:\n  selector:\n    ti¦er: x\n');
    const tier = items.find((i) => i.label === 'tier');
    assert.equal(tier?.newText, 'tier');
    assert.deepEqual(tier?.range, { start: { line: 4, character: 4 }, end: { line: 4, character: 8 } });
  });

  it('offers nothing in other places', () => {
    assert.deepEqual(complete('apiVersion: v1\nkind: Service\nmetadata:\n  name: ¦\n'), []);
    assert.deepEqual(complete('apiVersion: v1\nkind: ConfigMap\nspec:\n  selector:\n    ¦\n'), []);
    assert.deepEqual(complete('apiVersion: v1\nkind: Service\nspec:\n  selector:\n    app:\n      ¦\n'), []);
  });
});

describe('completion everywhere in the examples', () => {
  it('never throws at the interesting positions of every line of the examples, broken one included', () => {
    const dir = path.join(ROOT, 'examples');
    const workspace = new Workspace();
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    for (const f of files) workspace.setOpen(`file:///examples/${f}`, fs.readFileSync(path.join(dir, f), 'utf8'));
    let offered = 0;
    for (const f of files) {
      const uri = `file:///examples/${f}`;
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      text.split('\n').forEach((line, n) => {
        // Line start, after the indentation, after the first colon and its space, and the end.
        const columns = new Set([0, line.search(/\S|$/), line.indexOf(':') + 1, line.indexOf(':') + 2, line.length]);
        for (const c of columns) if (c >= 0 && c <= line.length) offered += completionsAt(workspace, uri, text, { line: n, character: c }).length;
      });
    }
    assert.ok(offered > 0, 'the examples have places with completions');
  });
});

describe('serviceName completion ranks what gives pods DNS names first', () => {
  const services = ['web-public', 'web-other', 'web-peers'].map((name, i) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
${i === 0 ? '' : '  clusterIP: None\n'}  selector:
    app: ${name === 'web-other' ? 'other' : 'web'}
  ports:
    - port: 80
`).join('---\n');

  it('headless and selecting the pods first, then headless selecting other pods, then not headless; with the real StatefulSet name', () => {
    const uri = 'file:///ws/typing.yaml';
    const { text, position } = at(`apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: orders
spec:
  serviceName: ¦
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
`);
    const workspace = new Workspace();
    workspace.setDisk('file:///ws/services.yaml', services);
    workspace.setOpen(uri, text);
    const sorted = completionsAt(workspace, uri, text, position).sort((a, b) => a.sortText.localeCompare(b.sortText));
    // 'web-other' sorts before 'web-peers' by name: only the rank puts 'web-peers' first.
    assert.deepEqual(sorted.map((i) => i.label), ['web-peers', 'web-other', 'web-public']);
    assert.equal(sorted[0].detail, "headless Service in 'default', selects these pods");
    assert.match(sorted[0].documentation ?? '', /orders-<ordinal>\.web-peers\.default\.svc\.cluster\.local/);
    assert.doesNotMatch(sorted.map((i) => i.documentation).join('\n'), /<statefulset>/);
    assert.equal(sorted[1].detail, "headless Service in 'default', does not select these pods");
    assert.match(sorted[2].detail ?? '', /not headless/);
  });
});

describe('documentSnippetRange: whole-document snippets only where a document starts', () => {
  const range = (marked: string) => {
    const { text, position } = at(marked);
    return documentSnippetRange(text, position);
  };
  it('is offered in an empty file, after a document marker and between comments', () => {
    assert.deepEqual(range('sts¦'), { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } });
    assert.deepEqual(range('¦'), { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.ok(range('kind: Service\nmetadata:\n  name: a\n---\n# the app\nsts-h¦\n\n---\nkind: ConfigMap\n'));
    assert.ok(range('a: 1\r\n---\r\nsts¦\r\n'));
  });
  it('is not offered in a scalar value, a nested mapping or a document that has content', () => {
    assert.equal(range('kind: StatefulSet\nspec:\n  serviceName: sts¦\n'), undefined);
    assert.equal(range('kind: StatefulSet\nspec:\n  sts¦\n'), undefined);
    assert.equal(range('kind: StatefulSet\nsts¦\n'), undefined, 'below the keys of an object');
    assert.equal(range('sts¦\nkind: StatefulSet\n'), undefined, 'above the keys of an object');
    assert.equal(range('data:\n  script: |\n    echo\n---\nkey: sts¦\n'), undefined);
    assert.equal(range('sts¦ more\n'), undefined, 'text after the cursor');
  });
});
