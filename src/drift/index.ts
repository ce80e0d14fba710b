// drift layer: distances between two statistics (TFDV's comparators; other helpers add more files).

export type { MetricReadOptions } from './_string-counts.js';
export {
  alignHistograms,
  type JensenShannonError,
  type JensenShannonOptions,
  jensenShannon,
} from './jensen-shannon.js';
export { type DistanceResult, lInfinity } from './l-infinity.js';
export { normalizedAbsoluteDifference } from './normalized-abs-difference.js';
