import type { Feature } from '../context';

/** Protocol features besides diagnostics, each in its own file. */
export const FEATURES: Feature[] = [];
