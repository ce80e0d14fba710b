import type { FeatureGenerator } from './feature-generator.js';
import { numericGenerator } from './numeric-accumulator.js';
import { stringGenerator } from './string-accumulator.js';

/**
 * The built-in per-feature statistics besides presence (which the feature driver counts while it
 * walks the lists). Adding one is a generator file and a row here (docs/extending.md, "Add a
 * statistic"): the driver creates, feeds, merges, finishes and saves whatever this lists.
 */
export const FEATURE_GENERATORS: readonly FeatureGenerator[] = [numericGenerator, stringGenerator];
