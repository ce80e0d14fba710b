import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { definitionRows } from '../../src/pipeline/config-definition.js';
import { PIPELINE_CONFIG, parsePipelineConfig } from '../../src/pipeline/pipeline-config.js';
import { docsFile, docsWithTable } from './config-docs.js';

describe('the pipeline config definition', () => {
  it('is what docs/pipeline.md documents (run `npm run generate:config-docs` after changing it)', () => {
    const text = readFileSync(docsFile, 'utf8');
    expect(text).toBe(docsWithTable(text));
  });

  it('documents every key the parser accepts, and refuses the others', () => {
    const keys = definitionRows(PIPELINE_CONFIG).map((row) => row.key);
    expect(keys).toEqual(expect.arrayContaining(['name', 'splits[].inputs', 'splits[].format', 'failOn']));
    const top = keys.filter((key) => /^[A-Za-z]+$/.test(key));
    const base = { splits: [{ name: 'train', inputs: ['train.csv'] }] };
    for (const key of top) {
      expect(() => parsePipelineConfig({ ...base, [`${key}x`]: 1 }, { baseDir: '/' })).toThrow(`${key}x: unknown key`);
    }
    const error = (() => {
      try {
        return parsePipelineConfig({ ...base, splits: [{ name: 'a', inputs: 'a.csv', colour: 1 }] }, { baseDir: '/' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({
      message: 'invalid config: splits[0].colour: unknown key',
      hint: 'allowed here: name, inputs, format, nullValues, delimiter, environment, driftAgainst, skewAgainst, source, span',
    });
  });

  it('gives each parse its own defaults', () => {
    const base = { splits: [{ name: 'train', inputs: ['train.csv'] }] };
    const a = parsePipelineConfig(base, { baseDir: '/' });
    const b = parsePipelineConfig(base, { baseDir: '/' });
    expect(a.environments).toEqual(b.environments);
    expect(a.environments).not.toBe(b.environments);
    expect(Object.getPrototypeOf(a.features)).toBeNull();
  });
});
