import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelHighlightsAt, referencesAt } from '../../server/src/core';
import { positionOf, workspaceOf } from '../support/workspace';

const STS = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
        tier: front
    spec:
      containers:
        - name: nginx
          image: nginx
`;

const SERVICES = `apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: None
  selector:
    app: web
---
apiVersion: v1
kind: Service
metadata:
  name: by-tier
spec:
  selector:
    tier: front
---
apiVersion: v1
kind: Service
metadata:
  name: typo
spec:
  selector:
    app: web
    tier: back
---
apiVersion: v1
kind: Service
metadata:
  name: nginx
  namespace: other
spec:
  selector:
    app: web
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web-pdb
spec:
  maxUnavailable: 1
  selector:
    matchExpressions:
      - key: app
        operator: In
        values: [web]
`;

const files = { 'sts.yaml': STS, 'svc.yaml': SERVICES };
const where = (refs: { uri: string; range: { start: { line: number; character: number } } }[]) => refs.map((r) => `${r.uri.slice('file:///ws/'.length)}:${r.range.start.line + 1}:${r.range.start.character + 1}`);

describe('references and highlights of labels', () => {
  it('on a template label: the selector entries on that key of every selector that selects the pods, same namespace', () => {
    const ws = workspaceOf(files);
    const at = positionOf(STS, '        app: web', 8);
    // nginx (svc 8), the PDB's expression key (svc 44); not typo (tier: back), not namespace other, not by-tier (another key).
    assert.deepEqual(where(referencesAt(ws, 'file:///ws/sts.yaml', at, false)), ['sts.yaml:10:7', 'svc.yaml:8:5', 'svc.yaml:44:14']);
    assert.deepEqual(where(referencesAt(ws, 'file:///ws/sts.yaml', at, true)), ['sts.yaml:10:7', 'sts.yaml:14:9', 'svc.yaml:8:5', 'svc.yaml:44:14']);
  });

  it('on the value too, and on another key only its selectors', () => {
    const ws = workspaceOf(files);
    assert.deepEqual(where(referencesAt(ws, 'file:///ws/sts.yaml', positionOf(STS, '        tier: front', 15), false)), ['svc.yaml:16:5']);
  });

  it('on a selector entry: the labels of the templates it selects, the entry itself with the declaration', () => {
    const ws = workspaceOf(files);
    const at = positionOf(SERVICES, '    app: web', 5);
    assert.deepEqual(where(referencesAt(ws, 'file:///ws/svc.yaml', at, false)), ['sts.yaml:14:9']);
    assert.deepEqual(where(referencesAt(ws, 'file:///ws/svc.yaml', at, true)), ['sts.yaml:14:9', 'svc.yaml:8:5']);
    // A selector that selects nothing links to nothing.
    assert.deepEqual(where(referencesAt(ws, 'file:///ws/svc.yaml', positionOf(SERVICES, '    tier: back', 5), false)), []);
  });

  it('highlights in the file: the label written, the selectors reading it', () => {
    const ws = workspaceOf(files);
    const highlights = labelHighlightsAt(ws, 'file:///ws/sts.yaml', positionOf(STS, '        app: web', 9));
    assert.deepEqual(highlights.map((h) => [h.range.start.line + 1, h.role]), [[14, 'label'], [10, 'selector']]);
    assert.deepEqual(highlights[0].range, { start: { line: 13, character: 8 }, end: { line: 13, character: 16 } });
  });

  // The selectors of a namespace are kept from request to request while the index's lists
  // of Services, PDBs, NetworkPolicies and pod templates are the same (selectors.ts): each
  // change of any of them must be seen by the next request.
  it('follows the selectors and templates as they change between requests', () => {
    const ws = workspaceOf({ 'sts.yaml': STS, 'svc.yaml': SERVICES.split('---\n')[0] });
    const at = positionOf(STS, '        app: web', 8);
    const refs = () => where(referencesAt(ws, 'file:///ws/sts.yaml', at, false));
    assert.deepEqual(refs(), ['sts.yaml:10:7', 'svc.yaml:8:5']);
    ws.setOpen('file:///ws/svc.yaml', SERVICES.split('---\n')[0].replace('app: web', 'app: other'));
    assert.deepEqual(refs(), ['sts.yaml:10:7'], 'the Service no longer selects the pods');
    ws.setOpen('file:///ws/pdb.yaml', SERVICES.split('---\n')[4]);
    assert.deepEqual(refs(), ['pdb.yaml:9:14', 'sts.yaml:10:7'], 'a PDB added, the Services unchanged');
    ws.setOpen('file:///ws/more.yaml', STS.replace('name: web', 'name: web-2').replace('app: web\n    spec', 'app: web\n        extra: x\n    spec'));
    assert.deepEqual(where(referencesAt(ws, 'file:///ws/more.yaml', at, false)), ['more.yaml:10:7', 'pdb.yaml:9:14', 'sts.yaml:10:7'], 'a template added: its label is read by its own selector, the PDB and the other StatefulSet\'s selector');
  });

  it('a Service name still finds the StatefulSets it governs', () => {
    const ws = workspaceOf(files);
    assert.deepEqual(where(referencesAt(ws, 'file:///ws/svc.yaml', positionOf(SERVICES, 'name: nginx', 7), false)), ['sts.yaml:6:16']);
  });
});
