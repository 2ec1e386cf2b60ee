import { Transform, type TransformCallback } from 'node:stream';

/**
 * Guards the stdio transport's framing (`Content-Length: N\r\n\r\n` + N bytes).
 *
 * vscode-jsonrpc's ReadableStreamMessageReader (node_modules/vscode-jsonrpc/lib/common/
 * messageReader.js, onData) answers a header without Content-Length, or with a value
 * that is not a number, by firing an error and reading on from the bytes after that
 * header, which are the body: from then on every header it finds is garbage and the
 * server is alive but deaf. A negative length (`parseInt("-1")`) is taken as "no header
 * read yet", with the same end. The body's length being unknown, the stream cannot be
 * resynchronised safely (a JSON string may itself contain "Content-Length: "), so the
 * server logs why on stderr and exits with code 1: VS Code's client restarts a server
 * that dies, other clients see it stop instead of waiting forever.
 *
 * The bytes pass through unchanged; the guard only follows the framing (headers are
 * at most {@link MAX_HEADER_BYTES}, bodies are counted, never copied).
 */
export const MAX_HEADER_BYTES = 8 * 1024;

const HEADER_END = '\r\n\r\n';

export class FramingGuard extends Transform {
  /** The start of a header split across chunks. */
  private header = '';
  private remaining = 0;
  private broken = false;

  constructor(private readonly onBroken: (reason: string) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.broken) return done();
    let data: Buffer = chunk;
    while (data.length > 0) {
      if (this.remaining > 0) {
        const body = Math.min(this.remaining, data.length);
        this.remaining -= body;
        data = data.subarray(body);
        continue;
      }
      // Headers are ASCII: latin1 keeps one character per byte, so string offsets are byte offsets.
      const text = this.header + data.toString('latin1', 0, Math.min(data.length, MAX_HEADER_BYTES + HEADER_END.length));
      const end = text.indexOf(HEADER_END);
      if (end < 0) {
        if (text.length > MAX_HEADER_BYTES) return this.fail(`a header of more than ${MAX_HEADER_BYTES} bytes without its blank line`, done);
        this.header = text;
        break;
      }
      const length = contentLength(text.slice(0, end));
      if (typeof length === 'string') return this.fail(length, done);
      data = data.subarray(end + HEADER_END.length - this.header.length);
      this.remaining = length;
      this.header = '';
    }
    done(null, chunk);
  }

  private fail(reason: string, done: TransformCallback): void {
    this.broken = true;
    done();
    this.onBroken(reason);
  }
}

/** The Content-Length of a header block, or what is wrong with it. */
export function contentLength(header: string): number | string {
  let length: number | string = 'a message header without Content-Length';
  for (const line of header.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) return `a header line without ':' (${JSON.stringify(line.slice(0, 40))})`;
    if (line.slice(0, colon).trim().toLowerCase() !== 'content-length') continue;
    const value = line.slice(colon + 1).trim();
    if (!/^\d{1,15}$/.test(value)) return `Content-Length ${JSON.stringify(value.slice(0, 40))} (not a number of bytes)`;
    length = Number(value);
  }
  return length;
}
