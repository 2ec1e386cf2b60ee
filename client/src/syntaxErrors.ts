/**
 * `statefulManifests.reportSyntaxErrors` defaults to null, "not set": the client then
 * turns syntax errors on unless the YAML extension (redhat.vscode-yaml) is installed,
 * which reports them itself (two squiggles for one error would be noise, none at all is
 * worse). A value the user set, true or false, is kept. No `vscode` import, so a unit
 * test can check it.
 */
export const YAML_EXTENSION_ID = 'redhat.vscode-yaml';

export function withSyntaxErrorDefault(settings: unknown, yamlExtensionInstalled: boolean): unknown {
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) return settings;
  const value = (settings as { reportSyntaxErrors?: unknown }).reportSyntaxErrors;
  if (value !== undefined && value !== null) return settings;
  return { ...settings, reportSyntaxErrors: !yamlExtensionInstalled };
}
