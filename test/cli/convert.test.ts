import { copyFile, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type MessageFormat, messagesEqual, readMessageFile, type TfmdKind } from '../../src/tfmd/index.js';
import { runCli } from '../helpers/run-cli.js';

const fixture = (path: string) => fileURLToPath(new URL(`../fixtures/tfx/${path}`, import.meta.url));
const EXT: Record<MessageFormat, string> = { binary: 'pb', text: 'pbtxt', json: 'json' };
const FORMATS: MessageFormat[] = ['binary', 'text', 'json'];

async function workspace(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'datavet-convert-'));
  await copyFile(fixture('statistics_gen/Split-eval/FeatureStats.pb'), join(dir, 'stats.pb'));
  await copyFile(fixture('schema_gen/schema.pbtxt'), join(dir, 'schema.pbtxt'));
  await writeFile(
    join(dir, 'anomalies.pbtxt'),
    [
      'anomaly_info {',
      '  key: "company"',
      '  value {',
      '    description: "Examples contain values missing from the schema: X (<1%)."',
      '    severity: ERROR',
      '    short_description: "Unexpected string values"',
      '    reason {',
      '      type: ENUM_TYPE_UNEXPECTED_STRING_VALUES',
      '    }',
      '    path {',
      '      step: "company"',
      '    }',
      '  }',
      '}',
      'anomaly_name_format: SERIALIZED_PATH',
      '',
    ].join('\n'),
  );
  return dir;
}

const SOURCES: [TfmdKind, string][] = [
  ['DatasetFeatureStatisticsList', 'stats.pb'],
  ['Schema', 'schema.pbtxt'],
  ['Anomalies', 'anomalies.pbtxt'],
];

describe('datavet convert', () => {
  it('converts every kind between binary, text and JSON in all directions, detecting the kind', async () => {
    const dir = await workspace();
    for (const [kind, source] of SOURCES) {
      const original = await readMessageFile(join(dir, source), kind);
      for (const from of FORMATS) {
        const start = join(dir, `${kind}-start.${EXT[from]}`);
        expect((await runCli(['convert', source, start, '-q'], { cwd: dir })).code).toBe(0);
        for (const to of FORMATS) {
          const out = `${kind}-${from}-to-${to}.${EXT[to]}`;
          const result = await runCli(['convert', start, out], { cwd: dir });
          expect(result.code, result.stderr).toBe(0);
          expect(result.stderr).toContain(`(${kind}, ${from})`);
          const converted = await readMessageFile(join(dir, out));
          expect(converted.kind).toBe(kind);
          expect(messagesEqual(kind, converted.message as never, original as never)).toBe(true);
        }
      }
    }
  });

  it('keeps TFX text byte for byte through binary and JSON', async () => {
    const dir = await workspace();
    await runCli(['convert', 'schema.pbtxt', 'schema.pb'], { cwd: dir });
    await runCli(['convert', 'schema.pb', 'schema.json', '--type', 'schema'], { cwd: dir });
    const result = await runCli(['convert', 'schema.json', '-'], { cwd: dir });
    expect(result.code).toBe(0);
    const original = await readFile(join(dir, 'schema.pbtxt'), 'utf8');
    expect(result.stdout).toBe(original.replace(/^#.*\n/gm, ''));
  });

  it('honours --from and --to over the extensions', async () => {
    const dir = await workspace();
    await runCli(['convert', 'stats.pb', 'stats.data', '--to', 'json'], { cwd: dir });
    const json = JSON.parse(await readFile(join(dir, 'stats.data'), 'utf8'));
    expect(json.datasets[0].numExamples).toMatch(/^\d+$/);
    const result = await runCli(['convert', 'stats.data', 'stats.txt', '--from', 'json', '--type', 'statistics'], {
      cwd: dir,
    });
    expect(result.code).toBe(0);
    expect(await readFile(join(dir, 'stats.txt'), 'utf8')).toMatch(/^datasets {\n {2}num_examples: \d+\n/);
  });

  it('reports a malformed textproto as file:line:col, exits 2 and writes no output', async () => {
    const dir = await workspace();
    await writeFile(join(dir, 'bad.pbtxt'), 'feature {\n  name: "a"\n  type INT\n}\n');
    const result = await runCli(['convert', 'bad.pbtxt', 'bad.json'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("bad.pbtxt:3:8: expected ':' after type, found 'INT'");
    expect(await readdir(dir)).not.toContain('bad.json');
    const typed = await runCli(['convert', 'bad.pbtxt', 'bad.pb', '--type', 'schema'], { cwd: dir });
    expect(typed.code).toBe(2);
    expect(typed.stderr).toContain('bad.pbtxt:3:8:');
    expect((await readdir(dir)).filter((f) => f.startsWith('bad.') || f.startsWith('.bad'))).toEqual(['bad.pbtxt']);
  });

  it('reports an unknown field and a wrong --type clearly', async () => {
    const dir = await workspace();
    const wrongType = await runCli(['convert', 'schema.pbtxt', 'x.json', '--type', 'anomalies'], { cwd: dir });
    expect(wrongType.code).toBe(2);
    expect(wrongType.stderr).toContain(
      "schema.pbtxt:1:1: expected a field name of Anomalies, found unknown field 'feature'",
    );
    const unknown = await runCli(['convert', 'nothing.pbtxt', 'x.json'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('cannot read');
    const ext = await runCli(['convert', 'schema.pbtxt', 'x.yaml'], { cwd: dir });
    expect(ext.code).toBe(2);
    expect(ext.stderr).toContain("cannot tell the format of 'x.yaml'");
    const badFlag = await runCli(['convert', 'schema.pbtxt', 'x.json', '--type', 'model'], { cwd: dir });
    expect(badFlag.code).toBe(2);
  });

  it('describes its arguments and flags in --help', async () => {
    const result = await runCli(['convert', '--help']);
    expect(result.code).toBe(0);
    for (const text of [
      'IN',
      'OUT',
      '--type',
      '--from',
      '--to',
      'schema, statistics, anomalies',
      'binary, text, json',
    ]) {
      expect(result.stdout).toContain(text);
    }
    expect((await runCli(['--help'])).stdout).toMatch(/convert\s+Convert a schema/);
  });
});
