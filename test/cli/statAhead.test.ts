import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { StatAhead } from '../../server/src/node/statAhead';

/** The worker thread that stats an index cache's files ahead of the indexer (server/src/node/statAhead.ts). */
describe('stat ahead', () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-stat-ahead-')));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads what lstat reads: regular files with their size and time, anything else as not a file', async () => {
    const file = path.join(dir, 'a.yaml');
    fs.writeFileSync(file, 'kind: ConfigMap\n');
    fs.mkdirSync(path.join(dir, 'folder.yaml'));
    fs.symlinkSync(file, path.join(dir, 'link.yaml'));
    const paths = [file, path.join(dir, 'folder.yaml'), path.join(dir, 'link.yaml'), path.join(dir, 'missing.yaml')];
    const ahead = new StatAhead(paths);
    await ahead.finished;
    const stat = fs.lstatSync(file);
    assert.deepEqual([ahead.isFile(0), ahead.size(0), ahead.mtimeMs(0)], [true, stat.size, stat.mtimeMs]);
    assert.deepEqual(paths.slice(1).map((_, i) => ahead.isFile(i + 1)), [false, false, false], 'a folder, a symbolic link, a missing file');
  });

  it('answers unknown for what it has not statted once stopped', async () => {
    const paths = Array.from({ length: 50_000 }, (_, i) => path.join(dir, `none-${i}.yaml`));
    const ahead = new StatAhead(paths);
    ahead.stop();
    await ahead.finished;
    const answers = new Set(paths.map((_, i) => ahead.isFile(i)));
    assert.ok(answers.has(undefined), 'stopped before the end');
    assert.ok(!answers.has(true));
  });
});
