/** The analysis core: text in, model and findings out. Imports only `yaml` and itself. */
export * from './types';
export * from './model';
export { LineIndex } from './lines';
export { parseFile, type ParsedFile, type ParsedDocument, type SyntaxProblem } from './parse';
export { Workspace, type WorkspaceView, type FileChange, type DependencyKey } from './workspace';
export { analyzeFile, severityOf } from './analyze';
export { isKustomizationFile, readKustomization, kustomizeNamespaces, isClusterScopedKind, KUSTOMIZATION_FILE_NAMES, type Kustomization } from './kustomize';
export { isHelmTemplate } from './helm';
export { encodeSegment, joinUri, dirnameUri, basenameUri, isInside } from './uris';
export { RULES, RULE_IDS, YAML_SYNTAX_RULE_ID, type Rule } from './rules';
export { readSettings, DEFAULT_SETTINGS, type Settings, type RuleLevel } from './settings';
export { readWorkspaceSettings, DEFAULT_WORKSPACE_SETTINGS, type WorkspaceSettings, type DiagnosticsScope } from './workspaceSettings';
export * from './statefulset';
export * from './labels';
