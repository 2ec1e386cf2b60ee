// Writes the `statefulManifests.rules` setting of package.json from the rules of the core
// (server/src/core/rules/index.ts): one property per rule id with the severities as an
// enum and the rule's summary and default, so the Settings UI and settings.json offer
// them. test/core/ruleSettings.test.ts fails when package.json differs; run
// `node scripts/rule-settings.mjs` after adding a rule or changing a default.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-rules-')), 'rules.cjs');
await esbuild.build({ entryPoints: [path.join(root, 'server/src/core/rules/index.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'warning' });
const { RULES, YAML_SYNTAX_RULE_ID } = createRequire(import.meta.url)(out);
fs.rmSync(path.dirname(out), { recursive: true, force: true });

export const LEVELS = ['off', 'hint', 'information', 'warning', 'error'];

const properties = {};
for (const rule of RULES) {
  properties[rule.id] = { type: 'string', enum: LEVELS, markdownDescription: `${rule.summary} Default: \`${rule.defaultSeverity}\`.` };
}
properties[YAML_SYNTAX_RULE_ID] = { type: 'string', enum: LEVELS, markdownDescription: 'YAML syntax errors, reported when `statefulManifests.reportSyntaxErrors` is on. Default: `error`.' };

const file = path.join(root, 'package.json');
const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
const setting = manifest.contributes.configuration.properties['statefulManifests.rules'];
setting.properties = properties;
setting.additionalProperties = false;
fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`package.json: statefulManifests.rules has ${Object.keys(properties).length} rule ids`);
