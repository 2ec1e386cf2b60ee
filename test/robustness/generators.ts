import * as fc from 'fast-check';
import { LineIndex, type Range } from '../../server/src/core';

/**
 * Generators of Kubernetes manifests for the property tests: valid multi-document
 * manifests, and mutations of them (truncated, reindented, keys swapped, random bytes,
 * deeply nested, huge scalars, CRLF/BOM, tabs, binary junk).
 */

// ------------------------------------------------------------------ generators

const name = fc.oneof(
  fc.constantFrom('web', 'db', 'kafka', 'zk', 'nginx', 'db-headless', 'Bad_Name', ''),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
);
const labels = fc.dictionary(fc.constantFrom('app', 'tier', 'role', 'app.kubernetes.io/name'), name, { maxKeys: 3 });
const namespace = fc.option(fc.constantFrom('default', 'data', 'other'), { nil: undefined });

function labelLines(map: Record<string, string>, indent: string): string {
  const keys = Object.keys(map);
  if (keys.length === 0) return `${indent}{}\n`;
  return keys.map((k) => `${indent}${k}: ${JSON.stringify(map[k])}\n`).join('');
}

/** A workload's `selector` and pod `template` (indented for `spec`). */
function selectorAndTemplate(selector: Record<string, string>, template: Record<string, string>, containers: string): string {
  return `  selector:
    matchLabels:
${labelLines(selector, '      ')}  template:
    metadata:
      labels:
${labelLines(template, '        ')}    spec:
      containers:${containers}
`;
}

const statefulSet = fc.record({ name, namespace, serviceName: fc.option(name, { nil: undefined }), replicas: fc.integer({ min: -1, max: 5 }), selector: labels, template: labels })
  .map((s) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${s.name}
${s.namespace ? `  namespace: ${s.namespace}\n` : ''}spec:
${s.serviceName !== undefined ? `  serviceName: ${s.serviceName}\n` : ''}  replicas: ${s.replicas}
${selectorAndTemplate(s.selector, s.template, '\n        - name: main\n          image: example/main:1')}`);

const service = fc.record({ name, namespace, clusterIP: fc.constantFrom('None', '10.0.0.1', undefined), type: fc.constantFrom(undefined, 'ClusterIP', 'ExternalName'), selector: labels })
  .map((s) => `apiVersion: v1
kind: Service
metadata:
  name: ${s.name}
${s.namespace ? `  namespace: ${s.namespace}\n` : ''}spec:
${s.type ? `  type: ${s.type}\n` : ''}${s.clusterIP ? `  clusterIP: ${s.clusterIP}\n` : ''}  selector:
${labelLines(s.selector, '    ')}  ports:
    - port: 80
`);

const deployment = fc.record({ name, selector: labels, template: labels }).map((d) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${d.name}
spec:
${selectorAndTemplate(d.selector, d.template, ' [{ name: web, image: nginx }]')}`);

const configMap = fc.record({ name, data: fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.string({ maxLength: 30 }), { maxKeys: 4 }) })
  .map((c) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${c.name}
data:
${Object.entries(c.data).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}\n`).join('') || '  {}\n'}`);

export const anyDocument = fc.oneof(statefulSet, service, deployment, configMap);

/** A valid multi-document manifest. */
export const manifest = fc.array(anyDocument, { minLength: 1, maxLength: 6 }).map((docs) => docs.join('---\n'));

// ------------------------------------------------------------------ mutations

export const truncate = (text: string, at: number) => text.slice(0, Math.floor(at * text.length));

function reindent(text: string, seed: number): string {
  return text.split('\n').map((line, i) => ((i * 7 + seed) % 5 === 0 ? ' '.repeat(seed % 4) + line : (i + seed) % 11 === 0 ? line.trimStart() : line)).join('\n');
}

/** Swaps pairs of lines at the same indentation: keys in another order (or broken structure). */
function shuffleKeys(text: string, seed: number): string {
  const lines = text.split('\n');
  for (let i = seed % 3; i + 1 < lines.length; i += 3) {
    const indent = (l: string) => l.length - l.trimStart().length;
    if (indent(lines[i]) === indent(lines[i + 1])) [lines[i], lines[i + 1]] = [lines[i + 1], lines[i]];
  }
  return lines.join('\n');
}

function insertBytes(text: string, at: number, bytes: Uint8Array): string {
  const i = Math.floor(at * text.length);
  return text.slice(0, i) + String.fromCharCode(...bytes) + text.slice(i);
}

function deeplyNested(depth: number, flow: boolean): string {
  if (flow) return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
  let out = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\n';
  for (let i = 0; i < depth; i++) out += `${' '.repeat(i)}k${i}:\n`;
  return out;
}

export const mutated = fc.oneof(
  fc.tuple(manifest, fc.double({ min: 0, max: 1, noNaN: true })).map(([t, at]) => truncate(t, at)),
  fc.tuple(manifest, fc.nat(100)).map(([t, seed]) => reindent(t, seed)),
  fc.tuple(manifest, fc.nat(100)).map(([t, seed]) => shuffleKeys(t, seed)),
  fc.tuple(manifest, fc.double({ min: 0, max: 1, noNaN: true }), fc.uint8Array({ minLength: 1, maxLength: 40 })).map(([t, at, b]) => insertBytes(t, at, b)),
  fc.tuple(fc.integer({ min: 1, max: 300 }), fc.boolean()).map(([d, flow]) => deeplyNested(d, flow)),
  fc.tuple(manifest, fc.integer({ min: 10_000, max: 200_000 })).map(([t, n]) => t.replace(/name: (\S+)/, (_m, v: string) => `name: ${v}${'x'.repeat(n)}`)),
  fc.tuple(manifest, fc.boolean(), fc.boolean()).map(([t, crlf, bom]) => (bom ? '\ufeff' : '') + (crlf ? t.replace(/\n/g, '\r\n') : t)),
  fc.tuple(manifest, fc.nat(100)).map(([t, seed]) => t.split('\n').map((l, i) => ((i + seed) % 4 === 0 ? l.replace(/^( +)/, '\t') : l)).join('\n')),
  fc.string({ unit: 'binary', maxLength: 400 }),
);

export const anyText = fc.oneof(manifest, mutated);

// ------------------------------------------------------------------ ranges

/** Whether a range lies inside `text` (lines and UTF-16 characters, as LSP counts them). */
export function insideText(range: Range, text: string, lines: string[]): boolean {
  const ok = (p: { line: number; character: number }) =>
    Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0 && p.line < lines.length && p.character <= lines[p.line].length;
  const ordered = range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character);
  return ok(range.start) && ok(range.end) && ordered && text.length >= 0;
}

/** Lines split exactly as LSP does: CR LF, LF and a lone CR each end a line. */
export function lspLines(text: string): string[] {
  const index = new LineIndex(text);
  const out: string[] = [];
  for (let line = 0; line < index.lineCount; line++) {
    const start = index.offsetAt({ line, character: 0 });
    const next = index.offsetAt({ line: line + 1, character: 0 });
    out.push(text.slice(start, line + 1 < index.lineCount ? next : text.length).replace(/\r?\n$|\r$/, ''));
  }
  return out;
}
