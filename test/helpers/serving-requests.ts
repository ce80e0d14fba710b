import { readFileSync } from 'node:fs';
import type { Schema } from '../../src/tfmd/types.js';

const fixtures = new URL('../fixtures/serving/', import.meta.url);

/** The schema TFX inferred from the Chicago taxi training data. */
export function chicagoSchema(): Schema {
  return JSON.parse(readFileSync(new URL('chicago_taxi_schema.json', fixtures), 'utf8')) as Schema;
}

/**
 * The 100 Chicago taxi serving rows as requests: BYTES features as strings, the others as numbers. An
 * empty cell is a feature with no values, as in the tf.Examples the schema was inferred from.
 */
export function chicagoServingRequests(schema: Schema): Record<string, unknown>[] {
  const [head = '', ...rows] = readFileSync(new URL('chicago_taxi_serving.csv', fixtures), 'utf8').trim().split('\n');
  const names = head.split(',');
  const types = new Map((schema.feature ?? []).map((f) => [f.name, f.type]));
  return rows.map((row) => {
    const cells = row.split(',');
    return Object.fromEntries(
      names.map((name, i) => {
        const cell = cells[i] ?? '';
        return [name, cell === '' ? [] : types.get(name) === 'BYTES' ? cell : Number(cell)];
      }),
    );
  });
}

const breakers: readonly ((r: Record<string, unknown>) => Record<string, unknown>)[] = [
  (r) => ({ ...r, payment_type: 'Bitcoin' }),
  (r) => ({ ...r, trip_start_hour: String(r.trip_start_hour) }),
  (r) => ({ ...r, fare: [1, 2] }),
  (r) => ({ ...r, surge: 1.5 }),
  (r) => {
    const { fare: _fare, ...rest } = r;
    return rest;
  },
];

/** 1 in 10 requests broken in one of five ways, for mixed traffic. */
export function breakOneInTen(requests: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  return requests.map((r, i) => (i % 10 === 0 ? (breakers[(i / 10) % breakers.length] as (typeof breakers)[0])(r) : r));
}
