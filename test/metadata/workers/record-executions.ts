// Child process for the concurrency and crash tests: records `count` executions, each with one
// input and one output artifact, into the store at `url`, as a pipeline step would.
// Usage: node --import tsx record-executions.ts URL WORKER COUNT
import { openMetadataStore } from '../../../src/metadata/open-metadata-store.js';

const [url, worker, countText] = process.argv.slice(2);
if (!url || worker === undefined || !countText) {
  process.stderr.write('usage: record-executions.ts URL WORKER COUNT\n');
  process.exit(2);
}
const count = Number(countText);

try {
  const store = await openMetadataStore({ url, busyTimeoutMs: 30_000 });
  const types = await store.putTypes(
    {
      artifactTypes: [{ name: 'Examples', properties: { span: 'INT' } }],
      executionTypes: [{ name: 'StatisticsGen', baseType: 'PROCESS' }],
      contextTypes: [{ name: 'pipeline' }],
    },
    { canAddFields: true, canOmitFields: true },
  );
  const artifactType = types.artifactTypeIds[0] as number;
  const executionType = types.executionTypeIds[0] as number;
  const contextType = types.contextTypeIds[0] as number;
  for (let i = 0; i < count; i++) {
    await store.putExecution(
      { typeId: executionType, name: `w${worker}-e${i}`, lastKnownState: 'COMPLETE' },
      [
        {
          artifact: { typeId: artifactType, uri: `mem://w${worker}/in/${i}`, properties: { span: { intValue: i } } },
          event: { type: 'INPUT', path: { steps: [{ key: 'examples' }, { index: 0 }] } },
        },
        {
          artifact: { typeId: artifactType, uri: `mem://w${worker}/out/${i}`, state: 'LIVE' },
          event: { type: 'OUTPUT', path: { steps: [{ key: 'statistics' }, { index: 0 }] } },
        },
      ],
      [{ typeId: contextType, name: 'shared-pipeline' }],
      { reuseContextIfAlreadyExist: true },
    );
    if ((i + 1) % 25 === 0) process.stdout.write(`progress ${i + 1}\n`);
  }
  await store.close();
  process.stdout.write('done\n');
} catch (error) {
  process.stderr.write(`worker ${worker} failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
}
