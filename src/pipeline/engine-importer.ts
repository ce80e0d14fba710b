import { fingerprintEngineSource, maskConnectionUrl } from '../engines/index.js';
import type { ComponentSpec } from './component.js';
import type { SplitConfig, SplitSource } from './pipeline-config.js';

/** The split's source as the engines take it. */
export function engineRequest(source: SplitSource) {
  return {
    engine: source.engine,
    connection: source.connection,
    source: source.table !== undefined ? { table: source.table } : { query: source.query as string },
  };
}

/**
 * The Importer of a split whose rows live in a SQL engine: an external Examples artifact that
 * records the engine, the masked connection, the table or query and a fingerprint (row count and
 * source digest), its cache key. StatisticsGen then computes the statistics in the engine.
 */
export function engineImporter(split: SplitConfig, source: SplitSource): ComponentSpec {
  const masked = maskConnectionUrl(source.connection);
  let fingerprint: Promise<{ fingerprint: string; rows: number }> | undefined;
  const fingerprintOnce = () => {
    fingerprint ??= fingerprintEngineSource(engineRequest(source));
    return fingerprint;
  };
  const what = source.table !== undefined ? { table: source.table } : { query: source.query as string };
  return {
    kind: 'Importer',
    nodeId: `Importer.${split.name}`,
    inputs: {},
    outputs: { result: 'Examples' },
    externalOutputs: true,
    parameters: { split: split.name, source_uri: masked, engine: source.engine, ...what, reimport: 0 },
    async fingerprint() {
      return (await fingerprintOnce()).fingerprint;
    },
    async execute() {
      const { fingerprint: key, rows } = await fingerprintOnce();
      return {
        result: {
          uri: `${masked}#${source.table ?? 'query'}`,
          properties: {
            span: { intValue: 0 },
            version: { intValue: 0 },
            split_names: { stringValue: JSON.stringify([split.name]) },
          },
          customProperties: {
            engine: { stringValue: source.engine },
            connection: { stringValue: masked },
            ...(source.table !== undefined
              ? { table: { stringValue: source.table } }
              : { query: { stringValue: source.query as string } }),
            fingerprint: { stringValue: key },
            row_count: { intValue: rows },
            is_external: { intValue: 1 },
          },
        },
      };
    },
  };
}
