// @monokle/validation (Kubeshop's Kubernetes validation library) on the bench's generated
// text, each size in a fresh Node process, as its CLI runs it: the text split into
// resources (one per YAML document, with the `yaml` it depends on), then validate().
//
// Offline by its configuration: its Kubernetes schema plugin downloads the schemas at
// run time, and its OPA plugin a WebAssembly policy, so both are off; the other core
// plugins run: yaml-syntax, resource-links, pod-security-standards, practices, metadata.
//
// As a child (`node scripts/bench-peers-monokle.mjs --child <entry> <yaml> <apps>`):
// prints one JSON line { splitMs, validateMs, validateCpuMs, findings, resources }.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { largeFile } from './bench-inputs.mjs';

const SELF = fileURLToPath(import.meta.url);
const PLUGINS = { 'kubernetes-schema': false, 'open-policy-agent': false, 'yaml-syntax': true, 'resource-links': true, 'pod-security-standards': true, practices: true, metadata: true };

/** Monokle's Resource for each document of `text` that has a kind (what its CLI hands validate()). */
function resourcesOf(text, parseAllDocuments) {
  const resources = [];
  let line = 0;
  let lineAt = 0;
  for (const [i, doc] of parseAllDocuments(text).entries()) {
    const content = doc.toJS();
    const [start, , end] = doc.range;
    for (; lineAt < start; lineAt++) if (text.charCodeAt(lineAt) === 10) line++;
    if (!content?.kind) continue;
    resources.push({ id: `bench-${i}`, fileId: 'bench.yaml', filePath: 'bench.yaml', fileOffset: line, name: content.metadata?.name ?? '', apiVersion: content.apiVersion ?? '', kind: content.kind, namespace: content.metadata?.namespace, content, text: text.slice(start, end) });
  }
  return resources;
}

async function child([entry, yamlEntry, apps]) {
  const { createDefaultMonokleValidator } = await import(pathToFileURL(entry).href);
  const { parseAllDocuments } = await import(pathToFileURL(yamlEntry).href);
  const text = largeFile(Number(apps));
  const validator = createDefaultMonokleValidator();
  await validator.preload({ plugins: PLUGINS });
  let t0 = performance.now();
  const resources = resourcesOf(text, parseAllDocuments);
  const splitMs = performance.now() - t0;
  t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const response = await validator.validate({ resources });
  const validateMs = performance.now() - t0;
  // CPU time of the process (all threads): its cost whatever the machine's load
  const cpu = process.cpuUsage(cpu0);
  const validateCpuMs = (cpu.user + cpu.system) / 1000;
  const findings = response.runs.reduce((n, run) => n + run.results.length, 0);
  process.stdout.write(`${JSON.stringify({ splitMs, validateMs, validateCpuMs, findings, resources: resources.length })}\n`);
}

/** One fresh-process run on `apps` applications of the generated text (`peer`: locatePeers().monokle). */
export function monokleRun(peer, apps) {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [SELF, '--child', peer.entry, peer.yaml, String(apps)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (c) => { out += c; });
    proc.stderr.on('data', (c) => { err += c; });
    proc.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1))) : reject(new Error(`monokle run failed (${code}): ${err.slice(-500)}`))));
  });
}

if (process.argv[2] === '--child') await child(process.argv.slice(3));
