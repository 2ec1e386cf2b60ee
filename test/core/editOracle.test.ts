import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { analyzeFile, renderChart, Workspace, type FileChange, type Finding } from '../../server/src/core';
import { FIXTURES, ROOT } from '../support/paths';
import { seededRandom } from '../support/seededRandom';

/**
 * The incremental analysis against a fresh one (workspace/dependencies.ts: a file is
 * re-analysed only when a key it looked up changes). Random edit sequences over real
 * multi-file workspaces (each rule's fixture folder, kustomize and Helm fixtures, corpus
 * projects): after each edit, the edited file and `dependents()` are re-analysed, as the
 * server does with every file analysed, and every file's findings must be those of a new
 * workspace holding the same final texts. A missed dependency shows as a stale finding
 * (or a missing one) on a file that was not re-analysed. editCost.test.ts has the same
 * oracle over generated applications; this one edits what real manifests hold: names,
 * labels, selectors, serviceNames, clusterIP, namespaces, kustomize and chart files,
 * files closed, deleted, renamed, and texts moved between files.
 */

type Files = Map<string, string | Uint8Array>;

function readFolder(dir: string): Files {
  const files: Files = new Map();
  for (const f of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((n) => /\.(ya?ml|tpl|tgz)$/.test(n)).sort()) {
    const file = path.join(dir, f);
    files.set(pathToFileURL(file).href, f.endsWith('.tgz') ? new Uint8Array(fs.readFileSync(file)) : fs.readFileSync(file, 'utf8'));
  }
  return files;
}

function fresh(files: Files): Workspace {
  const ws = new Workspace({ renderChart });
  ws.batch(() => {
    for (const [uri, text] of files) ws.setDisk(uri, text);
  });
  return ws;
}

/** Values the manifests hold (names, labels, serviceNames): what edits swap for one another. */
function vocabulary(files: Files): string[] {
  const words = new Set<string>();
  for (const text of files.values()) {
    if (typeof text !== 'string') continue;
    for (const m of text.matchAll(/(?::|-) +"?([a-z][a-z0-9.-]{1,40}[a-z0-9])"?\s*$/gm)) words.add(m[1]);
  }
  return [...words].sort();
}

type Pick = <T>(list: readonly T[]) => T;

/** One text edit; undefined when it does not apply to this text. */
const TEXT_EDITS: ((text: string, pick: Pick, words: string[]) => string | undefined)[] = [
  // A value swapped for another of the workspace: a name, a label, a serviceName, a selector.
  (text, pick, words) => {
    const sites = [...text.matchAll(/((?::|-) +"?)([a-z][a-z0-9.-]{1,40}[a-z0-9])("?\s*)$/gm)];
    if (sites.length === 0) return undefined;
    const m = pick(sites);
    return text.slice(0, m.index + m[1].length) + pick(words) + text.slice(m.index + m[1].length + m[2].length);
  },
  // A typed character at the end of a value.
  (text, pick) => {
    const sites = [...text.matchAll(/(?::|-) +"?[a-z][a-z0-9.-]{1,40}[a-z0-9](?="?\s*$)/gm)];
    if (sites.length === 0) return undefined;
    const m = pick(sites);
    const end = m.index + m[0].length;
    return `${text.slice(0, end)}z${text.slice(end)}`;
  },
  // A Service becoming headless or not.
  (text) => (text.includes('clusterIP: None') ? text.replace('clusterIP: None', 'clusterIP: 10.0.0.7')
    : text.includes('kind: Service\n') ? text.replace(/^spec:\n/m, 'spec:\n  clusterIP: None\n') : undefined),
  // A line deleted (a label, a port, a selector entry, a kustomization entry).
  (text, pick) => {
    const lines = text.split('\n');
    if (lines.length < 2) return undefined;
    lines.splice(Math.floor(pick(lines.map((_, i) => i))), 1);
    return lines.join('\n');
  },
  // A namespace changed, or one given where there was none.
  (text, pick) => (/^ {2}namespace: /m.test(text) ? text.replace(/^( {2}namespace: ).*$/m, `$1${pick(['default', 'other', 'kafka'])}`)
    : /^metadata:\n/m.test(text) ? text.replace(/^metadata:\n/m, 'metadata:\n  namespace: other\n') : undefined),
  // Replicas changed (pods that exist, per-pod names, PDBs, HPAs).
  (text, pick) => (/replicas: \d+/.test(text) ? text.replace(/replicas: \d+/, `replicas: ${pick([0, 1, 3, 5])}`) : undefined),
  // The file emptied.
  () => '',
];

/**
 * A workspace edited as the server edits it (with every file analysed: the changed file
 * and `dependents()` re-analysed after each change), beside the texts it should hold.
 */
class Session {
  readonly disk: Files;
  readonly open = new Map<string, string>();
  readonly ws: Workspace;
  readonly findings = new Map<string, Finding[]>();

  constructor(files: Files) {
    this.disk = new Map(files);
    this.ws = fresh(this.disk);
    for (const uri of this.textUris()) this.findings.set(uri, analyzeFile(this.ws, uri));
  }

  /** The YAML files (not chart helpers or packages), each analysed. */
  textUris(): string[] {
    return [...new Set([...this.disk.keys(), ...this.open.keys()])].filter((u) => !/\.(tgz|tpl)$/.test(u)).sort();
  }

  current(uri: string): string | Uint8Array | undefined {
    return this.open.get(uri) ?? this.disk.get(uri);
  }

  setOpen(uri: string, text: string): void {
    this.open.set(uri, text);
    this.reanalyse(uri, this.ws.setOpen(uri, text));
  }

  close(uri: string): void {
    this.open.delete(uri);
    this.reanalyse(uri, this.ws.close(uri));
  }

  setDisk(uri: string, text: string): void {
    this.disk.set(uri, text);
    this.reanalyse(uri, this.ws.setDisk(uri, text));
  }

  removeDisk(uri: string): void {
    this.disk.delete(uri);
    if (!this.open.has(uri)) this.findings.delete(uri);
    this.reanalyse(uri, this.ws.removeDisk(uri));
  }

  private reanalyse(uri: string, change: FileChange): void {
    const live = new Set(this.textUris());
    for (const u of [uri, ...this.ws.dependents(change)]) if (live.has(u)) this.findings.set(u, analyzeFile(this.ws, u));
  }

  /** The texts that count: open over disk. */
  effective(): Files {
    const out: Files = new Map(this.disk);
    for (const [uri, text] of this.open) out.set(uri, text);
    return out;
  }

  /** Fails when a file's findings differ from a fresh analysis of the same texts. */
  assertFresh(context: string): void {
    const final = this.effective();
    const reference = fresh(final);
    for (const u of this.textUris()) {
      const expected = analyzeFile(reference, u);
      const got = this.findings.get(u) ?? [];
      if (JSON.stringify(got) === JSON.stringify(expected)) continue;
      const texts = [...final].filter(([, t]) => typeof t === 'string').map(([k, t]) => `--- ${k}\n${t as string}`).join('\n');
      assert.deepEqual(got, expected, `${context}: ${path.relative(ROOT, decodeURIComponent(new URL(u).pathname))} differs from a fresh analysis\n${texts.length < 6000 ? texts : ''}`);
    }
  }
}

/**
 * Runs `steps` random edits on a workspace of `files`, comparing after each every file's
 * findings with a fresh analysis of the same texts. Fails with the steps that led there.
 */
function runOracle(name: string, initial: Files, seed: number, steps: number): void {
  const next = seededRandom(seed);
  const pick: Pick = (list) => list[Math.floor(next() * list.length)];
  const session = new Session(initial);
  const words = vocabulary(initial);
  const history: string[] = [];
  for (let step = 0; step < steps; step++) {
    const uris = session.textUris();
    const uri = pick(uris);
    const current = session.current(uri);
    const roll = next();
    let what: string;
    if (roll < 0.08 && session.open.has(uri)) {
      what = 'closed';
      session.close(uri);
    } else if (roll < 0.14 && session.disk.has(uri) && !session.open.has(uri)) {
      // Renamed on disk: one file goes, another comes with its text.
      const to = uri.replace(/(\.ya?ml)$/, '-moved$1');
      what = `renamed to ${path.basename(to)}`;
      const text = session.disk.get(uri) as string;
      session.removeDisk(uri);
      session.setDisk(to, text);
    } else if (roll < 0.2 && session.disk.has(uri) && !session.open.has(uri) && uris.length > 1) {
      what = 'deleted';
      session.removeDisk(uri);
    } else if (roll < 0.26 && uris.length > 1 && typeof current === 'string') {
      // A resource moving between files: this file's text goes to another open file.
      const other = pick(uris.filter((u) => u !== uri));
      what = `text moved to ${path.basename(other)}`;
      session.setOpen(other, current);
      session.setOpen(uri, '');
    } else {
      if (typeof current !== 'string') continue;
      const order = TEXT_EDITS.map((_, i) => i).sort(() => next() - 0.5);
      let text: string | undefined;
      let index = -1;
      for (const i of order) {
        text = TEXT_EDITS[i](current, pick, words);
        if (text !== undefined && text !== current) { index = i; break; }
      }
      if (text === undefined || index < 0) continue;
      what = `edit ${index}`;
      session.setOpen(uri, text);
    }
    history.push(`${path.basename(uri)} ${what}`);
    session.assertFresh(`${name} seed ${seed}, step ${step + 1} (${history.join('; ')})`);
  }
}

const RULE_FIXTURES = path.join(FIXTURES, 'rules');
const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus');

describe('findings after random edits of real workspaces are those of a fresh analysis', () => {
  for (const id of fs.readdirSync(RULE_FIXTURES).sort()) {
    it(`rule fixtures: ${id}`, () => {
      for (const seed of [1, 2]) runOracle(id, readFolder(path.join(RULE_FIXTURES, id)), seed, 25);
    });
  }
  for (const dir of ['kustomize-oracle', 'selection', 'rename']) {
    it(`fixtures: ${dir}`, () => runOracle(dir, readFolder(path.join(FIXTURES, dir)), 7, 25));
  }
  const corpus = fs.existsSync(CORPUS) ? fs.readdirSync(CORPUS).filter((d) => fs.statSync(path.join(CORPUS, d)).isDirectory()).sort() : [];
  for (const project of corpus.slice(0, 8)) {
    it(`corpus: ${project}`, () => runOracle(project, readFolder(path.join(CORPUS, project)), 3, 12));
  }
});

/** A StatefulSet `web` with its headless Service `nginx` (pods `app: web`), as one file's text each. */
const STS = (opts: { name?: string; service?: string; replicas?: number; label?: string; ns?: string } = {}) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${opts.name ?? 'web'}${opts.ns ? `\n  namespace: ${opts.ns}` : ''}
spec:
  serviceName: ${opts.service ?? 'nginx'}
  replicas: ${opts.replicas ?? 3}
  selector:
    matchLabels:
      app: ${opts.label ?? 'web'}
  template:
    metadata:
      labels:
        app: ${opts.label ?? 'web'}
    spec:
      containers:
        - name: nginx
          image: nginx
          ports:
            - name: http
              containerPort: 80
`;
const SVC = (opts: { name?: string; headless?: boolean; selector?: string; ns?: string } = {}) => `apiVersion: v1
kind: Service
metadata:
  name: ${opts.name ?? 'nginx'}${opts.ns ? `\n  namespace: ${opts.ns}` : ''}
spec:
  ${opts.headless === false ? 'clusterIP: 10.0.0.9' : 'clusterIP: None'}
  selector:
    app: ${opts.selector ?? 'web'}
  ports:
    - name: http
      port: 80
`;
const CLIENT = (value: string, ns?: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: client${ns ? `\n  namespace: ${ns}` : ''}
data:
  peers: "${value}"
`;
const PDB = (label: string) => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 3
  selector:
    matchLabels:
      app: ${label}
`;
const HPA = (target: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: StatefulSet
    name: ${target}
  minReplicas: 1
  maxReplicas: 5
`;
const KUSTOMIZATION = (lines: string) => `resources:\n  - sts.yaml\n  - svc.yaml\n  - client.yaml\n${lines}`;

const W = 'file:///ws/';
type Op = ['open' | 'disk', string, string] | ['close' | 'remove', string];

/** Each case: a workspace, then changes, each followed by the oracle (every file's findings against a fresh analysis). */
const TARGETED: Record<string, { files: Record<string, string>; ops: Op[] }> = {
  'a Service stops being headless, then comes back': {
    files: { 'sts.yaml': STS(), 'svc.yaml': SVC(), 'client.yaml': CLIENT('web-0.nginx:80') },
    ops: [['open', 'svc.yaml', SVC({ headless: false })], ['open', 'svc.yaml', SVC()]],
  },
  'pod labels removed and restored (Service, PDB)': {
    files: { 'sts.yaml': STS(), 'svc.yaml': SVC(), 'pdb.yaml': PDB('web') },
    ops: [['open', 'sts.yaml', STS().replace(/ {8}app: web\n/, '        tier: x\n')], ['open', 'sts.yaml', STS()], ['open', 'sts.yaml', STS({ label: 'other' })]],
  },
  'the same Service in two files, one deleted': {
    files: { 'sts.yaml': STS(), 'svc.yaml': SVC(), 'svc2.yaml': SVC({ headless: false }), 'client.yaml': CLIENT('web-1.nginx') },
    ops: [['remove', 'svc.yaml'], ['disk', 'svc.yaml', SVC()], ['remove', 'svc2.yaml']],
  },
  'a Service of uncertain name, then named, then another name': {
    files: { 'sts.yaml': STS(), 'svc.yaml': SVC({ name: '"{{ .Values.name }}"' }), 'client.yaml': CLIENT('web-0.nginx') },
    ops: [['open', 'svc.yaml', SVC({ name: 'nginx' })], ['open', 'svc.yaml', SVC({ name: 'ngin' })], ['close', 'svc.yaml']],
  },
  'per-pod names in strings while replicas change': {
    files: { 'sts.yaml': STS({ replicas: 3 }), 'svc.yaml': SVC(), 'client.yaml': CLIENT('web-2.nginx.default.svc.cluster.local') },
    ops: [['open', 'sts.yaml', STS({ replicas: 2 })], ['open', 'client.yaml', CLIENT('web-1.nginx')], ['open', 'sts.yaml', STS({ replicas: 1 })], ['open', 'sts.yaml', STS({ name: 'db' })]],
  },
  'an HPA whose target is renamed': {
    files: { 'sts.yaml': STS(), 'svc.yaml': SVC(), 'hpa.yaml': HPA('web'), 'pdb.yaml': PDB('web') },
    ops: [['open', 'sts.yaml', STS({ name: 'db' })], ['open', 'hpa.yaml', HPA('db')], ['remove', 'sts.yaml']],
  },
  'a resource moving between files and namespaces': {
    files: { 'sts.yaml': STS(), 'svc.yaml': SVC(), 'client.yaml': CLIENT('nginx.other.svc') },
    ops: [['open', 'svc.yaml', ''], ['open', 'client.yaml', `${SVC()}---\n${CLIENT('nginx')}`], ['open', 'client.yaml', `${SVC({ ns: 'other' })}---\n${CLIENT('nginx.other.svc')}`], ['open', 'sts.yaml', STS({ ns: 'other' })]],
  },
  'kustomize: namespace, name prefix, labels and replicas set and unset': {
    files: { 'sts.yaml': STS(), 'svc.yaml': SVC(), 'client.yaml': CLIENT('web-2.nginx'), 'kustomization.yaml': KUSTOMIZATION('') },
    ops: [
      ['open', 'kustomization.yaml', KUSTOMIZATION('namespace: prod\n')],
      ['open', 'kustomization.yaml', KUSTOMIZATION('namePrefix: dev-\n')],
      ['open', 'kustomization.yaml', KUSTOMIZATION('commonLabels:\n  team: a\n')],
      ['open', 'kustomization.yaml', KUSTOMIZATION('replicas:\n  - name: web\n    count: 1\n')],
      ['close', 'kustomization.yaml'],
      ['remove', 'kustomization.yaml'],
    ],
  },
  'kustomize: a transformer configuration names another patch file': {
    files: {
      'base/kustomization.yaml': 'resources:\n  - sts.yaml\n',
      'base/sts.yaml': `${SVC()}---\n${STS()}`,
      'overlay/kustomization.yaml': 'resources:\n  - ../base\n  - client.yaml\ntransformers:\n  - pt.yaml\n',
      'overlay/client.yaml': CLIENT('web-4.nginx'),
      'overlay/p.yaml': 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  replicas: 5\n',
      'overlay/pt.yaml': 'apiVersion: builtin\nkind: PatchStrategicMergeTransformer\nmetadata:\n  name: p\npaths:\n  - p.yaml\n',
    },
    ops: [
      ['open', 'overlay/pt.yaml', 'apiVersion: builtin\nkind: PatchStrategicMergeTransformer\nmetadata:\n  name: p\npaths:\n  - p.yamlz\n'],
      ['open', 'overlay/pt.yaml', 'apiVersion: builtin\nkind: PatchStrategicMergeTransformer\nmetadata:\n  name: p\npaths:\n  - p.yaml\n'],
    ],
  },
  'a Helm chart whose values rename its Service, or whose output a lookup decides': {
    files: {
      'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
      'chart/values.yaml': 'service: nginx\nreplicas: 3\n',
      'chart/templates/sts.yaml': STS({ service: 'nginx' }).replace('replicas: 3', 'replicas: {{ .Values.replicas }}'),
      'chart/templates/svc.yaml': SVC({ name: '{{ .Values.service }}' }),
      'client.yaml': CLIENT('web-2.nginx'),
      'sts2.yaml': STS({ name: 'db', service: 'nginx', label: 'db' }),
    },
    ops: [
      ['open', 'chart/values.yaml', 'service: nginx2\nreplicas: 3\n'],
      ['open', 'chart/values.yaml', 'service: nginx\nreplicas: 2\n'],
      ['open', 'chart/templates/svc.yaml', `{{- if lookup "v1" "Secret" "default" "x" }}\n${SVC({ name: '{{ .Values.service }}' })}{{- end }}\n`],
      ['open', 'chart/values.yaml', 'service: other\nreplicas: 2\n'],
      ['close', 'chart/templates/svc.yaml'],
      ['remove', 'chart/Chart.yaml'],
    ],
  },
  'a chart helper decides whether the only pod template of the namespace is rendered': {
    files: {
      'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
      'chart/values.yaml': 'replicas: 3\n',
      'chart/templates/_helpers.tpl': '{{- define "web.enabled" -}}yes{{- end }}\n',
      'chart/templates/sts.yaml': `{{- if eq (include "web.enabled" .) "yes" }}\n${STS()}{{- end }}\n`,
      'svc.yaml': SVC({ name: 'other', selector: 'other' }),
    },
    ops: [
      ['open', 'chart/templates/_helpers.tpl', '{{- define "web.enabled" -}}no{{- end }}\n'],
      ['open', 'chart/templates/_helpers.tpl', '{{- define "web.enabled" -}}yes{{- end }}\n'],
    ],
  },
  'files on disk only (scanned stand-ins) changed by the file watcher': {
    files: { 'sts.yaml': STS(), 'svc.yaml': SVC(), 'client.yaml': CLIENT('web-0.nginx'), 'list.yaml': 'kind: List\nitems: []\n' },
    ops: [
      ['disk', 'svc.yaml', SVC({ name: 'nginx2' })],
      ['disk', 'list.yaml', `kind: List\nitems:\n  - ${SVC().trimEnd().replace(/\n/g, '\n    ')}\n`],
      ['disk', 'sts.yaml', STS({ service: 'nginx2' })],
      ['remove', 'list.yaml'],
    ],
  },
};

describe('findings after targeted edits are those of a fresh analysis', () => {
  for (const [name, { files, ops }] of Object.entries(TARGETED)) {
    it(name, () => {
      const session = new Session(new Map(Object.entries(files).map(([f, t]) => [W + f, t])));
      session.assertFresh(`${name}, before any edit`);
      ops.forEach((op, i) => {
        if (op[0] === 'open') session.setOpen(W + op[1], op[2]);
        else if (op[0] === 'disk') session.setDisk(W + op[1], op[2]);
        else if (op[0] === 'close') session.close(W + op[1]);
        else session.removeDisk(W + op[1]);
        session.assertFresh(`${name}, after step ${i + 1} (${op[0]} ${op[1]})`);
      });
    });
  }
});
