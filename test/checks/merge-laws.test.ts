import type { RecordBatch } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { CheckAccumulator, type CheckMeasurements, checkPlan, parseChecks } from '../../src/checks/index.js';
import { readBatches } from '../../src/io/open-dataset.js';
import { expectMergeable } from '../stats/merge-law.js';
import { datasetsDir } from './independent.js';

/** A batch with the file it came from and its first row there. */
interface Chunk {
  readonly batch: RecordBatch;
  readonly file: string;
  readonly firstRow: number;
}

async function chunks(files: readonly string[], batchSize: number): Promise<Chunk[]> {
  const out: Chunk[] = [];
  for (const file of files) {
    let row = 1;
    for await (const batch of await readBatches(`${datasetsDir}/${file}`, { batchSize })) {
      out.push({ batch, file, firstRow: row });
      row += batch.numRows;
    }
  }
  return out;
}

/** The measurements as plain data (Maps as entry lists), for the merge-law comparison. */
function plain(m: CheckMeasurements) {
  return { rows: m.rows, row: m.row, keys: [...m.keys], maxStrings: [...m.maxStrings] };
}

describe('the check accumulator is a mergeable generator', () => {
  it('obeys the merge laws over batches of two files (counts, examples, keys, greatest strings)', async () => {
    const set = parseChecks(`
max_examples: 3
checks:
  - {name: dropoff, row: dropoff_latitude is not null, when: pickup_latitude is not null}
  - {name: cash, row: "payment_type == 'Cash'"}
  - {name: unique_time, unique: trip_start_timestamp}
  - {name: unique_pair, unique: [company, payment_type]}
  - {name: newest_company, dataset: "freshness(company) > 0"}
`);
    const plan = checkPlan(set);
    // eval.csv first: the input order is not the path order, which the results must not depend on.
    const data = await chunks(['chicago_taxi/eval.csv', 'chicago_taxi/train.csv'], 1500);
    expect(data.length).toBeGreaterThan(8);
    const out = expectMergeable(
      {
        init: () => new CheckAccumulator(plan),
        add: (acc, c: Chunk) => {
          acc.add(c.batch, { file: c.file, firstRow: c.firstRow });
          return acc;
        },
        merge: (a, b) => a.merge(b),
        finish: (acc) => plain(acc.finish()),
        roundTrip: (acc) => CheckAccumulator.fromState(JSON.parse(JSON.stringify(acc.toState()))),
      },
      data,
    );
    // Examples are the first rows by file path, then row: eval.csv sorts before train.csv.
    const dropoff = out.row.find((r) => r.name === 'dropoff')!;
    expect(dropoff.examples.map((e) => e.file)).toEqual([
      'chicago_taxi/eval.csv',
      'chicago_taxi/eval.csv',
      'chicago_taxi/eval.csv',
    ]);
    const rows = dropoff.examples.map((e) => e.row);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
  });
});
