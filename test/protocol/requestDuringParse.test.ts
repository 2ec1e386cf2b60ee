import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver/node';
import { TestClient } from '../support/lspClient';
import { serviceYaml, statefulSetYaml } from '../support/manifests';

/**
 * A request waits only for what its answer depends on: the pending text of its own
 * document, not the parse of another (a 10 MB file half-way through its slices). The
 * other file counts as its previous version until its parse lands.
 *
 * The `--test-hooks` request `holdNextParse` stops the scheduler after the first step of
 * the next text that takes more than one step to parse: that text stays pending for as
 * long as the test wants, as a 10 MB parse would, without its size or any timing.
 */

const STS = 'file:///during-parse/statefulset.yaml';
const SVC = 'file:///during-parse/service.yaml';

const statefulSet = (serviceName: string) => statefulSetYaml({ name: 'web', serviceName, replicas: 2, labels: { app: 'web' } });
const service = (name: string) => serviceYaml({ name, clusterIP: 'None', selector: { app: 'web' } });
/**
 * The Service renamed, then enough ConfigMaps that the parse takes more than one step
 * and the text is over 64 KiB (a request parses shorter texts of other files first).
 */
function renamedServiceFile(name: string): string {
  const padding = Array.from({ length: 1_500 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: padding-${i}\n`);
  return [service(name), ...padding].join('---\n');
}

const markdown = (hover: Hover | null) => (hover?.contents as MarkupContent | undefined)?.value ?? '';
const NOT_RESOLVED = /will not resolve/;

describe('a request while another document is still being parsed', () => {
  let client: TestClient;
  before(async () => {
    client = new TestClient(['--test-hooks']);
    await client.initialize();
  });
  after(() => client.shutdown());

  const hoverOnName = () => client.request<Hover | null>('textDocument/hover', { textDocument: { uri: STS }, position: { line: 3, character: 8 } });

  it('is answered from the other document\'s previous version, and sees an edit of its own document made just before', async () => {
    await client.open(SVC, service('web'));
    await client.open(STS, statefulSet('web'));
    await client.waitForDiagnostics(STS, (d) => d.length === 0);
    assert.doesNotMatch(markdown(await hoverOnName()), NOT_RESOLVED, 'Service web exists: the pod names resolve');

    // The Service file's new text renames the Service; its parse stops after one step.
    const held = client.request<string>('statefulManifests/test/holdNextParse', null);
    await client.change(SVC, renamedServiceFile('db'));
    assert.equal(await held, SVC);

    // (a) Answered while the parse is pending, from the Service file as it was: before,
    // the hover parsed the whole file first, and Service web was gone.
    const during = markdown(await hoverOnName());
    assert.match(during, /web-0/);
    assert.doesNotMatch(during, NOT_RESOLVED, during);

    // (b) An edit of the hovered document right before the hover is in the answer, though
    // the scheduler, held, has parsed nothing since.
    await client.change(STS, statefulSet('db'));
    const edited = markdown(await hoverOnName());
    assert.match(edited, /web-0\.db\b/, edited);
    assert.match(edited, NOT_RESOLVED, 'Service db is still only in the pending text');

    // Once the parse lands, the findings follow it: Service db exists.
    client.resetDiagnostics(STS);
    await client.request('statefulManifests/test/release', null);
    await client.waitForDiagnostics(STS, (d) => d.length === 0);
    assert.doesNotMatch(markdown(await hoverOnName()), NOT_RESOLVED);
  });
});
