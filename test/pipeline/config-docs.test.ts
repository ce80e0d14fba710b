import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DETECTOR_NAMES } from '../../src/monitoring/detector-registry.js';
import { definitionRows } from '../../src/pipeline/config-definition.js';
import { PIPELINE_CONFIG, parsePipelineConfig } from '../../src/pipeline/pipeline-config.js';
import { detectorTable, SECTIONS, withSection } from './config-docs.js';

describe('the pipeline config definition', () => {
  it.each(SECTIONS.map((section) => ({ ...section, name: `docs/${basename(section.file)}` })))(
    'is what $name documents (run `npm run generate:config-docs` after changing it)',
    (section) => {
      const text = readFileSync(section.file, 'utf8');
      expect(text).toBe(withSection(section, text));
    },
  );

  it('gives docs/monitoring.md a row per detector, with its parameters, defaults and code', () => {
    const table = detectorTable();
    for (const name of DETECTOR_NAMES) expect(table).toContain(`| \`${name}\` |`);
    expect(table).toContain(
      '| `seasonal` | `period` (needed), `k` (3), `cycles` (3) | the value is farther than k·σ from the mean',
    );
    expect(table).toContain('| `bounds` | `lower`, `upper` (one needed) | the value is outside [lower, upper] |');
    expect(table).toContain('\\|value − the value `window` spans back\\| / window > maxRate');
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
