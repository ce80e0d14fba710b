import { testBackends } from '../metadata/backends.js';

const CALLS = 500;

/** putExecution throughput (one input and one output artifact, one shared context) and a filtered listing, per backend. */
export async function run(): Promise<void> {
  const rows: string[][] = [];
  const backends = testBackends('bench');
  for (const backend of backends) {
    const reason = await backend.unavailable();
    if (reason) {
      console.log(`skipped ${backend.name}: ${reason}`);
      continue;
    }
    const { store } = await backend.fresh();
    const at = await store.putArtifactType({ name: 'Examples', properties: { span: 'INT' } });
    const et = await store.putExecutionType({ name: 'StatisticsGen' });
    const ct = await store.putContextType({ name: 'pipeline' });
    const start = performance.now();
    for (let i = 0; i < CALLS; i++) {
      await store.putExecution(
        { typeId: et, name: `e${i}`, lastKnownState: 'COMPLETE' },
        [
          { artifact: { typeId: at, uri: `in/${i}`, properties: { span: { intValue: i } } }, event: { type: 'INPUT' } },
          { artifact: { typeId: at, uri: `out/${i}` }, event: { type: 'OUTPUT' } },
        ],
        [{ typeId: ct, name: 'p' }],
        { reuseContextIfAlreadyExist: true },
      );
    }
    const putMs = performance.now() - start;
    const listStart = performance.now();
    const found = await store.getArtifacts({
      filterQuery: "properties.span.int_value < 100 AND uri LIKE 'in/%' AND contexts_p.name = 'p'",
    });
    const listMs = performance.now() - listStart;
    const lineageStart = performance.now();
    await store.getLineageSubgraph({ startingArtifacts: { filterQuery: "uri = 'in/0'" }, maxNumHops: 2 });
    const lineageMs = performance.now() - lineageStart;
    await store.close();
    await backend.cleanup();
    rows.push([
      backend.name,
      (putMs / CALLS).toFixed(2),
      ((CALLS * 1000) / putMs).toFixed(0),
      `${listMs.toFixed(1)} (${found.items.length})`,
      lineageMs.toFixed(1),
    ]);
  }
  const header = ['backend', 'ms/putExecution', 'putExecution/s', 'filtered list ms (rows)', 'lineage 2 hops ms'];
  console.log(`metadata store, ${CALLS} sequential putExecution calls (2 artifacts, 2 events, 1 context each)`);
  console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}
