import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/_util/errors.js';
import { definitionRows } from '../../src/pipeline/config-definition.js';
import { PIPELINE_CONFIG, parsePipelineConfig } from '../../src/pipeline/pipeline-config.js';
import { dateSpanNumber, resolveSplitSpan } from '../../src/pipeline/span-inputs.js';

const parse = (raw: unknown) => parsePipelineConfig(raw, { baseDir: '/data', file: '/data/datavet.config.json' });
const spanned = { name: 'daily', inputs: ['data/span-{SPAN}/*.csv'] };

function errorOf(raw: unknown): UsageError {
  try {
    parse(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('expected a UsageError');
}
const messageOf = (raw: unknown) => errorOf(raw).message;
const hintOf = (raw: unknown) => errorOf(raw).hint;

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
    // Wrong types of every key of a rule, and of the list itself.
    [
      { splits: [spanned], monitoring: { rules: { metric: 'mean' } } },
      'monitoring.rules: expected a list of rules, got an object',
    ],
    [{ splits: [spanned], monitoring: { rules: [3] } }, 'monitoring.rules[0]: expected an object, got number 3'],
    [
      { splits: [spanned], monitoring: { rules: [{ metric: 7, detector: 'bounds', upper: 1 }] } },
      'monitoring.rules[0].metric: expected a metric name, got number 7',
    ],
    [
      { splits: [spanned], monitoring: { rules: [{ metric: 'mean', upper: 1 }] } },
      'monitoring.rules[0].detector: expected a detector name, got nothing (the key is missing)',
    ],
    [
      { splits: [spanned], monitoring: { rules: [{ feature: 3, metric: 'mean', detector: 'bounds', upper: 1 }] } },
      'monitoring.rules[0].feature: expected a non-empty string, got number 3',
    ],
    [
      { splits: [spanned], monitoring: { rules: [{ metric: 'mean', detector: 'bounds', upper: 1, severity: 'LOW' }] } },
      'monitoring.rules[0].severity: expected one of ERROR, WARNING, UNKNOWN, got string "LOW"',
    ],
    [
      { splits: [spanned], monitoring: { rules: [{ metric: 'mean', detector: 'bounds', upper: '1' }] } },
      'monitoring.rules[0].upper: expected a number (largest accepted value), got string "1"',
    ],
    [
      { splits: [spanned], monitoring: { rules: [{ metric: 'mean', detector: 'seasonal', period: 1 }] } },
      'monitoring.rules[0].period: expected an integer >= 2 (spans per season',
    ],
  ])('%j -> %s', (raw, message) => {
    expect(messageOf(raw)).toContain(message);
  });

  it("names what is allowed: the rule's keys for its detector, the detectors and the metrics", () => {
    const rule = (r: object) => hintOf({ splits: [spanned], monitoring: { rules: [r] } });
    expect(rule({ metric: 'mean', detector: 'bounds', upper: 1, k: 2 })).toBe(
      'allowed here: feature, metric, detector, severity, lower, upper',
    );
    expect(rule({ metric: 'mean', detector: 'seasonal', period: 7, window: 2 })).toBe(
      'allowed here: feature, metric, detector, severity, period, k, cycles',
    );
    expect(rule({ metric: 'mean', detector: 'zscore' })).toBe(
      'detectors: bounds, absoluteChange, relativeChange, rateOfChange, onlineNormal, seasonal',
    );
    expect(rule({ metric: 'avg', detector: 'bounds', upper: 1 })).toMatch(/^metrics: count, missing_fraction, mean, /);
  });

  it('takes no rules, or an empty list of them', () => {
    expect(parse({ splits: [spanned], monitoring: {} }).monitoring).toEqual({ rules: [] });
    expect(parse({ splits: [spanned], monitoring: { rules: [] } }).monitoring).toEqual({ rules: [] });
  });

  it("documents each detector's parameters with the detector, its range and default", () => {
    const rows = definitionRows(PIPELINE_CONFIG).filter((row) => row.key === 'monitoring.rules[].window');
    expect(rows).toEqual([
      {
        key: 'monitoring.rules[].window',
        kind: 'an integer >= 1',
        doc: 'with `"detector": "rateOfChange"`: spans the rate is measured over',
        defaultText: '`5`',
      },
      {
        key: 'monitoring.rules[].window',
        kind: 'an integer >= 2',
        doc: 'with `"detector": "onlineNormal"`: past spans the mean and deviation come from',
        defaultText: '`30`',
      },
    ]);
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
