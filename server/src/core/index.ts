/** The analysis core: text in, model and findings out. Imports only `yaml` and itself. */
export * from './types';
export * from './model';
export { LineIndex } from './lines';
export { parseFile, type ParsedFile, type ParsedDocument, type SyntaxProblem } from './parse';
export { type ScannedObject } from './indexScan';
export { Workspace, type WorkspaceView, type FileChange, type DependencyKey, type PendingUpdate, SMALL_PENDING_TEXT } from './workspace';
export { analyzeFile, analyzeFileSteps, filesAnalysedSoFar, severityOf } from './analyze';
export {
  isKustomizationFile, readKustomization, readKustomizationSteps, kustomizeNamespaces, kustomizeReplicas, replicasFor, kustomizeLabelledFiles, isClusterScopedKind, KUSTOMIZATION_FILE_NAMES, type Kustomization,
  type ReplicasOverride,
} from './kustomize';
export * from './controllerLabels';
export { isHelmTemplate } from './helm';
export { renderChart, chartSymbols } from './helm/index';
export { encodeSegment, joinUri, dirnameUri, basenameUri, isInside } from './uris';
export { RULES, RULE_IDS, YAML_SYNTAX_RULE_ID, HELM_RENDER_RULE_ID, UNUSED_SUPPRESSION_RULE_ID, unusedSuppression, type Rule } from './rules';
export { readSettings, withKnownRulesOnly, DEFAULT_SETTINGS, type Settings, type RuleLevel } from './settings';
export { readConfig, readConfigText, lineOfSetting, layerSettings, CONFIG_FILE_NAME, CONFIG_KEYS, EDITOR_DEFAULTS, type ConfigResult } from './config';
export { compileGlobs, GlobError, MAX_BRACE_EXPANSIONS } from './glob';
export { readWorkspaceSettings, MAX_EXCLUDE_PATTERNS, MAX_EXCLUDE_PATTERN_CHARS, DEFAULT_WORKSPACE_SETTINGS, type WorkspaceSettings, type DiagnosticsScope } from './workspaceSettings';
export * from './statefulset';
export * from './labels';
export { hoverAt, type HoverResult } from './hover';
export { definitionAt, type DefinitionTarget } from './definition';
export { cursorContext, ITEM, type CursorContext, type PathStep } from './cursor';
export { completionsAt, yamlString, type CompletionEntry } from './completion';
export { documentSnippetRange } from './documentSnippets';
export { quickFixes, FIXABLE_RULE_IDS, type QuickFix, type FindingRef, type TextEdit } from './codeActions';
export { referencesAt, documentSymbols, objectsLeftOutOfOutline, MAX_OBJECTS_WITH_OUTLINE_CHILDREN, MAX_OUTLINE_OBJECTS, type Location, type OutlineSymbol, type SymbolKindName } from './navigation';
export { prepareRenameAt, prepareRenameAtSteps, renameAt, renameAtSteps, isRefusal, type RenameRefusal, type RenameEdit, type WorkspaceRename, type Confirmation } from './rename';
export { podSelectorsOf, podsSelected, workloadsSelectedBy, selectorsSelecting, type PodSelectorSite, type PodsSelected } from './selectors';
export { selectionHints, selectionHintSteps, type SelectionHint, type HintPart } from './selection/inlayHints';
export { labelLinksAt, labelReferencesAt, labelHighlightsAt, type LabelLink } from './selection/labelLinks';
export { runToEnd, type Steps } from './steps';
