import { readFileSync } from 'node:fs';
import {
  decodeBinary,
  encodeBinary,
  fromJson,
  parseTextFormat,
  printTextFormat,
  toJsonString,
} from '../../src/tfmd/index.js';
import { syntheticStatistics } from './tfmd-synthetic.js';

const KIND = 'DatasetFeatureStatisticsList';

function time(fn: () => unknown, minMs = 300): number {
  fn();
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    fn();
    runs++;
  }
  return (performance.now() - start) / runs;
}

/** TFMD codec throughput: TFDV's FeatureStats.pb and a 500-feature synthetic statistics list. */
export async function run(): Promise<void> {
  const tfdv = new Uint8Array(
    readFileSync(new URL('../fixtures/tfx/statistics_gen/Split-train/FeatureStats.pb', import.meta.url)),
  );
  const synthetic = encodeBinary(KIND, syntheticStatistics(500));
  const rows: string[][] = [];
  for (const [name, bytes] of [
    ['TFDV FeatureStats.pb', tfdv],
    ['synthetic, 500 features', synthetic],
  ] as const) {
    const message = decodeBinary(KIND, bytes);
    const text = printTextFormat(KIND, message);
    const json = toJsonString(KIND, message);
    const cells: [string, () => unknown][] = [
      ['decode binary', () => decodeBinary(KIND, bytes)],
      ['encode binary', () => encodeBinary(KIND, message)],
      ['parse text', () => parseTextFormat(KIND, text)],
      ['print text', () => printTextFormat(KIND, message)],
      ['parse JSON', () => fromJson(KIND, json)],
      ['print JSON', () => toJsonString(KIND, message)],
    ];
    for (const [op, fn] of cells) {
      const ms = time(fn);
      const size = op.includes('binary') ? bytes.length : op.includes('text') ? text.length : json.length;
      rows.push([
        name,
        op,
        `${(size / 1024).toFixed(0)} KiB`,
        ms.toFixed(3),
        (size / 1048576 / (ms / 1000)).toFixed(1),
      ]);
    }
  }
  const header = ['input', 'operation', 'size', 'ms/op', 'MiB/s'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log('\nTFMD codecs (datavet, descriptor-driven)');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}
