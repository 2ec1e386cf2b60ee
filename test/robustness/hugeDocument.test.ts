import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver/node';
import { TestClient } from '../support/lspClient';
import { service, statefulSet } from './manifests';

/**
 * One large YAML document is parsed in steps, not in one (issue 16: a 20 MB name kept the
 * server busy for its whole parse), so requests are answered between pieces of it.
 *
 * The `--test-hooks` request `holdNextParse` with `afterSteps: n` stops the scheduler
 * after the n-th step of the next text that takes more than n steps: the text of one
 * document stays half-parsed for as long as the test wants, without any timing. Before,
 * a single document was parsed in one step (and committed in the next), so the hold never
 * came and the file's diagnostics did.
 */

const SVC = 'file:///huge-document/service.yaml';
const STS = 'file:///huge-document/statefulset.yaml';
const BIG = 'file:///huge-document/big.yaml';
/** Steps into the big document at which the parse is held: well inside it. */
const HELD_AFTER_STEPS = 20;

/** One ConfigMap document of about 1 MB: 40,000 keys, so about 160,000 lexical tokens. */
function bigConfigMap(): string {
  const data = Array.from({ length: 40_000 }, (_, i) => `  key-${i}: value-${i}\n`).join('');
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n${data}`;
}

const markdown = (hover: Hover | null) => (hover?.contents as MarkupContent | undefined)?.value ?? '';

describe('a request while one large document is being parsed', () => {
  let client: TestClient;
  before(async () => {
    client = new TestClient(['--test-hooks']);
    await client.initialize();
  });
  after(() => client.shutdown());

  it('is answered between steps of that one document', async () => {
    await client.open(SVC, service('web'));
    await client.open(STS, statefulSet('web', 'web'));
    await client.waitForDiagnostics(STS, (d) => d.length === 0);

    const held = client.request<string>('statefulManifests/test/holdNextParse', { afterSteps: HELD_AFTER_STEPS });
    const text = bigConfigMap();
    await client.open(BIG, text);
    const first = await Promise.race([
      held.then((uri) => `held ${uri}`),
      client.waitForDiagnostics(BIG, () => true, 120_000).then(() => 'diagnostics'),
    ]);
    assert.equal(first, `held ${BIG}`, `the ${text.length}-character document was parsed in fewer than ${HELD_AFTER_STEPS + 1} steps`);

    // Held inside the document: a hover in another file is answered, and the big text is still pending.
    assert.match(markdown(await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: STS }, position: { line: 3, character: 8 } })), /web-0/);
    const stats = await client.request<{ parsing: number }>('statefulManifests/test/schedulerStats', null);
    assert.equal(stats.parsing, 1);

    await client.request('statefulManifests/test/release', null);
    const ds = await client.waitForDiagnostics(BIG, () => true, 120_000);
    assert.deepEqual(ds, []);
  });
});
