import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { isRefusal, LineIndex, prepareRenameAt, renameAt, Workspace, type Position } from '../../server/src/core';
import { applyEdits } from '../support/edits';
import { FIXTURES } from '../support/paths';

/**
 * Golden rename fixtures: test/fixtures/rename/<case>/before/ holds the files of one
 * workspace, after/ the same files once renamed, byte for byte (a file not in after/
 * must not change; no after/ at all: the rename is refused). case.json lists the
 * requests, each a file and a cursor written as the text around it with `|` where the
 * cursor is, and the new name; every request of a case gives the same after/ files.
 * `placeholder` is what prepareRename offers (a request may say its own), `refused` a part of the refusal message,
 * `confirm` the ids of the confirmations the edits carry.
 */
const RENAME_FIXTURES = path.join(FIXTURES, 'rename');

interface RenameCase {
  why: string;
  requests: { file: string; cursor: string; newName: string; placeholder?: string }[];
  placeholder?: string;
  refused?: string;
  /** The rename itself is refused (an invalid new name) although prepareRename accepts. */
  renameRefused?: string;
  confirm?: string[];
}

function cursorIn(text: string, cursor: string): Position {
  const bar = cursor.indexOf('|');
  assert.ok(bar >= 0, `the cursor '${cursor}' has a |`);
  const around = cursor.replace('|', '');
  const at = text.indexOf(around);
  assert.ok(at >= 0, `'${around}' is in the file`);
  assert.equal(text.indexOf(around, at + 1), -1, `'${around}' is in the file once`);
  return new LineIndex(text).positionAt(at + bar);
}

function loadCase(dir: string) {
  const before = path.join(dir, 'before');
  const after = path.join(dir, 'after');
  const workspace = new Workspace();
  const texts = new Map<string, string>();
  for (const f of fs.readdirSync(before).sort()) {
    const text = fs.readFileSync(path.join(before, f), 'utf8');
    const uri = pathToFileURL(path.join(before, f)).href;
    texts.set(uri, text);
    workspace.setOpen(uri, text);
  }
  const spec = JSON.parse(fs.readFileSync(path.join(dir, 'case.json'), 'utf8')) as RenameCase;
  return { workspace, texts, spec, before, after: fs.existsSync(after) ? after : undefined };
}

describe('rename: golden fixtures', () => {
  for (const name of fs.readdirSync(RENAME_FIXTURES).sort()) {
    const dir = path.join(RENAME_FIXTURES, name);
    const { spec } = loadCase(dir);
    describe(`${name}: ${spec.why}`, () => {
      for (const request of spec.requests) {
        it(`${request.file} at '${request.cursor}' -> ${request.newName}`, () => {
          const { workspace, texts, before, after } = loadCase(dir);
          const uri = pathToFileURL(path.join(before, request.file)).href;
          const position = cursorIn(texts.get(uri)!, request.cursor);
          const prepared = prepareRenameAt(workspace, uri, position);
          if (spec.refused !== undefined) {
            assert.ok(prepared && isRefusal(prepared), `prepareRename refuses; it answered ${JSON.stringify(prepared)}`);
            assert.match(prepared.refused, new RegExp(escape(spec.refused)));
            const renamed = renameAt(workspace, uri, position, request.newName);
            assert.ok(renamed && isRefusal(renamed), 'rename refuses too');
            return;
          }
          assert.ok(prepared && !isRefusal(prepared), `prepareRename accepts; it answered ${JSON.stringify(prepared)}`);
          const lines = new LineIndex(texts.get(uri)!);
          const underCursor = texts.get(uri)!.slice(lines.offsetAt(prepared.range.start), lines.offsetAt(prepared.range.end));
          const placeholder = request.placeholder ?? spec.placeholder;
          assert.equal(underCursor, placeholder, 'the range is exactly the name');
          assert.equal(prepared.placeholder, placeholder);

          const renamed = renameAt(workspace, uri, position, request.newName);
          assert.ok(renamed, 'rename answers');
          if (spec.renameRefused !== undefined) {
            assert.ok(isRefusal(renamed), `rename refuses; it answered ${JSON.stringify(renamed)}`);
            assert.match(renamed.refused, new RegExp(escape(spec.renameRefused)));
            return;
          }
          assert.ok(!isRefusal(renamed), `rename is not refused: ${isRefusal(renamed) ? renamed.refused : ''}`);
          assert.ok(after, 'the case has after/ files');
          for (const [u, text] of texts) {
            const file = path.basename(new URL(u).pathname);
            const expected: string = fs.existsSync(path.join(after, file)) ? fs.readFileSync(path.join(after, file), 'utf8') : text;
            assert.equal(applyEdits(text, renamed.files.get(u) ?? []), expected, `${file} after the rename`);
          }
          const confirms = new Set([...renamed.files.values()].flat().flatMap((e) => (e.confirm ? [e.confirm.id] : [])));
          assert.deepEqual([...confirms].sort(), [...(spec.confirm ?? [])].sort(), 'the confirmations');
        });
      }
    });
  }
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
