import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import { FIXTURES, ROOT } from '../support/paths';

/**
 * The SARIF report validated against the SARIF 2.1.0 JSON schema. The schema file comes
 * from the npm package @microsoft/jest-sarif (MIT; lib/schemas/sarif-2.1.0-rtm.5.json,
 * the OASIS schema as published on schemastore), a dev dependency used for nothing else.
 * It is a draft-04 schema, hence ajv-draft-04. Its `language` pattern is not a valid
 * Unicode-mode regular expression, so patterns are compiled without the `u` flag.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SCHEMA = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;

function validator() {
  const ajv = new Ajv({ strict: false, unicodeRegExp: false, allErrors: true });
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('uri-reference', (s: string) => URL.canParse(s, 'file:///base/'));
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  return ajv.compile(SCHEMA);
}

function sarifOf(args: string[], cwd: string): Record<string, any> {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'check', '--no-config', '--format', 'sarif', ...args], { cwd, encoding: 'utf8' });
  assert.ok(run.status === 0 || run.status === 1, run.stderr);
  return JSON.parse(run.stdout);
}

describe('SARIF report: valid SARIF 2.1.0', () => {
  const validate = validator();

  it('the validator rejects a broken log (it can fail)', () => {
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false);
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, locations: [{ physicalLocation: { region: { startLine: 0 } } }] }] }] }), false, 'lines are 1-based');
  });

  for (const [name, args, cwd] of [
    ['the report fixtures, relative to the working directory', ['manifests'], path.join(FIXTURES, 'cli-report')],
    ['the examples, a file outside the working directory (absolute URI)', ['examples/', path.join(FIXTURES, 'rules', 'service-not-found', 'invalid-missing-service.yaml')], path.join(ROOT, 'examples', '..')],
    ['a run with no findings', ['examples/postgres.yaml'], ROOT],
  ] as [string, string[], string][]) {
    it(name, () => {
      const log = sarifOf(args, cwd);
      assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
      assert.equal(log.runs.length, 1);
      const run = log.runs[0];
      for (const result of run.results) {
        assert.ok(run.tool.driver.rules[result.ruleIndex].id === result.ruleId, 'ruleIndex points at the rule');
        const location = result.locations[0].physicalLocation;
        if (location.artifactLocation.uriBaseId) {
          assert.equal(location.artifactLocation.uriBaseId, '%SRCROOT%');
          assert.ok(!location.artifactLocation.uri.startsWith('file:') && !location.artifactLocation.uri.startsWith('/'), 'relative');
        }
        assert.ok(location.region.startLine >= 1 && location.region.startColumn >= 1);
      }
    });
  }

  it('a file outside the working directory keeps its absolute URI, with no base id', () => {
    const log = sarifOf([path.join(FIXTURES, 'rules', 'service-not-found', 'invalid-missing-service.yaml')], path.join(ROOT, 'examples'));
    const location = log.runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    assert.match(location.uri, /^file:\/\/\/.*invalid-missing-service\.yaml$/);
    assert.equal(location.uriBaseId, undefined);
  });

  it('related locations are there, 1-based', () => {
    const log = sarifOf(['manifests/web.yaml'], path.join(FIXTURES, 'cli-report'));
    const headless = log.runs[0].results.find((r: any) => r.ruleId === 'service-not-headless');
    assert.deepEqual(headless.relatedLocations.map((r: any) => [r.physicalLocation.artifactLocation.uri, r.physicalLocation.region.startLine]), [['manifests/web.yaml', 4]]);
  });
});
