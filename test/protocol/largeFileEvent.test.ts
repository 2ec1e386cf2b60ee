import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { codes, TestClient } from '../support/lspClient';
import { serviceYaml, statefulSetYaml } from '../support/manifests';

/**
 * A large file changed on disk (over 64 KiB: Workspace.setDiskSteps) is read a step at a
 * time between messages, as an index pass reads it, not in one piece inside the file event
 * (issue 16: a kustomization of 100,000 entries held the server 2.5 s). Nothing is timed:
 * the reading is held (test hook) while a hover is answered from what was there before.
 */
describe('a large file changed on disk', () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-large-event-')));
  let client: TestClient | undefined;
  after(async () => {
    await client?.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  });

  // 70 KB of comments after the Service: one document over the size read in steps.
  const padding = Array.from({ length: 1_000 }, (_, i) => `# padding line ${i} ${'x'.repeat(50)}`).join('\n');
  const service = (clusterIP: string) => `${serviceYaml({ name: 'web', clusterIP })}${padding}\n`;

  it('is read in steps: a hover meanwhile sees the file as it was, the findings then the new text', async () => {
    const svcPath = path.join(root, 'svc.yaml');
    fs.writeFileSync(svcPath, service('None'));
    const sts = statefulSetYaml({ serviceName: 'web' });
    fs.writeFileSync(path.join(root, 'sts.yaml'), sts);
    client = new TestClient(['--test-hooks']);
    await client.initialize({ workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'ws' }] });
    await client.waitForProgressEnd();
    const uri = pathToFileURL(path.join(root, 'sts.yaml')).href;
    await client.open(uri, sts);
    await client.waitForDiagnostics(uri, (ds) => ds.length === 0);

    await client.request('statefulManifests/test/holdIndexing', null);
    fs.writeFileSync(svcPath, service('10.0.0.9'));
    await client.filesChanged([{ uri: pathToFileURL(svcPath).href, type: 2 }]);
    const line = sts.split('\n').findIndex((l) => l.includes('serviceName:'));
    const hover = await client.request<{ contents: unknown } | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: 18 } });
    assert.ok(hover && JSON.stringify(hover.contents).includes('Governing headless Service `web`'), `the headless Service as it was: ${JSON.stringify(hover)}`);

    await client.request('statefulManifests/test/releaseIndexing', null);
    await client.waitForDiagnostics(uri, (ds) => codes(ds).includes('service-not-headless'));
  });
});
