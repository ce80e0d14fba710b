import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckResultsFile } from '../../src/checks/index.js';
import { openMetadataStore } from '../../src/metadata/open-metadata-store.js';
import { artifactLayout } from '../../src/pipeline/artifact-layout.js';
import { loadPipelineConfig } from '../../src/pipeline/load-pipeline-config.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { renderGithubAnnotations } from '../../src/report/github.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { readMessageFile } from '../../src/tfmd/message-file.js';
import { runCli } from '../helpers/run-cli.js';
import { csvRows, datasetsDir, failingRows } from './independent.js';

/** A pipeline over the chicago taxi splits with checks in its config. */
function project(checks: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'datavet-pipeline-checks-'));
  const config = {
    name: 'taxi_checks',
    splits: [
      { name: 'train', inputs: [join(datasetsDir, 'chicago_taxi', 'train.csv')], environment: 'TRAINING' },
      {
        name: 'serving',
        inputs: [join(datasetsDir, 'chicago_taxi', 'serving.csv')],
        environment: 'SERVING',
      },
    ],
    schema: { infer: { from: 'train' } },
    environments: { default: ['TRAINING', 'SERVING'], features: { tips: { notIn: ['SERVING'] } } },
    validation: { severityOverrides: { ENUM_TYPE_UNEXPECTED_STRING_VALUES: 'WARNING' } },
    report: { path: 'report.html' },
    checks,
  };
  writeFileSync(join(dir, 'datavet.config.json'), JSON.stringify(config, null, 2));
  return dir;
}

const checks = [
  {
    name: 'dropoff_when_pickup',
    row: 'dropoff_latitude is not null',
    when: 'pickup_latitude is not null',
  },
  { name: 'tips_non_negative', row: 'tips >= 0', environment: 'TRAINING' },
  { name: 'some_rows', dataset: 'row_count >= 50', severity: 'warning' },
];

describe('checks in a pipeline config', () => {
  it('StatisticsGen runs them in its pass; ExampleValidator reports them in anomalies, report and ML Metadata', async () => {
    const dir = project(checks);
    const config = await loadPipelineConfig(join(dir, 'datavet.config.json'));
    const result = await runPipeline(config, { cwd: dir });
    expect(result.passed).toBe(false);
    const rows = csvRows('chicago_taxi/train.csv');
    const expected = failingRows(rows, (r) => r.pickup_latitude !== '' && r.dropoff_latitude === '');

    const train = result.splits.find((s) => s.name === 'train')!;
    const anomalies = await readMessageFile(train.anomaliesFile, 'Anomalies');
    const reason = anomalies.anomalyInfo?.dropoff_latitude?.reason?.find((r) => r.type === 'CUSTOM_VALIDATION');
    expect(reason?.shortDescription).toBe("Custom check 'dropoff_when_pickup' failed");
    expect(reason?.description).toContain(`${expected.length.toLocaleString('en-US')} of`);
    expect(reason?.description).toContain(`train.csv row ${expected[0]} (dropoff_latitude=null, pickup_latitude=`);

    const results = JSON.parse(
      readFileSync(artifactLayout.checkResults(join(train.anomaliesFile, '..', '..'), 'train'), 'utf8'),
    ) as CheckResultsFile;
    expect(results.results.map((r) => [r.name, r.status])).toEqual([
      ['dropoff_when_pickup', 'fail'],
      ['tips_non_negative', 'pass'],
      ['some_rows', 'pass'],
    ]);
    const serving = result.splits.find((s) => s.name === 'serving')!;
    const servingResults = JSON.parse(
      readFileSync(artifactLayout.checkResults(join(serving.anomaliesFile, '..', '..'), 'serving'), 'utf8'),
    ) as CheckResultsFile;
    expect(servingResults.results.find((r) => r.name === 'tips_non_negative')?.status).toBe('skipped');

    // Every output format carries the check's description.
    const html = readFileSync(result.reportFile!, 'utf8');
    expect(html).toContain("Custom check 'dropoff_when_pickup'");
    for (const text of [
      renderJunit(result.outcomes),
      renderMarkdown(result.outcomes),
      renderGithubAnnotations(result.outcomes),
    ]) {
      expect(text).toContain('dropoff_when_pickup');
    }

    // ML Metadata: the anomalies artifact counts the failed checks.
    const store = await openMetadataStore({ url: '.datavet/metadata.sqlite', cwd: dir });
    try {
      const [artifact] = await store.getArtifactsByIds([train.anomaliesArtifactId]);
      expect(artifact?.customProperties?.num_failed_checks).toEqual({ intValue: 1 });
    } finally {
      await store.close();
    }

    // The statistics artifact holds the checks' state of the same pass.
    const statsDir = join(train.statisticsFile, '..', '..');
    expect(existsSync(artifactLayout.checkState(statsDir, 'train'))).toBe(true);
  });

  it('a malformed check in the config stops the run before anything is read', async () => {
    const dir = project([{ name: 'bad', row: 'fare >= 0 or fare.__proto__' }]);
    const r = await runCli(['run', 'datavet.config.json'], { cwd: dir });
    expect(r.code).toBe(2);
    // Placed at the character in the config file, as in a checks file.
    const lines = readFileSync(join(dir, 'datavet.config.json'), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('fare.__proto__'));
    const column = lines[line]!.indexOf('.__proto__') + 1;
    expect(r.stderr).toContain(`datavet.config.json:${line + 1}:${column}: check bad.row: unexpected character '.'`);
    expect(existsSync(join(dir, '.datavet'))).toBe(false);
  });
});
