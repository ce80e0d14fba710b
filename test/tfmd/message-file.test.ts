import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../src/_util/errors.js';
import {
  detectMessageKind,
  formatFromPath,
  messagesDiff,
  messagesEqual,
  readMessageFile,
  type Schema,
  writeMessageFile,
} from '../../src/tfmd/index.js';

const schema: Schema = {
  feature: [{ name: 'age', type: 'INT', presence: { minFraction: 1 }, intDomain: { min: 0, max: 120 } }],
  defaultEnvironment: ['TRAINING'],
};

describe('TFMD message files', () => {
  it('chooses the format from the extension', () => {
    expect(formatFromPath('a/stats.pb')).toBe('binary');
    expect(formatFromPath('x.BIN')).toBe('binary');
    expect(formatFromPath('schema.pbtxt')).toBe('text');
    expect(formatFromPath('schema.textproto')).toBe('text');
    expect(formatFromPath('schema.txt')).toBe('text');
    expect(formatFromPath('anomalies.json')).toBe('json');
    expect(formatFromPath('data.csv')).toBeUndefined();
  });

  it.each(['s.pb', 's.pbtxt', 's.json'])('writes and reads back %s, detecting the kind', async (name) => {
    const dir = await mkdtemp(join(tmpdir(), 'datavet-tfmd-'));
    const path = join(dir, name);
    await writeMessageFile(path, 'Schema', schema);
    expect(await readMessageFile(path, 'Schema')).toEqual(schema);
    expect(await readMessageFile(path)).toEqual({ kind: 'Schema', message: schema });
    expect(await readdir(dir)).toEqual([name]);
  });

  it('detects each kind in each format', () => {
    expect(detectMessageKind('anomaly_info { key: "a" value { severity: ERROR } }', 'text')).toBe('Anomalies');
    expect(detectMessageKind('{"baseline": {"feature": []}}', 'json')).toBe('Anomalies');
    expect(detectMessageKind('{"datasets": [{"numExamples": "3"}]}', 'json')).toBe('DatasetFeatureStatisticsList');
    expect(detectMessageKind('feature { name: "x" }', 'text')).toBe('Schema');
  });

  it('reports invalid JSON as such rather than as an unknown kind', () => {
    expect(() => detectMessageKind('{"datasets": [', 'json')).toThrow(/expected valid JSON/);
  });

  it('breaks ties by file name and reports ambiguity otherwise', () => {
    expect(detectMessageKind('', 'text', { file: 'my_schema.pbtxt' })).toBe('Schema');
    expect(() => detectMessageKind('', 'text')).toThrow(/cannot tell whether the input holds/);
  });

  it('reports the real syntax error of a malformed file whose kind is detected', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'datavet-tfmd-'));
    const path = join(dir, 'bad.pbtxt');
    await writeFile(path, 'feature {\n  name: "a"\n  type: INT\n  presence { min_fraction 1.0 }\n}\n');
    const error = await readMessageFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).describe()).toMatch(/bad\.pbtxt:4:27: expected ':' after min_fraction, found '1\.0'/);
  });

  it('refuses an unknown extension with a usage error and writes nothing on failure', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'datavet-tfmd-'));
    await expect(writeMessageFile(join(dir, 'out.yaml'), 'Schema', schema)).rejects.toBeInstanceOf(UsageError);
    await writeMessageFile(join(dir, 'out.pbtxt'), 'Schema', schema);
    const bad = { feature: [{ type: 'NOPE' as 'INT' }] };
    for (const name of ['out.pbtxt', 'out.pb', 'out.json']) {
      await expect(writeMessageFile(join(dir, name), 'Schema', bad)).rejects.toThrow(/expected a value of enum/);
    }
    // The earlier file is untouched and no partial or temporary file is left.
    expect(await readMessageFile(join(dir, 'out.pbtxt'), 'Schema')).toEqual(schema);
    expect(await readdir(dir)).toEqual(['out.pbtxt']);
  });
});

describe('messagesEqual', () => {
  it('treats proto3 defaults as unset but proto2 presence as significant', () => {
    expect(
      messagesEqual('DatasetFeatureStatisticsList', { datasets: [{ numExamples: 0, name: '' }] }, { datasets: [{}] }),
    ).toBe(true);
    expect(messagesEqual('Schema', { feature: [{ name: 'a', deprecated: false }] }, { feature: [{ name: 'a' }] })).toBe(
      false,
    );
    expect(messagesEqual('Schema', { feature: [] }, {})).toBe(true);
  });

  it('compares repeated fields in order and maps by key', () => {
    expect(messagesEqual('Schema', { defaultEnvironment: ['A', 'B'] }, { defaultEnvironment: ['B', 'A'] })).toBe(false);
    expect(
      messagesEqual(
        'Anomalies',
        { anomalyInfo: { a: { severity: 'ERROR' }, b: {} } },
        { anomalyInfo: { b: {}, a: { severity: 'ERROR' } } },
      ),
    ).toBe(true);
  });

  it('compares floats with an optional tolerance, NaN equal to NaN', () => {
    const a = { datasets: [{ weightedNumExamples: 1.0 }] };
    const b = { datasets: [{ weightedNumExamples: 1.0 + 1e-9 }] };
    expect(messagesEqual('DatasetFeatureStatisticsList', a, b)).toBe(false);
    expect(messagesEqual('DatasetFeatureStatisticsList', a, b, { floatTolerance: 1e-6 })).toBe(true);
    const nan = { datasets: [{ weightedNumExamples: Number.NaN }] };
    expect(messagesEqual('DatasetFeatureStatisticsList', nan, nan)).toBe(true);
    expect(messagesDiff('DatasetFeatureStatisticsList', a, b)).toEqual([
      'datasets[0].weighted_num_examples: 1 != 1.000000001',
    ]);
  });
});
