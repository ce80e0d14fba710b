/**
 * `npm run bench [-- <area>]`: runs every benchmark module in sequence, or only the ones whose
 * name contains the filter. Each module exports `run()` and prints its own table.
 */
const benches: Record<string, () => Promise<{ run: () => Promise<void> }>> = {
  io: () => import('./io.bench.js'),
  csv: () => import('./csv.bench.js'),
  stats: () => import('./stats.bench.js'),
  'stats-memory': () => import('./stats-memory.bench.js'),
  tfmd: () => import('./tfmd.bench.js'),
  serving: () => import('./serving.bench.js'),
  sidecar: () => import('./sidecar.bench.js'),
  metadata: () => import('./metadata.bench.js'),
  report: () => import('./report.bench.js'),
  e2e: () => import('./e2e.bench.js'),
  startup: () => import('./startup.bench.js'),
  engines: () => import('./engines.bench.js'),
  history: () => import('./history.bench.js'),
  checks: () => import('./checks.bench.js'),
};

const filter = process.argv[2];
for (const [name, load] of Object.entries(benches)) {
  if (filter && !name.includes(filter)) continue;
  console.log(`\n## ${name}`);
  await (await load()).run();
}
