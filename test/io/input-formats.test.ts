import { describe, expect, it } from 'vitest';
import stats from '../../src/cli/commands/stats.js';
import { detectFormat } from '../../src/io/detect-format.js';
import { INPUT_FORMAT_TABLE, INPUT_FORMATS, isSequentialFormat } from '../../src/io/input-formats.js';

describe('the input format table', () => {
  it('is where the CLI choices and the detection hint come from', () => {
    expect(stats.options?.['input-format']?.choices).toEqual(INPUT_FORMATS);
    expect(INPUT_FORMATS).toEqual(INPUT_FORMAT_TABLE.map((row) => row.format));
    const error = (() => {
      try {
        return detectFormat('data.unknown');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({
      message: "cannot tell the format of 'data.unknown' from its name",
      hint: `pass --input-format ${INPUT_FORMATS.join('|')}`,
    });
  });

  it('detects each format by its file names, first row first', () => {
    expect(detectFormat('a/b.TSV')).toBe('csv');
    expect(detectFormat('x.pq')).toBe('parquet');
    expect(detectFormat('x.feather')).toBe('arrow');
    expect(detectFormat('x.ndjson')).toBe('jsonl');
    expect(detectFormat('x.tfrecord.gz')).toBe('tfrecord');
    expect(detectFormat('Split-train/data_tfrecord-00000-of-00012.gz')).toBe('tfrecord');
  });

  it('says which formats a pipe can feed', () => {
    expect(INPUT_FORMATS.filter(isSequentialFormat)).toEqual(['csv', 'jsonl', 'tfrecord']);
  });
});
