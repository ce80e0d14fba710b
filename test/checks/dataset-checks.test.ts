import { describe, expect, it } from 'vitest';
import { csvRows, num, runChecks } from './independent.js';

/** Dataset-level checks over metrics, against answers computed independently (./independent.ts). */
describe('dataset checks on real data', () => {
  it('chicago taxi: row count, missing fraction, mean/min/max, distinct and duplicate counts', async () => {
    const rows = csvRows('chicago_taxi/train.csv');
    const fares = rows.map((r) => num(r, 'fare')).filter((x): x is number => x !== null);
    const mean = fares.reduce((s, x) => s + x, 0) / fares.length;
    const companies = new Set(rows.map((r) => r.company).filter((c) => c !== ''));
    const tracts = rows.filter((r) => r.pickup_census_tract === '').length;
    const { byName } = await runChecks(
      `
- name: enough_rows
  dataset: row_count >= 10000
- name: too_many_rows
  dataset: row_count > 10000
- name: tract_mostly_present
  dataset: missing_fraction(pickup_census_tract) < 2%
- name: fare_mean
  dataset: mean(fare) between ${mean - 0.001} and ${mean + 0.001} and min(fare) >= 0 and max(fare) <= ${Math.max(...fares)}
- name: companies
  dataset: distinct_count(company) == ${companies.size}
- name: fewer_companies
  dataset: distinct_count(company) < 10
- name: median_fare
  dataset: quantile(fare, 0.5) < 1000 and median(fare) > 0
`,
      ['chicago_taxi/train.csv'],
    );
    expect(byName.get('enough_rows')!.status).toBe('pass');
    const tooMany = byName.get('too_many_rows')!;
    expect(tooMany.status).toBe('fail');
    expect(tooMany.readings).toEqual([{ text: 'row_count', value: rows.length }]);
    const tract = byName.get('tract_mostly_present')!;
    expect(tract.status).toBe('fail');
    expect(tract.feature).toBe('pickup_census_tract');
    expect(tract.readings![0]!.value).toBeCloseTo(tracts / rows.length, 12);
    expect(byName.get('fare_mean')!.status).toBe('pass');
    expect(byName.get('companies')!.status).toBe('pass');
    expect(byName.get('fewer_companies')!.readings).toEqual([
      { text: 'distinct_count(company)', value: companies.size },
    ]);
    expect(byName.get('median_fare')!.status).toBe('pass');
  });

  it('duplicate_count over several columns, exact', async () => {
    const rows = csvRows('titanic/titanic.csv');
    const key = (r: (typeof rows)[number]) => JSON.stringify([r.sex, r.pclass, r.survived]);
    const distinct = new Set(rows.map(key)).size;
    const { byName } = await runChecks(
      `
- name: dups
  dataset: duplicate_count(sex, pclass, survived) == 0
`,
      ['titanic/titanic.csv'],
    );
    expect(byName.get('dups')!).toMatchObject({
      status: 'fail',
      readings: [{ text: 'duplicate_count(sex, pclass, survived)', value: rows.length - distinct }],
    });
  });

  it('freshness of a string timestamp column and of an epoch-seconds column', async () => {
    const taxis = csvRows('nyc_taxis/taxis.csv');
    const newest = taxis
      .map((r) => r.pickup!)
      .sort()
      .at(-1)!;
    const newestSeconds = Date.parse(`${newest.replace(' ', 'T')}Z`) / 1000;
    const { byName } = await runChecks(
      `
- name: fresh_day
  dataset: freshness(pickup) < 1d
- name: fresh_hour
  dataset: freshness(pickup) <= 1h
`,
      ['nyc_taxis/taxis.csv'],
      { evaluate: { now: newestSeconds + 7200 } },
    );
    expect(byName.get('fresh_day')!).toMatchObject({
      status: 'pass',
      readings: [{ text: 'freshness(pickup)', value: 7200 }],
    });
    expect(byName.get('fresh_hour')!.status).toBe('fail');

    const chicago = csvRows('chicago_taxi/train.csv');
    const max = Math.max(...chicago.map((r) => num(r, 'trip_start_timestamp')!));
    const { byName: c } = await runChecks(
      '- {name: fresh, dataset: freshness(trip_start_timestamp) < 30m}',
      ['chicago_taxi/train.csv'],
      {
        evaluate: { now: max + 1000 },
      },
    );
    expect(c.get('fresh')!).toMatchObject({ status: 'pass', readings: [{ value: 1000 }] });
  });

  it('change against the previous span, and skipped without one', async () => {
    const checks = `
- name: row_count_stable
  dataset: abs(change(row_count)) <= 20%
- name: fare_mean_stable
  dataset: abs(mean(fare) - previous(mean(fare))) < 5
`;
    const previous = (await runChecks('[]', ['chicago_taxi/train.csv'])).statistics;
    const { byName } = await runChecks(checks, ['chicago_taxi/eval.csv'], { evaluate: { previous } });
    const rowCount = byName.get('row_count_stable')!;
    expect(rowCount.status).toBe('fail');
    expect(rowCount.readings).toEqual([
      { text: 'row_count', value: csvRows('chicago_taxi/eval.csv').length },
      { text: 'previous row_count', value: csvRows('chicago_taxi/train.csv').length },
    ]);
    expect(byName.get('fare_mean_stable')!.status).toBe('pass');
    const alone = await runChecks(checks, ['chicago_taxi/eval.csv']);
    expect(alone.byName.get('row_count_stable')!).toMatchObject({
      status: 'skipped',
      reason: 'no previous statistics were given',
    });
  });

  it('a metric that is not available fails the check and says why', async () => {
    const { byName } = await runChecks('- {name: m, dataset: "mean(fare) > 0"}', ['chicago_taxi/serving.csv'], {});
    expect(byName.get('m')!.status).toBe('pass');
    const { byName: none } = await runChecks('- {name: m, dataset: "mean(pickup_census_tract) > 0"}', [
      'chicago_taxi/train.csv',
    ]);
    expect(none.get('m')!.status).toBe('fail');
    expect(none.get('m')!.reason).toMatch(/mean\(pickup_census_tract\) not in the statistics/);
  });

  it('checks of another environment are skipped', async () => {
    const { byName } = await runChecks(
      '- {name: serving_only, dataset: "row_count > 1000000", environment: SERVING}',
      ['chicago_taxi/serving.csv'],
      { evaluate: { environment: 'TRAINING' } },
    );
    expect(byName.get('serving_only')!).toMatchObject({
      status: 'skipped',
      reason: 'runs only in SERVING, not TRAINING',
    });
  });
});
