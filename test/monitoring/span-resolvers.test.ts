import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { testBackends } from '../metadata/backends.js';
import { monthlySpans, writeSpan } from './taxi-spans.js';

interface RunJson {
  splits: { span: number; version: number; driftAgainstSpans?: number[] }[];
  validations: { name: string }[];
}

const backends = testBackends('spans').filter((b) => b.name !== 'memory');

describe.each(backends)('span resolvers from the $name store', (backend) => {
  const dir = mkdtempSync(join(tmpdir(), `datavet-resolvers-${backend.name}-`));
  afterAll(async () => {
    await backend.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('previous span, the last K spans and a fixed span; a fixed span never run is a usage error', async () => {
    const reason = await backend.unavailable();
    if (reason) {
      console.log(`skipped: span resolvers on ${backend.name}: ${reason}`);
      return;
    }
    const { store, url } = await backend.fresh();
    await store.close();
    const { header, spans } = monthlySpans();
    const config = (driftAgainst: unknown) =>
      writeFileSync(
        join(dir, 'datavet.config.json'),
        JSON.stringify({
          name: 'resolvers',
          splits: [{ name: 'trips', inputs: ['data/span-{SPAN}/*.csv'], driftAgainst }],
          report: false,
          failOn: 'never',
        }),
      );
    const run = async (span: number): Promise<RunJson> => {
      const result = await runCli(['run', '--span', String(span), '--store', url, '--format', 'json', '--quiet'], {
        cwd: dir,
      });
      expect(result.stderr).toBe('');
      return JSON.parse(result.stdout) as RunJson;
    };
    // Spans 1, 2, 4 and 5 exist (3 is missing): the previous span of 4 is 2.
    for (const span of [1, 2, 4, 5]) writeSpan(dir, span, header, (spans.get(span) as string[]).slice(0, 150));
    config('previous-span');
    for (const span of [1, 2, 4, 5]) await run(span);
    expect((await run(4)).splits[0]?.driftAgainstSpans).toEqual([2]);
    config({ spans: 2 });
    const last = await run(5);
    expect(last.splits[0]?.driftAgainstSpans).toEqual([4, 2]);
    expect(last.validations[0]?.name).toBe('trips, drift vs span 4, span 2');
    config({ span: 1 });
    expect((await run(5)).splits[0]?.driftAgainstSpans).toEqual([1]);
    config({ span: 3 });
    const missing = await runCli(['run', '--span', '5', '--store', url, '--quiet'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('span 3 has no complete run in the metadata store');
    // History lists each span once.
    const history = await runCli(['history', '--store', url, '--format', 'json'], { cwd: dir });
    expect(JSON.parse(history.stdout).spans.map((s: { span: number }) => s.span)).toEqual([1, 2, 4, 5]);
  }, 180_000);
});
