import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openMetadataStore } from '../../src/metadata/open-metadata-store.js';
import { loadPipelineConfig } from '../../src/pipeline/load-pipeline-config.js';
import { CONTENT_FILES, CONTENT_SHA256 } from '../../src/pipeline/output-content.js';
import { type PipelineRunResult, runPipeline } from '../../src/pipeline/run-pipeline.js';
import { readMessageFile } from '../../src/tfmd/message-file.js';
import { runCli } from '../helpers/run-cli.js';
import { makeProject } from './project.js';

async function run(dir: string): Promise<PipelineRunResult> {
  return runPipeline(await loadPipelineConfig(join(dir, 'datavet.config.json')), { cwd: dir });
}

const ran = (result: PipelineRunResult) => result.components.filter((c) => c.state === 'COMPLETE').map((c) => c.nodeId);
const component = (result: PipelineRunResult, nodeId: string) => result.components.find((c) => c.nodeId === nodeId);

/** The train split's FeatureStats.pb of a run. */
function trainStatsFile(result: PipelineRunResult): string {
  const uri = component(result, 'StatisticsGen.train')?.outputs.statistics?.uri as string;
  return join(uri, 'Split-train', 'FeatureStats.pb');
}

describe('cached outputs are reused only while their bytes are the recorded ones', () => {
  it('records a SHA-256 of every output artifact in MLMD', async () => {
    const dir = makeProject();
    const first = await run(dir);
    const stats = component(first, 'StatisticsGen.train')?.outputs.statistics;
    const files = JSON.parse(stats?.customProperties[CONTENT_FILES]?.stringValue ?? '{}');
    expect(Object.keys(files)).toEqual(['Split-train/FeatureStats.pb']);
    const bytes = readFileSync(trainStatsFile(first));
    expect(files['Split-train/FeatureStats.pb'].size).toBe(bytes.length);
    expect(stats?.customProperties[CONTENT_SHA256]?.stringValue).toMatch(/^[0-9a-f]{64}$/);
    const schema = component(first, 'SchemaGen')?.outputs.schema;
    expect(Object.keys(JSON.parse(schema?.customProperties[CONTENT_FILES]?.stringValue ?? '{}'))).toEqual([
      'schema.pbtxt',
    ]);
  });

  it.each([
    ['altered', (file: string) => appendFileSync(file, Buffer.from([0x08, 0x01])), /was changed/],
    ['emptied', (file: string) => writeFileSync(file, ''), /is empty \(it had \d+ bytes\)/],
    ['deleted', (file: string) => rmSync(file), /was deleted/],
  ])('a FeatureStats.pb %s after the run is not reused: the component reruns and says why', async (_, damage, why) => {
    const dir = makeProject();
    const first = await run(dir);
    const file = trainStatsFile(first);
    const good = readFileSync(file);
    damage(file);

    const second = await run(dir);
    // The statistics are computed again; SchemaGen and the validators read the same (correct)
    // statistics content under a new artifact id, so they rerun too.
    expect(ran(second)).toEqual([
      'StatisticsGen.train',
      'SchemaGen',
      'ExampleValidator.train',
      'ExampleValidator.eval',
      'ExampleValidator.serving',
    ]);
    const stats = component(second, 'StatisticsGen.train');
    expect(stats?.cacheRejections).toHaveLength(1);
    expect(stats?.cacheRejections[0]).toMatch(why);
    expect(stats?.cacheRejections[0]).toContain('Split-train/FeatureStats.pb');
    expect(readFileSync(trainStatsFile(second))).toEqual(good);
    const decoded = await readMessageFile(trainStatsFile(second), 'DatasetFeatureStatisticsList');
    expect(decoded.datasets?.[0]?.numExamples).toBe(60);
    expect(second.splits[0]?.rows).toBe(60);

    // The reason is recorded on the execution that ran again.
    const store = await openMetadataStore({ url: '.datavet/metadata.sqlite', cwd: dir });
    try {
      const [execution] = await store.getExecutionsByIds([stats?.executionId as number]);
      expect(execution?.customProperties?.cache_rejected?.stringValue).toMatch(why);
    } finally {
      await store.close();
    }
    // The next run trusts the new output again.
    expect(ran(await run(dir))).toEqual([]);
  });

  it('an edited schema.pbtxt of SchemaGen is not reused', async () => {
    const dir = makeProject();
    const first = await run(dir);
    appendFileSync(first.schema.file, 'feature { name: "extra" type: INT }\n');
    const second = await run(dir);
    expect(ran(second)).toContain('SchemaGen');
    expect(component(second, 'SchemaGen')?.cacheRejections[0]).toMatch(/schema\.pbtxt was changed/);
    const schema = await readMessageFile(second.schema.file, 'Schema');
    expect(schema.feature?.map((f) => f.name)).not.toContain('extra');
  });

  it('datavet run prints why a component ran again', async () => {
    const dir = makeProject();
    const first = await runCli(['run'], { cwd: dir });
    expect(first.code).toBe(0);
    const stats = JSON.parse((await runCli(['run', '--format', 'json'], { cwd: dir })).stdout);
    const uri = stats.components.find((c: { nodeId: string }) => c.nodeId === 'StatisticsGen.eval').outputs.statistics
      .uri;
    writeFileSync(join(uri, 'Split-eval', 'FeatureStats.pb'), '');
    const r = await runCli(['run'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('components: 10 (2 ran, 8 from cache)');
    expect(r.stdout).toMatch(
      /^ {2}StatisticsGen\.eval ran again: cached statistics \(artifact #\d+\) not reused: .*Split-eval\/FeatureStats\.pb is empty \(it had \d+ bytes\)$/m,
    );
  });
});
