import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fuzz } from './fuzz-loop.js';
import { fuzzTargets } from './targets.js';

/**
 * A short, fixed-seed fuzz run in every `npm test`: mutated valid inputs for the textproto parser
 * and the CSV, JSON Lines and TFRecord readers must be read or refused with a DatavetError, never
 * crash. `npm run fuzz -- --minutes N` runs the same cases (and more) for longer, with a hang watchdog.
 */
const dir = mkdtempSync(join(tmpdir(), 'datavet-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SEED = 20;
const CASES_PER_TARGET = 60;

describe('fuzzer (fixed seed)', () => {
  it(`${CASES_PER_TARGET} mutated inputs per target: a result or a clear error, never a crash`, async () => {
    const tallies = await fuzz(fuzzTargets, SEED, dir, (n) => n >= CASES_PER_TARGET);
    for (const target of fuzzTargets) {
      const tally = tallies.get(target.name)!;
      expect(tally.runs).toBe(CASES_PER_TARGET);
      // Both outcomes must occur, or the mutations are too weak (or too strong) to test anything.
      expect(tally.ok, `${target.name}: no input was read`).toBeGreaterThan(0);
      expect(tally.clear, `${target.name}: no input was refused`).toBeGreaterThan(0);
      expect(tally.crashes).toEqual([]);
    }
  });
});
