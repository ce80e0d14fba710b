import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  loadAnomaliesBinary,
  loadAnomaliesText,
  loadSchemaText,
  loadStatistics,
  loadStatsBinary,
  loadStatsText,
  parseTextFormat,
  readMessageFile,
  writeAnomaliesText,
  writeMessageFile,
  writeSchemaText,
  writeStatsBinary,
  writeStatsText,
} from '../../src/index.js';

// TFDV's file helpers: each reads or writes the kind and encoding its TFDV name says.
const fixtures = resolve(import.meta.dirname, '../fixtures/tfx');
const dir = mkdtempSync(join(tmpdir(), 'datavet-tfdv-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("TFDV's load/write helpers", () => {
  it('loadSchemaText reads a TFX schema.pbtxt, writeSchemaText writes the same text back', async () => {
    const path = join(fixtures, 'penguin/schema.pbtxt');
    const schema = await loadSchemaText(path);
    expect(schema).toEqual(await readMessageFile(path, 'Schema'));
    // Any extension: the encoding is the function's, not the file name's.
    const out = join(dir, 'schema.out');
    await writeSchemaText(schema, out);
    expect(await loadSchemaText(out)).toEqual(schema);
    expect(readFileSync(out, 'utf8')).toContain('feature {');
  });

  it('loadStatistics reads TFX FeatureStats.pb (binary), and text or JSON by extension', async () => {
    const pb = join(fixtures, 'statistics_gen/Split-train/FeatureStats.pb');
    const stats = await loadStatistics(pb);
    expect(stats.datasets?.[0]?.numExamples).toBeGreaterThan(0);
    expect(await loadStatsBinary(pb)).toEqual(stats);
    await writeStatsText(stats, join(dir, 'stats.pbtxt'));
    expect(await loadStatistics(join(dir, 'stats.pbtxt'))).toEqual(stats);
    expect(await loadStatsText(join(dir, 'stats.pbtxt'))).toEqual(stats);
    await writeMessageFile(join(dir, 'stats.json'), 'DatasetFeatureStatisticsList', stats);
    expect(await loadStatistics(join(dir, 'stats.json'))).toEqual(stats);
    await writeStatsBinary(stats, join(dir, 'no-extension'));
    expect(await loadStatistics(join(dir, 'no-extension'))).toEqual(stats);
  });

  it('writeAnomaliesText / loadAnomaliesText / loadAnomaliesBinary round-trip Anomalies', async () => {
    const anomalies = parseTextFormat(
      'Anomalies',
      'anomaly_info { key: "fare" value { severity: ERROR short_description: "Unexpected data type" reason { type: UNEXPECTED_DATA_TYPE } } }',
    );
    await writeAnomaliesText(anomalies, join(dir, 'anomalies.pbtxt'));
    expect(await loadAnomaliesText(join(dir, 'anomalies.pbtxt'))).toEqual(anomalies);
    await writeMessageFile(join(dir, 'SchemaDiff.pb'), 'Anomalies', anomalies);
    expect(await loadAnomaliesBinary(join(dir, 'SchemaDiff.pb'))).toEqual(anomalies);
  });

  it('a file of another encoding is an input error naming the file', async () => {
    await expect(loadSchemaText(join(fixtures, 'statistics_gen/Split-train/FeatureStats.pb'))).rejects.toMatchObject({
      location: { file: join(fixtures, 'statistics_gen/Split-train/FeatureStats.pb') },
    });
  });
});
