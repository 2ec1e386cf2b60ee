import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { codes, TestClient } from '../support/lspClient';
import { serviceYaml, statefulSetYaml } from '../support/manifests';

/**
 * An open document over the largest size analysed (docs/limits.md, lsp/documentSize.ts)
 * gets no analysis and one clear message; the other documents keep their findings. The
 * server is started with a limit of 2,000 characters (`--test-hooks` only) so the test
 * sends kilobytes, not the real limit's 32 M characters.
 */
const LIMIT = 2_000;

const missingService = (name: string) => statefulSetYaml({ name, serviceName: 'nowhere', replicas: 1, labels: { app: name } });
/** Over the limit: StatefulSets whose Service is missing, each a finding if it were analysed. */
const tooLarge = () => Array.from({ length: 12 }, (_, i) => missingService(`big-${i}`)).join('---\n');

describe('a document over the largest size analysed', () => {
  let client: TestClient;
  before(async () => {
    client = new TestClient(['--test-hooks', `--test-largest-document-chars=${LIMIT}`]);
    await client.initialize();
  });
  after(() => client.shutdown());

  const shown = (file: string) => client.logs.filter((l) => l.startsWith('showMessage: ') && l.includes(`${file} is not analysed`));

  it('gets no findings and one message; a small document beside it keeps its findings', async () => {
    const small = 'file:///largest/small.yaml';
    const big = 'file:///largest/big.yaml';
    assert.ok(tooLarge().length > LIMIT);
    await client.open(small, missingService('web'));
    assert.deepEqual(codes(await client.waitForDiagnostics(small, (d) => d.length > 0)), ['service-not-found']);

    // Analysed while under the limit, then it grows past it: its findings are cleared.
    await client.open(big, missingService('big-0'));
    await client.waitForDiagnostics(big, (d) => d.length > 0);
    await client.change(big, tooLarge());
    await client.waitForDiagnostics(big, (d) => d.length === 0);
    assert.equal(shown('big.yaml').length, 1, client.logs.join('\n'));
    assert.match(shown('big.yaml')[0], /big\.yaml is not analysed: 0\.\d+ M characters, over the 0\.002 M limit\. Split it into smaller files/);

    // Edited again past the limit: logged again, not shown again.
    await client.change(big, `${tooLarge()}# edited\n`);
    client.resetDiagnostics(small);
    await client.change(small, `${missingService('web')}# edited\n`);
    await client.waitForDiagnostics(small, (d) => d.length > 0);
    assert.equal(shown('big.yaml').length, 1);
    assert.equal(client.logs.filter((l) => !l.startsWith('showMessage: ') && l.includes('big.yaml is not analysed')).length, 2, client.logs.join('\n'));

    // A Service in the too-large document is not read: the small file still misses it.
    await client.change(big, `${serviceYaml({ name: 'nowhere', clusterIP: 'None' })}---\n${tooLarge()}`);
    client.resetDiagnostics(small);
    await client.change(small, missingService('web'));
    assert.deepEqual(codes(await client.waitForDiagnostics(small, (d) => d.length > 0)), ['service-not-found']);
  });
});
