import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/_util/errors.js';
import { parsePipelineConfig } from '../../src/pipeline/pipeline-config.js';
import { dateSpanNumber, resolveSplitSpan } from '../../src/pipeline/span-inputs.js';

const parse = (raw: unknown) => parsePipelineConfig(raw, { baseDir: '/data', file: '/data/datavet.config.json' });
const spanned = { name: 'daily', inputs: ['data/span-{SPAN}/*.csv'] };

function messageOf(raw: unknown): string {
  try {
    parse(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error('expected a UsageError');
}

describe('span config', () => {
  it('reads span, the span forms of driftAgainst and the monitoring rules with defaults', () => {
    const config = parse({
      splits: [
        { ...spanned, driftAgainst: 'previous-span' },
        { name: 'weekly', inputs: ['w.csv'], span: 3, driftAgainst: { spans: 4 } },
        { name: 'base', inputs: ['b/{YYYY}-{MM}-{DD}/*.csv'], driftAgainst: { span: 19000 } },
      ],
      monitoring: {
        rules: [{ feature: 'fare', metric: 'mean', detector: 'onlineNormal', k: 4 }],
        datasetDrift: { share: 0.3 },
        baseline: { span: 1 },
      },
    });
    expect(config.splits.map((s) => s.driftAgainstSpans)).toEqual([
      { kind: 'previous' },
      { kind: 'last', count: 4 },
      { kind: 'fixed', span: 19000 },
    ]);
    expect(config.splits[1]?.span).toBe(3);
    expect(config.monitoring).toEqual({
      rules: [
        {
          feature: 'fare',
          metric: 'mean',
          detector: 'onlineNormal',
          params: { k: 4, window: 30, minHistory: 5, ignoreAnomalies: 1 },
          severity: 'ERROR',
        },
      ],
      datasetDrift: { method: 'jsd', against: 'previous', threshold: 0.1, share: 0.3, severity: 'WARNING' },
      baselineSpan: 1,
    });
  });

  it.each([
    [
      { splits: [{ name: 't', inputs: ['t.csv'], driftAgainst: 'previous-span' }] },
      'splits[0].driftAgainst: comparing with earlier spans needs a split with spans',
    ],
    [
      { splits: [{ ...spanned, driftAgainst: { spans: 0 } }] },
      'splits[0].driftAgainst.spans: expected an integer >= 1',
    ],
    [{ splits: [{ ...spanned, driftAgainst: { spans: 2, span: 1 } }] }, 'splits[0].driftAgainst: set either "spans"'],
    [{ splits: [{ ...spanned, driftAgainst: {} }] }, 'splits[0].driftAgainst: set either "spans"'],
    [{ splits: [{ ...spanned, driftAgainst: { spans: 2, last: 1 } }] }, 'splits[0].driftAgainst.last: unknown key'],
    [
      { splits: [{ ...spanned, driftAgainst: 3 }] },
      'splits[0].driftAgainst: expected a split name, "previous-span", { "spans": K } or { "span": N }, got number 3',
    ],
    [{ splits: [{ ...spanned, driftAgainst: '' }] }, 'splits[0].driftAgainst: expected a non-empty string'],
    [
      { splits: [{ ...spanned, driftAgainst: { span: '12' } }] },
      'splits[0].driftAgainst.span: expected an integer >= 0, got string "12"',
    ],
    [{ splits: [{ ...spanned, span: -1 }] }, 'splits[0].span: expected an integer >= 0'],
    [
      { splits: [spanned], monitoring: { rules: [{ metric: 'mean', detector: 'zscore' }] } },
      "monitoring.rules[0].detector: unknown detector 'zscore'",
    ],
    [
      { splits: [spanned], monitoring: { rules: [{ metric: 'avg', detector: 'bounds', upper: 1 }] } },
      "monitoring.rules[0].metric: unknown metric 'avg'",
    ],
    [
      { splits: [spanned], monitoring: { rules: [{ metric: 'mean', detector: 'bounds' }] } },
      'monitoring.rules[0]: the bounds detector needs lower or upper',
    ],
    [
      { splits: [spanned], monitoring: { rules: [{ metric: 'mean', detector: 'onlineNormal', window: 1.5 }] } },
      'monitoring.rules[0].window: expected an integer >= 2',
    ],
    [
      { splits: [spanned], monitoring: { rules: [{ metric: 'mean', detector: 'bounds', upper: 1, k: 2 }] } },
      'monitoring.rules[0].k: unknown key',
    ],
    [
      { splits: [spanned], monitoring: { datasetDrift: { method: 'ks' } } },
      'monitoring.datasetDrift.method: expected one of linf, jsd, psi',
    ],
  ])('%j -> %s', (raw, message) => {
    expect(messageOf(raw)).toContain(message);
  });
});

describe('span inputs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'datavet-span-inputs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const touch = (path: string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), 'a\n1\n');
  };

  it('{SPAN}: the latest span by default, or the one asked for; every file of it', async () => {
    for (const path of ['s/span-1/a.csv', 's/span-2/a.csv', 's/span-2/b.csv', 's/span-10/a.csv', 's/other/a.csv'])
      touch(path);
    const split = { name: 'x', inputs: [join(dir, 's/span-{SPAN}/*.csv')] };
    expect(await resolveSplitSpan(split, undefined)).toEqual({ span: 10, inputs: [join(dir, 's/span-10/a.csv')] });
    expect(await resolveSplitSpan(split, 2)).toEqual({
      span: 2,
      inputs: [join(dir, 's/span-2/a.csv'), join(dir, 's/span-2/b.csv')],
    });
    await expect(resolveSplitSpan(split, 3)).rejects.toThrow(/span 3 has no files/);
  });

  it('{YYYY}-{MM}-{DD}: the span number is the days since 1970-01-01', async () => {
    for (const path of ['d/2024-02-28/x.csv', 'd/2024-02-29/x.csv', 'd/2024-02-30/x.csv']) touch(path);
    const split = { name: 'x', inputs: [join(dir, 'd/{YYYY}-{MM}-{DD}/*.csv')] };
    expect(dateSpanNumber(1970, 1, 1)).toBe(0);
    expect(dateSpanNumber(2024, 2, 29)).toBe(19782);
    expect(dateSpanNumber(2024, 2, 30)).toBeUndefined();
    // 2024-02-30 is not a date: ignored.
    expect(await resolveSplitSpan(split, undefined)).toEqual({
      span: 19782,
      inputs: [join(dir, 'd/2024-02-29/x.csv')],
    });
  });

  it('plain inputs with a configured span; no span at all otherwise; a pattern matching nothing is a usage error', async () => {
    expect(await resolveSplitSpan({ name: 'x', inputs: ['a.csv'], span: 7 }, undefined)).toEqual({
      span: 7,
      inputs: ['a.csv'],
    });
    expect(await resolveSplitSpan({ name: 'x', inputs: ['a.csv'] }, undefined)).toBeUndefined();
    await expect(
      resolveSplitSpan({ name: 'x', inputs: [join(dir, 'none/span-{SPAN}.csv')] }, undefined),
    ).rejects.toThrow(/no file matches/);
  });
});
