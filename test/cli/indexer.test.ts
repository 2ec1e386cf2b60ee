import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { main } from '../../server/src/cli';
import { Workspace } from '../../server/src/core';
import { childPaths } from '../../server/src/node/childPath';
import { fileUri, IndexFilter, IndexRun, uriToPath } from '../../server/src/node/indexer';

const roots: string[] = [];
after(() => {
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

function folder(files: Record<string, string | Uint8Array>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-idx-')));
  roots.push(root);
  for (const [file, content] of Object.entries(files)) {
    const full = path.join(root, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  return root;
}

const STS = (ns?: string) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
${ns ? `  namespace: ${ns}\n` : ''}spec:
  serviceName: web
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: nginx }] }
`;
const SVC = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  clusterIP: None\n  selector: { app: web }\n  ports: [{ name: http, port: 80 }]\n';

function indexAll(root: string, settings = { exclude: [] as string[], maxFileSizeKB: 2048 }): string[] {
  const run = new IndexRun(new Workspace(), [root], new IndexFilter(settings));
  while (!run.finished) run.step(1);
  return [...run.indexed].map((uri) => path.relative(root, uriToPath(uri) ?? uri).replace(/\\/g, '/')).sort();
}

describe('indexer', () => {
  it('indexes YAML and Kustomization files, not .git, node_modules, other files, binary or too large files', () => {
    const root = folder({
      'a.yaml': SVC,
      'sub/b.yml': SVC,
      'sub/Kustomization': 'resources: [b.yml]\n',
      'notes.txt': 'x',
      '.git/config.yaml': 'x: 1',
      'node_modules/pkg/x.yaml': 'x: 1',
      'deep/node_modules/y.yaml': 'x: 1',
      'binary.yaml': new Uint8Array([0x61, 0x00, 0x62]),
      'big.yaml': `# ${'x'.repeat(3 * 1024)}\n`,
    });
    assert.deepEqual(indexAll(root, { exclude: [], maxFileSizeKB: 2 }), ['a.yaml', 'sub/Kustomization', 'sub/b.yml']);
  });

  it('skips files and folders matched by the exclude globs, relative to the root', () => {
    const root = folder({ 'app/a.yaml': SVC, 'vendor/x/b.yaml': SVC, 'app/c.gen.yaml': SVC, 'app/vendor/d.yaml': SVC });
    assert.deepEqual(indexAll(root, { exclude: ['vendor/**', '**/*.gen.yaml'], maxFileSizeKB: 2048 }), ['app/a.yaml', 'app/vendor/d.yaml']);
  });

  it('works in bounded steps: a tiny budget still makes progress and ends', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`f${i}.yaml`] = SVC;
    const root = folder(files);
    const run = new IndexRun(new Workspace(), [root], new IndexFilter({ exclude: [], maxFileSizeKB: 2048 }));
    let steps = 0;
    while (!run.finished) {
      run.step(0);
      steps++;
      assert.ok(steps < 1000, 'the run ends');
    }
    assert.equal(run.indexed.size, 30);
    assert.ok(steps > 1, 'a zero budget does one unit of work per step');
  });

  it('makes URIs like VS Code does: same as node for plain paths, with @ and spaces encoded', () => {
    assert.equal(fileUri('/tmp/a/b.yaml'), pathToFileURL('/tmp/a/b.yaml').href);
    assert.equal(fileUri('/tmp/my dir/v@1.yaml'), 'file:///tmp/my%20dir/v%401.yaml');
    // Paths of plain characters are taken as they are only when already absolute and normalised.
    assert.equal(fileUri('/tmp/./a/../b.yaml'), 'file:///tmp/b.yaml');
    assert.equal(fileUri('/tmp//a/'), 'file:///tmp/a');
    assert.equal(fileUri('/tmp/..'), 'file:///');
    assert.equal(fileUri('/tmp/.../a~b_c-d.e.yaml'), 'file:///tmp/.../a~b_c-d.e.yaml');
    assert.equal(fileUri('/tmp/it(1)!*.yaml'), 'file:///tmp/it%281%29%21%2A.yaml');
    assert.equal(fileUri('/tmp/Ünï/c.yaml'), 'file:///tmp/%C3%9Cn%C3%AF/c.yaml');
    assert.equal(uriToPath('file:///tmp/my%20dir/v%401.yaml'), '/tmp/my dir/v@1.yaml');
    assert.equal(uriToPath('untitled:Untitled-1'), undefined);
  });

  it('joins a folder and a name as path.join does, for any folder', () => {
    for (const folder of ['/a/b', '/', '/a/b/', '/a/./b', '/a//b', '/a/..', 'a/b', '.', '', '/a/b c/Ü']) {
      assert.equal(childPaths(folder)('x.yaml'), path.join(folder, 'x.yaml'), JSON.stringify(folder));
    }
  });

  it('accepts a path for file events only under the root and through folders it would walk', () => {
    const filter = new IndexFilter({ exclude: ['vendor/**'], maxFileSizeKB: 2048 });
    assert.ok(filter.accepts('/r', '/r/a/b.yaml', 'file'));
    assert.ok(!filter.accepts('/r', '/r/vendor/b.yaml', 'file'));
    assert.ok(!filter.accepts('/r', '/r/node_modules/b.yaml', 'file'));
    assert.ok(!filter.accepts('/r', '/other/b.yaml', 'file'));
    assert.ok(filter.accepts('/r', '/r/new-folder', 'folder'));
  });
});

describe('CLI on a directory', () => {
  function run(args: string[], cwd: string): { code: number; out: string[]; err: string[] } {
    const out: string[] = [];
    const err: string[] = [];
    const code = main(args, { out: (s) => out.push(s), err: (s) => err.push(s), cwd });
    return { code, out, err };
  }

  it('applies kustomize namespaces, renders chart templates and skips excluded paths, like the editor', () => {
    const root = folder({
      'app/kustomization.yaml': 'namespace: db\nresources: [sts.yaml, ../shared/svc.yaml]\n',
      'app/sts.yaml': STS('team-a'),
      'shared/svc.yaml': SVC,
      'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\n',
      'chart/templates/sts.yaml': STS('alone'),
      'vendor/sts.yaml': STS('vendored'),
    });
    const clean = run(['check', root, '--exclude', 'vendor/**'], root);
    // The chart's template is rendered and checked: its StatefulSet is in a namespace with no Service 'web'.
    assert.deepEqual(clean.out.map((l) => l.split(' ').slice(0, 3).join(' ')), ['chart/templates/sts.yaml:7:16 warning service-not-found']);
    assert.equal(clean.code, 0);
    assert.match(clean.err.join('\n'), /^5 files checked: 1 finding/);

    const withVendor = run(['check', root], root);
    assert.deepEqual(withVendor.out.map((l) => l.split(' ').slice(0, 3).join(' ')), ['chart/templates/sts.yaml:7:16 warning service-not-found', 'vendor/sts.yaml:7:16 warning service-not-found']);
  });

  it('renders a chart with the --helm-* options: release name, namespace, values files, --set', () => {
    const root = folder({
      'db/Chart.yaml': 'apiVersion: v2\nname: db\nversion: 1.0.0\n',
      'db/values.yaml': 'service: db-headless\n',
      'db/ci/values-prod.yaml': 'service: prod-headless\n',
      'db/templates/_helpers.tpl': '{{- define "db.fullname" -}}{{ .Release.Name }}-db{{- end }}\n',
      'db/templates/sts.yaml': 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {{ include "db.fullname" . }}\nspec:\n  serviceName: {{ .Values.service }}\n',
    });
    const plain = run(['check', path.join(root, 'db'), '--rule', 'selector-template-mismatch=off'], root);
    assert.deepEqual(plain.out, [`db/templates/sts.yaml:6:16 warning service-not-found No Service named 'db-headless' in namespace 'default'. The pods of StatefulSet 'release-name-db' get their DNS names from a headless Service of this name.`]);
    const prod = run(['check', root, '--rule', 'selector-template-mismatch=off', '--helm-release', 'prod', '--helm-namespace', 'data', '--helm-values', 'ci/values-prod.yaml', '--helm-set', 'service=from-set'], root);
    assert.match(prod.out.join('\n'), /No Service named 'from-set' in namespace 'data'\. The pods of StatefulSet 'prod-db'/);
    const bad = run(['check', root, '--helm-release', 'Not_A_Name'], root);
    assert.equal(bad.code, 2);
    assert.match(bad.err.join('\n'), /--helm-release must be a Helm release name/);
  });

  it('rejects a bad --max-file-size-kb as bad usage', () => {
    const root = folder({ 'a.yaml': SVC });
    const result = run(['check', root, '--max-file-size-kb', 'lots'], root);
    assert.equal(result.code, 2);
    assert.match(result.err.join('\n'), /--max-file-size-kb must be a positive number of KiB, not "lots"\./);
  });
});
