/**
 * The objects Helm puts beside `.Values` (helm pkg/engine/files.go, pkg/chart/common
 * capabilities.go, pkg/chart/common/util/values.go ToRenderValues): `.Files` with Get, Glob,
 * AsConfig, AsSecrets, Lines; `.Capabilities` with KubeVersion and APIVersions.Has;
 * `.Release`.
 */
import type { HelmReleaseOptions } from '../contract';
import { base64Encode } from '../functions/sprigEncoding';
import { toYaml } from '../functions/yamlEmit';
import { utf8 } from '../template/fmt';
import { GoObject, type GoMap, type GoValue } from '../template/values';
import { unknownOf } from '../unknown';

/** gobwas/glob with '/' as separator: `*` and `?` stay within a path segment, `**` does not. */
export function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        re += '.*';
        i++;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        const body = pattern.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = close;
      }
    } else if (c === '{') {
      const close = pattern.indexOf('}', i + 1);
      if (close < 0) re += '\\{';
      else {
        re += `(?:${pattern.slice(i + 1, close).split(',').map((alt) => alt.replace(/[.+^$()|\\]/g, '\\$&').replace(/\*/g, '[^/]*')).join('|')})`;
        i = close;
      }
    } else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** Helm's Files (a map of path to bytes with methods). Ranging over it gives each path with
 * its bytes; the bytes are unknown here ([]byte prints as numbers, not as text). */
export function filesObject(files: Map<string, string>): GoObject {
  const sorted = (): string[] => [...files.keys()].sort();
  return new GoObject('engine.files', {}, {
    Get: ([name]) => files.get(String(name)) ?? '',
    GetBytes: ([name]) => files.get(String(name)) ?? '',
    Glob: ([pattern]) => {
      const re = globToRegExp(String(pattern));
      return filesObject(new Map([...files].filter(([k]) => re.test(k))));
    },
    AsConfig: () => {
      const m: GoMap = {};
      for (const k of sorted()) m[baseName(k)] = files.get(k) ?? '';
      return Object.keys(m).length ? toYaml(m).replace(/\n$/, '') : '';
    },
    AsSecrets: () => {
      const m: GoMap = {};
      for (const k of sorted()) m[baseName(k)] = base64Encode(utf8(files.get(k) ?? ''));
      return Object.keys(m).length ? toYaml(m).replace(/\n$/, '') : '';
    },
    Lines: ([name]) => {
      let s = files.get(String(name)) ?? '';
      if (s === '') return [];
      if (s.endsWith('\n')) s = s.slice(0, -1);
      return s.split('\n');
    },
  }, 'map[…]', () => sorted().map((k): [string, GoValue] => [k, unknownOf('file bytes', [k])]));
}

/**
 * API versions that both `helm template` and every cluster of the supported range have, so
 * `Has` is true either way. Anything else is unknown: helm template's default version set
 * is client-go's scheme (plus apiextensions; helm's capabilities.go allKnownVersions:
 * `scheme.Scheme.PrioritizedVersionsAllGroups()`), which lacks `apiregistration.k8s.io/v1` and every `group/version/Kind`
 * form, while a cluster serves those (helm v4 answers false to them, a release installed
 * answers true: prometheus-adapter's APIService takes its apiVersion from this). CRDs alike.
 */
const BUILT_IN_API_VERSIONS = new Set([
  'v1', 'apps/v1', 'batch/v1', 'autoscaling/v1', 'autoscaling/v2', 'policy/v1', 'networking.k8s.io/v1',
  'rbac.authorization.k8s.io/v1', 'storage.k8s.io/v1', 'apiextensions.k8s.io/v1', 'admissionregistration.k8s.io/v1',
  'coordination.k8s.io/v1', 'discovery.k8s.io/v1', 'events.k8s.io/v1', 'scheduling.k8s.io/v1', 'node.k8s.io/v1',
  'certificates.k8s.io/v1', 'authentication.k8s.io/v1', 'authorization.k8s.io/v1', 'flowcontrol.apiserver.k8s.io/v1',
]);

export function capabilitiesObject(kubeVersion: string): GoObject {
  const m = /^v?(\d+)\.(\d+)/.exec(kubeVersion);
  const version = kubeVersion.startsWith('v') ? kubeVersion : `v${kubeVersion}`;
  const kube = new GoObject('common.KubeVersion', { Version: version, Major: m?.[1] ?? '', Minor: m?.[2] ?? '' }, {
    GitVersion: () => version,
    String: () => version,
  }, version);
  const apiVersions = new GoObject('common.VersionSet', {}, {
    Has: ([v]) => (BUILT_IN_API_VERSIONS.has(String(v)) ? true : unknownOf('.Capabilities.APIVersions.Has', [v])),
  }, 'VersionSet');
  return new GoObject('common.Capabilities', {
    KubeVersion: kube,
    APIVersions: apiVersions,
    HelmVersion: unknownOf('.Capabilities.HelmVersion', []),
  });
}

export function releaseMap(options: HelmReleaseOptions): GoMap {
  return {
    Name: options.releaseName,
    Namespace: options.namespace,
    IsUpgrade: false,
    IsInstall: true,
    Revision: 1n,
    Service: 'Helm',
  } satisfies Record<string, GoValue>;
}
