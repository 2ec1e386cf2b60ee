import type { Feature } from '../context';
import { workspaceDiagnostics } from './workspaceDiagnostics';
import { workspaceIndex } from './workspaceIndex';

/** Protocol features besides diagnostics, each in its own file. */
export const FEATURES: Feature[] = [workspaceIndex, workspaceDiagnostics];
