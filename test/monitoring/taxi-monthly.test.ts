import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openMetadataStore } from '../../src/metadata/open-metadata-store.js';
import { EXECUTION_TYPES } from '../../src/pipeline/standard-types.js';
import { runCli } from '../helpers/run-cli.js';
import { monthlySpans, writeSpan } from './taxi-spans.js';

const taxiTrain = resolve(import.meta.dirname, '..', '..', 'datasets', 'chicago_taxi', 'train.csv');

interface RunJson {
  splits: { name: string; span?: number; version?: number; driftAgainstSpans?: number[] }[];
  components: { nodeId: string; state: string }[];
}

describe('Chicago taxi in monthly spans through datavet run with one store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'datavet-taxi-spans-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const { header, spans } = monthlySpans();

  it('cuts 48 months (2013-2016) out of the bundled rows', () => {
    expect([...spans.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 48 }, (_, i) => i + 1));
  });

  it('runs the spans in order: each resolves its predecessor; history lists them all; a second pass is all cached', async () => {
    // A curated schema from the training file, as a team would pin it.
    expect((await runCli(['stats', taxiTrain, '-o', join(dir, 'train.stats.pb')], { cwd: dir })).code).toBe(0);
    expect((await runCli(['infer-schema', '--stats', 'train.stats.pb', '-o', 'schema.pbtxt'], { cwd: dir })).code).toBe(
      0,
    );
    writeFileSync(
      join(dir, 'datavet.config.json'),
      JSON.stringify({
        name: 'taxi_monthly',
        splits: [{ name: 'trips', inputs: ['data/span-{SPAN}/*.csv'], driftAgainst: 'previous-span' }],
        schema: 'schema.pbtxt',
        comparators: { payment_type: { drift: { infinityNorm: 0.2 } } },
        monitoring: {
          rules: [{ feature: 'fare', metric: 'mean', detector: 'onlineNormal', k: 4, window: 12, severity: 'WARNING' }],
          datasetDrift: { method: 'jsd', threshold: 0.1, share: 0.5 },
        },
        report: false,
        failOn: 'never',
      }),
    );
    for (let span = 1; span <= 48; span++) {
      // The span arrives, then the pipeline runs on the latest span on disk.
      writeSpan(dir, span, header, spans.get(span) as string[]);
      const result = await runCli(['run', '--format', 'json', '--quiet'], { cwd: dir });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const json = JSON.parse(result.stdout) as RunJson;
      const split = json.splits[0];
      expect(split?.span).toBe(span);
      expect(split?.version).toBe(0);
      expect(split?.driftAgainstSpans ?? []).toEqual(span === 1 ? [] : [span - 1]);
      expect(json.components.every((c) => c.state === 'COMPLETE' || c.nodeId === 'ImportSchemaGen')).toBe(true);
    }

    // In the store: each validator's previous_statistics input is the statistics of the span before.
    const store = await openMetadataStore({ url: join(dir, '.datavet', 'metadata.sqlite') });
    try {
      const validators = (await store.getExecutionsByType(EXECUTION_TYPES.ExampleValidator.name)).items;
      expect(validators).toHaveLength(48);
      const events = await store.getEventsByExecutionIds(validators.map((e) => e.id as number));
      const artifacts = new Map(
        (await store.getArtifactsByIds(events.map((e) => e.artifactId as number))).map((a) => [a.id, a]),
      );
      const pairs = validators.map((execution) => {
        const inputs = events.filter((e) => e.executionId === execution.id && e.type === 'INPUT');
        const spanOf = (key: string) => {
          const event = inputs.find((e) => {
            const step = e.path?.steps[0];
            return step !== undefined && 'key' in step && step.key === key;
          });
          return event ? artifacts.get(event.artifactId)?.properties?.span?.intValue : undefined;
        };
        return [spanOf('statistics'), spanOf('previous_statistics')];
      });
      expect(pairs).toEqual(Array.from({ length: 48 }, (_, i) => [i + 1, i === 0 ? undefined : i]));
    } finally {
      await store.close();
    }

    const history = await runCli(['history', '--format', 'json'], { cwd: dir });
    expect(history.stderr).toBe('');
    expect(history.code).toBe(0);
    const rows = JSON.parse(history.stdout) as { spans: { span: number; version: number; numExamples: number }[] };
    expect(rows.spans.map((s) => s.span)).toEqual(Array.from({ length: 48 }, (_, i) => i + 1));
    expect(rows.spans.reduce((n, s) => n + s.numExamples, 0)).toBe(15_000);

    for (let span = 1; span <= 48; span++) {
      const again = await runCli(['run', '--span', String(span), '--format', 'json', '--quiet'], { cwd: dir });
      expect(again.code).toBe(0);
      const json = JSON.parse(again.stdout) as RunJson;
      expect(json.components.map((c) => c.state)).toEqual(json.components.map(() => 'CACHED'));
      expect(json.splits[0]?.version).toBe(0);
    }
  }, 600_000);
});
