import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printTextFormat, writeMessageFile } from '../../src/tfmd/index.js';
import type { Schema } from '../../src/tfmd/types.js';
import { runCli } from '../helpers/run-cli.js';
import { paymentStatistics } from './payment-statistics.js';

const cwd = mkdtempSync(join(tmpdir(), 'datavet-schema-cli-'));
const payment = (values: string[]) => ({
  name: 'payment_type',
  type: 'BYTES' as const,
  stringDomain: { value: values },
  presence: { minFraction: 1, minCount: 1 },
});
const fare = (max: number) => ({ name: 'fare', type: 'FLOAT' as const, floatDomain: { min: 0, max } });
const v1: Schema = {
  defaultEnvironment: ['TRAINING', 'SERVING'],
  feature: [payment(['Cash', 'Credit Card']), fare(100)],
};
const v2: Schema = { ...v1, feature: [payment(['Cash', 'Credit Card', 'Prcard']), fare(100)] };
const v3: Schema = { ...v1, feature: [payment(['Cash', 'Prcard']), fare(200)] };

const stats = (payments: Record<string, number>) => paymentStatistics(payments, { min: 1, max: 50 });

beforeAll(async () => {
  writeFileSync(join(cwd, 'v1.pbtxt'), printTextFormat('Schema', v1));
  writeFileSync(join(cwd, 'v2.pbtxt'), printTextFormat('Schema', v2));
  writeFileSync(join(cwd, 'v3.pbtxt'), printTextFormat('Schema', v3));
  await writeMessageFile(join(cwd, 'old.json'), 'DatasetFeatureStatisticsList', stats({ Cash: 3, 'Credit Card': 2 }));
  await writeMessageFile(join(cwd, 'new.json'), 'DatasetFeatureStatisticsList', stats({ Cash: 3, Prcard: 1 }));
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const cli = (...argv: string[]) => runCli(argv, { cwd });

describe('datavet schema (files)', () => {
  it('diff lists changes per feature with their class (text, json, unified)', async () => {
    const text = await cli('schema', 'diff', 'v1.pbtxt', 'v3.pbtxt');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('feature payment_type');
    expect(text.stdout).toMatch(/DOMAIN_VALUES_ADDED\s+BACKWARD\s+domain values added: Prcard/);
    expect(text.stdout).toMatch(/DOMAIN_VALUES_REMOVED\s+FORWARD\s+domain values removed: Credit Card/);
    expect(text.stdout).toMatch(/RANGE_WIDENED\s+BACKWARD\s+float range widened from \[0, 100\] to \[0, 200\]/);
    expect(text.stdout).toContain('3 changes; compatibility: NONE');

    const json = JSON.parse((await cli('schema', 'diff', 'v1.pbtxt', 'v2.pbtxt', '--format', 'json')).stdout);
    expect(json).toMatchObject({ old: 'v1.pbtxt', new: 'v2.pbtxt', compatibility: 'BACKWARD' });
    expect(json.changes).toEqual([
      expect.objectContaining({ kind: 'DOMAIN_VALUES_ADDED', path: 'payment_type', after: ['Prcard'], backward: true }),
    ]);

    const unified = await cli('schema', 'diff', 'v1.pbtxt', 'v2.pbtxt', '--format', 'unified');
    expect(unified.stdout.split('\n').slice(0, 2)).toEqual(['--- v1.pbtxt', '+++ v2.pbtxt']);
    expect(unified.stdout).toContain('+    value: "Prcard"');

    expect((await cli('schema', 'diff', 'v1.pbtxt', 'v1.pbtxt')).stdout).toBe('no changes\n');
  });

  it('check-compat exits 1 on a violation of the mode', async () => {
    const ok = await cli('schema', 'check-compat', 'v1.pbtxt', 'v2.pbtxt', '--mode', 'backward');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('compatible (backward)');
    const forward = await cli('schema', 'check-compat', 'v1.pbtxt', 'v2.pbtxt', '--mode', 'forward');
    expect(forward.code).toBe(1);
    expect(forward.stdout).toContain('payment_type: DOMAIN_VALUES_ADDED');
    expect((await cli('schema', 'check-compat', 'v1.pbtxt', 'v1.pbtxt', '--mode', 'full')).code).toBe(0);
    const json = JSON.parse((await cli('schema', 'check-compat', 'v1.pbtxt', 'v3.pbtxt', '--format', 'json')).stdout);
    expect(json).toMatchObject({ mode: 'backward', compatible: false });
  });

  it('rejects what is neither a file nor a version, and --transitive without a version', async () => {
    const bad = await cli('schema', 'diff', 'nope.pbtxt', 'v1.pbtxt');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/neither a schema file nor a version/);
    const transitive = await cli('schema', 'check-compat', 'v1.pbtxt', 'v2.pbtxt', '--transitive');
    expect(transitive.code).toBe(2);
  });
});

describe('datavet schema (versions in the metadata store)', () => {
  it('log without a store is a usage error', async () => {
    const result = await cli('schema', 'log');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no metadata store/);
  });

  it('register, log, show, diff and check-compat by version', async () => {
    expect((await cli('schema', 'register', 'v1.pbtxt', '-m', 'initial')).stdout).toMatch(/^registered v1 /);
    expect((await cli('schema', 'register', 'v2.pbtxt', '--message', 'accept Prcard')).stdout).toMatch(/registered v2/);
    expect((await cli('schema', 'register', 'v2.pbtxt')).stdout).toMatch(/identical to v2, nothing registered/);
    expect((await cli('schema', 'register', 'v3.pbtxt', '-m', 'drop Credit Card')).stdout).toMatch(/registered v3/);

    const log = await cli('schema', 'log');
    expect(log.code).toBe(0);
    const lines = log.stdout.split('\n');
    expect(lines[0]).toMatch(/^v3 {2}\d{4}-\d\d-\d\dT.* .*\.datavet\/schemas\/[0-9a-f]{16}$/);
    expect(log.stdout).toContain('drop Credit Card');
    expect(log.stdout).toContain('vs v2: 2 changes (DOMAIN_VALUES_REMOVED, RANGE_WIDENED); NONE');
    expect(log.stdout).toContain('vs v1: 1 change (DOMAIN_VALUES_ADDED); BACKWARD');
    expect(log.stdout).toContain('first version');
    const json = JSON.parse((await cli('schema', 'log', '--format', 'json')).stdout);
    expect(json.map((v: { version: number; compatibility?: string }) => [v.version, v.compatibility])).toEqual([
      [3, 'NONE'],
      [2, 'BACKWARD'],
      [1, undefined],
    ]);

    const show = await cli('schema', 'show', 'v2');
    expect(show.stdout).toBe(printTextFormat('Schema', v2));
    expect((await cli('schema', 'show', '7')).code).toBe(2);

    const diff = await cli('schema', 'diff', 'v1', '2');
    expect(diff.stdout).toContain('1 change; compatibility: BACKWARD');
    const unified = await cli('schema', 'diff', 'v2', 'v3', '--format', 'unified');
    expect(unified.stdout).toContain('--- v2\n+++ v3\n');

    // v3 against v2 only, then against v2 and v1 (transitive).
    expect((await cli('schema', 'check-compat', 'v2', 'v3', '--mode', 'forward')).code).toBe(1);
    expect((await cli('schema', 'check-compat', 'v2', 'v2.pbtxt', '--mode', 'full')).code).toBe(0);
    const transitive = await cli('schema', 'check-compat', 'v2', 'v2.pbtxt', '--mode', 'full', '--transitive');
    expect(transitive.code).toBe(1);
    expect(transitive.stdout).toContain('v1 -> v2.pbtxt: BACKWARD; full: 1 violation(s)');
    expect(transitive.stdout).toContain('v2 -> v2.pbtxt: FULL; full: ok');
  });

  it('registers a schema as a directory holding schema.pbtxt (TFX layout); --in-place needs that name', async () => {
    const other = mkdtempSync(join(tmpdir(), 'datavet-schema-inplace-'));
    try {
      const run = (...argv: string[]) => runCli(argv, { cwd: other });
      writeFileSync(join(other, 'v1.pbtxt'), printTextFormat('Schema', v1));
      const refused = await run('schema', 'register', 'v1.pbtxt', '--in-place');
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain("--in-place needs a file named schema.pbtxt, not 'v1.pbtxt'");
      mkdirSync(join(other, 'curated'));
      writeFileSync(join(other, 'curated', 'schema.pbtxt'), printTextFormat('Schema', v1));
      const kept = await run('schema', 'register', 'curated/schema.pbtxt', '--in-place');
      expect(kept.stdout).toBe(`registered v1 (${join(other, 'curated')})\n`);
      writeFileSync(join(other, 'v2.pbtxt'), printTextFormat('Schema', v2));
      const copied = await run('schema', 'register', 'v2.pbtxt');
      const dir = /\((.*)\)/.exec(copied.stdout)?.[1] as string;
      expect(readdirSync(dir)).toEqual(['schema.pbtxt']);
      expect((await run('schema', 'show', 'v1')).stdout).toBe(printTextFormat('Schema', v1));
      expect((await run('schema', 'show', 'v2')).stdout).toBe(printTextFormat('Schema', v2));
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('validate reports which versions accept the statistics', async () => {
    const old = await cli('schema', 'validate', 'old.json');
    expect(old.stdout).toBe(
      'v1: accepts\nv2: accepts\nv3: rejects (1 with anomalies: payment_type)\naccepted by 2 of 3\n',
    );
    expect(old.code).toBe(1);
    const next = await cli('schema', 'validate', 'new.json', 'v2', 'v3.pbtxt');
    expect(next.code).toBe(0);
    expect(next.stdout).toContain('accepted by 2 of 2');
    const serving = await cli('schema', 'validate', 'new.json', 'v1', '--environment', 'SERVING', '--format', 'json');
    expect(JSON.parse(serving.stdout).accepting).toEqual([]);
  });
});

describe('datavet update-schema --review', () => {
  it('prints the changes and their class before writing', async () => {
    const result = await cli(
      'update-schema',
      '--stats',
      'new.json',
      '--schema',
      'v1.pbtxt',
      '-o',
      'updated.pbtxt',
      '--review',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('feature payment_type');
    expect(result.stdout).toMatch(/DOMAIN_VALUES_ADDED\s+BACKWARD\s+domain values added: Prcard/);
    expect(result.stdout).toContain('1 change; compatibility: BACKWARD');
    expect(readFileSync(join(cwd, 'updated.pbtxt'), 'utf8')).toContain('value: "Prcard"');
  });
});
