import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFile, Workspace, isHelmTemplate, isKustomizationFile, joinUri, kustomizeLabelledFiles, kustomizeNamespaces, kustomizeReplicas, readKustomization, replicasFor } from '../../server/src/core';
import { kustomizeEffects, kustomizeNameAffixes, kustomizePatchEffects, kustomizePatchFiles, patchContentEffects, patchMatches, replicaBuilds } from '../../server/src/core/kustomize';
import { parseFile } from '../../server/src/core/parse';


const ROOT = 'file:///repo';

function k(dir: string, text: string) {
  const found = readKustomization(`${ROOT}/${dir}/kustomization.yaml`, text);
  assert.ok(found, `kustomization in ${dir} should be readable`);
  return found;
}

describe('joinUri', () => {
  it('applies . and .. and drops trailing slashes', () => {
    assert.equal(joinUri('file:///repo/overlays/prod', '../../base/'), 'file:///repo/base');
    assert.equal(joinUri('file:///repo/app', './sts.yaml'), 'file:///repo/app/sts.yaml');
    assert.equal(joinUri('file:///repo', '../../../x.yaml'), 'file:///x.yaml');
  });

  it('encodes path segments like VS Code URIs', () => {
    assert.equal(joinUri('file:///repo', 'my app/db@1.yaml'), 'file:///repo/my%20app/db%401.yaml');
  });
});

describe('readKustomization', () => {
  it('reads namespace and resources, bases and components, resolved against its folder', () => {
    const found = k('overlays/prod', 'namespace: prod\nresources:\n  - ../../base\n  - extra.yaml\nbases: [../old]\ncomponents: [../../comp]\n');
    assert.equal(found.namespace, 'prod');
    assert.deepEqual(found.entries, ['file:///repo/base', 'file:///repo/overlays/prod/extra.yaml', 'file:///repo/overlays/old', 'file:///repo/comp']);
  });

  it('reads patch file paths, not inline patches', () => {
    const found = k('overlay', [
      'patchesStrategicMerge:',
      '  - replicas.yaml',
      '  - |-',
      '    apiVersion: apps/v1',
      '    kind: StatefulSet',
      'patches:',
      '  - path: patches/svc.yaml',
      '    target: { kind: Service }',
      '  - patch: |-',
      '      - op: replace',
      'patchesJson6902:',
      '  - path: json.yaml',
      '',
    ].join('\n'));
    assert.deepEqual(found.patches, ['file:///repo/overlay/replicas.yaml', 'file:///repo/overlay/patches/svc.yaml', 'file:///repo/overlay/json.yaml']);
    assert.deepEqual(found.entries, []);
  });

  it('drops remote bases and unreadable entries', () => {
    const found = k('app', 'resources:\n  - https://github.com/org/repo//deploy?ref=v1\n  - github.com/org/repo/base\n  - git@github.com:org/repo.git\n  - 42\n  - "{{ .Values.x }}"\n  - ok.yaml\n');
    assert.equal(found.namespace, undefined);
    assert.deepEqual(found.entries, ['file:///repo/app/ok.yaml']);
  });

  it('returns undefined for text that is not a mapping, and never throws', () => {
    assert.equal(readKustomization(`${ROOT}/kustomization.yaml`, ''), undefined);
    assert.equal(readKustomization(`${ROOT}/kustomization.yaml`, '- a\n- b\n'), undefined);
    assert.doesNotThrow(() => readKustomization(`${ROOT}/kustomization.yaml`, 'namespace: [\n\u0000\u0001: {'));
  });

  it('recognises the file names kustomize recognises', () => {
    assert.ok(isKustomizationFile('file:///r/kustomization.yaml'));
    assert.ok(isKustomizationFile('file:///r/kustomization.yml'));
    assert.ok(isKustomizationFile('file:///r/Kustomization'));
    assert.ok(!isKustomizationFile('file:///r/kustomization.json'));
    assert.ok(!isKustomizationFile('file:///r/my-kustomization.yaml'));
  });
});

describe('kustomizeNamespaces', () => {
  it('gives listed files the namespace of their kustomization, and nothing to unlisted files', () => {
    const ns = kustomizeNamespaces([k('app', 'namespace: db\nresources: [sts.yaml, svc.yaml]\n')]);
    assert.equal(ns.get('file:///repo/app/sts.yaml'), 'db');
    assert.equal(ns.get('file:///repo/app/svc.yaml'), 'db');
    assert.equal(ns.get('file:///repo/app/other.yaml'), undefined);
  });

  it('lets the outermost namespace win over a base\'s own', () => {
    const ns = kustomizeNamespaces([
      k('base', 'namespace: base-ns\nresources: [sts.yaml, nested]\n'),
      k('base/nested', 'namespace: nested-ns\nresources: [svc.yaml]\n'),
      k('overlays/prod', 'namespace: prod\nresources: [../../base]\n'),
    ]);
    assert.equal(ns.get('file:///repo/base/sts.yaml'), 'prod');
    assert.equal(ns.get('file:///repo/base/nested/svc.yaml'), 'prod');
  });

  it('uses an inner namespace when the outer kustomization has none', () => {
    const ns = kustomizeNamespaces([
      k('base', 'namespace: base-ns\nresources: [sts.yaml]\n'),
      k('overlay', 'resources: [../base, local.yaml]\n'),
    ]);
    assert.equal(ns.get('file:///repo/base/sts.yaml'), 'base-ns');
    assert.equal(ns.get('file:///repo/overlay/local.yaml'), undefined);
  });

  it('picks the first top-level kustomization for a shared base, the same for all its files', () => {
    const ns = kustomizeNamespaces([
      k('overlays/prod', 'namespace: prod\nresources: [../../base]\n'),
      k('base', 'resources: [sts.yaml, svc.yaml]\n'),
      k('overlays/dev', 'namespace: dev\nresources: [../../base]\n'),
    ]);
    assert.equal(ns.get('file:///repo/base/sts.yaml'), 'dev');
    assert.equal(ns.get('file:///repo/base/svc.yaml'), 'dev');
  });

  it('stops on cycles', () => {
    const ns = kustomizeNamespaces([
      k('top', 'namespace: top\nresources: [../a]\n'),
      k('a', 'resources: [../b, a.yaml]\n'),
      k('b', 'resources: [../a, b.yaml]\n'),
    ]);
    assert.equal(ns.get('file:///repo/a/a.yaml'), 'top');
    assert.equal(ns.get('file:///repo/b/b.yaml'), 'top');
  });

  it('walks kustomizations that list each other in a ring, with no top-level one', () => {
    const ring = [k('a', 'namespace: ns-a\nresources: [../b, a.yaml]\nreplicas: [{ name: web, count: 5 }]\n'), k('b', 'resources: [../a, b.yaml]\n')];
    assert.equal(kustomizeNamespaces(ring).get('file:///repo/a/a.yaml'), 'ns-a');
    assert.equal(kustomizeNamespaces(ring).get('file:///repo/b/b.yaml'), 'ns-a');
    assert.deepEqual(kustomizeReplicas(ring).get('file:///repo/a/a.yaml')?.get('web'), [{ count: 5, dir: 'file:///repo/a' }]);
  });
});

describe('kustomize name prefixes and suffixes', () => {
  it('reads namePrefix and nameSuffix, and lists every combination of those above a file', () => {
    const ks = [
      k('base', 'resources: [sts.yaml]\nnamePrefix: dev-\n'),
      k('overlay', 'resources: [../base]\nnameSuffix: -v2\n'),
      k('plain', 'resources: [other.yaml]\n'),
    ];
    assert.deepEqual(ks[0]!.affixes, [{ prefix: 'dev-', suffix: '' }]);
    const affixes = kustomizeNameAffixes(ks);
    assert.deepEqual(affixes.get('file:///repo/base/sts.yaml'), [{ prefix: 'dev-', suffix: '' }, { prefix: '', suffix: '-v2' }, { prefix: 'dev-', suffix: '-v2' }]);
    assert.equal(affixes.has('file:///repo/plain/other.yaml'), false);
  });

  it('matches patch targets, strategic-merge patch names and replicas entries against the prefixed name as well', () => {
    const base = k('base', 'resources: [sts.yaml]\nnamePrefix: dev-\n');
    const sts = parseFile('file:///repo/base/sts.yaml', 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  replicas: 3\n').resources[0]!;
    const byTarget = kustomizeEffects([base, k('overlay', 'resources: [../base]\npatches:\n  - target: { kind: StatefulSet, name: dev-web }\n    patch: "- { op: replace, path: /spec/replicas, value: 1 }"\n')], () => undefined);
    assert.deepEqual(replicaBuilds(byTarget, sts), [{ count: undefined, dir: 'file:///repo/overlay' }]);
    const otherName = kustomizeEffects([base, k('overlay', 'resources: [../base]\npatches:\n  - target: { kind: StatefulSet, name: prod-web }\n    patch: "- { op: replace, path: /spec/replicas, value: 1 }"\n')], () => undefined);
    assert.equal(replicaBuilds(otherName, sts), undefined, 'a name no prefix gives does not match');
    const patch = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: dev-web\nspec:\n  replicas: 1\n';
    const byFile = kustomizeEffects([base, k('overlay', 'resources: [../base]\npatches: [{ path: p.yaml }]\n')], () => patch);
    assert.deepEqual(replicaBuilds(byFile, sts), [{ count: undefined, dir: 'file:///repo/overlay' }]);
    const byEntry = kustomizeEffects([base, k('overlay', 'resources: [../base]\nreplicas: [{ name: dev-web, count: 5 }]\n')], () => undefined);
    assert.deepEqual(replicaBuilds(byEntry, sts), [{ count: 5, dir: 'file:///repo/overlay' }]);
    // Within one kustomization the replicas transformer runs after its own prefix (kusttarget.go).
    const ownPrefix = kustomizeEffects([k('base', 'resources: [sts.yaml]\nnamePrefix: dev-\nreplicas: [{ name: dev-web, count: 4 }]\n')], () => undefined);
    assert.deepEqual(replicaBuilds(ownPrefix, sts), [{ count: 4, dir: 'file:///repo/base' }]);
  });
});

describe('isHelmTemplate', () => {
  const files = new Set(['file:///repo/charts/db/Chart.yaml']);
  const has = (uri: string) => files.has(uri);
  it('is true under templates/ of a chart folder, at any depth', () => {
    assert.ok(isHelmTemplate('file:///repo/charts/db/templates/sts.yaml', has));
    assert.ok(isHelmTemplate('file:///repo/charts/db/templates/sub/svc.yaml', has));
  });
  it('is false elsewhere: outside templates/, or a templates/ folder with no Chart.yaml above', () => {
    assert.ok(!isHelmTemplate('file:///repo/charts/db/values.yaml', has));
    assert.ok(!isHelmTemplate('file:///repo/other/templates/sts.yaml', has));
  });
});

describe('kustomize replicas', () => {
  it('reads replicas entries; a count it cannot read is kept as unknown, an entry without a name is dropped', () => {
    const found = k('app', 'replicas:\n  - name: web\n    count: 5\n  - name: db\n    count: "{{ .Values.n }}"\n  - count: 2\n  - name: cache\n    count: -1\n');
    assert.deepEqual(found.replicas, [{ name: 'web', count: 5 }, { name: 'db', count: undefined }, { name: 'cache', count: undefined }]);
    assert.deepEqual(k('app', 'resources: [a.yaml]\n').replicas, []);
  });

  it('gives each file the count of the outermost kustomization that sets one', () => {
    const counts = kustomizeReplicas([
      k('base', 'resources: [sts.yaml]\nreplicas: [{ name: web, count: 2 }, { name: db, count: 1 }]\n'),
      k('overlay', 'resources: [../base]\nreplicas: [{ name: web, count: 5 }]\n'),
    ]);
    const file = counts.get('file:///repo/base/sts.yaml');
    assert.deepEqual(file?.get('web'), [{ count: 5, dir: 'file:///repo/overlay' }]);
    assert.deepEqual(file?.get('db'), [{ count: 1, dir: 'file:///repo/base' }]);
  });

  it('lists one entry per top-level kustomization building a shared base, undefined where it keeps the count written', () => {
    const counts = kustomizeReplicas([
      k('base', 'resources: [sts.yaml]\n'),
      k('overlays/prod', 'resources: [../../base]\n'),
      k('overlays/dev', 'resources: [../../base]\nreplicas: [{ name: web, count: 1 }]\n'),
    ]);
    assert.deepEqual(counts.get('file:///repo/base/sts.yaml')?.get('web'), [{ count: 1, dir: 'file:///repo/overlays/dev' }, undefined]);
    assert.equal(kustomizeReplicas([k('base', 'resources: [sts.yaml]\n')]).size, 0, 'no override, no entry');
  });
});

describe('kustomize labels', () => {
  it('counts commonLabels and labels: entries that reach selectors or templates, not metadata-only labels', () => {
    const labels = (text: string) => k('app', text).podLabels;
    assert.equal(labels('commonLabels:\n  app: web\n'), true);
    assert.equal(labels('commonLabels: {}\n'), false);
    assert.equal(labels('labels:\n  - pairs: { team: a }\n'), false, 'metadata.labels only');
    assert.equal(labels('labels:\n  - pairs: { team: a }\n    includeSelectors: false\n    includeTemplates: false\n'), false);
    assert.equal(labels('labels:\n  - pairs: { app: web }\n    includeSelectors: true\n'), true);
    assert.equal(labels('labels:\n  - pairs: { team: a }\n  - pairs: { app: web }\n    includeTemplates: true\n'), true);
    assert.equal(labels('labels:\n  - pairs: { app: web }\n    fields: [{ path: spec/selector, kind: Service }]\n'), true);
    assert.equal(labels('labels:\n  - pairs: {}\n    includeSelectors: true\n'), false, 'nothing to add');
    assert.equal(labels('labels: "{{ .Values.labels }}"\n'), true, 'unreadable counts as a change');
    assert.equal(labels('resources: [a.yaml]\n'), false);
    assert.equal(labels('transformers: [label-transformer.yaml]\n'), true, 'a transformer may add labels');
  });

  it("applies a component's labels to the files of the kustomization that lists it", () => {
    const files = kustomizeLabelledFiles([
      k('overlay', 'resources: [sts.yaml]\ncomponents: [../labels]\n'),
      k('labels', 'kind: Component\ncommonLabels: { app: web }\n'),
    ]);
    assert.deepEqual([...files], ['file:///repo/overlay/sts.yaml']);
  });

  it('marks the files of every build that adds labels at any level, through nested folders', () => {
    const files = kustomizeLabelledFiles([
      k('base', 'resources: [sts.yaml]\n'),
      k('overlays/dev', 'resources: [../../base, dev.yaml]\ncommonLabels: { env: dev }\n'),
      k('overlays/prod', 'resources: [../../base, prod.yaml]\n'),
      k('other', 'resources: [other.yaml]\n'),
    ]);
    assert.deepEqual([...files].sort(), ['file:///repo/base/sts.yaml', 'file:///repo/overlays/dev/dev.yaml']);
    const inner = kustomizeLabelledFiles([k('base', 'resources: [sts.yaml]\ncommonLabels: { app: web }\n'), k('overlay', 'resources: [../base, extra.yaml]\n')]);
    assert.deepEqual([...inner], ['file:///repo/base/sts.yaml'], "an inner kustomization's labels reach only what it lists");
  });
});

describe('kustomize walks over shared folders', () => {
  /**
   * `levels` levels of "diamonds": the top kustomization lists k0a and k0b, each kNx lists
   * k(N+1)a and k(N+1)b, the last level lists ../sts.yaml. Every kNx sets `replicas:` and
   * `namespace:` (with `perLevelName`, also a count for a name of its own level, 1 on the a
   * side and 2 on the b side), the last
   * level adds labels: 2^levels paths reach sts.yaml.
   */
  function diamond(levels: number, perLevelName: boolean) {
    const ks = [k('dia', 'resources: [k0a, k0b]\n')];
    for (let level = 0; level < levels; level++) {
      for (const side of ['a', 'b']) {
        const last = level === levels - 1;
        const entries = last ? '[../sts.yaml]' : `[../k${level + 1}a, ../k${level + 1}b]`;
        const count = level === 0 ? (side === 'a' ? 1 : 2) : level + 10;
        ks.push(k(`dia/k${level}${side}`, `resources: ${entries}\nnamespace: ns${level}${side}\nreplicas: [{ name: web, count: ${count} }${perLevelName ? `, { name: w${level}, count: ${side === 'a' ? 1 : 2} }` : ''}]\n${last ? 'commonLabels: { app: web }\n' : ''}`));
      }
    }
    return ks;
  }

  it('builds a 22-level diamond of kustomizations (4 million paths) with the results of its two top branches', () => {
    const ks = diamond(22, false);
    const sts = 'file:///repo/dia/sts.yaml';
    assert.equal(kustomizeNamespaces(ks).get(sts), 'ns0a', 'the first branch in URI order');
    assert.deepEqual(kustomizeLabelledFiles(ks).has(sts), true);
    const web = kustomizeReplicas(ks).get(sts)?.get('web');
    // The outermost setter wins: k0a (1) or k0b (2), whatever the 2^21 paths below them.
    assert.deepEqual(new Set(web?.map((b) => JSON.stringify(b))), new Set([
      JSON.stringify({ count: 1, dir: 'file:///repo/dia/k0a' }),
      JSON.stringify({ count: 2, dir: 'file:///repo/dia/k0b' }),
    ]));
  });

  it('gives up on replica counts, not on the walk, when the builds of a diamond all differ', () => {
    // Each build sets w0…w21 from its own mix of a and b folders: 2^22 different builds.
    const ks = diamond(22, true);
    const counts = kustomizeReplicas(ks).get('file:///repo/dia/sts.yaml');
    const web = counts?.get('web');
    assert.ok(web?.some((b) => b?.count === undefined), 'some build stands for the ones not told apart: count unknown');
    assert.ok(web?.some((b) => b?.count === 1), 'the builds told apart keep their count');
    assert.deepEqual(replicasFor(counts, 'not-named-anywhere')?.some((b) => b?.count === undefined), true);
    assert.equal(kustomizeNamespaces(ks).get('file:///repo/dia/sts.yaml'), 'ns0a');
  });
});

describe('kustomize patches over shared folders', () => {
  it('collects the patches of a 22-level diamond, each folder patching its own StatefulSet, exactly', () => {
    const ks = [k('dia', 'resources: [k0a, k0b]\n')];
    const files = new Map<string, string>();
    for (let level = 0; level < 22; level++) {
      for (const side of ['a', 'b']) {
        const entries = level === 21 ? '[../sts.yaml]' : `[../k${level + 1}a, ../k${level + 1}b]`;
        ks.push(k(`dia/k${level}${side}`, `resources: ${entries}\npatches: [{ path: p.yaml }]\n`));
        const uri = `file:///repo/dia/k${level}${side}/p.yaml`;
        files.set(uri, `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: w${level}${side}\nspec:\n  replicas: 2\n`);
      }
    }
    const effects = kustomizePatchEffects(ks, (uri) => files.get(uri)).get('file:///repo/dia/sts.yaml');
    assert.equal(effects?.length, 44, 'one effect per patch above the file, none widened to "anything"');
    assert.ok(effects?.every((e) => e.name !== undefined && /^w\d+[ab]$/.test(e.name)));
  });
});

describe('kustomize components', () => {
  it("applies a component's replicas and namespace to the files of the kustomization that lists it; the kustomization's own win", () => {
    const ks = [
      k('overlay', 'resources: [../base]\ncomponents: [../comp, ../comp2]\nreplicas: [{ name: db, count: 1 }]\n'),
      k('base', 'resources: [sts.yaml]\n'),
      k('comp', 'kind: Component\nnamespace: from-comp\nreplicas: [{ name: web, count: 5 }, { name: db, count: 9 }, { name: cache, count: 2 }]\n'),
      k('comp2', 'kind: Component\nreplicas: [{ name: cache, count: 3 }]\n'),
    ];
    const counts = kustomizeReplicas(ks).get('file:///repo/base/sts.yaml');
    assert.deepEqual(counts?.get('web'), [{ count: 5, dir: 'file:///repo/comp' }]);
    assert.deepEqual(counts?.get('db'), [{ count: 1, dir: 'file:///repo/overlay' }], 'the kustomization runs its own transformers last');
    assert.deepEqual(counts?.get('cache'), [{ count: 3, dir: 'file:///repo/comp2' }], 'a later component runs after an earlier one');
    assert.equal(kustomizeNamespaces(ks).get('file:///repo/base/sts.yaml'), 'from-comp');
    const own = kustomizeNamespaces([k('overlay', 'namespace: own\nresources: [sts.yaml]\ncomponents: [../comp]\n'), k('comp', 'kind: Component\nnamespace: from-comp\n')]);
    assert.equal(own.get('file:///repo/overlay/sts.yaml'), 'own');
  });

  it('stops on components that list each other', () => {
    const ks = [k('overlay', 'resources: [sts.yaml]\ncomponents: [../a]\n'), k('a', 'kind: Component\ncomponents: [../b]\n'), k('b', 'kind: Component\ncomponents: [../a]\nreplicas: [{ name: web, count: 4 }]\n')];
    assert.deepEqual(kustomizeReplicas(ks).get('file:///repo/overlay/sts.yaml')?.get('web'), [{ count: 4, dir: 'file:///repo/b' }]);
  });
});

describe('kustomize patches', () => {
  const sts = (name: string, spec: string) => `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: ${name}\n${spec}`;

  it('reads each patch: its file or inline text, and its target', () => {
    const found = k('overlay', [
      'patchesStrategicMerge:',
      '  - smp.yaml',
      '  - |-',
      '    kind: StatefulSet',
      'patches:',
      '  - path: by-content.yaml',
      '  - path: on-target.yaml',
      '    target: { kind: StatefulSet, name: "web-.*" }',
      '  - patch: |-',
      '      - op: replace',
      '  - target: { kind: "{{ .Values.kind }}", name: db }',
      '    patch: "[]"',
      'patchesJson6902:',
      '  - target: { version: v1, kind: Service, name: web }',
      '    path: json.yaml',
      '',
    ].join('\n'));
    assert.deepEqual(found.patchEdits, [
      { file: 'file:///repo/overlay/smp.yaml' },
      { text: 'kind: StatefulSet' },
      { file: 'file:///repo/overlay/by-content.yaml' },
      { file: 'file:///repo/overlay/on-target.yaml', target: { kind: 'StatefulSet', name: 'web-.*' } },
      { text: '- op: replace' },
      { text: '[]', target: { kind: undefined, name: 'db' } },
      { file: 'file:///repo/overlay/json.yaml', target: { kind: 'Service', name: 'web' } },
    ]);
  });

  it('tells from a strategic-merge patch which objects get other replicas, labels, or anything else the rules read', () => {
    const dir = 'file:///repo/overlay';
    const effects = (text: string | undefined) => patchContentEffects(text, undefined, dir);
    const of = (name: string, kind: string, what: { replicas?: boolean; labels?: boolean; podSpec?: boolean; whole?: boolean }) => [{
      kind, name, replicas: !!what.replicas || !!what.whole, labels: !!what.labels || !!what.whole, podSpec: !!what.podSpec || !!what.whole, whole: !!what.whole, dir,
    }];
    assert.deepEqual(effects(sts('web', 'spec:\n  replicas: 5\n')), of('web', 'StatefulSet', { replicas: true }));
    assert.deepEqual(effects(sts('db', 'spec:\n  template:\n    metadata:\n      labels: { tier: db }\n')), of('db', 'StatefulSet', { labels: true }));
    assert.deepEqual(effects(sts('web', 'spec:\n  serviceName: nginx\n')), of('web', 'StatefulSet', { podSpec: true, whole: true }));
    assert.deepEqual(effects('apiVersion: v1\nkind: Service\nmetadata: { name: nginx }\nspec:\n  clusterIP: None\n'), of('nginx', 'Service', { podSpec: true, whole: true }));
    assert.deepEqual(effects(sts('web', 'spec:\n  template:\n    spec:\n      containers:\n        - name: app\n          ports: [{ containerPort: 80 }]\n')), of('web', 'StatefulSet', { podSpec: true, whole: true }));
    assert.deepEqual(effects(sts('web', '$patch: delete\n')), of('web', 'StatefulSet', { podSpec: true, whole: true }), '$patch: delete');
    assert.deepEqual(effects(sts('web', 'spec:\n  template:\n    spec:\n      volumes:\n        - name: x\n          $patch: replace\n')), of('web', 'StatefulSet', { podSpec: true, whole: true }), 'a directive anywhere');
    assert.deepEqual(effects(sts('web', 'spec: null\n')), of('web', 'StatefulSet', { podSpec: true, whole: true }), 'deleting a field above read fields');
    assert.deepEqual(effects('kind: Pod\nmetadata: { name: p, labels: { a: b } }\n'), of('p', 'Pod', { labels: true }), "a bare Pod's labels are its pod labels");
    assert.deepEqual(effects('kind: ConfigMap\nmetadata: { name: clients }\ndata: { last: web-1.nginx }\n'), of('clients', 'ConfigMap', { podSpec: true, whole: true }), 'values whose DNS names are checked');
    const harmless = [
      sts('cache', '  annotations: { a: b }\n  labels: { team: x }\n'),
      sts('web', 'spec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: app:2\n          resources: { limits: { cpu: 1 } }\n      nodeSelector: { disk: ssd }\n'),
    ].join('---\n');
    assert.deepEqual(effects(harmless), [], 'images, resources, annotations, node selectors touch nothing the rules read');
    assert.deepEqual(effects(sts('web', 'spec:\n  template:\n    spec:\n      affinity: {}\n')), of('web', 'StatefulSet', { podSpec: true }), 'affinity');
    const unknown = [{ replicas: true, labels: true, podSpec: true, whole: true, dir }];
    assert.deepEqual(effects(undefined), unknown, 'a patch file not in the workspace may do anything');
    assert.deepEqual(effects(''), unknown, 'nor an empty one');
    assert.deepEqual(effects('kind: StatefulSet\nspec:\n  replicas: 2\n'), [{ kind: 'StatefulSet', name: undefined, ...unknown[0] }], 'nor one without a name');
    assert.deepEqual(effects(sts('web', 'spec:\n  replicas: {{ .n }}\n')), unknown, 'nor a template');
    assert.deepEqual(effects('kind: [\n'), unknown, 'nor broken YAML');
  });

  it('reads the paths of JSON 6902 ops, on what the target matches', () => {
    const dir = 'file:///repo/overlay';
    const target = { kind: 'StatefulSet', name: 'web' };
    const op = (...ops: string[]) => patchContentEffects(ops.map((o) => `- ${o}\n`).join(''), target, dir);
    const whole = [{ ...target, replicas: true, labels: true, podSpec: true, whole: true, dir }];
    assert.deepEqual(op('{ op: replace, path: /spec/serviceName, value: nginx }'), whole);
    assert.deepEqual(op('{ op: replace, path: /spec/replicas, value: 5 }'), [{ ...target, replicas: true, labels: false, podSpec: false, whole: false, dir }]);
    assert.deepEqual(op('{ op: add, path: /spec/template/metadata/labels/tier, value: db }'), [{ ...target, replicas: false, labels: true, podSpec: false, whole: false, dir }]);
    assert.deepEqual(op('{ op: replace, path: /metadata/name, value: db }'), whole, 'a rename');
    assert.deepEqual(op('{ op: add, path: /spec/template/spec/containers/-, value: {} }'), whole, 'a new container');
    assert.deepEqual(op('{ op: add, path: /spec/template/spec/containers/0/ports/-, value: {} }'), whole);
    assert.deepEqual(op('{ op: remove, path: /spec/template }'), whole, 'a field above read fields');
    assert.deepEqual(op('{ op: move, from: /spec/serviceName, path: /metadata/annotations/old }'), whole, 'a move removes its source');
    assert.deepEqual(op('{ op: replace }'), whole, 'an op without a path');
    assert.deepEqual(op(
      '{ op: replace, path: /spec/template/spec/containers/0/image, value: app:2 }',
      '{ op: add, path: /metadata/annotations/a~1b, value: x }',
      '{ op: test, path: /spec/serviceName, value: nginx }',
    ), [], 'an image, an annotation and a test touch nothing the rules read');
    assert.deepEqual(patchContentEffects(sts('other', 'spec:\n  serviceName: x\n'), target, dir), whole, 'a strategic-merge patch with a target patches what the target matches');
  });

  it('patches every object of a build with transformers: or replacements:, whose files are not resources', () => {
    const ks = [
      k('base', 'resources: [sts.yaml]\n'),
      k('scaled', 'resources: [../base]\ntransformers: [scale.yaml, pt.yaml]\n'),
      k('replaced', 'resources: [../base, cm.yaml]\nreplacements: [{ path: r.yaml }]\n'),
      k('plain', 'resources: [other.yaml]\ntransformers: []\n'),
    ];
    const effects = kustomizePatchEffects(ks, () => undefined);
    const everything = (dir: string) => ({ replicas: true, labels: true, podSpec: true, whole: true, dir: `file:///repo/${dir}` });
    assert.deepEqual(effects.get('file:///repo/base/sts.yaml'), [everything('scaled'), everything('replaced')]);
    assert.deepEqual(effects.get('file:///repo/replaced/cm.yaml'), [everything('replaced')]);
    assert.equal(effects.has('file:///repo/plain/other.yaml'), false, 'an empty transformers: list does nothing');
    const texts = new Map([['file:///repo/scaled/pt.yaml', 'apiVersion: builtin\nkind: PatchStrategicMergeTransformer\nmetadata: { name: p }\npaths: [patches/p.yaml]\n']]);
    assert.deepEqual([...kustomizePatchFiles(ks, (uri) => texts.get(uri))].sort(), [
      'file:///repo/scaled/patches/p.yaml', 'file:///repo/scaled/pt.yaml', 'file:///repo/scaled/scale.yaml',
    ]);
  });

  it('matches targets as anchored regular expressions, and anything it cannot compile', () => {
    assert.equal(patchMatches({ kind: 'StatefulSet', name: 'web-.*' }, 'StatefulSet', 'web-1'), true);
    assert.equal(patchMatches({ kind: 'StatefulSet', name: 'web' }, 'StatefulSet', 'web-1'), false);
    assert.equal(patchMatches({ kind: 'Service' }, 'StatefulSet', 'web'), false);
    assert.equal(patchMatches({}, 'StatefulSet', 'web'), true);
    assert.equal(patchMatches({ name: '(?P<x>web)' }, 'StatefulSet', 'db'), true, 'RE2 syntax JavaScript does not read');
  });

  it('gives the files of every build through a patching kustomization its effects, at any level', () => {
    const ks = [
      k('base', 'resources: [sts.yaml]\n'),
      k('overlay', 'resources: [../base, extra.yaml]\npatches: [{ path: scale.yaml }]\n'),
      k('top', 'resources: [../overlay]\npatchesJson6902: [{ target: { kind: Service }, path: svc.json }]\n'),
      k('other', 'resources: [other.yaml]\n'),
    ];
    const files = new Map([['file:///repo/overlay/scale.yaml', sts('web', 'spec:\n  replicas: 5\n')]]);
    const effects = kustomizePatchEffects(ks, (uri) => files.get(uri));
    const web = { kind: 'StatefulSet', name: 'web', replicas: true, labels: false, podSpec: false, whole: false, dir: 'file:///repo/overlay' };
    const svc = { kind: 'Service', name: undefined, replicas: true, labels: true, podSpec: true, whole: true, dir: 'file:///repo/top' };
    assert.deepEqual(effects.get('file:///repo/base/sts.yaml'), [web, svc]);
    assert.deepEqual(effects.get('file:///repo/overlay/extra.yaml'), [web, svc]);
    assert.equal(effects.has('file:///repo/other/other.yaml'), false);
  });

  it("applies a component's patches to the files of the kustomization that lists it", () => {
    const effects = kustomizePatchEffects([
      k('overlay', 'resources: [sts.yaml]\ncomponents: [../comp]\n'),
      k('comp', 'kind: Component\npatches: [{ target: { kind: StatefulSet }, patch: "- { op: remove, path: /spec }" }]\n'),
    ], () => undefined);
    assert.deepEqual(effects.get('file:///repo/overlay/sts.yaml'), [{ kind: 'StatefulSet', name: undefined, replicas: true, labels: true, podSpec: true, whole: true, dir: 'file:///repo/overlay' }]);
  });
});

describe('Workspace with kustomize patches of fields the rules read', () => {
  const dir = 'file:///repo/app';
  const sts = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: old\n  selector: { matchLabels: { app: web } }\n  template:\n    metadata: { labels: { app: web } }\n    spec: { containers: [{ name: app, image: app:1 }] }\n';
  const patch = (body: string) => `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\n${body}`;
  const findings = (ws: Workspace, file: string) => analyzeFile(ws, `${dir}/${file}`).map((f) => f.ruleId);

  it('silences the patched object when a patch starts writing its serviceName, and re-checks it; other edits move nothing', () => {
    const ws = new Workspace();
    ws.setDisk(`${dir}/sts.yaml`, sts);
    ws.setDisk(`${dir}/p.yaml`, patch('spec:\n  template:\n    spec:\n      containers: [{ name: app, image: app:2 }]\n'));
    ws.setDisk(`${dir}/kustomization.yaml`, 'resources: [sts.yaml]\npatches: [{ path: p.yaml }]\n');
    assert.deepEqual(findings(ws, 'sts.yaml'), ['service-not-found'], 'an image-only patch keeps the finding');
    let change = ws.setOpen(`${dir}/p.yaml`, patch('spec:\n  serviceName: web\n'));
    assert.deepEqual(change.affected, [`${dir}/sts.yaml`]);
    assert.ok(ws.dependents(change).includes(`${dir}/sts.yaml`));
    assert.deepEqual(findings(ws, 'sts.yaml'), []);
    change = ws.setOpen(`${dir}/p.yaml`, patch('spec:\n  serviceName: web2\n'));
    assert.deepEqual(change.affected, [], 'another serviceName: still patched, nothing moves');
    change = ws.close(`${dir}/p.yaml`);
    assert.deepEqual(change.affected, [`${dir}/sts.yaml`]);
    assert.deepEqual(findings(ws, 'sts.yaml'), ['service-not-found']);
  });

  it("treats a PatchStrategicMergeTransformer's paths as patch files, following edits of its configuration", () => {
    const ws = new Workspace();
    ws.setDisk(`${dir}/sts.yaml`, sts.replace('serviceName: old', 'serviceName: web'));
    ws.setDisk(`${dir}/svc.yaml`, 'apiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec: { clusterIP: None, selector: { app: web } }\n');
    ws.setDisk(`${dir}/p.yaml`, patch('spec:\n  replicas: 5\n'));
    ws.setDisk(`${dir}/pt.yaml`, 'apiVersion: builtin\nkind: PatchStrategicMergeTransformer\nmetadata: { name: p }\npaths: []\n');
    ws.setDisk(`${dir}/kustomization.yaml`, 'resources: [sts.yaml, svc.yaml]\ntransformers: [pt.yaml]\n');
    assert.deepEqual(findings(ws, 'p.yaml'), ['service-name-missing'], 'not named by the transformer: a resource like any other');
    assert.ok(ws.setOpen(`${dir}/pt.yaml`, 'apiVersion: builtin\nkind: PatchStrategicMergeTransformer\nmetadata: { name: p }\npaths: [p.yaml]\n').affected.includes(`${dir}/p.yaml`));
    assert.deepEqual(findings(ws, 'p.yaml'), []);
    assert.deepEqual(findings(ws, 'pt.yaml'), []);
  });
});
