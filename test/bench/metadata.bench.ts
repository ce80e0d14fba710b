import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMetadataStore } from '../../src/metadata/open-metadata-store.js';
import { MYSQL_URL, POSTGRES_URL, testBackends, uniqueName } from '../metadata/backends.js';

const CALLS = 500;

/** putExecution throughput (one input and one output artifact, one shared context) and a filtered listing, per backend. */
export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'datavet-md-bench-'));
  const urls: Array<[string, string]> = [
    ['memory', 'memory:'],
    ['sqlite', `sqlite:${join(dir, 'bench.sqlite')}`],
  ];
  const backends = testBackends('bench');
  if (!(await backends.find((b) => b.name === 'postgres')!.unavailable())) {
    urls.push(['postgres', `${POSTGRES_URL}${POSTGRES_URL.includes('?') ? '&' : '?'}schema=${uniqueName('bench')}`]);
  }
  const mysqlDb = uniqueName('bench');
  if (!(await backends.find((b) => b.name === 'mysql')!.unavailable())) {
    const u = new URL(MYSQL_URL);
    u.pathname = `/${mysqlDb}`;
    urls.push(['mysql', u.toString()]);
  }
  const rows: string[][] = [];
  for (const [name, url] of urls) {
    const store = await openMetadataStore(url);
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
    rows.push([
      name,
      (putMs / CALLS).toFixed(2),
      ((CALLS * 1000) / putMs).toFixed(0),
      `${listMs.toFixed(1)} (${found.items.length})`,
      lineageMs.toFixed(1),
    ]);
  }
  for (const b of backends) await b.cleanup();
  rmSync(dir, { recursive: true, force: true });
  const header = ['backend', 'ms/putExecution', 'putExecution/s', 'filtered list ms (rows)', 'lineage 2 hops ms'];
  console.log(`metadata store, ${CALLS} sequential putExecution calls (2 artifacts, 2 events, 1 context each)`);
  console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}
