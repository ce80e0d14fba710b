import { describe, expect, it } from 'vitest';
import { describeResult } from '../../src/checks/index.js';
import { csvRows, failingRows, num, runChecks } from './independent.js';

/** Row-level checks on bundled datasets, against answers computed independently (./independent.ts). */
describe('row checks on real data', () => {
  it('chicago taxi: trip_seconds >= 0, fare >= 0, dropoff present when pickup present', async () => {
    const rows = csvRows('chicago_taxi/train.csv');
    const { byName } = await runChecks(
      `
- name: trip_seconds_non_negative
  row: trip_seconds >= 0
- name: fare_non_negative
  row: fare >= 0
- name: dropoff_when_pickup
  row: dropoff_latitude is not null and dropoff_longitude is not null
  when: pickup_latitude is not null and pickup_longitude is not null
`,
      ['chicago_taxi/train.csv'],
    );
    const seconds = byName.get('trip_seconds_non_negative')!;
    expect(seconds.evaluated).toBe(rows.filter((r) => num(r, 'trip_seconds') !== null).length);
    expect(seconds.failing).toBe(failingRows(rows, (r) => (num(r, 'trip_seconds') ?? 0) < 0).length);
    expect(seconds.status).toBe('pass');
    const fare = byName.get('fare_non_negative')!;
    expect(fare.evaluated).toBe(rows.filter((r) => num(r, 'fare') !== null).length);
    expect(fare.failing).toBe(0);

    const pickup = (r: (typeof rows)[number]) => r.pickup_latitude !== '' && r.pickup_longitude !== '';
    const expected = failingRows(rows, (r) => pickup(r) && (r.dropoff_latitude === '' || r.dropoff_longitude === ''));
    const dropoff = byName.get('dropoff_when_pickup')!;
    expect(expected.length).toBeGreaterThan(0);
    expect(dropoff.status).toBe('fail');
    expect(dropoff.failing).toBe(expected.length);
    expect(dropoff.evaluated).toBe(rows.filter(pickup).length);
    expect(dropoff.failingFraction).toBeCloseTo(expected.length / rows.filter(pickup).length, 12);
    expect(dropoff.feature).toBe('dropoff_latitude');
    expect(dropoff.examples.map((e) => e.row)).toEqual(expected.slice(0, 5));
    const first = rows[expected[0]! - 1]!;
    expect(dropoff.examples[0]!.file).toMatch(/chicago_taxi[\\/]train\.csv$/);
    expect(dropoff.examples[0]!.values).toEqual({
      dropoff_latitude: first.dropoff_latitude === '' ? null : Number(first.dropoff_latitude),
      dropoff_longitude: first.dropoff_longitude === '' ? null : Number(first.dropoff_longitude),
      pickup_latitude: Number(first.pickup_latitude),
      pickup_longitude: Number(first.pickup_longitude),
    });
  });

  it('census: age between 17 and 90 holds; a narrower range fails on the rows outside it', async () => {
    const rows = csvRows('census_adult/adult_with_header.csv');
    const { byName } = await runChecks(
      `
- name: age_range
  row: age between 17 and 90
- name: working_age
  row: not (age not between 18 and 75)
- name: known_workclass
  row: trim(workclass) in ('Private', 'Self-emp-not-inc', 'Self-emp-inc', 'Local-gov', 'State-gov', 'Federal-gov')
`,
      ['census_adult/adult_with_header.csv'],
    );
    const age = (r: (typeof rows)[number]) => num(r, 'age')!;
    expect(byName.get('age_range')!).toMatchObject({
      status: 'pass',
      evaluated: rows.length,
      failing: failingRows(rows, (r) => age(r) < 17 || age(r) > 90).length,
    });
    const outside = failingRows(rows, (r) => age(r) < 18 || age(r) > 75);
    expect(outside.length).toBeGreaterThan(0);
    const working = byName.get('working_age')!;
    expect(working.failing).toBe(outside.length);
    expect(working.examples.map((e) => [e.row, e.values.age])).toEqual(
      outside.slice(0, 5).map((n) => [n, age(rows[n - 1]!)]),
    );
    const known = ['Private', 'Self-emp-not-inc', 'Self-emp-inc', 'Local-gov', 'State-gov', 'Federal-gov'];
    const unknown = failingRows(rows, (r) => !known.includes(r.workclass!.trim()));
    expect(unknown.length).toBeGreaterThan(0);
    expect(byName.get('known_workclass')!).toMatchObject({ status: 'fail', failing: unknown.length });
    expect(byName.get('known_workclass')!.examples[0]!.row).toBe(unknown[0]);
  });

  it('nyc taxis: arithmetic across columns, a regular expression, mostly', async () => {
    const rows = csvRows('nyc_taxis/taxis.csv');
    const { byName } = await runChecks(
      `
- name: total_covers_parts
  row: total + 0.005 >= fare + tip + tolls
- name: pickup_format
  row: pickup matches '^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$'
- name: dropoff_after_pickup
  row: dropoff >= pickup
- name: mostly_short
  row: distance * 2 < 20
  mostly: 0.9
- name: mostly_tipped
  row: tip > 0
  mostly: 0.9
  severity: warning
`,
      ['nyc_taxis/taxis.csv'],
    );
    const parts = failingRows(
      rows,
      (r) => num(r, 'total')! + 0.005 < num(r, 'fare')! + num(r, 'tip')! + num(r, 'tolls')!,
    );
    expect(byName.get('total_covers_parts')!.failing).toBe(parts.length);
    expect(byName.get('total_covers_parts')!.examples.map((e) => e.row)).toEqual(parts.slice(0, 5));
    expect(byName.get('pickup_format')!).toMatchObject({ status: 'pass', evaluated: rows.length, failing: 0 });
    const backwards = failingRows(rows, (r) => r.dropoff! < r.pickup!);
    expect(byName.get('dropoff_after_pickup')!.failing).toBe(backwards.length);
    const long = failingRows(rows, (r) => num(r, 'distance')! * 2 >= 20);
    expect(long.length / rows.length).toBeLessThan(0.1);
    expect(byName.get('mostly_short')!).toMatchObject({ status: 'pass', failing: long.length, mostly: 0.9 });
    const untipped = failingRows(rows, (r) => num(r, 'tip')! <= 0);
    expect(untipped.length / rows.length).toBeGreaterThan(0.1);
    expect(byName.get('mostly_tipped')!).toMatchObject({
      status: 'fail',
      severity: 'WARNING',
      failing: untipped.length,
    });
  });

  it('titanic: string length and not null', async () => {
    const rows = csvRows('titanic/titanic.csv');
    const { byName } = await runChecks(
      `
- name: short_town
  row: length(embark_town) <= 10
- name: deck_known
  row: deck is not null
`,
      ['titanic/titanic.csv'],
    );
    const long = failingRows(rows, (r) => r.embark_town !== '' && r.embark_town!.length > 10);
    expect(byName.get('short_town')!).toMatchObject({
      status: 'fail',
      failing: long.length,
      evaluated: rows.filter((r) => r.embark_town !== '').length,
    });
    expect(byName.get('short_town')!.examples[0]).toMatchObject({
      row: long[0],
      values: { embark_town: 'Southampton' },
    });
    const noDeck = failingRows(rows, (r) => r.deck === '');
    expect(byName.get('deck_known')!).toMatchObject({ failing: noDeck.length, evaluated: rows.length });
  });

  it('diabetes: unique and unique together, with the repeating rows as examples', async () => {
    const rows = csvRows('diabetes_130_us/diabetic_data.csv');
    const { byName } = await runChecks(
      `
- name: unique_encounter
  unique: encounter_id
- name: unique_patient
  unique: patient_nbr
- name: unique_patient_age
  unique: [patient_nbr, age]
`,
      ['diabetes_130_us/diabetic_data.csv'],
    );
    const repeats = (key: (r: (typeof rows)[number]) => string) => {
      const seen = new Set<string>();
      return failingRows(rows, (r) => {
        const k = key(r);
        if (seen.has(k)) return true;
        seen.add(k);
        return false;
      });
    };
    expect(repeats((r) => r.encounter_id!)).toEqual([]);
    expect(byName.get('unique_encounter')!).toMatchObject({ status: 'pass', failing: 0, evaluated: rows.length });
    const patient = repeats((r) => r.patient_nbr!);
    expect(patient.length).toBeGreaterThan(0);
    const p = byName.get('unique_patient')!;
    expect(p).toMatchObject({ status: 'fail', failing: patient.length, evaluated: rows.length });
    expect(p.examples.map((e) => [e.row, e.values.patient_nbr])).toEqual(
      patient.slice(0, 5).map((n) => [n, Number(rows[n - 1]!.patient_nbr)]),
    );
    const together = repeats((r) => `${r.patient_nbr}|${r.age}`);
    expect(byName.get('unique_patient_age')!.failing).toBe(together.length);
    expect(byName.get('unique_patient_age')!.examples.map((e) => e.row)).toEqual(together.slice(0, 5));
  });

  it('past the exact bound, uniqueness is estimated by a sketch and says so', async () => {
    const rows = csvRows('diabetes_130_us/diabetic_data.csv');
    const distinct = new Set(rows.map((r) => r.patient_nbr)).size;
    const { byName } = await runChecks(
      `
max_exact_keys: 500
checks:
  - {name: unique_patient, unique: patient_nbr}
  - {name: patients, dataset: "distinct_count(patient_nbr) > 0"}
`,
      ['diabetes_130_us/diabetic_data.csv'],
    );
    const u = byName.get('unique_patient')!;
    expect(u.relativeError).toBeCloseTo(1.04 / 128, 6);
    // Within four standard errors of the exact count.
    const estimate = rows.length - u.failing!;
    expect(Math.abs(estimate - distinct)).toBeLessThanOrEqual(4 * u.relativeError! * distinct);
    expect(describeResult(u)).toMatch(
      /estimated with a distinct-count sketch \(relative standard error 0\.813% of the distinct count\)/,
    );
    expect(byName.get('patients')!.readings).toEqual([
      { text: 'distinct_count(patient_nbr)', value: estimate, estimated: true },
    ]);
  });
});
