import { describe, expect, it } from 'vitest';
import { formatNumber, formatPercent } from '../../src/report/display-number.js';
import { buildReportModel } from '../../src/report/report-model.js';
import { formatTimeSpan, formatTimeValue } from '../../src/report/time-value.js';
import type { DatasetFeatureStatistics } from '../../src/tfmd/types.js';

describe('numbers in displays', () => {
  it('rounds fractions to 3 significant digits, never to 0% or 100% unless exact', () => {
    expect(formatPercent(0.6493150684931507)).toBe('64.9%');
    expect(formatPercent(6 / 406)).toBe('1.48%');
    expect(formatPercent(0.00123456)).toBe('0.123%');
    expect(formatPercent(1e-7)).toBe('<0.001%');
    expect(formatPercent(0.99999)).toBe('>99.9%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(1)).toBe('100%');
  });

  it('shows an exact 32-bit float with its short decimal, other numbers to 4 significant digits', () => {
    expect(formatNumber(Math.fround(64.9))).toBe('64.9'); // 64.9000015258789
    expect(formatNumber(Math.fround(1234.57))).toBe('1234.57');
    expect(formatNumber(Math.fround(0.6))).toBe('0.6');
    expect(formatNumber(0.6493150684931507)).toBe('0.6493');
    expect(formatNumber(1_234_567)).toBe('1,234,567');
    expect(formatNumber(2.5e9 + 0.5)).toBe('2.50e+9');
  });
});

describe('times in displays', () => {
  const jan1 = 1_325_376_000; // 2012-01-01T00:00:00Z in seconds
  it('shows counts since the epoch as ISO dates in each unit', () => {
    expect(formatTimeValue(jan1 * 1e6, 'UNIX_MICROSECONDS')).toBe('2012-01-01');
    expect(formatTimeValue(jan1 * 1e9 + 1_500_000, 'UNIX_NANOSECONDS')).toBe('2012-01-01T00:00:00.001Z');
    expect(formatTimeValue(jan1 + 6.5 * 3600, 'UNIX_SECONDS')).toBe('2012-01-01T06:30:00Z');
    expect(formatTimeValue(jan1 * 1000, 'UNIX_MILLISECONDS')).toBe('2012-01-01');
    expect(formatTimeValue(15_340, 'UNIX_DAYS')).toBe('2012-01-01');
    // A mean is shown to the minute.
    expect(formatTimeValue((jan1 + 43_210.7) * 1e6, 'UNIX_MICROSECONDS', true)).toBe('2012-01-01T12:00Z');
    expect(formatTimeValue(Number.NaN, 'UNIX_SECONDS')).toBeUndefined();
    expect(formatTimeValue(1e300, 'UNIX_SECONDS')).toBeUndefined();
    expect(formatTimeValue(jan1, 'FORMAT_UNKNOWN')).toBeUndefined();
  });

  it('shows a spread of time as a duration', () => {
    expect(formatTimeSpan(211 * 86_400e6, 'UNIX_MICROSECONDS')).toBe('211 days');
    expect(formatTimeSpan(5400, 'UNIX_SECONDS')).toBe('1.5 h');
    expect(formatTimeSpan(42, 'UNIX_SECONDS')).toBe('42 s');
  });
});

describe('report model: slices and times', () => {
  const feature = (name: string, extra: object = {}) => ({
    name,
    type: 'INT' as const,
    numStats: { commonStats: { numNonMissing: 3 }, mean: 1, min: 0, max: 2 },
    ...extra,
  });
  const dataset = (name: string): DatasetFeatureStatistics => ({
    name,
    numExamples: 3,
    features: [
      feature('at', { customStats: [{ name: 'domain_info', str: 'time_domain { integer_format: UNIX_SECONDS }' }] }),
      feature('weather_kind'),
      feature('n'),
    ],
  });

  it("groups a list's slices under its name, reading TFDV's slice names as feature = value", () => {
    const model = buildReportModel({
      statistics: {
        datasets: [dataset('All Examples'), dataset('weather_kind_rain'), dataset('n_2_weather_kind_sun')],
      },
      compareWith: { datasets: [dataset('All Examples')] },
      sources: ['late', 'early'],
    });
    expect(model.sliced).toBe(true);
    expect(model.groups).toEqual(['late', 'early']);
    expect(model.datasets.map((d) => [d.label, d.group, d.slice])).toEqual([
      ['late', 'late', undefined],
      ['late · weather_kind = rain', 'late', 'weather_kind = rain'],
      // Several features: TFDV joins them with '_' too; only the first is read as a feature.
      ['late · n = 2_weather_kind_sun', 'late', 'n = 2_weather_kind_sun'],
      ['early', 'early', undefined],
    ]);
  });

  it('keeps named datasets without an unsliced one (splits in one file) as datasets of their own', () => {
    const model = buildReportModel({
      statistics: { datasets: [dataset('train'), dataset('eval')] },
      sources: ['stats'],
    });
    expect(model.sliced).toBe(false);
    expect(model.datasets.map((d) => [d.label, d.group])).toEqual([
      ['train', 'train'],
      ['eval', 'eval'],
    ]);
  });

  it("takes the time unit from the schema's time_domain, else from the statistics' domain_info", () => {
    const statistics = { datasets: [dataset('')] };
    const fromStats = buildReportModel({ statistics });
    expect(fromStats.features.find((f) => f.path === 'at')?.timeFormat).toBe('UNIX_SECONDS');
    expect(fromStats.features.find((f) => f.path === 'n')?.timeFormat).toBeUndefined();
    const fromSchema = buildReportModel({
      statistics,
      schema: {
        feature: [
          { name: 'at', type: 'INT', timeDomain: { integerFormat: 'UNIX_MILLISECONDS' } },
          { name: 'n', type: 'INT', timeDomain: { integerFormat: 'UNIX_DAYS' } },
        ],
      },
    });
    expect(fromSchema.features.find((f) => f.path === 'at')?.timeFormat).toBe('UNIX_MILLISECONDS');
    expect(fromSchema.features.find((f) => f.path === 'n')?.timeFormat).toBe('UNIX_DAYS');
    expect(fromStats.sliced).toBe(false);
    expect(fromStats.datasets[0]?.label).toBe('dataset');
  });
});
