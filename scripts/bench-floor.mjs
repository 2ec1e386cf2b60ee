// The floor of the benchmark: a fresh Node process that has loaded `yaml` and nothing
// else, sent a text over a pipe, parses it with `parseAllDocuments` and answers. The
// server's open is timed the same way (fresh process, ready and idle, text sent over a
// pipe, timed until the answer), so the ratio of the two says what the server adds to a
// bare parse: the protocol, the model, the rules and the diagnostics.
//
// As a child (`node scripts/bench-floor.mjs --child`): reads frames `<bytes>\n<text>`
// from stdin; answers each with one line once the text is parsed.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);

/** A fresh floor process; `parse(text)` resolves once the child has parsed it. */
export class Floor {
  constructor() {
    this.process = spawn(process.execPath, [SELF, '--child'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.pending = [];
    let buffered = '';
    this.process.stdout.setEncoding('utf8');
    this.process.stdout.on('data', (chunk) => {
      buffered += chunk;
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        this.pending.shift()?.(line);
      }
    });
    this.ready = this.answer();
  }

  get pid() {
    return this.process.pid;
  }

  answer() {
    return new Promise((resolve) => this.pending.push(resolve));
  }

  /** Sends `text`; resolves when the child has parsed it (the child's answer: documents parsed). */
  parse(text) {
    const answered = this.answer();
    const bytes = Buffer.from(text);
    this.process.stdin.write(`${bytes.length}\n`);
    this.process.stdin.write(bytes);
    return answered;
  }

  stop() {
    this.process.stdin.end();
    if (this.process.exitCode === null) this.process.kill();
  }
}

async function child() {
  const { parseAllDocuments } = await import('yaml');
  let input = Buffer.alloc(0);
  process.stdin.on('data', (chunk) => {
    input = Buffer.concat([input, chunk]);
    for (;;) {
      const nl = input.indexOf(10);
      if (nl < 0) return;
      const length = Number(input.subarray(0, nl).toString());
      if (input.length < nl + 1 + length) return;
      const text = input.subarray(nl + 1, nl + 1 + length).toString('utf8');
      input = input.subarray(nl + 1 + length);
      const documents = parseAllDocuments(text);
      process.stdout.write(`${Array.isArray(documents) ? documents.length : 0}\n`);
    }
  });
  process.stdout.write('ready\n');
}

if (process.argv[1] === SELF && process.argv.includes('--child')) await child();
