// The longest step of the core's stepped parse of one large document (issue 16, "a ping
// within 500 ms whatever one document holds"), in CPU time: a `kind: List` of StatefulSets
// in one document at 2 and 10 MB, a 10 MB document that is itself a list of StatefulSets,
// one StatefulSet with a 5 MB env list deep in it (and the modelling of that one object,
// a step of its own), the analysis of one StatefulSet with a 20 MB name and the hovers on
// it, and the end of the analysis of a file of 17,712 or 35,425 findings.
// Against the compiled core (out/, `npm run compile-tests`).
//
//   node scripts/bench-steps.mjs            every case
//   node scripts/bench-steps.mjs list-2MB   the cases whose name contains "list-2MB"
//   node scripts/bench-steps.mjs toplist    the 10 MB top-level list
//   node scripts/bench-steps.mjs env        the 5 MB env list
//
// CPU time (process.cpuUsage) rather than wall time: the machine is shared and loaded, and
// the load average is printed beside the figures.
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { parseAllDocuments, parseDocument } = require('yaml');
const parse = require(path.join(ROOT, 'out', 'server', 'src', 'core', 'parse.js'));
const core = require(path.join(ROOT, 'out', 'server', 'src', 'core', 'index.js'));
const { extractResources, extractResourcesSteps } = require(path.join(ROOT, 'out', 'server', 'src', 'core', 'extract', 'index.js'));
const { LineIndex } = require(path.join(ROOT, 'out', 'server', 'src', 'core', 'lines.js'));
const { parseDocumentSteps } = require(path.join(ROOT, 'out', 'server', 'src', 'core', 'yamlSteps.js'));
const OPTIONS = { uniqueKeys: false, strict: false, prettyErrors: false, maxAliasCount: 1000 };
const { statefulSet } = require(path.join(ROOT, 'out', 'test', 'robustness', 'manifests.js'));

const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
const cpuMs = (since) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
};

/** A `kind: List` of StatefulSets about `megabytes` long, in one document, as `kubectl get -o yaml` writes. */
function list(megabytes) {
  const item = (i) => `- apiVersion: apps/v1\n  kind: StatefulSet\n  metadata:\n    name: web-${i}\n    namespace: default\n    labels:\n      app: web-${i}\n  spec:\n    serviceName: svc-${i % 7}\n    replicas: ${i % 4}\n    selector:\n      matchLabels:\n        app: web-${i}\n    template:\n      metadata:\n        labels:\n          app: web-${i}\n      spec:\n        containers:\n        - name: c\n          image: nginx\n`;
  const items = [];
  let length = 0;
  for (let i = 0; length < megabytes * 1024 * 1024; i++) {
    items.push(item(i));
    length += items[i].length;
  }
  return { text: `apiVersion: v1\nkind: List\nitems:\n${items.join('')}`, count: items.length };
}

/** A document that is itself a list of StatefulSets about `megabytes` long (a generated file). */
function topList(megabytes) {
  const item = (i) => `- apiVersion: apps/v1\n  kind: StatefulSet\n  metadata:\n    name: web-${i}\n    labels:\n      app: web-${i}\n  spec:\n    serviceName: svc-${i % 7}\n    replicas: ${i % 4}\n    template:\n      spec:\n        containers:\n        - name: c\n          image: nginx\n`;
  const items = [];
  let length = 0;
  for (let i = 0; length < megabytes * 1024 * 1024; i++) {
    items.push(item(i));
    length += items[i].length;
  }
  return { text: items.join(''), count: items.length };
}

/** One StatefulSet whose container has an env list about `megabytes` long, at spec.template.spec.containers[0].env, a key after it. */
function envStatefulSet(megabytes) {
  const entries = [];
  let length = 0;
  for (let i = 0; length < megabytes * 1024 * 1024; i++) {
    entries.push(`        - name: VAR_${i}\n          value: "value-${i}"\n`);
    length += entries[i].length;
  }
  const text = `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: web\n  replicas: 3\n  template:\n    spec:\n      containers:\n      - name: c\n        env:\n${entries.join('')}        image: nginx\n`;
  return { text, count: entries.length };
}

/** Runs `steps` to its end, timing each step's CPU: the longest, the total and how many. */
function stepCpu(steps) {
  let longest = 0;
  let total = 0;
  let count = 0;
  for (;;) {
    const since = process.cpuUsage();
    const next = steps.next();
    const spent = cpuMs(since);
    longest = Math.max(longest, spent);
    total += spent;
    count++;
    if (next.done) return { longest, total, count, value: next.value };
  }
}

const CASES = {
  'list-2MB': () => parseList(2),
  'list-10MB': () => parseList(10),
  'toplist-10MB': () => {
    const { text, count } = topList(10);
    // No object is modelled from a document that is a list (kubectl would not apply it): the steps are the parse's.
    return `a list of ${count} StatefulSets: ${parsed(text, 0, true)}`;
  },
  'env-5MB': () => {
    const { text, count } = envStatefulSet(5);
    const result = parsed(text, 1, true);
    // The one object modelled whole (as a small document is), then in the steps of a large
    // document (its env list read ahead and its strings looked at in steps: extract/listsAhead.ts).
    const doc = parseDocument(text, OPTIONS);
    const context = () => ({ uri: 'file:///bench/env.yaml', documentIndex: 0, templated: false, anchor: { startLine: 0, lineStarts: new LineIndex(text).starts, length: text.length } });
    const since = process.cpuUsage();
    extractResources(doc, context());
    const whole = cpuMs(since);
    const steps = stepCpu(extractResourcesSteps(doc, context(), 64));
    return `${count} env entries: ${result}; modelling the one object ${whole.toFixed(0)} ms CPU whole, in steps: longest ${steps.longest.toFixed(0)} ms of ${steps.total.toFixed(0)} ms in ${steps.count} steps`;
  },
  'name-20MB': () => {
    const name = 'a'.repeat(20 * 1024 * 1024);
    const text = `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: ${name}\nspec:\n  serviceName: web\n  replicas: 3\n`;
    const ws = new core.Workspace();
    ws.setOpen('file:///bench/name.yaml', text);
    const analysis = stepCpu(core.analyzeFileSteps(ws, 'file:///bench/name.yaml'));
    // The hovers after the analysis, as in the editor: on the name (twice) and on serviceName.
    const hover = (line, character) => {
      const since = process.cpuUsage();
      core.hoverAt(ws, 'file:///bench/name.yaml', { line, character });
      return cpuMs(since).toFixed(1);
    };
    const hovers = [hover(3, 10), hover(3, 10), hover(5, 16)];
    return `analysis: longest step ${analysis.longest.toFixed(0)} ms CPU of ${analysis.total.toFixed(0)} ms in ${analysis.count} steps, longest message ${Math.max(...analysis.value.map((f) => f.message.length))} chars; hover on the name ${hovers[0]} ms CPU, again ${hovers[1]} ms, on serviceName ${hovers[2]} ms`;
  },
  'findings-5MB': () => manyFindings(5),
  'findings-10MB': () => manyFindings(10),
};

/**
 * The analysis of a file of StatefulSets whose Service is nowhere (one finding each, as
 * `npm run stress` manyFindings): its longest step, and the longest of the steps after the
 * objects are checked (what looked up is recorded, suppressions applied: the analysis's end).
 */
function manyFindings(megabytes) {
  const one = statefulSet('web-0', 'nowhere').length + 4;
  const count = Math.round((megabytes * 1024 * 1024) / one);
  const ws = new core.Workspace();
  ws.setOpen('file:///bench/findings.yaml', Array.from({ length: count }, (_, i) => statefulSet(`web-${i}`, 'nowhere')).join('---\n'));
  const times = [];
  const steps = core.analyzeFileSteps(ws, 'file:///bench/findings.yaml');
  let findings;
  for (;;) {
    const since = process.cpuUsage();
    const next = steps.next();
    times.push(cpuMs(since));
    if (next.done) {
      findings = next.value;
      break;
    }
  }
  // 100 objects a step (analyze.ts RESOURCES_PER_STEP): the steps after those end the analysis.
  const end = times.slice(Math.ceil(count / 100));
  const ending = end.length > 0 ? `${end.length} steps, longest ${Math.max(...end).toFixed(1)} ms CPU, ${end.reduce((a, b) => a + b, 0).toFixed(0)} ms in all` : 'done in the last step';
  return `${findings.length} findings: longest step ${Math.max(...times).toFixed(1)} ms CPU in ${times.length} steps, the last ${times[times.length - 1].toFixed(1)} ms; the end: ${ending}`;
}

function parseList(megabytes) {
  const { text, count } = list(megabytes);
  return `${count} StatefulSets: ${parsed(text, count)}`;
}

/**
 * The core's stepped parse of `text` (one document holding `resources` objects): its longest
 * step, its whole, and parseAllDocuments's; `yamlOnly` adds the longest step of the YAML
 * parse alone (lexing and composing, parseDocumentSteps), without modelling the objects.
 */
function parsed(text, resources, yamlOnly = false) {
  const yaml = yamlOnly ? `YAML parse alone: longest step ${stepCpu(parseDocumentSteps(text, OPTIONS)).longest.toFixed(0)} ms CPU; ` : '';
  const stepped = stepCpu(parse.parseChunkSteps('file:///bench/one.yaml', 0, text, 0, 0));
  const since = process.cpuUsage();
  parseAllDocuments(text);
  const floor = cpuMs(since);
  if (stepped.value.resources.length !== resources) throw new Error(`${stepped.value.resources.length} resources, not ${resources}`);
  return `${yaml}longest step ${stepped.longest.toFixed(0)} ms CPU, whole parse ${stepped.total.toFixed(0)} ms CPU in ${stepped.count} steps; parseAllDocuments ${floor.toFixed(0)} ms CPU`;
}

const filter = process.argv[2] ?? '';
console.log(`load average at the start: ${load()}`);
for (const [name, run] of Object.entries(CASES)) {
  if (!name.includes(filter)) continue;
  console.log(`${name}: ${run()} (load ${load()})`);
}
