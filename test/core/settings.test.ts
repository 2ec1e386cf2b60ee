import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULE_IDS } from '../../server/src/core/rules';
import * as fc from 'fast-check';
import { EDITOR_DEFAULTS, layerSettings } from '../../server/src/core/config';
import { DEFAULT_SETTINGS, readSettings, withKnownRulesOnly } from '../../server/src/core/settings';

/** Reads settings that have exactly one problem, and returns it. */
function oneProblem(raw: unknown): string {
  const { problems } = readSettings(raw, RULE_IDS);
  assert.equal(problems.length, 1, `expected one problem, got ${JSON.stringify(problems)}`);
  return problems[0];
}

describe('readSettings', () => {
  it('gives the defaults, without problems, for nothing or an empty object', () => {
    for (const raw of [undefined, null, {}]) {
      const { settings, problems } = readSettings(raw, RULE_IDS);
      assert.deepEqual(problems, []);
      assert.deepEqual(settings, { ...DEFAULT_SETTINGS, rules: {} });
    }
  });

  it('reads every valid setting', () => {
    const { settings, problems } = readSettings({
      defaultNamespace: 'kafka',
      clusterDomain: 'corp.example.',
      reportSyntaxErrors: true,
      rules: { 'service-name-missing': 'off', 'invalid-name': 'warning', 'yaml-syntax': 'hint' },
    }, RULE_IDS);
    assert.deepEqual(problems, []);
    assert.equal(settings.defaultNamespace, 'kafka');
    assert.equal(settings.clusterDomain, 'corp.example', 'leading and trailing dots dropped');
    assert.equal(settings.reportSyntaxErrors, true);
    assert.deepEqual(settings.rules, { 'service-name-missing': 'off', 'invalid-name': 'warning', 'yaml-syntax': 'hint' });
  });

  it('does not change the shared defaults', () => {
    readSettings({ rules: { 'invalid-name': 'off' } }, RULE_IDS);
    assert.deepEqual(DEFAULT_SETTINGS.rules, {});
  });

  it('settings that are not an object: says so, uses the defaults', () => {
    for (const raw of ['kafka', 3, [], true]) {
      const p = oneProblem(raw);
      assert.match(p, /statefulManifests settings must be an object; using the defaults\./);
    }
  });

  it('a bad defaultNamespace: says what a namespace name is, and what is used', () => {
    for (const bad of ['Kafka', 'kafka_prod', '', '-kafka', 'a'.repeat(64), 7]) {
      const p = oneProblem({ defaultNamespace: bad });
      assert.match(p, /^statefulManifests\.defaultNamespace must be a namespace name \(lower-case letters, digits and '-', at most 63 characters\), not .+; using "default"\.$/);
      assert.ok(p.includes(JSON.stringify(bad)), 'quotes the bad value');
    }
    assert.equal(readSettings({ defaultNamespace: 'Kafka' }, RULE_IDS).settings.defaultNamespace, 'default');
  });

  it('a bad clusterDomain: gives an example of a good one', () => {
    for (const bad of ['Cluster.Local', 'cluster..local', '', '.', 'under_score.local', 42]) {
      assert.match(oneProblem({ clusterDomain: bad }), /^statefulManifests\.clusterDomain must be a DNS domain such as "cluster\.local", not .+; using "cluster\.local"\.$/);
    }
  });

  it('a bad reportSyntaxErrors: says true or false', () => {
    for (const bad of ['true', 1]) {
      assert.match(oneProblem({ reportSyntaxErrors: bad }), /^statefulManifests\.reportSyntaxErrors must be true or false, not .+; using false\.$/);
    }
  });

  it('reportSyntaxErrors: null means not set (the default of package.json; the VS Code client decides)', () => {
    const { settings, problems } = readSettings({ reportSyntaxErrors: null }, RULE_IDS);
    assert.deepEqual(problems, []);
    assert.equal(settings.reportSyntaxErrors, false);
  });

  it('rules that are not an object: shows the expected shape', () => {
    for (const bad of ['off', ['invalid-name'], 1]) {
      assert.match(oneProblem({ rules: bad }), /must be an object of rule id to severity, e\.g\. \{ "service-name-missing": "off" \}/);
    }
  });

  it('an unknown rule id: lists the rule ids and suggests the one meant', () => {
    const typo = oneProblem({ rules: { 'service-selector-missmatch': 'off' } });
    assert.match(typo, /there is no rule "service-selector-missmatch" \(did you mean "service-selector-mismatch"\?\)/);
    assert.ok(RULE_IDS.every((id) => typo.includes(id)), 'lists every rule id');
    assert.match(oneProblem({ rules: { 'Invalid-Name': 'off' } }), /did you mean "invalid-name"/);
    const unrelated = oneProblem({ rules: { 'no-latest-tag': 'error' } });
    assert.doesNotMatch(unrelated, /did you mean/, 'no far-fetched suggestion');
    assert.match(unrelated, /Rule ids: /);
  });

  it('an unknown level: lists the levels and keeps the rule default', () => {
    for (const bad of ['warn', 'ERROR', 2, null]) {
      const { settings, problems } = readSettings({ rules: { 'service-not-found': bad } }, RULE_IDS);
      assert.equal(problems.length, 1);
      assert.match(problems[0], /^statefulManifests\.rules\["service-not-found"\] must be one of off, error, warning, information, hint, not .+; using the rule's default\.$/);
      assert.equal(settings.rules['service-not-found'], undefined);
    }
  });

  it('reports every problem and keeps the good values next to them', () => {
    const { settings, problems } = readSettings({ defaultNamespace: 'data', clusterDomain: '??', rules: { 'invalid-name': 'loud', 'service-name-missing': 'off' } }, RULE_IDS);
    assert.equal(problems.length, 2);
    assert.equal(settings.defaultNamespace, 'data');
    assert.equal(settings.clusterDomain, 'cluster.local');
    assert.deepEqual(settings.rules, { 'service-name-missing': 'off' });
  });

  it('names all unknown rule ids in one problem: a few of them, then how many more', () => {
    const rules = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`no-such-rule-${i}`, 'off']));
    rules['service-selector-missmatch'] = 'off';
    const started = process.hrtime.bigint();
    const problem = oneProblem({ rules });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.match(problem, /^statefulManifests\.rules: there are no rules "no-such-rule-0", "no-such-rule-1", "no-such-rule-2" and 99998 more\./);
    // Bounded whatever the input: the three ids named, and the list of every rule id (24 rules, about 560 characters).
    assert.ok(problem.length < 900, `${problem.length} characters`);
    console.log(`readSettings with 100,001 unknown rule ids: ${ms.toFixed(0)} ms`);
  });

  it('names all bad levels in one problem, and cuts long values to about 80 characters', () => {
    const huge = 'x'.repeat(1_000_000);
    const one = oneProblem({ rules: { 'service-not-found': huge } });
    assert.ok(one.length < 300, `${one.length} characters`);
    assert.match(one, /not "x{80}…"; using the rule's default\.$/);
    const two = oneProblem({ rules: { 'service-not-found': 'loud', 'invalid-name': 'louder' } });
    assert.match(two, /^statefulManifests\.rules: levels must be one of .+, not so for "service-not-found" and "invalid-name"; using the rules' defaults\.$/);
    assert.ok(oneProblem({ defaultNamespace: huge }).length < 300);
    assert.ok(oneProblem({ rules: { [huge]: 'off' } }).length < 900);
  });
});

describe('Helm release settings', () => {
  it('defaults to what helm template uses', () => {
    const { settings, problems } = readSettings({}, RULE_IDS);
    assert.deepEqual(problems, []);
    assert.deepEqual(settings.helm, { releaseName: 'release-name', valuesFiles: [], set: [] });
  });

  it('reads a release name, namespace, values files and --set entries', () => {
    const { settings, problems } = readSettings({ helm: { releaseName: 'prod', namespace: 'data', valuesFiles: ['ci/values-prod.yaml'], set: ['replicaCount=5'] } }, RULE_IDS);
    assert.deepEqual(problems, []);
    assert.deepEqual(settings.helm, { releaseName: 'prod', namespace: 'data', valuesFiles: ['ci/values-prod.yaml'], set: ['replicaCount=5'] });
  });

  it('an empty namespace means the default namespace setting', () => {
    assert.equal(readSettings({ helm: { namespace: '' } }, RULE_IDS).settings.helm.namespace, undefined);
  });

  it('names each bad value and what is used instead', () => {
    const { settings, problems } = readSettings({ helm: { releaseName: 'Prod_1', namespace: 'A', valuesFiles: 'x.yaml', set: ['noequals', 'a=b'] } }, RULE_IDS);
    assert.deepEqual(problems.map((p) => p.split(' must')[0]), [
      'statefulManifests.helm.releaseName', 'statefulManifests.helm.namespace', 'statefulManifests.helm.valuesFiles',
      'statefulManifests.helm.set entries',
    ]);
    assert.deepEqual(settings.helm, { releaseName: 'release-name', valuesFiles: [], set: ['a=b'] });
  });

  it('a release name longer than 53 characters is refused, as helm does', () => {
    assert.equal(readSettings({ helm: { releaseName: 'a'.repeat(54) } }, RULE_IDS).problems.length, 1);
  });
});

// The server layers the editor's settings over the config file's with only the known rule
// ids left (withKnownRulesOnly): 100,000 unknown ids were spread and read again
// (stress settingsFlood). The layered settings must be the same either way.
describe('withKnownRulesOnly', () => {
  it('layers to the same settings as the settings as given', () => {
    const id = fc.constantFrom(...RULE_IDS.slice(0, 4), 'no-such-rule', 'servce-not-found', '__proto__', 'constructor');
    const level = fc.constantFrom<unknown>('off', 'error', 'warning', 'info', 'hint', 'loud', 3, null, undefined, {});
    const rules = fc.dictionary(id, level, { maxKeys: 6 });
    const settings = fc.record({ rules: fc.oneof(rules, fc.constant(undefined), fc.constant('off')), defaultNamespace: fc.constantFrom(undefined, 'db', 'Bad!') }, { requiredKeys: [] });
    fc.assert(fc.property(settings, settings, (project, editor) => {
      const base = project as Record<string, unknown>;
      const asGiven = readSettings(layerSettings(base, editor, EDITOR_DEFAULTS), RULE_IDS).settings;
      const pruned = readSettings(layerSettings(base, withKnownRulesOnly(editor, RULE_IDS), EDITOR_DEFAULTS), RULE_IDS).settings;
      assert.deepEqual(pruned, asGiven);
    }), { numRuns: 2000 });
  });

  it('keeps no unknown id of 100,000', () => {
    const rules = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`no-rule-${i}`, 'off']));
    const pruned = withKnownRulesOnly({ rules: { ...rules, [RULE_IDS[0]]: 'off' } }, RULE_IDS) as { rules: object };
    assert.deepEqual(pruned.rules, { [RULE_IDS[0]]: 'off' });
  });
});
