// Child process of the ingestion benchmark: reads one file through readBatches and prints
// rows, seconds and peak RSS as JSON, so the parent measures memory in isolation.
import { readBatches } from '../../src/index.js';

const [path, batchSize] = process.argv.slice(2);
const started = performance.now();
let rows = 0;
for await (const batch of readBatches(path!, batchSize ? { batchSize: Number(batchSize) } : {})) rows += batch.numRows;
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ rows, seconds, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
