import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFile, type ParsedFile } from '../../server/src/core/parse';
import { shortened } from '../../server/src/core/analyze';

const URI = 'file:///work/manifests/zk.yaml';

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: zk-hs
spec:
  clusterIP: None
  selector:
    app: zk
`;

const STATEFULSET = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: zk
spec:
  serviceName: zk-hs
  replicas: 3
  selector:
    matchLabels:
      app: zk
  template:
    metadata:
      labels:
        app: zk
`;

const CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: zk-config
data:
  zoo.cfg: "tickTime=2000"
`;

function join(...docs: string[]): string {
  return docs.join('---\n');
}

/** What a fresh parse gives, to compare an incremental one with (values and ranges, not identity). */
function fresh(text: string) {
  return model(parseFile(URI, text));
}

/** The model of a parsed file, without `changed` (which differs by design after an edit). */
function model(file: ParsedFile) {
  return { uri: file.uri, documents: file.documents, resources: file.resources };
}

function byKind(file: ParsedFile, kind: string) {
  const r = file.resources.find((x) => x.kind.value === kind);
  assert.ok(r, `no ${kind}`);
  return r;
}

describe('parseFile', () => {
  it('reads every document of a file, with ranges in file coordinates', () => {
    const file = parseFile(URI, join(SERVICE, STATEFULSET));
    assert.deepEqual(file.resources.map((r) => `${r.kind.value}/${r.name?.value}/${r.documentIndex}`), ['Service/zk-hs/0', 'StatefulSet/zk/1']);
    const sts = byKind(file, 'StatefulSet');
    // The StatefulSet document starts on line 9 (after 8 Service lines and ---).
    assert.deepEqual(sts.statefulSet?.serviceName?.range, { start: { line: 14, character: 15 }, end: { line: 14, character: 20 } });
    assert.deepEqual(file.changed, file.resources, 'a first parse changes everything');
  });

  it('an edit inside one document re-parses only that document', () => {
    const before = parseFile(URI, join(SERVICE, STATEFULSET, CONFIGMAP));
    const edited = join(SERVICE, STATEFULSET.replace('replicas: 3', 'replicas: 5'), CONFIGMAP);
    const after = parseFile(URI, edited, before);
    assert.equal(byKind(after, 'Service'), byKind(before, 'Service'), 'the Service object is reused');
    assert.equal(byKind(after, 'ConfigMap'), byKind(before, 'ConfigMap'), 'the ConfigMap object is reused');
    assert.notEqual(byKind(after, 'StatefulSet'), byKind(before, 'StatefulSet'), 'the edited StatefulSet is new');
    assert.equal(byKind(after, 'StatefulSet').statefulSet?.replicas?.value, 5);
    assert.deepEqual(after.changed, [byKind(after, 'StatefulSet')], 'only the edited document changed (the others did not move)');
    assert.equal(after.documents[0], before.documents[0]);
    assert.equal(after.documents[2], before.documents[2]);
    assert.deepEqual(model(after), fresh(edited), 'same result as parsing from scratch');
  });

  it('moves reused documents below an edit that adds lines, and marks them changed', () => {
    const before = parseFile(URI, join(SERVICE, STATEFULSET, CONFIGMAP));
    const service = byKind(before, 'Service');
    const sts = byKind(before, 'StatefulSet');
    const cm = byKind(before, 'ConfigMap');
    const stsLine = sts.statefulSet!.serviceName!.range.start.line;
    const edited = join(SERVICE.replace('  selector:\n', '  publishNotReadyAddresses: true\n  selector:\n'), STATEFULSET, CONFIGMAP);
    const after = parseFile(URI, edited, before);
    assert.notEqual(byKind(after, 'Service'), service, 'the edited Service is new');
    assert.equal(byKind(after, 'StatefulSet'), sts, 'the StatefulSet object is reused');
    assert.equal(byKind(after, 'ConfigMap'), cm, 'the ConfigMap object is reused');
    assert.equal(sts.statefulSet!.serviceName!.range.start.line, stsLine + 1, 'moved down one line, in place');
    assert.equal(sts.statefulSet!.serviceName!.range.start.character, 15, 'characters unchanged');
    assert.deepEqual(new Set(after.changed), new Set([byKind(after, 'Service'), sts, cm]));
    assert.deepEqual(model(after), fresh(edited), 'same ranges as parsing from scratch');
  });

  it('moves documents up when lines are removed above them', () => {
    const before = parseFile(URI, join(SERVICE, STATEFULSET));
    const sts = byKind(before, 'StatefulSet');
    const edited = join(SERVICE.replace('  clusterIP: None\n', ''), STATEFULSET);
    const after = parseFile(URI, edited, before);
    assert.equal(byKind(after, 'StatefulSet'), sts);
    assert.equal(sts.range.start.line, 8, 'one line up');
    assert.deepEqual(model(after), fresh(edited));
  });

  it('renumbers reused documents when a document is inserted or removed before them', () => {
    const before = parseFile(URI, join(SERVICE, STATEFULSET));
    const service = byKind(before, 'Service');
    const sts = byKind(before, 'StatefulSet');
    const inserted = parseFile(URI, join(SERVICE, CONFIGMAP, STATEFULSET), before);
    assert.equal(byKind(inserted, 'Service'), service);
    assert.equal(byKind(inserted, 'StatefulSet'), sts);
    assert.equal(sts.documentIndex, 2);
    assert.deepEqual(new Set(inserted.changed), new Set([byKind(inserted, 'ConfigMap'), sts]), 'the new document and the moved one');
    assert.deepEqual(model(inserted), fresh(join(SERVICE, CONFIGMAP, STATEFULSET)));
    const removed = parseFile(URI, join(SERVICE, STATEFULSET), inserted);
    assert.equal(byKind(removed, 'Service'), service);
    assert.equal(byKind(removed, 'StatefulSet'), sts);
    assert.equal(sts.documentIndex, 1);
    assert.deepEqual(model(removed), fresh(join(SERVICE, STATEFULSET)));
    // A new first document: the old first one now starts with `---`, so it is a new
    // text and parsed again; the StatefulSet below is still reused.
    const atTop = parseFile(URI, join(CONFIGMAP, SERVICE, STATEFULSET), removed);
    assert.equal(byKind(atTop, 'StatefulSet'), sts);
    assert.deepEqual(model(atTop), fresh(join(CONFIGMAP, SERVICE, STATEFULSET)));
  });

  it('reuses each of two identical documents once', () => {
    const before = parseFile(URI, join(CONFIGMAP, CONFIGMAP));
    const [a, b] = before.resources;
    const after = parseFile(URI, join(CONFIGMAP, SERVICE, CONFIGMAP), before);
    const maps = after.resources.filter((r) => r.kind.value === 'ConfigMap');
    assert.equal(maps.length, 2);
    assert.equal(maps[0], a);
    assert.equal(maps[1], b);
    assert.notEqual(maps[0], maps[1]);
    assert.deepEqual(model(after), fresh(join(CONFIGMAP, SERVICE, CONFIGMAP)));
  });

  it('shifts the ranges of syntax errors in moved documents too', () => {
    const broken = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: "open\n';
    const before = parseFile(URI, join(SERVICE, broken));
    const doc = before.documents[1];
    assert.equal(doc.syntaxErrors.length, 1);
    const line = doc.syntaxErrors[0].range.start.line;
    const edited = join('# added\n# lines\n' + SERVICE, broken);
    const after = parseFile(URI, edited, before);
    assert.equal(after.documents[1], doc, 'reused');
    assert.equal(doc.syntaxErrors[0].range.start.line, line + 2);
    assert.ok(doc.resources.every((r) => r.hasSyntaxErrors));
    assert.deepEqual(model(after), fresh(edited));
  });

  it('keeps CR LF files exact across an edit', () => {
    const crlf = (s: string) => s.replace(/\n/g, '\r\n');
    const before = parseFile(URI, crlf(join(SERVICE, STATEFULSET)));
    const sts = byKind(before, 'StatefulSet');
    const edited = crlf(join(SERVICE + '  type: ClusterIP\n', STATEFULSET));
    const after = parseFile(URI, edited, before);
    assert.equal(byKind(after, 'StatefulSet'), sts);
    assert.deepEqual(sts.statefulSet?.serviceName?.range, { start: { line: 15, character: 15 }, end: { line: 15, character: 20 } });
    assert.deepEqual(model(after), model(parseFile(URI, edited)));
  });

  it('marks templated documents and never throws on junk', () => {
    const file = parseFile(URI, join('apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n', '\u0000\u0001binary: [junk\n', '- just\n- a list\n', 'plain scalar\n', 'kind: List\nitems: *nothing\n'));
    assert.equal(file.documents.length, 5);
    assert.equal(file.documents[0].templated, true);
    assert.equal(file.resources.length, 1, 'only the templated Service is a resource');
    assert.equal(file.resources[0].name, undefined, 'its templated name is unknown');
  });
});

describe('shortened (yaml-syntax messages)', () => {
  it('keeps short messages, cuts long ones under 100 characters at a word break or between characters', () => {
    assert.equal(shortened('Missing closing \'quote'), 'Missing closing \'quote');
    const words = shortened(`Not a YAML token: ${'word '.repeat(100)}`);
    assert.ok(words.length < 100 && words.endsWith(' word…'), words);
    // No break near the limit: cut at 98, but not inside the surrogate pair of 😀.
    const emoji = shortened(`${'x'.repeat(97)}😀${'y'.repeat(50)}`);
    assert.equal(emoji, `${'x'.repeat(97)}…`);
    assert.equal(shortened('z'.repeat(100)), `${'z'.repeat(98)}…`);
  });
});
