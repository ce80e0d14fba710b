import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMetadataStore } from '../../src/metadata/open-metadata-store.js';
import { readMetricHistory } from '../../src/pipeline/metric-history.js';
import { runCli } from '../helpers/run-cli.js';
import { monthlySpans, writeSpan } from './taxi-spans.js';

describe('datavet history', () => {
  const dir = mkdtempSync(join(tmpdir(), 'datavet-history-cli-'));
  beforeAll(async () => {
    const { header, spans } = monthlySpans();
    for (let span = 1; span <= 5; span++) writeSpan(dir, span, header, spans.get(span) as string[]);
    writeFileSync(
      join(dir, 'datavet.config.json'),
      JSON.stringify({
        name: 'taxi',
        splits: [{ name: 'trips', inputs: ['data/span-{SPAN}/*.csv'], driftAgainst: 'previous-span' }],
        report: false,
        failOn: 'never',
      }),
    );
    for (let span = 1; span <= 5; span++) {
      expect((await runCli(['run', '--span', String(span), '--quiet'], { cwd: dir })).code).toBe(0);
    }
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('text: the span table and one table per feature', async () => {
    const result = await runCli(['history', '--feature', 'fare', '--metric', 'mean,count', '--spans', '2..4'], {
      cwd: dir,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('history of taxi/trips: 3 span(s), 1 feature(s)');
    expect(result.stdout).toMatch(/fare:\n\s+span\s+mean\s+count\n\s+2\s+\d+\.\d{4}\s+\d+/);
    expect(result.stdout).not.toMatch(/^\s+5\s/m);
  });

  it('csv: long format, one line per span, feature and metric; json equals the library call', async () => {
    const csv = await runCli(
      ['history', '--feature', 'fare', '--feature', 'payment_type', '--metric', 'count', '--format', 'csv'],
      {
        cwd: dir,
      },
    );
    const lines = csv.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('pipeline,split,span,version,feature,metric,value');
    expect(lines).toHaveLength(1 + 2 * 5);
    expect(lines[1]).toMatch(/^taxi,trips,1,0,fare,count,\d+$/);
    const json = JSON.parse((await runCli(['history', '--format', 'json', '--spans', '4..'], { cwd: dir })).stdout);
    const store = await openMetadataStore({ url: join(dir, '.datavet', 'metadata.sqlite') });
    try {
      expect(json).toEqual(JSON.parse(JSON.stringify(await readMetricHistory(store, { spans: { from: 4 } }))));
    } finally {
      await store.close();
    }
    expect(json.spans.map((s: { span: number; previousSpan: number }) => [s.span, s.previousSpan])).toEqual([
      [4, 3],
      [5, 4],
    ]);
    const fare = json.series.find(
      (s: { feature: string; metric: string }) => s.feature === 'fare' && s.metric === 'jsd_previous',
    );
    expect(fare.values.every((v: number) => v > 0 && v < 1)).toBe(true);
  });

  it('usage errors name what is wrong and what exists', async () => {
    const cases: [string[], RegExp][] = [
      [['history', '--feature', 'fares'], /no feature named 'fares' in the history of taxi\/trips/],
      [['history', '--metric', 'average'], /unknown metric 'average'/],
      [['history', '--spans', '3-4'], /--spans expects A\.\.B/],
      [['history', '--pipeline', 'other'], /no span history for that pipeline and split/],
      [['history', '--store', 'missing.sqlite'], /no metadata store at/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args, { cwd: dir });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
