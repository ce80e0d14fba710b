import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAll } from './helpers.js';

// The full datasets live next to the repository only on the project's build machine: ../shared
// from the main checkout, ../../shared from a helper worktree.
const shared = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'datasets');
const sharedFromWorktree = join(import.meta.dirname, '..', '..', '..', 'shared', 'datasets');
const root = existsSync(shared) ? shared : sharedFromWorktree;

/** Row counts from shared/datasets/README.md ("Parse check"). */
const files: Array<[string, number, number, string[]?]> = [
  ['chicago_taxi/train.csv', 10_000, 18],
  ['chicago_taxi/eval.csv', 5_000, 18],
  ['chicago_taxi/serving.csv', 100, 17],
  ['chicago_taxi_tfx/data.csv', 10_000, 18],
  ['chicago_taxi_tfx/data2.csv', 5_000, 18],
  ['chicago_taxi_tfx/unlabelled.csv', 3_604, 17],
  ['chicago_taxi_tfx/data.parquet', 10_000, 18],
  ['penguins_tfx/penguins_processed.csv', 334, 5],
  ['penguins_tfx/penguins_processed_skewed.csv', 334, 5],
  ['penguins_tfx/penguins_unlabelled.csv', 10, 4],
  ['palmer_penguins/penguins.csv', 344, 8],
  ['palmer_penguins/penguins_raw.csv', 344, 17],
  ['covertype/covertype_evaluation.csv', 75_000, 13],
  ['covertype/covertype_evaluation_anomalies.csv', 75_003, 13],
  ['covertype/covertype_serving.csv', 75_000, 12],
  ['covertype/covertype_validate_v0.csv', 50_000, 13],
  ['diabetes_130_us/diabetic_data.csv', 101_766, 50, ['?']],
  ['census_adult/adult_with_header.csv', 32_561, 15],
  ['census_adult/adult_test_with_header.csv', 16_281, 15],
  ['titanic/titanic.csv', 891, 15],
  ['nyc_taxis/taxis.csv', 6_433, 14],
  ['diamonds/diamonds.csv', 53_940, 10],
  ['mpg/mpg.csv', 398, 9],
];

describe.skipIf(!existsSync(root))("full datasets: needs ../shared/datasets (not in a user's clone)", () => {
  it.each(files)('%s: %i rows, %i columns', async (path, rows, columns, nullValues) => {
    const result = await readAll(join(root, path), nullValues ? { nullValues } : {});
    expect(result.rows).toBe(rows);
    expect(result.schema.fields.length).toBe(columns);
  });

  it('diabetes: ICD diag_* columns are strings (V57, E909), ? is missing', async () => {
    const { schema } = await readAll(join(root, 'diabetes_130_us', 'diabetic_data.csv'), { nullValues: ['?'] });
    const types = Object.fromEntries(schema.fields.map((f) => [f.name, String(f.type)]));
    expect(types).toMatchObject({ diag_1: 'Utf8', diag_2: 'Utf8', diag_3: 'Utf8', encounter_id: 'Int64' });
  });
});
