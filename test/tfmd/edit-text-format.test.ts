import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { curateFeature } from '../../src/schema/curate-feature.js';
import { editTextFormat, messagesEqual, parseTextFormat } from '../../src/tfmd/index.js';
import type { Schema } from '../../src/tfmd/types.js';
import { rng } from '../helpers/rng.js';

const root = join(import.meta.dirname, '..', '..');
const schemaFiles = [
  'test/fixtures/tfx/penguin/schema.pbtxt',
  'test/fixtures/tfx/schema_gen/schema.pbtxt',
  'test/fixtures/serving/chicago_taxi_schema.pbtxt',
  'test/fixtures/serving/chicago_taxi_schema_envs.pbtxt',
];

/** A schema as a user keeps it: comments above, beside and inside features, blank lines, odd spacing. */
const commented = `# proto-message: Schema
# Curated by the data team; keep the comments.

feature {
  name: "fare"   # dollars
  type: FLOAT
  # fares are never negative
  float_domain {
    min: 0.0  # lower bound
  }
}

# the label
feature {
  name: "tips"
  type: FLOAT
  presence {
    min_fraction: 1.0
    min_count: 1
  }
  shape { dim { size: 1 } }
}
feature { name: "company" type: BYTES }
default_environment: "TRAINING"
`;

function commentsOf(text: string): string[] {
  return text
    .split('\n')
    .map((line) => /#.*$/.exec(line)?.[0])
    .filter((c): c is string => c !== undefined);
}

function edit(text: string, change: (schema: Schema) => void): string {
  const before = parseTextFormat('Schema', text);
  const after = structuredClone(before);
  change(after);
  const edited = editTextFormat('Schema', text, before, after);
  expect(messagesEqual('Schema', parseTextFormat('Schema', edited), after)).toBe(true);
  return edited;
}

describe('editTextFormat', () => {
  it('returns the text unchanged when nothing changed, on real TFX schemas', () => {
    for (const file of [...schemaFiles.map((f) => readFileSync(join(root, f), 'utf8')), commented]) {
      const schema = parseTextFormat('Schema', file);
      expect(editTextFormat('Schema', file, schema, structuredClone(schema))).toBe(file);
    }
  });

  it('edits inside a feature and keeps every comment, blank line and the order', () => {
    const edited = edit(commented, (s) => {
      curateFeature(s, 'fare', { domain: { floatDomain: { min: 0, max: 500 } } });
      curateFeature(s, 'company', { presence: { minFraction: 0.5 } });
    });
    expect(commentsOf(edited)).toEqual(commentsOf(commented));
    expect(edited).toContain('  float_domain {\n    min: 0.0  # lower bound\n    max: 500.0\n  }');
    expect(edited).toContain('feature { name: "company" type: BYTES\n  presence {\n    min_fraction: 0.5\n  } }');
    // Untouched features are byte for byte the same.
    const tips = commented.slice(commented.indexOf('# the label'), commented.indexOf('feature { name: "company"'));
    expect(edited).toContain(tips);
  });

  it('removes a field with its line and adds fields in field-number order', () => {
    const edited = edit(commented, (s) => {
      curateFeature(s, 'tips', { presence: 'optional', notInEnvironment: ['SERVING'] });
    });
    expect(edited).not.toContain('shape');
    // value_count (field 5) goes before type (6), where TFDV and TFX print it.
    expect(edited).toContain(
      '  name: "tips"\n  value_count {\n    min: 1\n    max: 1\n  }\n  type: FLOAT\n  presence {\n    min_count: 0\n  }\n  not_in_environment: "SERVING"\n}',
    );
    expect(edited).toContain('default_environment: "TRAINING"\ndefault_environment: "SERVING"');
    expect(commentsOf(edited)).toEqual(commentsOf(commented));
  });

  it('round-trips random curations of real schemas (parse of the edit equals the edited message)', () => {
    const random = rng(20261206);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    for (const file of schemaFiles) {
      let text = readFileSync(join(root, file), 'utf8');
      for (let round = 0; round < 25; round++) {
        const names = (parseTextFormat('Schema', text).feature ?? []).map((f) => f.name ?? '');
        const name = pick(names);
        text = edit(text, (s) => {
          const kind = Math.floor(random() * 6);
          if (kind === 0)
            curateFeature(s, name, { domain: { intDomain: { min: -Math.floor(random() * 9), max: 99 } } });
          else if (kind === 1) curateFeature(s, name, { presence: pick(['required', 'optional'] as const) });
          else if (kind === 2) curateFeature(s, name, { valueCount: random() < 0.5 ? null : { min: 1, max: 2 } });
          else if (kind === 3) curateFeature(s, name, { notInEnvironment: random() < 0.5 ? [] : ['SERVING'] });
          else if (kind === 4) curateFeature(s, name, { driftComparator: { infinityNorm: { threshold: 0.01 } } });
          else curateFeature(s, name, { domain: null });
        });
      }
    }
  });
});
