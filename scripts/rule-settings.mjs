// Writes the `statefulManifests.rules` setting of package.json from the rules of the core
// (server/src/core/rules/index.ts): one property per rule id with the severities as an
// enum and the rule's summary and default, so the Settings UI and settings.json offer
// them (and the same ids in the config file's schema). test/core/extensionManifest.test.ts
// fails when package.json differs; run
// `node scripts/rule-settings.mjs` after adding a rule or changing a default.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-rules-')), 'rules.cjs');
await esbuild.build({ entryPoints: [path.join(root, 'server/src/core/rules/index.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'warning' });
const { RULES, YAML_SYNTAX_RULE_ID, HELM_RENDER_RULE_ID, unusedSuppression } = createRequire(import.meta.url)(out);
fs.rmSync(path.dirname(out), { recursive: true, force: true });

export const LEVELS = ['off', 'hint', 'information', 'warning', 'error'];

const properties = {};
for (const rule of [...RULES, unusedSuppression]) {
  properties[rule.id] = { type: 'string', enum: LEVELS, markdownDescription: `${rule.summary} Default: \`${rule.defaultSeverity}\`.` };
}
properties[YAML_SYNTAX_RULE_ID] = { type: 'string', enum: LEVELS, markdownDescription: 'YAML syntax errors, reported when `statefulManifests.reportSyntaxErrors` is on. Default: `error`.' };
properties[HELM_RENDER_RULE_ID] = { type: 'string', enum: LEVELS, markdownDescription: 'A Helm chart template (or chart) that could not be rendered, said once. Default: `information`.' };

const file = path.join(root, 'package.json');
const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
const setting = manifest.contributes.configuration.properties['statefulManifests.rules'];
setting.properties = properties;
setting.additionalProperties = false;
fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`package.json: statefulManifests.rules has ${Object.keys(properties).length} rule ids`);

// The same ids in the config file's schema (schemas/stateful-manifests.schema.json), for the
// YAML extension's completion; test/core/configSchema.test.ts checks it against RULE_IDS.
const schemaFile = path.join(root, 'schemas', 'stateful-manifests.schema.json');
const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
const ids = Object.keys(properties);
schema.properties.rules.propertyNames = { enum: ids };
schema.properties.rules.properties = Object.fromEntries(ids.map((id) => [id, { type: 'string', enum: LEVELS, description: `Severity of ${id} (docs/rules/${id}.md).` }]));
fs.writeFileSync(schemaFile, `${JSON.stringify(schema, null, 2)}\n`);
console.log(`schemas/stateful-manifests.schema.json: rules has ${ids.length} rule ids`);
