import type { TfmdMessageTypes } from './types.js';

/** The three TFMD file kinds datavet reads and writes (what `--type` selects). */
export type TfmdKind = 'Schema' | 'DatasetFeatureStatisticsList' | 'Anomalies';

/** The kinds in the order `detectMessageKind` tries them. */
export const TFMD_KINDS: readonly TfmdKind[] = ['DatasetFeatureStatisticsList', 'Schema', 'Anomalies'];

/**
 * A message name the codec functions type precisely: the name of a tensorflow.metadata.v0 (or
 * tensorflow.data_validation) message relative to its package (`Schema`, `Histogram.Bucket`), as
 * generated into `TfmdMessageTypes` from the descriptors. Any other message of the registry can be
 * named by its full name and comes back as a plain record.
 */
export type TfmdMessageName = keyof TfmdMessageTypes;

/** The plain-data type of a message name (a record for names outside `TfmdMessageTypes`). */
export type TfmdMessageOf<K extends string> = K extends TfmdMessageName ? TfmdMessageTypes[K] : Record<string, unknown>;
