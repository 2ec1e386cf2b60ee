// The real language server (dist/server.js) over stdio, as the benchmarks drive it (the
// protocol side is scripts/bench-lsp-client.mjs): the end of workspace indexing and the
// heap kept. One class for scripts/bench.mjs, scripts/bench-helm.mjs and the peers bench.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LspClient } from './bench-lsp-client.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const SERVER = path.join(ROOT, 'dist', 'server.js');
/** How the VS Code client starts the server (node flags, environment): the bench measures what users run. */
const SERVER_PROCESS = JSON.parse(fs.readFileSync(path.join(ROOT, 'client', 'src', 'serverProcess.json'), 'utf8'));
export const SERVER_NODE_FLAGS = SERVER_PROCESS.execArgv;
export const SERVER_ENV = { ...process.env, ...SERVER_PROCESS.env };

/** Starts dist/server.js --stdio and tracks published diagnostics by document version. */
export class Server extends LspClient {
  constructor() {
    // --expose-gc and --test-hooks: the statefulManifests/test/heap request collects
    // garbage and reports the heap, so the memory kept for a file can be measured.
    super(process.execPath, [...SERVER_NODE_FLAGS, '--expose-gc', SERVER, '--stdio', '--test-hooks'], { env: SERVER_ENV });
    // The end of indexing: the progress ends, or the server logs it (no progress token).
    this.indexed = new Promise((resolve) => { this.indexingDone = resolve; });
    this.connection.onNotification('window/logMessage', (p) => { if (/^Indexed \d+ YAML/.test(p.message)) this.indexingDone(); });
    this.connection.onNotification('$/progress', (p) => { if (p.value?.kind === 'end') this.indexingDone(); });
  }

  /** Heap used after a full garbage collection, in bytes. */
  async heap() {
    const usage = await this.connection.sendRequest('statefulManifests/test/heap', {});
    if (!usage?.collected) throw new Error('the server could not collect garbage (no --expose-gc?)');
    return usage.heapUsed;
  }
}
