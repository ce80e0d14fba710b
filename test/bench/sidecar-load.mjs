// The load generator of the sidecar benchmark, as its own process (so it does not share an event
// loop with the server or with the bench): autocannon POSTing the given bodies in turn on each
// connection, printing the request count and latency percentiles as one JSON line.
// node test/bench/sidecar-load.mjs '{"url": "...", "connections": 16, "duration": 10, "bodiesFile": "...", "contentType": "..."}'
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const { url, connections, duration, bodiesFile, contentType } = JSON.parse(process.argv[2] ?? '{}');
if (!url || !bodiesFile) {
  console.error('usage: node test/bench/sidecar-load.mjs JSON_OPTIONS (url, connections, duration, bodiesFile)');
  process.exit(2);
}
const bodies = JSON.parse(readFileSync(bodiesFile, 'utf8'));
const instance = autocannon({
  url,
  connections,
  duration,
  requests: bodies.map((body) => ({ method: 'POST', headers: { 'content-type': contentType }, body })),
});
// autocannon's own histogram keeps whole milliseconds; the sidecar answers in fractions of one, so
// every response time (ms, from process.hrtime) is kept here too.
let times = new Float64Array(1 << 16);
let count = 0;
instance.on('response', (_client, _status, _bytes, responseTime) => {
  if (count === times.length) {
    const grown = new Float64Array(times.length * 2);
    grown.set(times);
    times = grown;
  }
  times[count++] = responseTime;
});
const result = await instance;
const sorted = times.subarray(0, count).sort();
const at = (p) => sorted[Math.min(count - 1, Math.floor(p * count))] ?? 0;
const { requests, non2xx, errors, timeouts, duration: seconds } = result;
process.stdout.write(
  `${JSON.stringify({ total: requests.total, seconds, latency: { p50: at(0.5), p99: at(0.99) }, non2xx, errors, timeouts })}\n`,
);
