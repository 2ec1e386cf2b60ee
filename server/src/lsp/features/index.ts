import type { Feature } from '../context';
import { definitionFeature } from './definition';
import { hoverFeature } from './hover';

/** Protocol features besides diagnostics, each in its own file. */
export const FEATURES: Feature[] = [hoverFeature, definitionFeature];
