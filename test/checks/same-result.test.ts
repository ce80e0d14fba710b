import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckResultsFile } from '../../src/checks/index.js';
import { runCli } from '../helpers/run-cli.js';
import { datasetsDir } from './independent.js';

const schema = resolve(datasetsDir, 'tfx_artifacts', 'schema_gen', 'schema.pbtxt');
const rowGroups = resolve(import.meta.dirname, '..', 'fixtures', 'io', 'taxi-row-groups.parquet');
const train = resolve(datasetsDir, 'chicago_taxi', 'train.csv');
const evalCsv = resolve(datasetsDir, 'chicago_taxi', 'eval.csv');

const checks = `
max_examples: 4
checks:
  - name: trip_seconds_non_negative
    row: trip_seconds >= 0
  - name: dropoff_when_pickup
    row: dropoff_latitude is not null
    when: pickup_latitude is not null
    severity: warning
  - name: short_trips
    row: trip_miles < 20 and trip_seconds < 3600
  - name: cash_or_card
    row: payment_type in ('Cash', 'Credit Card')
    mostly: 0.995
  - name: unique_trip
    unique: [trip_start_timestamp, pickup_latitude, dropoff_latitude]
  - name: enough_rows
    dataset: row_count >= 12000 and duplicate_count(trip_start_timestamp) < 100
`;

/** Runs validate with checks; returns the anomalies JSON and the check results. */
async function validate(
  dir: string,
  args: readonly string[],
): Promise<{ anomalies: unknown; results: CheckResultsFile }> {
  const out = join(dir, `results-${Math.random().toString(36).slice(2)}.json`);
  const r = await runCli(
    ['validate', '--schema', schema, '--checks', 'checks.yaml', '--check-results', out, '--format', 'json', ...args],
    { cwd: dir },
  );
  expect(r.stderr).toBe('');
  expect(r.code).toBe(1);
  return { anomalies: JSON.parse(r.stdout), results: JSON.parse(readFileSync(out, 'utf8')) as CheckResultsFile };
}

describe('custom checks give the same result with --jobs 1, --jobs 2 and --partial + merge', () => {
  const dir = mkdtempSync(join(tmpdir(), 'datavet-checks-jobs-'));
  writeFileSync(join(dir, 'checks.yaml'), checks);

  it('CSV files split between threads, and partial states merged', async () => {
    const one = await validate(dir, ['--data', train, '--data', evalCsv, '--jobs', '1']);
    const failed = one.results.results.filter((r) => r.status === 'fail').map((r) => r.name);
    expect(failed).toEqual(['dropoff_when_pickup', 'short_trips', 'cash_or_card', 'unique_trip', 'enough_rows']);
    const dropoff = one.results.results.find((r) => r.name === 'dropoff_when_pickup')!;
    expect(dropoff.examples).toHaveLength(4);
    expect(JSON.stringify(one.anomalies)).toContain('CUSTOM_VALIDATION');

    const two = await validate(dir, ['--data', train, '--data', evalCsv, '--jobs', '2']);
    expect(two).toEqual(one);

    for (const [file, name] of [
      [train, 'train.partial.json'],
      [evalCsv, 'eval.partial.json'],
    ] as const) {
      const r = await runCli(
        ['stats', file, '--schema', schema, '--checks', 'checks.yaml', '--partial', '-o', name, '-q'],
        {
          cwd: dir,
        },
      );
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    const merged = await runCli(
      ['merge', 'train.partial.json', 'eval.partial.json', '--partial', '-o', 'all.partial.json', '-q'],
      {
        cwd: dir,
      },
    );
    expect(merged.code).toBe(0);
    const partial = await validate(dir, ['--stats', 'all.partial.json']);
    expect(partial).toEqual(one);
  });

  it("a Parquet file's row groups split between threads give the rows of one pass", async () => {
    const one = await validate(dir, ['--data', rowGroups, '--jobs', '1']);
    const pipelined = await validate(dir, ['--data', rowGroups, '--jobs', '2']);
    const split = await validate(dir, ['--data', rowGroups, '--jobs', '3']);
    expect(pipelined).toEqual(one);
    expect(split).toEqual(one);
    // The Parquet file holds train.csv's rows in order: the same rows fail.
    const csv = await validate(dir, ['--data', train, '--jobs', '1']);
    const rowsOf = (x: CheckResultsFile) => x.results.map((r) => [r.name, r.failing, r.examples.map((e) => e.row)]);
    expect(rowsOf(split.results)).toEqual(rowsOf(csv.results));
  });

  it('partial states computed with other checks do not merge', async () => {
    writeFileSync(join(dir, 'other.yaml'), '- {name: x, row: "fare >= 0"}\n');
    await runCli(['stats', train, '--checks', 'other.yaml', '--partial', '-o', 'other.partial.json', '-q'], {
      cwd: dir,
    });
    await runCli(['stats', evalCsv, '--partial', '-o', 'plain.partial.json', '-q'], { cwd: dir });
    const r = await runCli(['merge', 'other.partial.json', 'train.partial.json', '-o', 'x.pb'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/computed with different checks/);
    const mixed = await runCli(['merge', 'other.partial.json', 'plain.partial.json', '-o', 'x.pb'], { cwd: dir });
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/only some partial states carry custom checks/);
    const wrong = await runCli(
      ['validate', '--schema', schema, '--checks', 'checks.yaml', '--stats', 'other.partial.json'],
      {
        cwd: dir,
      },
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/was computed with other checks than checks\.yaml/);
  });
});
