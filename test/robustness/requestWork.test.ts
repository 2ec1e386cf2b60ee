import * as assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { analyzeFile, completionsAt, documentSymbols, isRefusal, labelHighlightsAt, prepareRenameAt, quickFixes, selectionHints, selectionHintSteps, Workspace, type SelectionHint } from '../../server/src/core';
import { charactersIndexedSoFar } from '../../server/src/core/lines';
import * as selectors from '../../server/src/core/selectors';
import * as yamlTokens from '../../server/src/core/yamlTokens';
import { MAX_HIGHLIGHTS } from '../../server/src/core/selection/labelLinks';
import { MAX_COUNTED, MAX_HINTED_OBJECTS, MAX_TOOLTIP_LINES, MAX_WEIGHED, WEIGHED_PER_STEP } from '../../server/src/core/selection/inlayHints';
import * as statefulset from '../../server/src/core/statefulset';
import yaml = require('yaml');
import { serviceYaml, statefulSetYaml } from '../support/manifests';
import { spy as spyOn } from '../support/spy';

/**
 * Requests on one big open document cost bounded work whatever it holds (issue 16). The
 * work is counted, not timed: the objects the selector lookups hand back (each was weighed
 * by its selector), and the comparisons of objects; and the answers are measured.
 */

const URI = 'file:///big/requests.yaml';
/** The lines of the first Service's selector (test/support/manifests.ts serviceYaml). */
const SERVICE_SELECTOR = { start: { line: 0, character: 0 }, end: { line: 8, character: 0 } };
const WHOLE = { start: { line: 0, character: 0 }, end: { line: 10_000_000, character: 0 } };

/** `count` Services and StatefulSets that all select and carry `app: web`: every selector selects every workload. */
function sharedLabel(count: number): string {
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    docs.push(serviceYaml({ name: `db-${i}`, clusterIP: 'None', selector: { app: 'web' } }));
    docs.push(statefulSetYaml({ name: `db-${i}`, serviceName: `db-${i}`, replicas: 2, labels: { app: 'web' } }));
  }
  return docs.join('---\n');
}

/** One Service selecting `app: web` and `count` StatefulSets of one pod each carrying it. */
function oneServiceOver(count: number): string {
  const docs = [serviceYaml({ name: 'web', clusterIP: 'None', selector: { app: 'web' } })];
  for (let i = 0; i < count; i++) docs.push(statefulSetYaml({ name: `db-${i}`, serviceName: 'web', replicas: 1, labels: { app: 'web' } }));
  return docs.join('---\n');
}

function open(text: string): Workspace {
  const workspace = new Workspace();
  workspace.setOpen(URI, text);
  return workspace;
}

type Mutable = Record<string, unknown>;
const restores: (() => void)[] = [];
afterEach(() => restores.splice(0).forEach((restore) => restore()));

/** {@link spyOn}, put back after each test. */
function spy(module: object, name: string, count: (args: unknown[], result: unknown) => void): void {
  restores.push(spyOn(module, name, count));
}

/** Counts what `selectors.ts` hands back to the hints: the calls go through the module's exports. */
function countWork(): { weighed: number; compared: number } {
  const counts = { weighed: 0, compared: 0 };
  const wrap = (name: string, count: (result: unknown) => void) => spy(selectors, name, (_, result) => count(result));
  wrap('workloadsSelectedBy', (r) => { const s = r as selectors.SiteSelection | undefined; counts.weighed += s ? s.selected.length + s.maybe.length : 0; });
  wrap('selectorsSelecting', (r) => { const s = r as selectors.WorkloadSelectors | undefined; counts.weighed += s ? s.selecting.length + s.maybe.length : 0; });
  wrap('sameObject', () => { counts.compared++; });
  return counts;
}

const text = (hint: SelectionHint) => hint.parts.map((p) => p.text).join('');

describe('inlay hints on a big document', () => {
  // Before: every object of the range got its hints, each weighing the whole namespace:
  // 400 objects sharing a label weighed about 160,000 objects for one request.
  it('weigh at most the budget (and one hint past it) however many objects share a label', () => {
    const pairs = 200;
    const workspace = open(sharedLabel(pairs));
    const work = countWork();
    const hints = selectionHints(workspace, URI, WHOLE);
    assert.ok(hints.length > 0);
    // One hint weighs at most every object of the file.
    assert.ok(work.weighed <= MAX_WEIGHED + 2 * pairs, `${work.weighed} objects weighed`);
    // The hints count one more per hint than the objects counted here: the budget is what stopped them.
    assert.ok(work.weighed >= MAX_WEIGHED / 2, `${work.weighed} objects weighed`);
  });

  // Before: the hints of one request were one step; on 24,556 objects sharing a label the
  // first request weighed 12,278 in a turn of 107 ms (stress `requests`).
  it('weigh about WEIGHED_PER_STEP objects per step, and one hint past it', () => {
    const pairs = 200;
    const workspace = open(sharedLabel(pairs));
    const work = countWork();
    const perStep: number[] = [];
    const steps = selectionHintSteps(workspace, URI, WHOLE);
    let before = 0;
    for (let step = steps.next(); ; step = steps.next()) {
      perStep.push(work.weighed - before);
      before = work.weighed;
      if (step.done) {
        assert.deepStrictEqual(step.value, selectionHints(workspace, URI, WHOLE));
        break;
      }
    }
    // One hint weighs at most every object of the file (400 here).
    assert.ok(Math.max(...perStep) <= WEIGHED_PER_STEP + 2 * pairs, `a step weighed ${Math.max(...perStep)} objects`);
    assert.ok(perStep.length >= MAX_WEIGHED / (WEIGHED_PER_STEP + 2 * pairs), `${perStep.length} steps for ${before} objects weighed`);
  });

  it('are made for at most the first objects of the range', () => {
    const docs: string[] = [];
    for (let i = 0; i < 300; i++) docs.push(serviceYaml({ name: `db-${i}`, clusterIP: 'None', selector: { app: `db-${i}` } }), statefulSetYaml({ name: `db-${i}`, serviceName: `db-${i}`, replicas: 2, labels: { app: `db-${i}` } }));
    const workspace = open(docs.join('---\n'));
    const hints = selectionHints(workspace, URI, WHOLE);
    const lastHinted = workspace.resources(URI)[MAX_HINTED_OBJECTS - 1].range.end.line;
    assert.ok(hints.length > 0);
    assert.ok(hints.every((h) => h.line <= lastHinted), `a hint on line ${hints[hints.length - 1].line}, past the ${MAX_HINTED_OBJECTS}th object (line ${lastHinted})`);
    // Asked for a range further down, the objects there get theirs.
    const later = workspace.resources(URI)[400].range;
    assert.ok(selectionHints(workspace, URI, later).length > 0);
  });

  // Before: the selected workloads were grouped by a search of the groups for each, about
  // 4.5 million comparisons for one Service selecting 3,000 StatefulSets.
  it('group the workloads one selector selects in linear work', () => {
    const count = 3_000;
    const workspace = open(oneServiceOver(count));
    const work = countWork();
    const [hint] = selectionHints(workspace, URI, SERVICE_SELECTOR);
    assert.equal(text(hint), `pods of StatefulSet db-0, StatefulSet db-1, StatefulSet db-2 and ${count - 3} more (not counted: over 1,000 workloads)`);
    assert.ok(work.compared <= count, `${work.compared} comparisons of objects`);
    assert.equal(hint.tooltip, `The pods of 3,000 workloads are not counted: a hint counts those of at most ${MAX_COUNTED.toLocaleString('en')}.`);
  });

  // Before: each of 12,278 selected StatefulSets had its pod count read (replicas,
  // kustomizations, autoscalers) for one hint: most of a 190 ms request (stress `requests`).
  it('count the pods of at most MAX_COUNTED workloads, and say when they are not counted', () => {
    const counted = (workloads: number) => {
      const workspace = open(oneServiceOver(workloads));
      let counts = 0;
      spy(statefulset, 'podCount', () => { counts++; });
      const [hint] = selectionHints(workspace, URI, SERVICE_SELECTOR);
      restores.splice(0).forEach((restore) => restore());
      return { hint, counts };
    };
    const atCap = counted(MAX_COUNTED);
    assert.equal(text(atCap.hint), `${MAX_COUNTED} pods: StatefulSet db-0, StatefulSet db-1, StatefulSet db-2 and ${MAX_COUNTED - 3} more`);
    assert.equal(atCap.counts, MAX_COUNTED);
    // The tooltip names the first workloads and says how many more.
    const lines = atCap.hint.tooltip?.split('\n') ?? [];
    assert.equal(lines.length, MAX_TOOLTIP_LINES + 1, atCap.hint.tooltip);
    assert.equal(lines[MAX_TOOLTIP_LINES], `and ${MAX_COUNTED - MAX_TOOLTIP_LINES} more`);
    const past = counted(MAX_COUNTED + 1);
    assert.match(text(past.hint), /^pods of StatefulSet db-0, .* \(not counted: over 1,000 workloads\)$/);
    assert.equal(past.counts, 0);
  });

  // The range's objects are found by binary search in a plain file: the same hints as a
  // look at every object, for every window of lines, at document edges and inside them.
  it('hint the objects of any range of lines as a look at every object would', () => {
    const docs: string[] = [];
    for (let i = 0; i < 12; i++) docs.push(serviceYaml({ name: `db-${i}`, clusterIP: 'None', selector: { app: `db-${i % 4}` } }), statefulSetYaml({ name: `db-${i}`, serviceName: `db-${i}`, replicas: 2, labels: { app: `db-${i % 4}` } }));
    const workspace = open(docs.join('---\n'));
    const all = selectionHints(workspace, URI, WHOLE).map((h) => `${h.line}: ${text(h)}`);
    const lastLine = workspace.resources(URI).at(-1)!.range.end.line;
    for (let start = 0; start <= lastLine; start += 3) {
      for (const size of [0, 1, 7, 40]) {
        const range = { start: { line: start, character: 0 }, end: { line: start + size, character: 0 } };
        const expected = all.filter((h) => Number(h.split(':')[0]) >= start && Number(h.split(':')[0]) <= start + size);
        assert.deepEqual(selectionHints(workspace, URI, range).map((h) => `${h.line}: ${text(h)}`), expected, `lines ${start}-${start + size}`);
      }
    }
  });

  it('keep the notes about the whole selection below the names left out', () => {
    const docs = [serviceYaml({ name: 'web', clusterIP: 'None', selector: { app: 'web' } })];
    for (let i = 0; i < 30; i++) docs.push(statefulSetYaml({ name: `db-${i}`, serviceName: 'web', replicas: 1, labels: { app: 'web' } }));
    // A template whose labels cannot be read: the selection is incomplete.
    docs.push('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: other\nspec:\n  template:\n    metadata:\n      labels: *missing\n');
    const workspace = open(docs.join('---\n'));
    const [hint] = selectionHints(workspace, URI, SERVICE_SELECTOR);
    const lines = hint.tooltip?.split('\n') ?? [];
    assert.equal(lines[MAX_TOOLTIP_LINES], 'and 10 more', hint.tooltip);
    assert.match(lines[lines.length - 1], /cannot be read here/);
  });

  // Before: the hint and its tooltip quoted a 100,000-character name whole, twice.
  it('cut a long name in the hint and its tooltip', () => {
    const name = 'a'.repeat(100_000);
    const docs = [serviceYaml({ name: 'web', clusterIP: 'None', selector: { app: 'web' } }), statefulSetYaml({ name, serviceName: 'web', replicas: 1, labels: { app: 'web' } })];
    const workspace = open(docs.join('---\n'));
    const hints = selectionHints(workspace, URI, WHOLE);
    assert.ok(hints.length >= 2);
    const size = JSON.stringify(hints).length;
    assert.ok(size < 5_000, `${size} characters of hints`);
    assert.match(text(hints[0]), /more characters\)…/);
  });
});

/** The fixes of every finding of the file, as a code action over the whole file asks for them. */
function fixesOfEveryFinding(workspace: Workspace) {
  const findings = analyzeFile(workspace, URI);
  return { findings, fixes: findings.map((f) => quickFixes(workspace, URI, { ruleId: f.ruleId, range: f.range, data: f.data })) };
}

describe('quick fixes of every finding of a big document', () => {
  // Before: each fix indexed the lines of the whole file (its own fix and "ignore for this
  // line"), split it into documents, and searched every resource for its StatefulSet.
  it('index the file once, not once per finding', () => {
    const docs: string[] = [];
    for (let i = 0; i < 300; i++) docs.push(statefulSetYaml({ name: `db-${i}`, serviceName: `missing-${i}`, replicas: 1 }));
    const text = docs.join('---\n');
    const workspace = open(text);
    const before = charactersIndexedSoFar();
    const { findings, fixes } = fixesOfEveryFinding(workspace);
    const notFound = findings.filter((f) => f.ruleId === 'service-not-found');
    assert.equal(notFound.length, 300);
    const titles = fixes[findings.indexOf(notFound[299])].map((f) => f.title);
    assert.deepEqual(titles, ["Create headless Service 'missing-299'", 'Ignore service-not-found for this line']);
    const indexed = charactersIndexedSoFar() - before;
    assert.ok(indexed <= 3 * text.length, `${indexed} characters indexed for ${findings.length} findings of a file of ${text.length}`);
  });

  // Before: "ignore for this line" lexed the whole document for each finding, and moving an
  // env entry split the whole file: a 1 MB env list cost 20,000 times itself.
  it('lex a long env list once, not once per finding in it', () => {
    const env = Array.from({ length: 2_000 }, (_, i) => `            - name: VAR_${i}\n              value: "$(VAR_${i + 1})"\n`).join('');
    const text = statefulSetYaml({ name: 'db', serviceName: 'db', replicas: 1 }).replace('          image: nginx:1.27\n', `          image: nginx:1.27\n          env:\n${env}`);
    const workspace = open(`${serviceYaml({ name: 'db', clusterIP: 'None', selector: { app: 'db' } })}---\n${text}`);
    const lexed = countLexed();
    const before = charactersIndexedSoFar();
    const { findings, fixes } = fixesOfEveryFinding(workspace);
    const order = findings.filter((f) => f.ruleId === 'env-var-order');
    assert.equal(order.length, 2_000);
    assert.equal(fixes[findings.indexOf(order[1_000])][0].title, 'Move VAR_1001 before its first use');
    assert.ok(lexed.characters <= 3 * text.length, `${lexed.characters} characters lexed for ${order.length} findings in a document of ${text.length}`);
    const indexed = charactersIndexedSoFar() - before;
    assert.ok(indexed <= 3 * text.length, `${indexed} characters indexed`);
  });

  // Before: the first fix lexed the whole document, 300 ms of the first code action after an
  // edit of a 1.2 MB env list (stress \`requests\`), although the editor asks for the fixes
  // of the findings it lists first, at the top.
  it('lex only as far as the lines of the findings asked about', () => {
    // Another text than the test above's: the tokens of the last document lexed are kept.
    const env = Array.from({ length: 2_000 }, (_, i) => `            - name: LAZY_${i}\n              value: "$(LAZY_${i + 1})"\n`).join('');
    const text = statefulSetYaml({ name: 'db', serviceName: 'db', replicas: 1 }).replace('          image: nginx:1.27\n', `          image: nginx:1.27\n          env:\n${env}`);
    const workspace = open(`${serviceYaml({ name: 'db', clusterIP: 'None', selector: { app: 'db' } })}---\n${text}`);
    const findings = analyzeFile(workspace, URI).filter((f) => f.ruleId === 'env-var-order').slice(0, 100);
    const lexed = countLexed();
    const fixes = findings.map((f) => quickFixes(workspace, URI, { ruleId: f.ruleId, range: f.range, data: f.data }));
    assert.ok(fixes.every((list) => list.some((fix) => fix.title === 'Ignore env-var-order for this line')));
    assert.ok(lexed.characters > 0 && lexed.characters < text.length / 10, `${lexed.characters} characters lexed for the first 100 of 2,000 entries (${text.length})`);
  });
});

/** Counts the characters of the tokens the quick fixes lex (the lexer is asked for them through the module's exports). */
function countLexed(): { characters: number } {
  const counted = { characters: 0 };
  const exports = yamlTokens as unknown as Mutable;
  const original = exports.yamlTokenStream as (text: string) => Generator<yamlTokens.Token>;
  exports.yamlTokenStream = function* (text: string) {
    for (const token of original(text)) {
      counted.characters += token.text.length;
      yield token;
    }
  };
  restores.push(() => { exports.yamlTokenStream = original; });
  return counted;
}

describe('the outline of a document of long names', () => {
  // Before: each name was the symbol's whole name: 100,000 characters three times over.
  it('cuts the names of the object, its namespace and its containers', () => {
    const long = 'a'.repeat(100_000);
    const text = statefulSetYaml({ name: long, namespace: `n${long}`, serviceName: 'db', replicas: 1 }).replace('- name: nginx', `- name: c${long}`);
    const symbols = documentSymbols(open(text), URI);
    assert.equal(symbols.length, 1);
    assert.equal(symbols[0].children.length, 1);
    const size = JSON.stringify(symbols).length;
    assert.ok(size < 5_000, `${size} characters of outline`);
    assert.match(symbols[0].name, /more characters\)…/);
  });
});

describe('selector completions in a namespace of many workloads', () => {
  // Before: each value's workloads were a list searched before each was added (quadratic:
  // 1.7 s for 12,000), and each completion named every one of them.
  it('name a few workloads of a label, found in linear work', () => {
    const count = 3_000;
    const docs: string[] = [];
    for (let i = 0; i < count; i++) docs.push(statefulSetYaml({ name: `db-${i}`, serviceName: 'web', replicas: 1, labels: { app: 'web' } }));
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: \n';
    const text = `${docs.join('---\n')}---\n${service}`;
    const workspace = open(text);
    const lines = text.split('\n');
    let compared = 0;
    const includes = Array.prototype.includes;
    Array.prototype.includes = function (this: unknown[], ...args: [unknown, number?]) { compared += this.length; return includes.apply(this, args); };
    restores.push(() => { Array.prototype.includes = includes; });
    const entries = completionsAt(workspace, URI, text, { line: lines.length - 2, character: 9 });
    Array.prototype.includes = includes;
    assert.deepEqual(entries.map((e) => e.label), ['web']);
    assert.equal(entries[0].detail, `app: web on StatefulSet db-0, StatefulSet db-1, StatefulSet db-2 and ${count - 3} more`);
    assert.ok(compared <= 10 * count, `${compared} names compared`);
  });
});

describe('document highlights of a label many selectors select', () => {
  // Before: every selector entry of the file that selects it: 2,401 highlights here.
  it('are at most the bound, the label under the cursor first', () => {
    const workspace = open(sharedLabel(1_200));
    const text = workspace.effective(URI)!.text.split('\n');
    const label = text.findIndex((line, i) => line === '        app: web' && text[i - 1] === '      labels:');
    const highlights = labelHighlightsAt(workspace, URI, { line: label, character: 10 });
    assert.equal(highlights.length, MAX_HIGHLIGHTS);
    assert.deepEqual([highlights[0].role, highlights[0].range.start.line], ['label', label]);
  });
});

describe('rename of a name longer than any Kubernetes name', () => {
  // Before: prepareRename answered the 100,000-character name as its placeholder.
  it('is refused in a short message', () => {
    const workspace = open(statefulSetYaml({ name: 'a'.repeat(100_000), serviceName: 'db', replicas: 1 }));
    const answer = prepareRenameAt(workspace, URI, { line: 3, character: 10 });
    assert.ok(answer && isRefusal(answer), JSON.stringify(answer).slice(0, 200));
    assert.ok(answer.refused.length < 300, answer.refused);
  });

  // Before: the name was parsed as YAML to see whether it could be written plain (0.4 s for 20 MB).
  it('does not parse the name to write it', () => {
    const workspace = open(statefulSetYaml({ name: 'a'.repeat(100_000), serviceName: 'db', replicas: 1 }));
    workspace.resources(URI);
    let longest = 0;
    spy(yaml, 'parse', (args) => { longest = Math.max(longest, String(args[0]).length); });
    prepareRenameAt(workspace, URI, { line: 3, character: 10 });
    assert.ok(longest < 100_000, `a text of ${longest} characters parsed`);
  });
});

describe('completion in a document of a long env list', () => {
  // Before: the document was parsed again for its kind, 0.7 s for 1.2 MB, each keystroke.
  it('reads its kind from the model of the same text, not from a parse of the document', () => {
    const env = Array.from({ length: 2_000 }, (_, i) => `            - name: VAR_${i}\n              value: "${i}"\n`).join('');
    const sts = statefulSetYaml({ name: 'db', serviceName: 'db', replicas: 1 }).replace('          image: nginx:1.27\n', `          image: nginx:1.27\n          env:\n${env}`);
    const text = `${serviceYaml({ name: 'db', clusterIP: 'None', selector: { app: 'db' } })}---\n${sts}`;
    const workspace = open(text);
    let parsed = 0;
    spy(yaml, 'parseDocument', (args) => { parsed += String(args[0]).length; });
    const line = text.split('\n').indexOf('  serviceName: db');
    const entries = completionsAt(workspace, URI, text, { line, character: 15 });
    assert.deepEqual(entries.map((e) => e.label), ['db']);
    assert.equal(parsed, 0, `${parsed} characters parsed`);
  });
});
