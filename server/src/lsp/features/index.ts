import type { Feature } from '../context';
import { codeActionsFeature } from './codeActions';
import { completionFeature } from './completion';
import { navigationFeature } from './navigation';

/** Protocol features besides diagnostics, each in its own file. */
export const FEATURES: Feature[] = [completionFeature, codeActionsFeature, navigationFeature];
