import { join } from 'node:path';

/**
 * The TFX release whose artifact layout datavet writes (`Split-<name>/` folders, `FeatureStats.pb`,
 * `SchemaDiff.pb`), recorded as the `tfx_version` custom property of every output: TFX reads an
 * artifact without it, or older than 0.29, in the layout before split folders and finds no files.
 */
export const TFX_LAYOUT_VERSION = '1.14.0';

/**
 * File names inside artifact directories, as TFX lays them out, so TFX/TFDV tools can read our
 * artifacts and we can read theirs.
 */
export const artifactLayout = {
  /** Examples: the folder of one split's files (TFX's ExampleGen and Importer layout). */
  split: (uri: string, split: string): string => join(uri, `Split-${split}`),
  /** ExampleStatistics: one binary DatasetFeatureStatisticsList per split. */
  statistics: (uri: string, split: string): string => join(uri, `Split-${split}`, 'FeatureStats.pb'),
  /**
   * Schema: the text-format Schema, alone in the artifact's directory (TFX reads the only file
   * there, so nothing else may be written next to it).
   */
  schema: (uri: string): string => join(uri, 'schema.pbtxt'),
  /** ExampleAnomalies: one binary Anomalies message per split. */
  anomalies: (uri: string, split: string): string => join(uri, `Split-${split}`, 'SchemaDiff.pb'),
  /**
   * Skew of a split against training data (datavet's addition: TFX's ExampleValidator has no skew
   * check), next to the split's SchemaDiff.pb.
   */
  skew: (uri: string, split: string): string => join(uri, `Split-${split}`, 'SkewDiff.pb'),
  /** The custom checks' state of the statistics pass (datavet's addition), next to FeatureStats.pb. */
  checkState: (uri: string, split: string): string => join(uri, `Split-${split}`, 'CheckState.json'),
  /** The custom checks' results (datavet's addition), next to SchemaDiff.pb. */
  checkResults: (uri: string, split: string): string => join(uri, `Split-${split}`, 'CheckResults.json'),
} as const;

/** TFX's output URI: `{pipeline_root}/{node_id}/{output_key}/{execution_id}`. */
export function outputUri(pipelineRoot: string, nodeId: string, outputKey: string, executionId: number): string {
  return join(pipelineRoot, nodeId, outputKey, String(executionId));
}
