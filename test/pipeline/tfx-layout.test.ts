import { mkdtempSync, readdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openMetadataStore } from '../../src/metadata/open-metadata-store.js';
import type { Artifact } from '../../src/metadata/types.js';
import { loadPipelineConfig } from '../../src/pipeline/load-pipeline-config.js';
import { type PipelineRunResult, runPipeline } from '../../src/pipeline/run-pipeline.js';
import { readMessageFile } from '../../src/tfmd/message-file.js';
import type { Schema } from '../../src/tfmd/types.js';
import { makeProject } from './project.js';

// What TFX wrote for the Chicago taxi data (datasets/tfx_artifacts/PROVENANCE.md): ExampleGen's
// Examples, StatisticsGen's ExampleStatistics and SchemaGen's Schema. A datavet run over the same
// Examples must lay its artifacts out the same way and describe them as TFX does.
const TFX = resolve(import.meta.dirname, '..', '..', 'datasets', 'tfx_artifacts');

/** Every file under `dir`, relative and `/`-separated, sorted. */
function tree(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((p) => !statSync(join(dir, p)).isDirectory())
    .map((p) => p.split('\\').join('/'))
    .sort();
}

/** a >= b for dotted release numbers (`1.14.0` >= `0.29.0`). */
function atLeast(version: string, minimum: string): boolean {
  const a = version.split('.').map((p) => Number.parseInt(p, 10));
  const b = minimum.split('.').map((p) => Number.parseInt(p, 10));
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

let result: PipelineRunResult;
let artifacts: Artifact[];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'datavet-tfx-layout-'));
  const config = {
    name: 'taxi',
    splits: ['train', 'eval'].map((name) => ({
      name,
      inputs: [join(TFX, 'csv_example_gen', `Split-${name}`, '*')],
      format: 'tfrecord',
    })),
    schema: { infer: { from: 'train', inferFeatureShape: false } },
    report: false,
    failOn: 'never',
  };
  writeFileSync(join(dir, 'datavet.config.json'), JSON.stringify(config));
  result = await runPipeline(await loadPipelineConfig(join(dir, 'datavet.config.json')), { cwd: dir });
  const store = await openMetadataStore({ url: '.datavet/metadata.sqlite', cwd: dir });
  try {
    artifacts = (await store.getArtifacts()).items;
  } finally {
    await store.close();
  }
}, 120_000);

const output = (nodeId: string, key: string) =>
  result.components.find((c) => c.nodeId === nodeId)?.outputs[key] as NonNullable<
    PipelineRunResult['components'][number]['outputs'][string]
  >;

describe('artifacts TFX can consume (compared with what TFX wrote)', () => {
  it('every artifact carries tfx_version of a release with the split layout (0.29 or later)', () => {
    expect(artifacts.length).toBeGreaterThanOrEqual(7);
    for (const artifact of artifacts) {
      const version = artifact.customProperties?.tfx_version?.stringValue;
      expect(version, `${artifact.type} #${artifact.id}`).toMatch(/^\d+\.\d+\.\d+$/);
      expect(atLeast(version as string, '0.29.0')).toBe(true);
    }
  });

  it("Examples: a directory with a Split-<name> folder holding the split's files, as ExampleGen writes it", () => {
    for (const split of ['train', 'eval']) {
      const examples = output(`Importer.${split}`, 'result');
      expect(statSync(examples.uri).isDirectory()).toBe(true);
      const tfxFiles = tree(join(TFX, 'csv_example_gen')).filter((p) => p.startsWith(`Split-${split}/`));
      expect(tree(examples.uri)).toEqual(tfxFiles);
      for (const file of tfxFiles) {
        expect(realpathSync(join(examples.uri, file))).toBe(realpathSync(join(TFX, 'csv_example_gen', file)));
      }
      expect(examples.properties.split_names?.stringValue).toBe(JSON.stringify([split]));
      expect(examples.customProperties.file_format?.stringValue).toBe('tfrecords_gzip');
      expect(examples.customProperties.payload_format?.stringValue).toBe('FORMAT_TF_EXAMPLE');
    }
  });

  it('ExampleStatistics: Split-<name>/FeatureStats.pb with one unnamed dataset, like StatisticsGen', async () => {
    for (const split of ['train', 'eval']) {
      const stats = output(`StatisticsGen.${split}`, 'statistics');
      expect(tree(stats.uri)).toEqual([`Split-${split}/FeatureStats.pb`]);
      const ours = await readMessageFile(
        join(stats.uri, `Split-${split}`, 'FeatureStats.pb'),
        'DatasetFeatureStatisticsList',
      );
      const theirs = await readMessageFile(
        join(TFX, 'statistics_gen', `Split-${split}`, 'FeatureStats.pb'),
        'DatasetFeatureStatisticsList',
      );
      expect(theirs.datasets).toHaveLength(1);
      expect(theirs.datasets?.[0]?.name).toBeUndefined();
      expect(ours.datasets).toHaveLength(1);
      expect(ours.datasets?.[0]?.name).toBe(theirs.datasets?.[0]?.name);
      expect(ours.datasets?.[0]?.numExamples).toBeGreaterThan(0);
    }
  });

  it('Schema: a directory holding only schema.pbtxt (TFX reads the one file there); no Schema uri is a file', () => {
    expect(tree(join(TFX, 'schema_gen'))).toEqual(['schema.pbtxt']);
    const schemas = artifacts.filter((a) => a.type === 'Schema');
    expect(schemas.length).toBeGreaterThanOrEqual(2); // SchemaGen's output and its registered version
    for (const schema of schemas) expect(tree(schema.uri as string)).toEqual(['schema.pbtxt']);
  });

  it("SchemaGen's string domains list values in TFX SchemaGen's order (byte order of the values)", async () => {
    const byBytes = (values: readonly string[]) =>
      [...values].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    const domains = (s: Schema) => new Map((s.stringDomain ?? []).map((d) => [d.name ?? '', d.value ?? []]));
    const ours = domains(await readMessageFile(result.schema.file, 'Schema'));
    expect([...ours.keys()].sort()).toEqual(['company', 'payment_type']);
    for (const [name, values] of ours) expect(values, name).toEqual(byBytes(values));

    // TFX's SchemaGen output: the values its train statistics hold come first, in byte order;
    // values the eval split added later (payment_type's Prcard) were appended after them.
    const theirs = domains(await readMessageFile(join(TFX, 'schema_gen', 'schema.pbtxt'), 'Schema'));
    const train = await readMessageFile(
      join(TFX, 'statistics_gen', 'Split-train', 'FeatureStats.pb'),
      'DatasetFeatureStatisticsList',
    );
    for (const [name, values] of theirs) {
      const feature = train.datasets?.[0]?.features?.find((f) => f.path?.step?.join('.') === name);
      const seen = new Set((feature?.stringStats?.rankHistogram?.buckets ?? []).map((b) => b.label ?? ''));
      const fromTrain = values.filter((v) => seen.has(v));
      expect(values.slice(0, fromTrain.length), name).toEqual(byBytes(fromTrain));
    }
    expect(theirs.get('payment_type')?.at(-1)).toBe('Prcard');
  });

  it('ExampleAnomalies: Split-<name>/SchemaDiff.pb', () => {
    for (const split of ['train', 'eval']) {
      const anomalies = output(`ExampleValidator.${split}`, 'anomalies');
      expect(tree(anomalies.uri)).toEqual([`Split-${split}/SchemaDiff.pb`]);
      expect(relative(anomalies.uri, result.splits.find((s) => s.name === split)?.anomaliesFile ?? '')).toBe(
        `Split-${split}/SchemaDiff.pb`,
      );
    }
  });

  it('Examples of files TFX cannot read name their format, so TFX refuses them instead of misreading them', async () => {
    const dir = makeProject();
    const csv = await runPipeline(await loadPipelineConfig(join(dir, 'datavet.config.json')), { cwd: dir });
    const examples = csv.components.find((c) => c.nodeId === 'Importer.train')?.outputs.result;
    expect(examples?.customProperties.file_format?.stringValue).toBe('csv');
    expect(examples?.customProperties.payload_format).toBeUndefined();
    expect(tree(examples?.uri as string)).toEqual(['Split-train/train.csv']);
  });
});
