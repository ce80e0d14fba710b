import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rng } from '../helpers/rng.js';
import { runCli } from '../helpers/run-cli.js';
import { taxiRows, writeSpan } from './taxi-spans.js';

/**
 * A span series generated from the real taxi rows (seeded sampling), with three injected changes:
 * a missing-value spike in trip_miles at span 55 only, an abrupt payment_type change from span 62
 * on (60% of Cash becomes Credit Card), and a gradual fare increase of 2% per span from span 70 on.
 * Spans 1-54 are clean for every feature; the other features stay clean throughout.
 */
const SPANS = 80;
const ROWS_PER_SPAN = 800;
const SPIKE = 55;
const CATEGORY = 62;
const GRADUAL = 70;

function generate(dir: string): void {
  const { header, rows } = taxiRows();
  const columns = header.split(',');
  const fare = columns.indexOf('fare');
  const miles = columns.indexOf('trip_miles');
  const payment = columns.indexOf('payment_type');
  const random = rng(20_240_516);
  for (let span = 1; span <= SPANS; span++) {
    const out: string[] = [];
    for (let i = 0; i < ROWS_PER_SPAN; i++) {
      const cells = (rows[Math.floor(random() * rows.length)] as string).split(',');
      if (span === SPIKE && random() < 0.3) cells[miles] = '';
      if (span >= CATEGORY && cells[payment] === 'Cash' && random() < 0.6) cells[payment] = 'Credit Card';
      if (span >= GRADUAL && cells[fare] !== '') {
        cells[fare] = (Number(cells[fare]) * (1 + 0.02 * (span - GRADUAL + 1))).toFixed(2);
      }
      out.push(cells.join(','));
    }
    writeSpan(dir, span, header, out);
  }
}

interface RunJson {
  validations: { name: string; anomalies: { severity: string; types: string[] }[] }[];
}

interface HistoryJson {
  spans: { span: number; findings: { code: string; feature: string; metric: string; severity: string }[] }[];
}

describe('detectors on a generated span series with injected changes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'datavet-injected-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('flags each change at its span, reports the gradual shift delay, and raises no alarm on clean spans', async () => {
    generate(dir);
    writeFileSync(
      join(dir, 'datavet.config.json'),
      JSON.stringify({
        name: 'injected',
        splits: [{ name: 'trips', inputs: ['data/span-{SPAN}/*.csv'] }],
        // Pinned: inferred once from span 1, as a team would curate it.
        schema: 'schema.pbtxt',
        monitoring: {
          rules: [
            { feature: '*', metric: 'missing_fraction', detector: 'absoluteChange', maxIncrease: 0.1 },
            { feature: 'payment_type', metric: 'linf_previous', detector: 'bounds', upper: 0.15 },
            { feature: 'fare', metric: 'mean', detector: 'onlineNormal', k: 4, window: 20, severity: 'WARNING' },
          ],
        },
        report: false,
        failOn: 'error',
      }),
    );
    expect((await runCli(['stats', 'data/span-1/part.csv', '-o', 'span1.stats.pb'], { cwd: dir })).code).toBe(0);
    expect((await runCli(['infer-schema', '--stats', 'span1.stats.pb', '-o', 'schema.pbtxt'], { cwd: dir })).code).toBe(
      0,
    );
    const gated: number[] = [];
    for (let span = 1; span <= SPANS; span++) {
      const args = ['run', '--span', String(span), '--quiet', '--format', 'json'];
      if (span === SPIKE) args.push('--format', 'junit', '-o', 'junit.xml');
      const result = await runCli(args, { cwd: dir });
      expect(result.stderr).toBe('');
      if (span === SPIKE) {
        expect(result.code).toBe(1);
        continue;
      }
      const json = JSON.parse(result.stdout) as RunJson;
      const history = json.validations.find((v) => v.name === 'trips: history');
      if (history?.anomalies.some((a) => a.severity === 'ERROR')) {
        expect(result.code).toBe(1);
        gated.push(span);
      }
    }
    const history = JSON.parse((await runCli(['history', '--format', 'json'], { cwd: dir })).stdout) as HistoryJson;
    expect(history.spans).toHaveLength(SPANS);
    const found = history.spans.flatMap((s) => s.findings.map((f) => ({ span: s.span, ...f })));
    const expected = (f: { span: number; feature: string }) =>
      (f.feature === 'trip_miles' && f.span === SPIKE) ||
      (f.feature === 'payment_type' && f.span >= CATEGORY) ||
      (f.feature === 'fare' && f.span >= GRADUAL);
    const falseAlarms = found.filter((f) => !expected(f));
    const cleanSpans = SPIKE - 1;
    const firstFare = found.find((f) => f.feature === 'fare')?.span;
    console.log(
      `injected changes: detection delay of the gradual fare shift ${firstFare === undefined ? 'not detected' : `${firstFare - GRADUAL} span(s)`} (starts at span ${GRADUAL}, 2%/span); ` +
        `false alarms ${falseAlarms.length} over ${cleanSpans} clean spans (${found.length} findings in all: ${found.map((f) => `${f.feature}@${f.span}`).join(', ')})`,
    );
    expect(falseAlarms).toEqual([]);
    expect(found.filter((f) => f.feature === 'trip_miles')).toEqual([
      expect.objectContaining({ span: SPIKE, code: 'METRIC_ABSOLUTE_CHANGE', metric: 'missing_fraction' }),
    ]);
    expect(found.filter((f) => f.feature === 'payment_type').map((f) => f.span)).toEqual([CATEGORY]);
    expect(found.find((f) => f.feature === 'payment_type')?.code).toBe('METRIC_OUT_OF_BOUNDS');
    expect(firstFare).toBeDefined();
    expect(firstFare as number).toBeLessThanOrEqual(GRADUAL + 8);

    expect(found.find((f) => f.feature === 'fare')?.code).toBe('METRIC_OUTSIDE_NORMAL_RANGE');

    // Gating: ERROR findings fail the run (exit 1); the fare findings are WARNINGs.
    expect(gated).toEqual([CATEGORY]);
    // The same outputs as every validation: JUnit names the history check and its code.
    const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(junit).toContain('trips: history');
    expect(junit).toContain('METRIC_ABSOLUTE_CHANGE');
  }, 600_000);
});
