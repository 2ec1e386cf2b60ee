/** The workspace: every YAML file the core knows, its index and what a change re-checks (see ./workspace.ts). */
export { Workspace, type KustomizeRefreshDue } from './workspace';
export { SMALL_PENDING_TEXT, PENDING_TEXT_BUDGET } from './pendingTexts';
export type { DependencyKey } from './keys';
export type { PendingUpdate } from './pendingUpdates';
export type { FileChange, WorkspaceOptions, WorkspaceView } from './types';
