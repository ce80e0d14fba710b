import { appendFileSync, existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openMetadataStore } from '../../src/metadata/open-metadata-store.js';
import { loadPipelineConfig } from '../../src/pipeline/load-pipeline-config.js';
import { type PipelineRunResult, runPipeline } from '../../src/pipeline/run-pipeline.js';
import { listSchemaVersions } from '../../src/pipeline/schema-versions.js';
import { EXECUTION_TYPES } from '../../src/pipeline/standard-types.js';
import { readMessageFile } from '../../src/tfmd/message-file.js';
import { makeProject, TOY_NODES } from './project.js';

async function run(dir: string, options: Parameters<typeof runPipeline>[1] = {}): Promise<PipelineRunResult> {
  const config = await loadPipelineConfig(join(dir, 'datavet.config.json'));
  return runPipeline(config, { cwd: dir, ...options });
}

function states(result: PipelineRunResult): Record<string, string> {
  return Object.fromEntries(result.components.map((c) => [c.nodeId, c.state]));
}

function ran(result: PipelineRunResult): string[] {
  return result.components.filter((c) => c.state === 'COMPLETE').map((c) => c.nodeId);
}

describe('runPipeline', () => {
  it('runs every component, writes TFX-laid-out artifacts and records them in MLMD', async () => {
    const dir = makeProject();
    const result = await run(dir);
    expect(result.components.map((c) => c.nodeId)).toEqual(TOY_NODES);
    expect(ran(result)).toEqual(TOY_NODES);
    expect(result.passed).toBe(true);
    expect(result.splits.map((s) => [s.name, s.rows, s.features])).toEqual([
      ['train', 60, 3],
      ['eval', 40, 3],
      ['serving', 12, 2],
    ]);

    // Files where TFX puts them: {root}/{node}/{key}/{execution id}/...
    const root = join(dir, '.datavet', 'pipeline');
    const stats = result.components[1];
    expect(stats?.outputs.statistics?.uri).toBe(
      join(root, 'StatisticsGen.train', 'statistics', String(stats?.executionId)),
    );
    const trainStats = await readMessageFile(
      join(stats?.outputs.statistics?.uri as string, 'Split-train', 'FeatureStats.pb'),
      'DatasetFeatureStatisticsList',
    );
    expect(trainStats.datasets?.[0]?.numExamples).toBe(60);
    const schema = await readMessageFile(result.schema.file, 'Schema');
    expect(schema.defaultEnvironment).toEqual(['TRAINING', 'SERVING']);
    const label = schema.feature?.find((f) => f.name === 'label');
    expect(label?.notInEnvironment).toEqual(['SERVING']);
    expect(schema.feature?.find((f) => f.name === 'cat')?.skewComparator?.infinityNorm?.threshold).toBe(0.5);
    for (const split of result.splits) {
      expect(existsSync(split.anomaliesFile)).toBe(true);
      expect(split.anomaliesFile.endsWith(join(`Split-${split.name}`, 'SchemaDiff.pb'))).toBe(true);
    }
    expect(result.splits[2]?.skewFile?.endsWith(join('Split-serving', 'SkewDiff.pb'))).toBe(true);
    // No HTML report when the config turns it off.
    expect(result.reportFile).toBeUndefined();

    const store = await openMetadataStore({ url: '.datavet/metadata.sqlite', cwd: dir });
    try {
      const artifactTypes = (await store.getArtifactTypes()).map((t) => t.name);
      expect(artifactTypes).toEqual(
        expect.arrayContaining(['Examples', 'ExampleStatistics', 'Schema', 'ExampleAnomalies']),
      );
      const examplesType = await store.getArtifactType('Examples');
      expect(examplesType.properties).toEqual({ span: 'INT', version: 'INT', split_names: 'STRING' });
      expect(examplesType.baseType).toBe('DATASET');
      expect((await store.getExecutionType(EXECUTION_TYPES.StatisticsGen.name)).baseType).toBe('PROCESS');

      const executions = (await store.getExecutions()).items;
      expect(executions.filter((e) => e.lastKnownState === 'COMPLETE')).toHaveLength(10);
      // Events: [{key}, {index}] paths, INPUT statistics + schema into the validator.
      const validator = result.components[9]?.executionId as number;
      const events = await store.getEventsByExecutionIds([validator]);
      const keys = events.map((e) => `${e.type}:${JSON.stringify(e.path?.steps)}`).sort();
      expect(keys).toEqual([
        'INPUT:[{"key":"schema"},{"index":0}]',
        'INPUT:[{"key":"statistics"},{"index":0}]',
        'INPUT:[{"key":"training_statistics"},{"index":0}]',
        'OUTPUT:[{"key":"anomalies"},{"index":0}]',
      ]);
      // Contexts: pipeline, pipeline_run (child of pipeline), node, execution_cache.
      const contexts = await store.getContextsByExecution(validator);
      expect(contexts.map((c) => c.type).sort()).toEqual(['execution_cache', 'node', 'pipeline', 'pipeline_run']);
      const runContext = contexts.find((c) => c.type === 'pipeline_run');
      expect(runContext?.name).toBe(result.runId);
      const parents = await store.getParentContextsByContext(runContext?.id as number);
      expect(parents.map((c) => c.name)).toEqual(['toy']);
      expect(contexts.find((c) => c.type === 'node')?.name).toBe('toy.ExampleValidator.serving');
      const anomalies = await store.getArtifactsByIds([result.splits[1]?.anomaliesArtifactId as number]);
      expect(anomalies[0]?.properties?.split_names?.stringValue).toBe('["eval"]');
      expect(anomalies[0]?.state).toBe('LIVE');
    } finally {
      await store.close();
    }
  });

  it('reuses every output on an identical second run (all executions CACHED), and --no-cache reruns all', async () => {
    const dir = makeProject();
    const first = await run(dir);
    const second = await run(dir);
    expect(Object.values(states(second))).toEqual(Array(10).fill('CACHED'));
    for (const [i, c] of second.components.entries()) {
      expect(c.cachedExecutionId).toBe(first.components[i]?.executionId);
      expect(Object.values(c.outputs).map((a) => a.id)).toEqual(
        Object.values(first.components[i]?.outputs ?? {}).map((a) => a.id),
      );
    }
    expect(second.splits).toEqual(first.splits);

    // Touching a file without changing it keeps the cache (content fingerprint, not mtime).
    utimesSync(join(dir, 'train.csv'), new Date(), new Date(Date.now() + 60_000));
    expect(ran(await run(dir))).toEqual([]);

    const forced = await run(dir, { useCache: false });
    expect(ran(forced)).toEqual(TOY_NODES);

    const store = await openMetadataStore({ url: '.datavet/metadata.sqlite', cwd: dir });
    try {
      const cached = (await store.getExecutions()).items.filter((e) => e.lastKnownState === 'CACHED');
      expect(cached).toHaveLength(20);
      expect(cached[0]?.customProperties?.cached_execution_id?.intValue).toBe(first.components[0]?.executionId);
    } finally {
      await store.close();
    }
  });

  it('changing one input file reruns exactly the components downstream of it', async () => {
    const dir = makeProject();
    await run(dir);
    appendFileSync(join(dir, 'serving.csv'), '7,b\n');
    expect(ran(await run(dir))).toEqual(['Importer.serving', 'StatisticsGen.serving', 'ExampleValidator.serving']);

    appendFileSync(join(dir, 'eval.csv'), '7,b,1.5\n');
    expect(ran(await run(dir))).toEqual(['Importer.eval', 'StatisticsGen.eval', 'ExampleValidator.eval']);

    appendFileSync(join(dir, 'train.csv'), '7,b,1.5\n');
    expect(ran(await run(dir))).toEqual([
      'Importer.train',
      'StatisticsGen.train',
      'SchemaGen',
      'ExampleValidator.train',
      'ExampleValidator.eval',
      'ExampleValidator.serving',
    ]);
    expect(ran(await run(dir))).toEqual([]);
  });

  it('a changed comparator threshold reruns the schema and validators, not the statistics', async () => {
    const dir = makeProject();
    await run(dir);
    const path = join(dir, 'datavet.config.json');
    const config = JSON.parse(readFileSync(path, 'utf8'));
    config.comparators.cat.drift.infinityNorm = 0.25;
    writeFileSync(path, JSON.stringify(config));
    expect(ran(await run(dir))).toEqual([
      'SchemaGen',
      'ExampleValidator.train',
      'ExampleValidator.eval',
      'ExampleValidator.serving',
    ]);
  });

  it('numbers every new schema as a version linked to its statistics; an identical schema keeps its number', async () => {
    const dir = makeProject();
    const first = await run(dir);
    expect(first.schema.version).toBe(1);
    const again = await run(dir, { useCache: false });
    expect(again.schema.version).toBe(1);
    expect(again.schema.artifactId).not.toBe(first.schema.artifactId);
    // New category in train: the inferred domain changes, so a second version.
    appendFileSync(join(dir, 'train.csv'), '7,z,1.5\n');
    const changed = await run(dir);
    expect(changed.schema.version).toBe(2);
    const store = await openMetadataStore({ url: '.datavet/metadata.sqlite', cwd: dir });
    try {
      const versions = await listSchemaVersions(store);
      expect(versions.map((v) => v.version)).toEqual([1, 2]);
      expect(versions[1]?.previousVersion).toBe(1);
      const trainStats = changed.components.find((c) => c.nodeId === 'StatisticsGen.train')?.outputs.statistics?.id;
      expect(versions[1]?.statisticsArtifactIds).toEqual([trainStats]);
      // The pipeline's own Schema artifact: an OUTPUT of SchemaGen, whose INPUT is the statistics.
      const [schemaArtifact] = await store.getArtifactsByIds([changed.schema.artifactId]);
      expect(schemaArtifact?.customProperties?.schema_version?.intValue).toBe(2);
      const events = await store.getEventsByArtifactIds([changed.schema.artifactId]);
      const producer = events.find((e) => e.type === 'OUTPUT')?.executionId as number;
      const inputs = (await store.getEventsByExecutionIds([producer])).filter((e) => e.type === 'INPUT');
      expect(inputs.map((e) => e.artifactId)).toContain(trainStats);
    } finally {
      await store.close();
    }
  });

  it('imports a curated schema (ImportSchemaGen) and reruns it when the file changes', async () => {
    const dir = makeProject();
    const inferred = await run(dir);
    const curated = join(dir, 'curated.pbtxt');
    writeFileSync(curated, readFileSync(inferred.schema.file));
    const path = join(dir, 'datavet.config.json');
    const config = JSON.parse(readFileSync(path, 'utf8'));
    config.schema = { path: 'curated.pbtxt' };
    writeFileSync(path, JSON.stringify(config));
    const result = await run(dir);
    expect(result.components.map((c) => c.nodeId)).toContain('ImportSchemaGen');
    expect(result.schema.source).toBe('imported');
    expect(ran(result)).toEqual([
      'ImportSchemaGen',
      'ExampleValidator.train',
      'ExampleValidator.eval',
      'ExampleValidator.serving',
    ]);
    expect(ran(await run(dir))).toEqual([]);
    appendFileSync(curated, '# reviewed\n');
    expect(ran(await run(dir))).toEqual([
      'ImportSchemaGen',
      'ExampleValidator.train',
      'ExampleValidator.eval',
      'ExampleValidator.serving',
    ]);
  });

  it('reports anomalies as values: drift, skew and environment checks per split', async () => {
    const dir = makeProject({ evalCategories: ['a', 'b', 'd'] });
    const result = await run(dir);
    expect(result.passed).toBe(false);
    const evalOutcome = result.outcomes.find((o) => o.name === 'eval (TRAINING), drift vs train');
    const types = evalOutcome?.anomalies.anomalyInfo?.cat?.reason?.map((r) => r.type);
    expect(types).toEqual(['ENUM_TYPE_UNEXPECTED_STRING_VALUES']);
    expect(evalOutcome?.anomalies.driftSkewInfo?.[0]?.driftMeasurements?.[0]?.type).toBe('L_INFTY');
    // label is not expected in SERVING: no missing-column anomaly there.
    expect(result.outcomes.find((o) => o.name === 'serving (SERVING)')?.anomalies.anomalyInfo ?? {}).toEqual({});
    expect(result.outcomes.map((o) => o.name)).toContain('serving: skew vs train');
    expect(result.splits[1]?.errors).toBe(1);
  });

  it('records a FAILED execution when an executor throws (failNodeId test hook)', async () => {
    const dir = makeProject();
    await expect(run(dir, { failNodeId: 'SchemaGen' })).rejects.toThrow(/injected failure in SchemaGen/);
    const store = await openMetadataStore({ url: '.datavet/metadata.sqlite', cwd: dir });
    try {
      const failed = (await store.getExecutions()).items.filter((e) => e.lastKnownState === 'FAILED');
      expect(failed.map((e) => e.name?.split(':')[1])).toEqual(['SchemaGen']);
    } finally {
      await store.close();
    }
    // The next run reuses the statistics and runs the rest.
    expect(ran(await run(dir))).toEqual([
      'SchemaGen',
      'ExampleValidator.train',
      'ExampleValidator.eval',
      'ExampleValidator.serving',
    ]);
  });
});
