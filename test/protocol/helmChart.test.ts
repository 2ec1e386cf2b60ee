import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Hover, Location, MarkupContent } from 'vscode-languageserver-protocol';
import { codes, TestClient } from '../support/lspClient';
import { FIXTURES } from '../support/paths';

/** The service-not-found chart fixture, opened in an editor. */
const CHART_DIR = path.join(FIXTURES, 'rules', 'service-not-found', 'invalid-helm-chart');
const ROOT = 'file:///ws/charts/db';
const FILES = ['Chart.yaml', 'values.yaml', 'templates/_helpers.tpl', 'templates/statefulset.yaml', 'templates/svc-headless.yaml'];
const STS = `${ROOT}/templates/statefulset.yaml`;
const text = (file: string) => fs.readFileSync(path.join(CHART_DIR, file), 'utf8');

describe('a Helm chart over the protocol', () => {
  let client: TestClient;
  before(async () => {
    client = new TestClient();
    await client.initialize();
    for (const file of FILES) await client.open(`${ROOT}/${file}`, text(file));
  });
  after(() => client.shutdown());

  it('reports a finding at the template line, with the rendered name', async () => {
    const diagnostics = await client.waitForDiagnostics(STS, (d) => d.length > 0);
    assert.deepEqual(codes(diagnostics), ['service-not-found']);
    assert.match(String(diagnostics[0].message), /^No Service named 'release-name-db' in namespace 'default'/);
    assert.deepEqual(diagnostics[0].range, { start: { line: 6, character: 15 }, end: { line: 6, character: 44 } });
  });

  it('hovers replicas with the DNS names as rendered and where the count came from', async () => {
    const line = text('templates/statefulset.yaml').split('\n').findIndex((l) => l.includes('replicas:'));
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: STS }, position: { line, character: 14 } });
    const value = (hover?.contents as MarkupContent | undefined)?.value ?? '';
    assert.match(value, /of StatefulSet `release-name-db`/);
    assert.match(value, /`release-name-db-0\.release-name-db\.default\.svc\.cluster\.local`/);
    assert.match(value, /`\.Values\.replicaCount` = `3`, from values\.yaml line 1/);
  });

  it('goes from an include to its define', async () => {
    const targets = await client.request<Location[] | null>('textDocument/definition', { textDocument: { uri: STS }, position: { line: 3, character: 20 } });
    assert.equal(targets?.[0]?.uri, `${ROOT}/templates/_helpers.tpl`);
  });

  it('answers the rendered manifest of a template, and follows keystrokes', async () => {
    const first = await client.request<{ text?: string }>('statefulManifests/renderedManifest', { uri: STS });
    assert.match(first.text ?? '', /# Source: db\/templates\/statefulset\.yaml\n/);
    assert.match(first.text ?? '', /serviceName: release-name-db\n/);
    const fixed = text('templates/statefulset.yaml').replace('serviceName: {{ include "db.fullname" . }}', 'serviceName: {{ include "db.fullname" . }}-headless');
    await client.change(STS, fixed);
    const second = await client.request<{ text?: string }>('statefulManifests/renderedManifest', { uri: STS });
    assert.match(second.text ?? '', /serviceName: release-name-db-headless\n/);
    assert.deepEqual(await client.waitForDiagnostics(STS, (d) => d.length === 0), []);
    const helpers = await client.request<{ unavailable?: string }>('statefulManifests/renderedManifest', { uri: `${ROOT}/templates/_helpers.tpl` });
    assert.match(helpers.unavailable ?? '', /renders to no manifest/);
  });

  it('an edit of a helper re-checks the templates whose output changed', async () => {
    const helpers = text('templates/_helpers.tpl').replace('{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}', '{{- printf "%s-%s-x" .Release.Name $name }}');
    assert.notEqual(helpers, text('templates/_helpers.tpl'));
    // Both the StatefulSet and the Service now use the new name: still no finding, but the analysis follows it.
    await client.change(`${ROOT}/templates/_helpers.tpl`, helpers);
    const rendered = await client.request<{ text?: string }>('statefulManifests/renderedManifest', { uri: STS });
    assert.match(rendered.text ?? '', /name: release-name-db-x\n/);
    const sts = text('templates/statefulset.yaml').replace('serviceName: {{ include "db.fullname" . }}', 'serviceName: release-name-db-headless');
    await client.change(STS, sts);
    const diagnostics = await client.waitForDiagnostics(STS, (d) => d.length > 0);
    assert.match(String(diagnostics[0].message), /No Service named 'release-name-db-headless'/);
  });
});

describe('a values file of the settings outside the chart folder', () => {
  /** Asks for the rendered manifest until it matches (a disk change reaches the server asynchronously). */
  async function renderedUntil(client: TestClient, uri: string, pattern: RegExp): Promise<string> {
    let text = '';
    for (let attempt = 0; attempt < 100; attempt++) {
      text = (await client.request<{ text?: string }>('statefulManifests/renderedManifest', { uri })).text ?? '';
      if (pattern.test(text)) return text;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.fail(`rendered manifest never matched ${pattern}:\n${text}`);
  }

  it('re-renders the chart when the file is edited in an editor', async () => {
    const client = new TestClient();
    client.settings = { helm: { valuesFiles: ['../values-prod.yaml'] } };
    await client.initialize();
    try {
      const values = 'file:///ws/charts/values-prod.yaml';
      await client.open(values, 'replicaCount: 2\n');
      for (const file of FILES) await client.open(`${ROOT}/${file}`, text(file));
      await renderedUntil(client, STS, /replicas: 2\n/);
      await client.change(values, 'replicaCount: 5\n');
      await renderedUntil(client, STS, /replicas: 5\n/);
    } finally {
      await client.shutdown();
    }
  });

  it('re-renders the chart when the file changes on disk', async () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-helm-values-')));
    const client = new TestClient();
    try {
      for (const file of FILES) {
        fs.mkdirSync(path.dirname(path.join(root, 'db', file)), { recursive: true });
        fs.writeFileSync(path.join(root, 'db', file), text(file));
      }
      const valuesPath = path.join(root, 'values-prod.yaml');
      fs.writeFileSync(valuesPath, 'replicaCount: 2\n');
      client.settings = { helm: { valuesFiles: ['../values-prod.yaml'] } };
      await client.initialize({ workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'ws' }] });
      await client.waitForProgressEnd();
      const sts = pathToFileURL(path.join(root, 'db', 'templates', 'statefulset.yaml')).href;
      await renderedUntil(client, sts, /replicas: 2\n/);
      fs.writeFileSync(valuesPath, 'replicaCount: 7\n');
      await client.filesChanged([{ uri: pathToFileURL(valuesPath).href, type: 2 }]);
      await renderedUntil(client, sts, /replicas: 7\n/);
    } finally {
      await client.shutdown();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
