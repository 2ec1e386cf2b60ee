import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { ChartFiles, HelmReleaseOptions } from '../../server/src/core/helm/index';
import { requireOracles } from './oracles';

/**
 * Test charts on disk and the real helm as an oracle: read a chart folder into `ChartFiles`,
 * run `helm template` on it, split both outputs per `# Source:` file, and compare them as
 * parsed YAML documents.
 */

/** A chart folder as ChartFiles: archives as bytes, other files as text. */
export function chartFromDisk(dir: string): ChartFiles {
  const files = new Map<string, string | Uint8Array>();
  const walk = (d: string, rel: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(full, r);
      else files.set(r, e.name.endsWith('.tgz') ? new Uint8Array(fs.readFileSync(full)) : fs.readFileSync(full, 'utf8'));
    }
  };
  walk(dir, '');
  return { paths: () => [...files.keys()], get: (p) => files.get(p) };
}

export interface Variant {
  name: string;
  valuesFiles?: string[];
  set?: string[];
  release?: string;
  namespace?: string;
  /** Templates (chart-relative paths) expected to end with a problem, with a part of its message. */
  problems?: Record<string, string>;
  /** Templates expected to hold unknowns or uncertain ranges (not compared). */
  incomplete?: string[];
  /** helm itself fails on this variant (then only the expectations above are checked). */
  helmFails?: string;
}

export function releaseOptions(dir: string, v: Variant): HelmReleaseOptions {
  return {
    releaseName: v.release ?? 'release-name',
    namespace: v.namespace ?? 'default',
    valuesFiles: (v.valuesFiles ?? []).map((f) => ({ name: f, text: fs.readFileSync(path.join(dir, f), 'utf8') })),
    set: v.set ?? [],
    kubeVersion: 'v1.33.0',
  };
}

export interface HelmOutput {
  ok: boolean;
  stderr: string;
  /** Documents by `# Source:` name, in output order. */
  sources: Map<string, string[]>;
}

export function helmTemplate(dir: string, v: Variant): HelmOutput {
  const { helm } = requireOracles();
  const args = ['template', v.release ?? 'release-name', dir, '--namespace', v.namespace ?? 'default', '--kube-version', 'v1.33.0'];
  for (const f of v.valuesFiles ?? []) args.push('-f', path.join(dir, f));
  for (const s of v.set ?? []) args.push('--set', s);
  const r = spawnSync(helm, args, { encoding: 'utf8', env: { ...process.env, HELM_CACHE_HOME: '/tmp/sm-helm-cache', HELM_CONFIG_HOME: '/tmp/sm-helm-config', HELM_DATA_HOME: '/tmp/sm-helm-data' } });
  const sources = new Map<string, string[]>();
  if (r.status === 0) {
    for (const chunk of r.stdout.split(/^---\n/m)) {
      const m = /^# Source: (.*)\n/.exec(chunk);
      if (!m) continue;
      const list = sources.get(m[1]) ?? [];
      list.push(chunk.slice(m[0].length));
      sources.set(m[1], list);
    }
  }
  return { ok: r.status === 0, stderr: r.stderr, sources };
}

/** Helm's releaseutil.SplitManifests: documents split at `---` lines, each trimmed of white space. */
export function splitManifests(text: string): string[] {
  return text.trim().split(/(?:^|\s*\n)---\s*/).filter((d) => d !== '').map((d) => d.trim());
}

/** The non-empty YAML documents of a text, split and trimmed as helm does before it prints
 * or installs them, as canonical JSON strings, sorted (helm reorders by kind). */
export function documents(texts: readonly string[]): string[] {
  const out: string[] = [];
  for (const text of texts.flatMap(splitManifests)) {
    for (const doc of parseAllDocuments(text, { version: '1.1' })) {
      if ('errors' in doc && doc.errors.length) throw new Error(`YAML error: ${doc.errors[0].message}\n${text}`);
      const js = doc.toJS();
      if (js === null || js === undefined) continue;
      out.push(JSON.stringify(js, Object.keys(flatKeys(js)).sort()));
    }
  }
  return out.sort();
}

function flatKeys(v: unknown, acc: Record<string, true> = {}): Record<string, true> {
  if (v && typeof v === 'object') {
    for (const [k, val] of Object.entries(v)) {
      acc[k] = true;
      flatKeys(val, acc);
    }
  }
  return acc;
}
