import type { Feature } from '../context';
import { codeActionsFeature } from './codeActions';
import { completionFeature } from './completion';
import { definitionFeature } from './definition';
import { documentHighlightFeature } from './documentHighlight';
import { hoverFeature } from './hover';
import { inlayHintsFeature } from './inlayHints';
import { navigationFeature } from './navigation';
import { renameFeature } from './rename';
import { renderedManifestFeature } from './renderedManifest';
import { workspaceDiagnostics } from './workspaceDiagnostics';
import { workspaceIndex } from './workspaceIndex';

/** Protocol features besides diagnostics, each in its own file. */
export const FEATURES: Feature[] = [hoverFeature, definitionFeature, completionFeature, codeActionsFeature, navigationFeature, renameFeature, inlayHintsFeature, documentHighlightFeature, renderedManifestFeature, workspaceIndex, workspaceDiagnostics];
