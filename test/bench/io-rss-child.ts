// Child process of the ingestion benchmark: reads one file through readBatches and prints
// rows, seconds and peak RSS as JSON, so the parent measures memory in isolation. The peak is
// sampled with process.memoryUsage() because getrusage's maxRSS of a spawned child can report
// the parent's high-water mark.
import { readBatches } from '../../src/index.js';

const [path, batchSize] = process.argv.slice(2);
let peak = process.memoryUsage().rss;
const sample = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);
const started = performance.now();
let rows = 0;
for await (const batch of readBatches(path!, batchSize ? { batchSize: Number(batchSize) } : {})) {
  rows += batch.numRows;
  peak = Math.max(peak, process.memoryUsage().rss);
}
clearInterval(sample);
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ rows, seconds, peakRssMB: peak / 2 ** 20 })}\n`);
