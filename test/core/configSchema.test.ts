import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { CONFIG_KEYS, readConfig, readSettings, RULE_IDS } from '../../server/src/core';
import { ROOT } from '../support/paths';

const SCHEMA_FILE = path.join(ROOT, 'schemas', 'stateful-manifests.schema.json');
const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8'));
const validate = new Ajv({ allErrors: true }).compile(schema);

const GOOD = `# the team's settings
rules:
  service-name-missing: "off"
  unused-suppression: warning
exclude: ["vendor/**", "**/testdata/**"]
clusterDomain: cluster.example
defaultNamespace: apps
kubernetesVersion: "1.33"
reportSyntaxErrors: true
maxFileSizeKB: 512
helm:
  releaseName: db
  namespace: data
  valuesFiles: [values.yaml, ci/prod-values.yaml]
  set: ["image.tag=17.2", "replicaCount=3"]
`;

describe('.stateful-manifests.yaml: its JSON schema and the reader agree', () => {
  it('the schema has exactly the keys the reader knows, and every rule id', () => {
    assert.deepEqual(Object.keys(schema.properties).sort(), [...CONFIG_KEYS].sort());
    assert.deepEqual([...schema.properties.rules.propertyNames.enum].sort(), [...RULE_IDS].sort());
  });

  it('a full config: valid for both, every value read', () => {
    assert.ok(validate(parse(GOOD)), JSON.stringify(validate.errors));
    const { raw, problems } = readConfig(GOOD, RULE_IDS);
    assert.deepEqual(problems, []);
    assert.deepEqual(raw, {
      rules: { 'service-name-missing': 'off', 'unused-suppression': 'warning' },
      exclude: ['vendor/**', '**/testdata/**'],
      clusterDomain: 'cluster.example',
      defaultNamespace: 'apps',
      kubernetesVersion: '1.33',
      reportSyntaxErrors: true,
      maxFileSizeKB: 512,
      helm: { releaseName: 'db', namespace: 'data', valuesFiles: ['values.yaml', 'ci/prod-values.yaml'], set: ['image.tag=17.2', 'replicaCount=3'] },
    });
    // What the file gives is read again under the editor's settings: it must still be valid.
    assert.deepEqual(readSettings(raw, RULE_IDS).problems, []);
  });

  const bad: [string, string, RegExp][] = [
    ['unknown key', 'exclud: []\n', /^line 1: unknown setting "exclud" \(did you mean "exclude"\?\)/],
    ['unknown rule', 'rules:\n  no-such-rule: "off"\n', /^line 2: rules: there is no rule "no-such-rule"/],
    ['bad level', 'rules:\n  invalid-name: warn\n', /^line 2: rules\["invalid-name"\] must be one of off, error, warning, information, hint, not "warn"/],
    ['bad namespace', 'defaultNamespace: Prod\n', /^line 1: defaultNamespace must be a namespace name/],
    ['unquoted version read as a number', 'kubernetesVersion: 1.30\n', /^line 1: kubernetesVersion must be a Kubernetes version such as "1\.33", not 1\.3 \(quote it: 1\.30 unquoted is the number 1\.3\); using "1\.33"\./],
    ['bad release name', 'helm:\n  releaseName: My_Release\n', /^line 2: helm\.releaseName must be a Helm release name/],
    ['unknown helm key', 'helm:\n  values: [a.yaml]\n', /^line 2: helm\.values is not a Helm setting/],
    ['not a map', '- rules\n', /^line 1: the file must be a map of settings/],
    ['a list of excludes expected', 'exclude: vendor/**\n', /^line 1: exclude must be a list of glob patterns/],
  ];
  for (const [name, text, message] of bad) {
    it(`${name}: the schema rejects it and the reader names the line`, () => {
      assert.equal(validate(parse(text)), false, 'the schema rejects it');
      const { problems } = readConfig(text, RULE_IDS);
      assert.equal(problems.length, 1, problems.join('\n'));
      assert.match(problems[0], message);
    });
  }

  it('a bad value leaves the others in force (its default applies)', () => {
    const { raw } = readConfig('clusterDomain: "Bad Domain"\ndefaultNamespace: apps\n', RULE_IDS);
    assert.deepEqual(raw, { clusterDomain: 'cluster.local', defaultNamespace: 'apps' });
  });

  it('empty, comments only, or junk: never throws', () => {
    for (const text of ['', '# nothing\n', '\u0000\u0001', 'a: *unknown\n', '{{ .Values }}', 'x: [\n']) {
      assert.doesNotThrow(() => readConfig(text, RULE_IDS));
    }
  });

  it('the extension contributes the schema to the YAML extension, and ships it', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const [contribution] = pkg.contributes.yamlValidation;
    assert.ok(contribution.fileMatch.includes('.stateful-manifests.yaml'));
    assert.equal(path.resolve(ROOT, contribution.url), SCHEMA_FILE);
    assert.match(fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8'), /^!schemas\/\*\*$/m);
  });
});
