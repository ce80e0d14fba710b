// `npm run bench [-- <name>]`: runs each benchmark module in sequence, or only those whose name contains the filter.
const benches: Record<string, () => Promise<{ run(): Promise<void> }>> = {
  io: () => import('./io.bench.js'),
  stats: () => import('./stats.bench.js'),
};

const filter = process.argv[2];
for (const [name, load] of Object.entries(benches)) {
  if (filter && !name.includes(filter)) continue;
  console.log(`# bench: ${name}`);
  await (await load()).run();
}
