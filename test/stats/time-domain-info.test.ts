import { DateDay, Int32, Table, TimestampMicrosecond, TimestampSecond, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { inferSchema } from '../../src/schema/index.js';
import { StatisticsAccumulator, statisticsFromAggregates } from '../../src/stats/index.js';
import type { FeatureNameStatistics } from '../../src/tfmd/types.js';

/** Three days of 2012 as Arrow timestamps (µs and s), dates (days) and a plain INT column. */
function batch(offsetDays: number) {
  const days = [0, 1, 2].map((d) => 15_340 + offsetDays + d); // 2012-01-01 is day 15340
  const table = new Table({
    at: vectorFromArray(
      days.map((d) => d * 86_400_000),
      new TimestampMicrosecond(),
    ),
    at_s: vectorFromArray(
      days.map((d) => d * 86_400_000),
      new TimestampSecond(),
    ),
    day: vectorFromArray(
      days.map((d) => new Date(d * 86_400_000)),
      new DateDay(),
    ),
    count: vectorFromArray([1, 2, 3], new Int32()),
  });
  return table.batches[0]!;
}

const domainInfo = (f: FeatureNameStatistics | undefined) => f?.customStats?.find((c) => c.name === 'domain_info')?.str;

describe("domain_info on Arrow timestamp and date columns (TFDV's time_domain)", () => {
  it('says the unit of each timestamp and date column, nothing on a plain INT, through partial states', () => {
    const a = new StatisticsAccumulator().add(batch(0));
    const b = new StatisticsAccumulator().add(batch(3));
    const merged = StatisticsAccumulator.deserialize(a.serialize()).merge(
      StatisticsAccumulator.deserialize(b.serialize()),
    );
    const stats = merged.finish();
    const features = stats.datasets![0]!.features!;
    const byName = (name: string) => features.find((f) => f.path?.step?.[0] === name);
    expect(domainInfo(byName('at'))).toBe('time_domain { integer_format: UNIX_MICROSECONDS }');
    expect(domainInfo(byName('at_s'))).toBe('time_domain { integer_format: UNIX_SECONDS }');
    expect(domainInfo(byName('day'))).toBe('time_domain { integer_format: UNIX_DAYS }');
    expect(domainInfo(byName('count'))).toBeUndefined();
    // The values stay TFDV's INT counts since the epoch, in the column's unit.
    expect(byName('at')?.type).toBe('INT');
    expect(byName('at')?.numStats?.min).toBe(15_340 * 86_400_000_000);
    expect(byName('at_s')?.numStats?.max).toBe((15_340 + 5) * 86_400);
    expect(byName('day')?.numStats?.min).toBe(15_340);

    const schema = inferSchema(stats);
    const entry = (name: string) => schema.feature?.find((f) => f.name === name);
    expect(entry('at')?.timeDomain).toEqual({ integerFormat: 'UNIX_MICROSECONDS' });
    expect(entry('day')?.timeDomain).toEqual({ integerFormat: 'UNIX_DAYS' });
    expect(entry('count')?.timeDomain).toBeUndefined();
  });

  it('statistics from aggregates say the unit given as timeFormat, as the same dates read from Arrow', () => {
    const days = [15_340, 15_341, 15_342];
    const fromArrow = new StatisticsAccumulator().add(batch(0)).finish();
    const acc = statisticsFromAggregates([
      {
        numExamples: 3,
        features: [
          {
            name: 'day',
            type: 'int',
            present: 3,
            timeFormat: 'UNIX_DAYS',
            numeric: {
              count: 3,
              min: 15_340,
              max: 15_342,
              mean: 15_341,
              variance: 2 / 3,
              zeros: 0,
              samples: days.map((d) => [d, 1] as const),
            },
          },
        ],
      },
    ]);
    const stats = StatisticsAccumulator.deserialize(acc.serialize()).finish();
    const day = stats.datasets![0]!.features![0]!;
    const arrowDay = fromArrow.datasets![0]!.features!.find((f) => f.path?.step?.[0] === 'day');
    expect(domainInfo(day)).toBe('time_domain { integer_format: UNIX_DAYS }');
    expect(day.customStats).toEqual(arrowDay?.customStats);
    expect(day.numStats?.min).toBe(arrowDay?.numStats?.min);
    expect(inferSchema(stats).feature?.[0]?.timeDomain).toEqual({ integerFormat: 'UNIX_DAYS' });
  });

  it('statistics from aggregates refuse a timeFormat on a feature that is not int', () => {
    expect(() =>
      statisticsFromAggregates([
        { numExamples: 1, features: [{ name: 'when', type: 'string', present: 1, timeFormat: 'UNIX_DAYS' }] },
      ]),
    ).toThrow(/feature 'when' has a timeFormat but is string: times are int counts since 1970/);
  });
});
