import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { analyzeFile, readSettings, RULE_IDS, Workspace } from '../../server/src/core';
import { ROOT } from '../support/paths';
import { expandSnippet, snippetBody } from '../support/snippetSyntax';

/**
 * Every snippet of snippets/statefulset.json (the language server offers them where a
 * new YAML document starts, see core/documentSnippets.ts), inserted with its default
 * placeholders, must be a set of Kubernetes objects the API server accepts and the
 * analyser has nothing at all to say about.
 */

interface SnippetFile {
  [name: string]: { prefix: string; description?: string; body: string | string[] };
}

const SNIPPET_FILE = path.join(ROOT, 'snippets', 'statefulset.json');
const snippets = Object.entries(JSON.parse(fs.readFileSync(SNIPPET_FILE, 'utf8')) as SnippetFile)
  .map(([name, s]) => ({ name, prefix: s.prefix, body: snippetBody(s.body), text: expandSnippet(snippetBody(s.body)) }));
const byPrefix = (prefix: string) => snippets.find((s) => s.prefix === prefix);

/**
 * A snippet for one half of the pair is analysed next to the snippet for the other
 * half (inserted with defaults, their names agree), as a user would write both.
 */
const PARTNERS: Record<string, string[]> = { statefulset: ['svc-headless'] };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const at = (o: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((v, k) => (isObj(v) ? v[k] : undefined), o);
const nonEmptyList = (v: unknown): v is unknown[] => Array.isArray(v) && v.length > 0;
const nonEmptyMap = (v: unknown): v is Obj => isObj(v) && Object.keys(v).length > 0;

/**
 * Fields the API server requires, per kind (pkg/apis/core/validation ValidateService,
 * ValidatePersistentVolumeClaimSpec; pkg/apis/apps/validation ValidateStatefulSetSpec).
 */
function missingFields(doc: Obj): string[] {
  const missing: string[] = [];
  const need = (ok: boolean, field: string) => {
    if (!ok) missing.push(field);
  };
  need(typeof doc.apiVersion === 'string', 'apiVersion');
  need(typeof doc.kind === 'string', 'kind');
  need(typeof at(doc, 'metadata', 'name') === 'string', 'metadata.name');
  if (doc.kind === 'Service') {
    const headless = at(doc, 'spec', 'clusterIP') === 'None';
    const ports = at(doc, 'spec', 'ports');
    // "spec.ports: Required value" unless headless or ExternalName.
    need(headless || nonEmptyList(ports), 'spec.ports');
    if (Array.isArray(ports)) {
      ports.forEach((p, i) => {
        const port = at(p, 'port');
        need(typeof port === 'number' && port >= 1 && port <= 65535, `spec.ports[${i}].port`);
        need(ports.length === 1 || typeof at(p, 'name') === 'string', `spec.ports[${i}].name`);
      });
    }
  }
  if (doc.kind === 'StatefulSet') {
    need(doc.apiVersion === 'apps/v1', 'apiVersion apps/v1');
    need(nonEmptyMap(at(doc, 'spec', 'selector')), 'spec.selector');
    need(nonEmptyMap(at(doc, 'spec', 'template', 'metadata', 'labels')), 'spec.template.metadata.labels');
    need(typeof at(doc, 'spec', 'serviceName') === 'string', 'spec.serviceName');
    const containers = at(doc, 'spec', 'template', 'spec', 'containers');
    need(nonEmptyList(containers), 'spec.template.spec.containers');
    if (Array.isArray(containers)) {
      containers.forEach((c, i) => {
        need(typeof at(c, 'name') === 'string', `containers[${i}].name`);
        need(typeof at(c, 'image') === 'string', `containers[${i}].image`);
      });
    }
    const claims = at(doc, 'spec', 'volumeClaimTemplates');
    if (Array.isArray(claims)) {
      claims.forEach((c, i) => {
        need(typeof at(c, 'metadata', 'name') === 'string', `volumeClaimTemplates[${i}].metadata.name`);
        need(nonEmptyList(at(c, 'spec', 'accessModes')), `volumeClaimTemplates[${i}].spec.accessModes`);
        need(at(c, 'spec', 'resources', 'requests', 'storage') !== undefined, `volumeClaimTemplates[${i}].spec.resources.requests.storage`);
      });
    }
  }
  return missing;
}

function findingsFor(prefix: string, partners: string[]) {
  const workspace = new Workspace();
  workspace.setSettings(readSettings({ reportSyntaxErrors: true }, RULE_IDS).settings);
  const uri = `file:///snippets/${prefix}.yaml`;
  workspace.setOpen(uri, byPrefix(prefix)!.text);
  for (const p of partners) workspace.setOpen(`file:///snippets/${p}.yaml`, byPrefix(p)!.text);
  return analyzeFile(workspace, uri);
}

describe('snippets', () => {
  it('are not contributed through package.json (VS Code would offer them inside scalar values too)', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { snippets?: unknown } };
    assert.equal(manifest.contributes.snippets, undefined);
  });

  it('have the prefixes of the issue', () => {
    assert.deepEqual(snippets.map((s) => s.prefix).sort(), ['statefulset', 'sts-dual-services', 'sts-headless', 'svc-headless']);
  });

  for (const snippet of snippets) {
    describe(snippet.prefix, () => {
      it('expands to valid YAML documents with the fields the API requires', () => {
        assert.doesNotMatch(snippet.text, /\$\{|\$[0-9]/, 'no snippet syntax is left after expansion');
        const docs = parseAllDocuments(snippet.text);
        assert.ok(Array.isArray(docs) && docs.length > 0);
        for (const doc of docs) {
          assert.deepEqual(doc.errors.map((e) => e.message), []);
          const obj = doc.toJS() as Obj;
          assert.deepEqual(missingFields(obj), [], `${String(obj.kind)} ${String(at(obj, 'metadata', 'name'))}`);
        }
      });

      it('raises no finding at all, of any severity', () => {
        const findings = findingsFor(snippet.prefix, PARTNERS[snippet.prefix] ?? []);
        assert.deepEqual(findings.map((f) => `${f.severity} ${f.ruleId}: ${f.message}`), []);
      });

      it('has its tab stops in document order, $0 last', () => {
        // The first appearance of each tab stop ($n, ${n}, ${n:…}, ${n|…|}), in text order.
        const order: number[] = [];
        for (const m of snippet.body.matchAll(/(?<!\\)\$(?:(\d+)|\{(\d+)[:|}])/g)) {
          const n = Number(m[1] ?? m[2]);
          if (!order.includes(n)) order.push(n);
        }
        const stops = order.filter((n) => n > 0);
        assert.deepEqual(stops, [...stops].sort((a, b) => a - b), `tab stops in order of appearance: ${order.join(', ')}`);
        assert.deepEqual(stops, stops.map((_, i) => i + 1), 'numbered 1, 2, 3… without gaps');
        assert.ok(!order.includes(0) || order[order.length - 1] === 0, '$0 comes last');
      });

      it('writes no namespace (kubectl -n or a kustomization sets it)', () => {
        assert.doesNotMatch(snippet.text, /^\s*namespace:/m);
      });
    });
  }

  it('the name tab stop of sts-headless links the Service and the StatefulSet', () => {
    const docs = parseAllDocuments(byPrefix('sts-headless')!.text).map((d) => d.toJS() as Obj);
    const service = docs.find((d) => d.kind === 'Service');
    const sts = docs.find((d) => d.kind === 'StatefulSet');
    assert.equal(at(sts, 'spec', 'serviceName'), at(service, 'metadata', 'name'));
    assert.equal(at(service, 'spec', 'clusterIP'), 'None');
    assert.deepEqual(at(service, 'spec', 'selector'), at(sts, 'spec', 'template', 'metadata', 'labels'));
  });

  it('the statefulset snippet alone names a Service the workspace lacks (why it is checked with svc-headless)', () => {
    assert.deepEqual(findingsFor('statefulset', []).map((f) => f.ruleId), ['service-not-found']);
  });
});
