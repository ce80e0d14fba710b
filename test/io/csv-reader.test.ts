import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InputError } from '../../src/_util/errors.js';
import { openDataset, type ReadProgress, readBatches } from '../../src/index.js';
import { columnValues, datasetsDir, readAll, typesOf } from './helpers.js';

const d = (path: string) => join(datasetsDir, path);

/** Every bundled CSV, its data rows and columns (samples per datasets/README.md). */
const bundled: Array<[string, number, number]> = [
  ['chicago_taxi/train.csv', 10_000, 18],
  ['chicago_taxi/eval.csv', 5_000, 18],
  ['chicago_taxi/serving.csv', 100, 17],
  ['chicago_taxi_tfx/data.csv', 10_000, 18],
  ['chicago_taxi_tfx/unlabelled.csv', 3_604, 17],
  ['penguins_tfx/penguins_processed.csv', 334, 5],
  ['penguins_tfx/penguins_processed_skewed.csv', 334, 5],
  ['penguins_tfx/penguins_unlabelled.csv', 10, 4],
  ['palmer_penguins/penguins.csv', 344, 8],
  ['palmer_penguins/penguins_raw.csv', 344, 17],
  ['covertype/covertype_evaluation.csv', 2_000, 13],
  ['covertype/covertype_evaluation_anomalies.csv', 2_003, 13],
  ['covertype/covertype_serving.csv', 2_000, 12],
  ['covertype/covertype_validate_v0.csv', 2_000, 13],
  ['diabetes_130_us/diabetic_data.csv', 3_000, 50],
  ['census_adult/adult_with_header.csv', 2_000, 15],
  ['census_adult/adult_test_with_header.csv', 2_000, 15],
  ['titanic/titanic.csv', 891, 15],
  ['nyc_taxis/taxis.csv', 2_000, 14],
  ['diamonds/diamonds.csv', 2_000, 10],
  ['mpg/mpg.csv', 398, 9],
  ['tfx_artifacts/external/csv_multi_line_string/data.csv', 3, 4],
  ['tfx_artifacts/external/csv_empty/data.csv', 3, 4],
];

describe('CSV reader on the bundled datasets', () => {
  it.each(bundled)('%s: %i rows, %i columns', async (path, rows, columns) => {
    const result = await readAll(d(path), { batchSize: 1000 });
    expect(result.rows).toBe(rows);
    expect(result.schema.fields.length).toBe(columns);
    for (const batch of result.batches) expect(batch.numRows).toBeLessThanOrEqual(1000);
  });

  it('chicago taxi: TFDV types, and the always-empty pickup_census_tract is all missing', async () => {
    const { schema, batches } = await readAll(d('chicago_taxi/train.csv'));
    expect(typesOf(schema)).toMatchObject({
      pickup_community_area: 'Int64',
      fare: 'Float64',
      trip_start_timestamp: 'Int64',
      payment_type: 'Utf8',
      company: 'Utf8',
      pickup_census_tract: 'Null',
      tips: 'Float64',
    });
    expect(batches.reduce((n, b) => n + b.getChild('pickup_census_tract')!.nullCount, 0)).toBe(10_000);
    const first = batches[0]!.get(0)!.toJSON();
    expect(first.pickup_community_area).toBe(22n);
    expect(first.fare).toBe(12.85);
    expect(first.company).toBe('Taxi Affiliation Services');
    expect(first.dropoff_census_tract).toBe(17031320400n);
  });

  it('diabetes (CRLF): ? is missing with nullValues, ICD codes with V57 are strings', async () => {
    const { schema, batches } = await readAll(d('diabetes_130_us/diabetic_data.csv'), { nullValues: ['?'] });
    const types = typesOf(schema);
    expect(types).toMatchObject({ encounter_id: 'Int64', diag_1: 'Utf8', diag_2: 'Utf8', diag_3: 'Utf8' });
    expect(types.readmitted).toBe('Utf8');
    const weight = columnValues(batches, 'weight');
    expect(weight.filter((v) => v === null).length).toBeGreaterThan(2_900);
    expect(columnValues(batches, 'diag_1')).toContain('V57');
    // No CR survives at the end of the last column.
    expect(columnValues(batches, 'readmitted').every((v) => v === null || !String(v).includes('\r'))).toBe(true);
    expect(new Set(columnValues(batches, 'readmitted'))).toEqual(new Set(['NO', '>30', '<30']));
    // Without the null token, `?` is a string value and `race` stays a string column.
    const raw = await readAll(d('diabetes_130_us/diabetic_data.csv'));
    expect(columnValues(raw.batches, 'weight')).toContain('?');
  });

  it('penguins_raw: quoted fields with embedded commas stay whole', async () => {
    const { batches } = await readAll(d('palmer_penguins/penguins_raw.csv'), { nullValues: ['', 'NA'] });
    const species = new Set(columnValues(batches, 'Species'));
    expect(species).toContain('Adelie Penguin (Pygoscelis adeliae)');
    expect(typesOf(batches[0]!.schema)['Culmen Length (mm)']).toBe('Float64');
  });

  it('multi-line quoted field with doubled quotes', async () => {
    const { batches } = await readAll(d('tfx_artifacts/external/csv_multi_line_string/data.csv'));
    expect(typesOf(batches[0]!.schema)).toEqual({ A: 'Int64', B: 'Utf8', C: 'Int64', D: 'Int64' });
    expect(columnValues(batches, 'B')).toEqual(['2', '"2,\n"3",\n4\n5"', '2']);
  });

  it('census: comma-space numbers are ints (Python int() strips spaces), the trailing blank line is ignored', async () => {
    const { schema, batches, rows } = await readAll(d('census_adult/adult_with_header.csv'), { nullValues: [' ?'] });
    expect(rows).toBe(2_000);
    expect(typesOf(schema)).toMatchObject({ age: 'Int64', workclass: 'Utf8', 'hours-per-week': 'Int64' });
    expect(columnValues(batches, 'age')[0]).toBe(39n);
    expect(columnValues(batches, 'workclass')[0]).toBe(' State-gov');
  });

  it('diamonds: quoted header and strings', async () => {
    const { schema } = await readAll(d('diamonds/diamonds.csv'));
    expect(typesOf(schema)).toMatchObject({ carat: 'Float64', cut: 'Utf8', price: 'Int64' });
  });
});

describe('CSV parsing rules', () => {
  const dir = mkdtempSync(join(tmpdir(), 'datavet-csv-'));
  const file = (name: string, text: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('promotes int -> float -> string over the whole column, even past the first batch', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `${i},${i},${i}`);
    rows.push('50,0.5,x');
    const { batches, schema } = await readAll(file('promote.csv', `a,b,c\n${rows.join('\n')}\n`), { batchSize: 7 });
    expect(typesOf(schema)).toEqual({ a: 'Int64', b: 'Float64', c: 'Utf8' });
    expect(new Set(batches.map((b) => String(b.schema.fields.map((f) => f.type))))).toHaveLength(1);
    expect(columnValues(batches, 'b').at(-1)).toBe(0.5);
    expect(columnValues(batches, 'c')[3]).toBe('3');
  });

  it('promotes on a late cell after thousands of uniform rows (the scan skips such rows in blocks)', async () => {
    const rows = Array.from({ length: 3_000 }, (_, i) => `${i},${i % 7}.25,${-i},x${i % 3},`);
    rows[1_000] = '1000,"1.5",-1000,"multi\r\nline ""q""",';
    rows[2_500] = '2500,2.5,-2500.5,x,NA';
    rows[2_998] = '2998,nan,-2998,x,';
    rows[2_999] = '2999,-0, 12 ,x,7';
    rows.splice(1_500, 0, '');
    const path = file('late.csv', `i,f,g,s,n\r\n${rows.join('\r\n')}\r\n`);
    const { batches, schema, rows: count } = await readAll(path, { nullValues: ['', 'NA'], batchSize: 1_000 });
    expect(count).toBe(3_000);
    expect(typesOf(schema)).toEqual({ i: 'Int64', f: 'Float64', g: 'Float64', s: 'Utf8', n: 'Int64' });
    const g = columnValues(batches, 'g');
    expect([g[1], g[2_500], g[2_999]]).toEqual([-1, -2500.5, 12]);
    expect(columnValues(batches, 's')[1_000]).toBe('multi\r\nline "q"');
    const f = columnValues(batches, 'f') as number[];
    expect(Number.isNaN(f[2_998])).toBe(true);
    expect(Object.is(f[2_999], -0)).toBe(true);
    expect(columnValues(batches, 'n').filter((v) => v !== null)).toEqual([7n]);
  });

  it('long TSV with a null token: uniform blocks, then a value that is neither null nor a number', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => `${i % 5 === 0 ? '?' : i}\t${i % 2 ? '?' : i / 4}\t?`);
    rows.push('7\t.\t?');
    const path = file('long.tsv', `a\tb\tc\n${rows.join('\n')}\n`);
    const { schema, batches } = await readAll(path, { format: 'csv', delimiter: '\t', nullValues: ['?'] });
    expect(typesOf(schema)).toEqual({ a: 'Int64', b: 'Utf8', c: 'Null' });
    expect(columnValues(batches, 'b').slice(0, 3)).toEqual(['0', null, '0.5']);
    expect(columnValues(batches, 'a').filter((v) => v === null)).toHaveLength(100);
  });

  it('a delimiter that can be part of a number still splits fields exactly (ragged row found)', async () => {
    // `1e5` makes column a FLOAT, whose number shapes could take `1.5` as one cell. Two chunks
    // (~1.6 MB), so batches of the first chunk would be handed out if only the build pass saw it.
    const rows = Array.from({ length: 200_000 }, (_, i) => (i === 0 ? '1e5.0' : `${i}.${i % 9}`));
    rows[190_000] = '1.5.3';
    const path = file('dots.csv', `a.b\n${rows.join('\n')}\n`);
    // Found by the type scan, so before any batch is handed out.
    let batches = 0;
    const read = async () => {
      for await (const _ of readBatches(path, { delimiter: '.', batchSize: 1_000 })) batches++;
    };
    await expect(read()).rejects.toMatchObject({ code: 'CSV_RAGGED_ROW', location: { line: 190_002, row: 190_001 } });
    expect(batches).toBe(0);
    const ok = await readAll(file('dots-ok.csv', `a.b\n${rows.filter((_, i) => i !== 190_000).join('\n')}\n`), {
      delimiter: '.',
    });
    expect(typesOf(ok.schema)).toEqual({ a: 'Float64', b: 'Int64' });
  });

  it('parses numbers like Python: nan/inf, exponents, signs; big ints exact; beyond int64 is a string', async () => {
    const path = file(
      'numbers.csv',
      'f,i,big,huge\nnan,-7,9007199254740993,99999999999999999999\n-Infinity,+3,-9223372036854775808,1\n1e3,0,1,1\n.5,  12 ,2,2\n',
    );
    const { batches, schema } = await readAll(path);
    expect(typesOf(schema)).toEqual({ f: 'Float64', i: 'Int64', big: 'Int64', huge: 'Utf8' });
    const f = columnValues(batches, 'f') as number[];
    expect(Number.isNaN(f[0])).toBe(true);
    expect(f.slice(1)).toEqual([-Infinity, 1000, 0.5]);
    expect(columnValues(batches, 'i')).toEqual([-7n, 3n, 0n, 12n]);
    expect(columnValues(batches, 'big')).toEqual([9007199254740993n, -9223372036854775808n, 1n, 2n]);
  });

  it('floats parse to the same double as Number()', async () => {
    const values = [
      '0.1',
      '-87.72155906299999',
      '41.985015101',
      '123456789012.345',
      '1.7976931348623157e308',
      '5e-324',
    ];
    const { batches } = await readAll(file('floats.csv', `x\n${values.join('\n')}\n`));
    expect(columnValues(batches, 'x')).toEqual(values.map(Number));
  });

  it('strips a UTF-8 BOM, reads CR-only line ends, a missing final newline and null tokens', async () => {
    const path = file('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id,name\r1,NA\r2,é')]));
    const { batches, schema } = await readAll(path, { nullValues: ['NA', ''] });
    expect(schema.fields.map((f) => f.name)).toEqual(['id', 'name']);
    expect(columnValues(batches, 'name')).toEqual([null, 'é']);
  });

  it('header only is a valid empty dataset with the header columns', async () => {
    const ds = await openDataset(file('header.csv', 'a,b\n'));
    const batches = [];
    for await (const b of ds.batches()) batches.push(b);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.numRows).toBe(0);
    expect(batches[0]!.schema.fields.map((f) => f.name)).toEqual(['a', 'b']);
  });

  it('tab delimiter and columnTypes from a schema override inference', async () => {
    const path = file('typed.tsv', 'id\tcode\n1\t007\n2\t010\n');
    const { batches, schema } = await readAll(path, {
      format: 'csv',
      delimiter: '\t',
      columnTypes: { code: 'string', id: 'float' },
    });
    expect(typesOf(schema)).toEqual({ id: 'Float64', code: 'Utf8' });
    expect(columnValues(batches, 'code')).toEqual(['007', '010']);
  });

  it('skipMalformedRows counts and reports ragged rows instead of failing', async () => {
    const path = file('ragged.csv', 'a,b\n1,2\n3\n4,5\n6,7,8\n');
    const skipped: InputError[] = [];
    const ds = await openDataset(path, { skipMalformedRows: true, onMalformedRow: (e) => skipped.push(e) });
    let rows = 0;
    for await (const b of ds.batches()) rows += b.numRows;
    expect(rows).toBe(2);
    expect(ds.skippedRows).toBe(2);
    expect(skipped.map((e) => [e.code, e.location?.line])).toEqual([
      ['CSV_RAGGED_ROW', 3],
      ['CSV_RAGGED_ROW', 5],
    ]);
  });

  it('records spanning chunk boundaries parse the same as small files', async () => {
    const line = `${'x'.repeat(300)},"quoted, with ""quotes""",1.5\n`;
    const text = `s,q,f\n${line.repeat(8_000)}`; // ~2.5 MB, several 1 MiB chunks
    const { rows, batches } = await readAll(file('big.csv', text));
    expect(rows).toBe(8_000);
    expect(new Set(columnValues(batches, 'q'))).toEqual(new Set(['quoted, with "quotes"']));
  });

  it('several files and a glob form one dataset; progress reports bytes and rows', async () => {
    file('part-0.csv', 'a\n1\n2\n');
    file('part-1.csv', 'a\n3.5\n');
    const progress: ReadProgress[] = [];
    const { rows, schema, batches } = await readAll(join(dir, 'part-*.csv'), { onProgress: (p) => progress.push(p) });
    expect(rows).toBe(3);
    expect(typesOf(schema)).toEqual({ a: 'Float64' });
    expect(columnValues(batches, 'a')).toEqual([1, 2, 3.5]);
    const last = progress.at(-1)!;
    expect(last).toMatchObject({ phase: 'read', bytesRead: 12, totalBytes: 12, rowsRead: 3 });
  });

  it('missing files, directories and unknown extensions are reported with a hint', async () => {
    await expect(openDataset(join(dir, 'nope.csv'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    await expect(openDataset(dir)).rejects.toMatchObject({
      code: 'IS_A_DIRECTORY',
      hint: expect.stringContaining('*'),
    });
    await expect(openDataset(join(dir, 'none-*.csv'))).rejects.toMatchObject({ code: 'NO_FILES_MATCHED' });
    await expect(openDataset(file('data.xyz', 'a\n'))).rejects.toMatchObject({ code: 'USAGE' });
  });
});

describe('CSV reader on wide files', () => {
  it('gives a wide file fewer rows per batch, so memory per column starts small', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'datavet-wide-csv-'));
    const columns = 3000;
    const rows = 1000;
    const header = Array.from({ length: columns }, (_, c) => `c${c}`).join(',');
    const body = Array.from({ length: rows }, (_, r) =>
      Array.from({ length: columns }, (_, c) => (c % 2 === 0 ? String(r + c) : `v${r % 7}`)).join(','),
    );
    const file = join(dir, 'wide.csv');
    writeFileSync(file, `${[header, ...body].join('\n')}\n`);
    const batches = [];
    for await (const b of readBatches(file, {
      columnTypes: Object.fromEntries(
        Array.from({ length: columns }, (_, c) => [`c${c}`, c % 2 === 0 ? 'int' : 'string']),
      ),
    }))
      batches.push(b);
    const perBatch = Math.floor((1 << 20) / columns);
    expect(batches.map((b) => b.numRows)).toEqual([perBatch, perBatch, rows - 2 * perBatch]);
    expect(batches[2]!.getChild('c2998')!.get(rows - 2 * perBatch - 1)).toBe(BigInt(rows - 1 + 2998));
  });
});
