import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeFile, readSettings, renderChart, RULE_IDS, Workspace, type Finding } from '../../server/src/core';

/**
 * Fixtures are real manifests with the expected findings written beside the text:
 *
 *     serviceName: nginx
 *     #            ^^^^^ service-not-found: No Service named 'nginx'
 *
 * The carets mark the columns of the finding on the nearest line above that is not
 * an annotation; the text after the rule id (optional) must occur in the message.
 * `^^^>` marks a range that starts there and ends on a later line. A line
 * `# fixture-settings: {json}` gives the statefulManifests settings for the fixture.
 * A fixture is one file, or a folder whose files form one workspace. A folder may hold
 * Helm charts: their templates are rendered, and annotations in a template (YAML comments,
 * kept by the render) give the findings at the template's own lines and columns.
 */
export const ANNOTATION = /^(\s*#\s*)(\^+)(>?)\s+([a-z][a-z0-9-]*)(?::\s*(.*?))?\s*$/;
const SETTINGS = /^\s*#\s*fixture-settings:\s*(\{.*\})\s*$/;

export interface Expectation {
  file: string;
  ruleId: string;
  line: number;
  startCharacter: number;
  endCharacter: number;
  multiLine: boolean;
  messagePart?: string;
}

export interface FixtureResult {
  expected: Expectation[];
  findings: Finding[];
  files: string[];
}

export function readExpectations(file: string, text: string): { expectations: Expectation[]; settings?: unknown } {
  const lines = text.split(/\r?\n/);
  const expectations: Expectation[] = [];
  let settings: unknown;
  let target = -1;
  lines.forEach((line, index) => {
    const s = SETTINGS.exec(line);
    if (s) settings = JSON.parse(s[1]);
    const m = ANNOTATION.exec(line);
    if (!m) {
      target = index;
      return;
    }
    if (target < 0) throw new Error(`${file}:${index + 1}: annotation with no line above it`);
    const start = m[1].length;
    expectations.push({
      file,
      ruleId: m[4],
      line: target,
      startCharacter: start,
      endCharacter: start + m[2].length,
      multiLine: m[3] === '>',
      messagePart: m[5] || undefined,
    });
  });
  return { expectations, settings };
}

/** Analyses one fixture (file or folder) as a workspace of its own. */
export function runFixture(fixture: string): FixtureResult {
  const files = fs.statSync(fixture).isDirectory()
    // Sub-folders too: kustomize overlays and bases live in folders of their own.
    // Helm chart helpers (.tpl) and packaged subcharts (.tgz) too: a fixture folder may hold charts.
    ? fs.readdirSync(fixture, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(ya?ml|tpl|tgz)$/.test(f)).sort().map((f) => path.join(fixture, f))
    : [fixture];
  const workspace = new Workspace({ renderChart });
  const expected: Expectation[] = [];
  let rawSettings: unknown;
  const uris: string[] = [];
  // One batch: charts render once, after all their files are in.
  workspace.batch(() => {
    for (const file of files) {
      const uri = pathToFileURL(file).href;
      if (file.endsWith('.tgz')) {
        workspace.setDisk(uri, new Uint8Array(fs.readFileSync(file)));
        continue;
      }
      const text = fs.readFileSync(file, 'utf8');
      const { expectations, settings } = readExpectations(file, text);
      expected.push(...expectations);
      rawSettings ??= settings;
      uris.push(uri);
      workspace.setDisk(uri, text);
    }
  });
  const { settings, problems } = readSettings(rawSettings, RULE_IDS);
  if (problems.length) throw new Error(`${fixture}: bad fixture-settings: ${problems.join(' ')}`);
  workspace.setSettings(settings);
  const findings = uris.flatMap((uri) => analyzeFile(workspace, uri));
  return { expected, findings, files };
}

function matches(e: Expectation, f: Finding): boolean {
  if (pathToFileURL(e.file).href !== f.uri || e.ruleId !== f.ruleId) return false;
  if (f.range.start.line !== e.line || f.range.start.character !== e.startCharacter) return false;
  if (e.multiLine ? f.range.end.line <= e.line : f.range.end.line !== e.line || f.range.end.character !== e.endCharacter) return false;
  return !e.messagePart || f.message.includes(e.messagePart);
}

/** Differences between the annotations and the findings, as readable lines ('' when none). */
export function compareFixture(result: FixtureResult): string {
  const unmatched = [...result.findings];
  const missing: Expectation[] = [];
  for (const e of result.expected) {
    const i = unmatched.findIndex((f) => matches(e, f));
    if (i >= 0) unmatched.splice(i, 1);
    else missing.push(e);
  }
  const lines: string[] = [];
  for (const e of missing) {
    lines.push(`missing  ${path.basename(e.file)}:${e.line + 1}:${e.startCharacter + 1}-${e.endCharacter + 1} ${e.ruleId}${e.messagePart ? ` "${e.messagePart}"` : ''}`);
  }
  for (const f of unmatched) {
    const r = f.range;
    lines.push(`unexpected ${path.basename(decodeURIComponent(f.uri))}:${r.start.line + 1}:${r.start.character + 1}-${r.end.line === r.start.line ? '' : `${r.end.line + 1}:`}${r.end.character + 1} ${f.ruleId}: ${f.message}`);
  }
  return lines.join('\n');
}
