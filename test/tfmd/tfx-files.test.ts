import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  decodeBinary,
  detectMessageKind,
  encodeBinary,
  fromJson,
  messagesEqual,
  parseTextFormat,
  printTextFormat,
  toJson,
} from '../../src/tfmd/index.js';

const fixture = (path: string) => new URL(`../fixtures/tfx/${path}`, import.meta.url);
const SPLITS = ['Split-train', 'Split-eval'];

describe('files written by TFX and TFDV', () => {
  it.each(SPLITS)('decodes %s/FeatureStats.pb and re-encodes it to the same bytes', (split) => {
    const bytes = new Uint8Array(readFileSync(fixture(`statistics_gen/${split}/FeatureStats.pb`)));
    const stats = decodeBinary('DatasetFeatureStatisticsList', bytes, { rejectUnknownFields: true });
    const dataset = stats.datasets?.[0];
    expect(stats.datasets).toHaveLength(1);
    expect(dataset?.numExamples).toBeGreaterThan(1000);
    expect(dataset?.features?.length).toBeGreaterThan(10);
    const fare = dataset?.features?.find((f) => f.path?.step?.[0] === 'fare');
    expect(fare?.type).toBe('FLOAT');
    expect(fare?.numStats?.histograms?.map((h) => h.type ?? 'STANDARD')).toEqual(['STANDARD', 'QUANTILES']);
    const reencoded = encodeBinary('DatasetFeatureStatisticsList', stats);
    expect(Buffer.from(reencoded).equals(Buffer.from(bytes))).toBe(true);
    const again = decodeBinary('DatasetFeatureStatisticsList', reencoded);
    expect(again).toEqual(stats);
  });

  it('gives the same statistics through text and JSON as from binary', () => {
    const bytes = new Uint8Array(readFileSync(fixture('statistics_gen/Split-train/FeatureStats.pb')));
    const stats = decodeBinary('DatasetFeatureStatisticsList', bytes);
    const text = printTextFormat('DatasetFeatureStatisticsList', stats);
    const fromText = parseTextFormat('DatasetFeatureStatisticsList', text);
    expect(messagesEqual('DatasetFeatureStatisticsList', fromText, stats)).toBe(true);
    expect(Buffer.from(encodeBinary('DatasetFeatureStatisticsList', fromText)).equals(Buffer.from(bytes))).toBe(true);
    const json = JSON.parse(JSON.stringify(toJson('DatasetFeatureStatisticsList', stats)));
    expect(json.datasets[0].numExamples).toMatch(/^\d+$/);
    expect(fromJson('DatasetFeatureStatisticsList', json)).toEqual(stats);
    expect(detectMessageKind(bytes, 'binary')).toBe('DatasetFeatureStatisticsList');
    expect(detectMessageKind(text, 'text')).toBe('DatasetFeatureStatisticsList');
    expect(detectMessageKind(JSON.stringify(json), 'json')).toBe('DatasetFeatureStatisticsList');
  });

  it('prints the SchemaGen schema back byte for byte (its trailing comment aside)', () => {
    const text = readFileSync(fixture('schema_gen/schema.pbtxt'), 'utf8');
    const schema = parseTextFormat('Schema', text, { file: 'schema.pbtxt' });
    expect(schema.feature?.find((f) => f.name === 'company')).toEqual({
      name: 'company',
      type: 'BYTES',
      domain: 'company',
      presence: { minFraction: 1, minCount: 1 },
    });
    const withoutComments = text
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .join('\n');
    expect(printTextFormat('Schema', schema)).toBe(withoutComments);
    expect(detectMessageKind(text, 'text')).toBe('Schema');
  });

  it('reads a hand-written schema with header comments (penguin)', () => {
    const schema = parseTextFormat('Schema', readFileSync(fixture('penguin/schema.pbtxt'), 'utf8'));
    expect(schema.feature?.[0]).toMatchObject({ name: 'body_mass_g', type: 'FLOAT', shape: { dim: [{ size: 1 }] } });
  });
});
