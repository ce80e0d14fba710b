import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTextFormat, printTextFormat } from '../../src/tfmd/index.js';

const SCHEMA = new URL('../fixtures/tfx/schema_gen/schema.pbtxt', import.meta.url);

describe('TFMD text format on real TFX files', () => {
  it('parses the schema written by TFX SchemaGen and prints it back byte for byte (comments aside)', () => {
    const text = readFileSync(SCHEMA, 'utf8');
    const schema = parseTextFormat('Schema', text, { file: 'schema.pbtxt' });
    expect(schema.feature?.length).toBeGreaterThan(10);
    const company = schema.feature?.find((f) => f.name === 'company');
    expect(company).toEqual({
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
  });
});
