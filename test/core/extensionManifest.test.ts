import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { withSyntaxErrorDefault } from '../../client/src/syntaxErrors';
import { RULES, RULE_IDS, YAML_SYNTAX_RULE_ID } from '../../server/src/core/rules';
import { ROOT } from '../support/paths';

/** What package.json promises the editor, checked against the code it describes. */

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  activationEvents: string[];
  icon?: string;
  contributes: { configuration: { properties: Record<string, { type?: unknown; default?: unknown; properties?: Record<string, { enum?: string[]; markdownDescription?: string }>; additionalProperties?: unknown }> } };
};
const properties = manifest.contributes.configuration.properties;

describe('package.json', () => {
  it('statefulManifests.rules has one property per rule id with the severities as an enum (node scripts/rule-settings.mjs writes it)', () => {
    const rules = properties['statefulManifests.rules'];
    assert.deepEqual(Object.keys(rules.properties ?? {}).sort(), [...RULE_IDS].sort());
    assert.equal(rules.additionalProperties, false, 'settings.json marks an unknown rule id');
    for (const rule of RULES) {
      const property = rules.properties![rule.id];
      assert.deepEqual(property.enum, ['off', 'hint', 'information', 'warning', 'error'], rule.id);
      assert.ok(property.markdownDescription?.startsWith(rule.summary), `${rule.id}: the description starts with the rule's summary`);
      assert.ok(property.markdownDescription?.includes(`Default: \`${rule.defaultSeverity}\``), `${rule.id}: the description gives its default ${rule.defaultSeverity}`);
    }
    assert.ok(rules.properties![YAML_SYNTAX_RULE_ID].enum?.includes('error'));
  });

  it('activates when the workspace holds YAML or a Kustomization, not only when a YAML file is opened', () => {
    // onStartupFinished: VS Code gives up a workspaceContains search after about 7 s (seen on a
    // loaded machine); the client then searches without a time limit (client/src/activation.ts).
    for (const event of ['onLanguage:yaml', 'workspaceContains:**/*.{yaml,yml}', 'workspaceContains:**/Kustomization', 'onStartupFinished']) {
      assert.ok(manifest.activationEvents.includes(event), event);
    }
  });

  it('reportSyntaxErrors is unset by default, so the client can choose', () => {
    const setting = properties['statefulManifests.reportSyntaxErrors'];
    assert.equal(setting.default, null);
    assert.deepEqual(setting.type, ['boolean', 'null']);
  });

  it('has an icon that is a 128x128 PNG', () => {
    assert.ok(manifest.icon, 'icon is set');
    const png = fs.readFileSync(path.join(ROOT, manifest.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  });
});

describe('reportSyntaxErrors default (client/src/syntaxErrors.ts)', () => {
  it('is on without the YAML extension and off with it, when the user did not set it', () => {
    assert.deepEqual(withSyntaxErrorDefault({ reportSyntaxErrors: null, rules: {} }, false), { reportSyntaxErrors: true, rules: {} });
    assert.deepEqual(withSyntaxErrorDefault({}, false), { reportSyntaxErrors: true });
    assert.deepEqual(withSyntaxErrorDefault({ reportSyntaxErrors: null }, true), { reportSyntaxErrors: false });
  });
  it('keeps what the user set', () => {
    assert.deepEqual(withSyntaxErrorDefault({ reportSyntaxErrors: false }, false), { reportSyntaxErrors: false });
    assert.deepEqual(withSyntaxErrorDefault({ reportSyntaxErrors: true }, true), { reportSyntaxErrors: true });
    assert.equal(withSyntaxErrorDefault(undefined, false), undefined);
  });
});
