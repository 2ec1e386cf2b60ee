import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFile, renderChart, Workspace } from '../../../server/src/core';
import { HelmIgnoreError, isHelmIgnored, parseHelmIgnore } from '../../../server/src/core/helm/chart/helmignore';
import { IndexFilter } from '../../../server/src/node/indexer';

/**
 * `.helmignore` as helm's pkg/ignore reads it (rules.go). The chart-level behaviour is
 * compared with the real helm in differential.test.ts (charts `ignored`, `ignore-negation`).
 */
function ignored(helmignore: string, paths: string[]): string[] {
  const rules = parseHelmIgnore(helmignore);
  return paths.filter((p) => isHelmIgnored(rules, p));
}

describe('.helmignore', () => {
  it('matches base names when the pattern has no slash, whole paths when it has one', () => {
    assert.deepEqual(ignored('*.txt\n', ['a.txt', 'files/b.txt', 'c.yaml']), ['a.txt', 'files/b.txt']);
    assert.deepEqual(ignored('files/*.txt\n', ['a.txt', 'files/b.txt', 'x/files/b.txt', 'files/sub/c.txt']), ['files/b.txt']);
  });

  it('anchors a leading slash at the chart root, and a trailing slash matches folders only', () => {
    assert.deepEqual(ignored('/a.txt\n', ['a.txt', 'x/a.txt']), ['a.txt']);
    assert.deepEqual(ignored('docs/\n', ['docs/a.md', 'x/docs/b.md', 'docs']), ['docs/a.md', 'x/docs/b.md']);
  });

  it('skips a whole ignored folder, and applies the default rule for dotfiles in templates/', () => {
    assert.deepEqual(ignored('', ['templates/.x.yaml', 'templates/x.yaml', '.y.yaml']), ['templates/.x.yaml']);
    assert.deepEqual(ignored('ci\n', ['ci/values.yaml', 'ci']), ['ci/values.yaml', 'ci']);
  });

  it('a negated rule that does not match ignores the path, as in helm (the first rule that decides wins)', () => {
    assert.deepEqual(ignored('!Chart.yaml\n', ['Chart.yaml', 'values.yaml', 'templates/a.yaml']), ['values.yaml', 'templates/a.yaml']);
    assert.deepEqual(ignored('!*.yaml\n', ['a.yaml', 'b.txt']), ['b.txt']);
    // A negated rule that matches does not keep the path: the rules after it still apply.
    assert.deepEqual(ignored('!*.yaml\n*\n', ['a.yaml', 'b.txt']), ['a.yaml', 'b.txt']);
  });

  it('trims lines, skips comments and blank lines, and has classes and escapes like filepath.Match', () => {
    assert.deepEqual(ignored('  # c\n\n  [a-c]?.md  \n', ['a1.md', 'd1.md', 'ab1.md', '# c']), ['a1.md']);
    assert.deepEqual(ignored('[^a]x\n', ['ax', 'bx', '/x']), ['bx']);
    assert.deepEqual(ignored('\\*.md\n', ['*.md', 'a.md']), ['*.md']);
  });

  it('refuses ** and malformed patterns, as helm does (the chart does not load)', () => {
    for (const bad of ['**/x', 'a[', '[]a]', '[z-a]', 'x\\']) {
      assert.throws(() => parseHelmIgnore(`${bad}\n`), HelmIgnoreError, bad);
    }
  });
});

describe('.helmignore in the workspace', () => {
  const ROOT = 'file:///work/charts/db';
  const STS = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: nowhere\n';

  it('is read by the index and leaves the templates it names unrendered, as helm does', () => {
    assert.ok(new IndexFilter({ exclude: [], maxFileSizeKB: 2048 }).file('.helmignore', 'db/.helmignore'));
    const ws = new Workspace({ renderChart });
    ws.batch(() => {
      ws.setDisk(`${ROOT}/Chart.yaml`, 'apiVersion: v2\nname: db\nversion: 0.1.0\n');
      ws.setDisk(`${ROOT}/templates/sts.yaml`, STS);
      ws.setDisk(`${ROOT}/templates/debug/sts.yaml`, STS);
    });
    const ruleIds = (uri: string) => analyzeFile(ws, uri).map((f) => f.ruleId);
    assert.deepEqual(ruleIds(`${ROOT}/templates/debug/sts.yaml`), ['service-not-found']);
    ws.setDisk(`${ROOT}/.helmignore`, '# local experiments\ndebug/\n');
    assert.deepEqual(ruleIds(`${ROOT}/templates/debug/sts.yaml`), []);
    assert.equal(ws.charts?.renderOf(ROOT)?.templates.some((t) => t.path === 'templates/debug/sts.yaml'), false);
    assert.deepEqual(ruleIds(`${ROOT}/templates/sts.yaml`), ['service-not-found']);
  });
});

describe('a .helmignore helm refuses', () => {
  it('leaves the chart unrendered, and its Chart.yaml says why (the .helmignore has no findings of its own)', () => {
    const ROOT = 'file:///work/charts/bad';
    const ws = new Workspace({ renderChart });
    ws.batch(() => {
      ws.setDisk(`${ROOT}/Chart.yaml`, 'apiVersion: v2\nname: bad\nversion: 0.1.0\n');
      ws.setDisk(`${ROOT}/templates/cm.yaml`, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n');
      ws.setDisk(`${ROOT}/.helmignore`, 'docs/**\n');
    });
    const findings = analyzeFile(ws, `${ROOT}/Chart.yaml`);
    assert.deepEqual(findings.map((f) => f.ruleId), ['helm-template-not-rendered']);
    assert.match(findings[0].message, /double-star \(\*\*\) syntax is not supported/);
  });
});
