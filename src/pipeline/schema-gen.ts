import { inferSchema } from '../schema/infer.js';
import { readMessageFile, writeMessageFile } from '../tfmd/message-file.js';
import type { Schema } from '../tfmd/types.js';
import { applySchemaEdits, type SchemaEdits } from './apply-schema-config.js';
import { artifactLayout } from './artifact-layout.js';
import type { ComponentSpec } from './component.js';
import { fingerprintFiles } from './fingerprint.js';

/** Options of the inferred schema (TFDV's infer_schema). */
export interface SchemaGenOptions {
  readonly split: string;
  readonly maxStringDomainSize?: number;
  readonly inferFeatureShape?: boolean;
}

/**
 * Called with every schema a run creates, before it is published; returns extra custom properties
 * for the Schema artifact (e.g. a version number from the schema registry).
 */
export type SchemaHook = (schema: Schema, uri: string, executionId: number) => Promise<Record<string, string | number>>;

function hookProperties(props: Record<string, string | number>) {
  return Object.fromEntries(
    Object.entries(props).map(([k, v]) => [k, typeof v === 'number' ? { intValue: v } : { stringValue: v }]),
  );
}

/**
 * TFX's SchemaGen: infers a schema from one split's ExampleStatistics with TFDV's rules, then
 * applies the config's environments and comparators, and writes `schema.pbtxt`. The Schema
 * artifact is linked (INPUT event) to the statistics it came from.
 */
export function schemaGen(
  statisticsId: number,
  options: SchemaGenOptions,
  edits: SchemaEdits,
  onSchema?: SchemaHook,
): ComponentSpec {
  return {
    kind: 'SchemaGen',
    nodeId: 'SchemaGen',
    inputs: { statistics: [statisticsId] },
    outputs: { schema: 'Schema' },
    parameters: {
      infer_feature_shape: options.inferFeatureShape === false ? 0 : 1,
      max_string_domain_size: options.maxStringDomainSize ?? 100,
      exclude_splits: '[]',
      source_split: options.split,
      schema_edits: edits,
    },
    async execute({ inputs, outputUris, executionId }) {
      const stats = inputs.statistics?.[0];
      if (!stats) throw new Error('SchemaGen: no statistics input');
      const statistics = await readMessageFile(
        artifactLayout.statistics(stats.uri, options.split),
        'DatasetFeatureStatisticsList',
      );
      const schema = applySchemaEdits(
        inferSchema(statistics, {
          ...(options.maxStringDomainSize !== undefined ? { maxStringDomainSize: options.maxStringDomainSize } : {}),
          ...(options.inferFeatureShape !== undefined ? { inferFeatureShape: options.inferFeatureShape } : {}),
        }),
        edits,
      );
      const uri = outputUris.schema as string;
      await writeMessageFile(artifactLayout.schema(uri), 'Schema', schema);
      const extra = onSchema ? await onSchema(schema, uri, executionId) : {};
      return { schema: { customProperties: { source: { stringValue: 'inferred' }, ...hookProperties(extra) } } };
    },
  };
}

/**
 * TFX's ImportSchemaGen: copies a user-curated schema (text, binary or JSON) into the pipeline
 * as `schema.pbtxt`, with the config's environments and comparators applied. The file's bytes are
 * its cache key.
 */
export function importSchemaGen(path: string, edits: SchemaEdits, onSchema?: SchemaHook): ComponentSpec {
  return {
    kind: 'ImportSchemaGen',
    nodeId: 'ImportSchemaGen',
    inputs: {},
    outputs: { schema: 'Schema' },
    parameters: { schema_file: path, schema_edits: edits },
    fingerprint: () => fingerprintFiles([path]),
    async execute({ outputUris, executionId }) {
      const schema = applySchemaEdits(await readMessageFile(path, 'Schema'), edits);
      const uri = outputUris.schema as string;
      await writeMessageFile(artifactLayout.schema(uri), 'Schema', schema);
      const extra = onSchema ? await onSchema(schema, uri, executionId) : {};
      return {
        schema: {
          customProperties: {
            source: { stringValue: 'imported' },
            source_uri: { stringValue: path },
            ...hookProperties(extra),
          },
        },
      };
    },
  };
}
