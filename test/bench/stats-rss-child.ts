// Child process of the statistics benchmark: streams N generated rows (the 20-column bench shape)
// through the statistics accumulator and prints peak RSS, so 1M and 10M rows can be compared.
import { type Data, Float64, Int64, makeData, RecordBatch, Utf8, vectorFromArray } from 'apache-arrow';
import { StatisticsAccumulator } from '../../src/stats/statistics-accumulator.js';

const rows = Number(process.argv[2] ?? 1_000_000);
const batchRows = 65_536;
let seed = 42;
const random = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 4294967296;
};
const strings = [3, 7, 12, 30, 100].map((c) => Array.from({ length: c }, (_, i) => `cat_${i}`));
const acc = new StatisticsAccumulator();
const start = performance.now();
for (let done = 0; done < rows; done += batchRows) {
  const n = Math.min(batchRows, rows - done);
  const columns: Record<string, Data> = {};
  for (let k = 0; k < 10; k++) {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = Math.round((random() + random() + random()) * 1e4) / 1e4;
    columns[`f${k}`] = makeData({ type: new Float64(), length: n, data: v });
  }
  for (let k = 0; k < 5; k++) {
    const v = new BigInt64Array(n);
    for (let i = 0; i < n; i++) v[i] = BigInt(Math.floor(random() * 10 ** (3 + 2 * k)));
    columns[`i${k}`] = makeData({ type: new Int64(), length: n, data: v });
  }
  strings.forEach((values, k) => {
    columns[`s${k}`] = vectorFromArray(
      Array.from({ length: n }, () => values[Math.floor(random() * values.length)]!),
      new Utf8(),
    ).data[0]!;
  });
  acc.add(new RecordBatch(columns));
}
const stats = acc.finish();
const seconds = (performance.now() - start) / 1000;
console.log(
  JSON.stringify({
    rows: stats.datasets![0]!.numExamples,
    seconds,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  }),
);
