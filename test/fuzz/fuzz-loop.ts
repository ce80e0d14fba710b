import { isDatavetError } from '../../src/_util/errors.js';
import { rng } from '../helpers/rng.js';
import { MAX_INPUT, mutate } from './mutate.js';
import type { FuzzTarget } from './targets.js';

/** How one case ended: read, refused with one of our clear errors, or a crash (anything else). */
export type Outcome = { kind: 'ok' } | { kind: 'clear'; code: string } | { kind: 'crash'; error: string };

/** The random source of case `index` of `target` under `seed`: any case is replayed from these three. */
export function caseRandom(seed: number, target: number, index: number): () => number {
  return rng(
    (Math.imul(seed, 0x9e3779b1) ^ Math.imul(target + 1, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)) >>> 0,
  );
}

/** The input of case `index`: a seed of the target, mutated. */
export function caseInput(target: FuzzTarget, random: () => number): Uint8Array {
  const seed = target.seeds[Math.floor(random() * target.seeds.length)]!;
  const other = target.seeds[Math.floor(random() * target.seeds.length)]!;
  const bytes = mutate(seed, other, random);
  const input = target.finish ? target.finish(bytes, random) : bytes;
  return input.length > MAX_INPUT ? input.subarray(0, MAX_INPUT) : input;
}

/** Runs case `index` of `targets[t]`; the property: a result or a DatavetError, nothing else. */
export async function runCase(
  targets: readonly FuzzTarget[],
  t: number,
  seed: number,
  index: number,
  dir: string,
): Promise<Outcome> {
  const target = targets[t]!;
  const random = caseRandom(seed, t, index);
  const input = caseInput(target, random);
  try {
    await target.run(input, dir, random);
    return { kind: 'ok' };
  } catch (error) {
    if (isDatavetError(error)) return { kind: 'clear', code: error.code };
    const e = error as Error;
    return {
      kind: 'crash',
      error: `${e?.name ?? 'Error'}: ${e?.message ?? String(error)}\n${e?.stack ?? ''}`.slice(0, 2000),
    };
  }
}

export interface FuzzTally {
  runs: number;
  ok: number;
  clear: number;
  crashes: { target: string; index: number; error: string }[];
}

/**
 * Runs cases round-robin over the targets, from case `start`, until `until(index)` says stop;
 * counts per target. `onCase` hears of each case before it runs (the watchdog's heartbeat).
 */
export async function fuzz(
  targets: readonly FuzzTarget[],
  seed: number,
  dir: string,
  until: (index: number) => boolean,
  onCase?: (target: string, index: number) => void,
  start = 0,
): Promise<Map<string, FuzzTally>> {
  const tallies = new Map(targets.map((t) => [t.name, { runs: 0, ok: 0, clear: 0, crashes: [] } as FuzzTally]));
  for (let index = start; !until(index); index++) {
    for (let t = 0; t < targets.length; t++) {
      const name = targets[t]!.name;
      onCase?.(name, index);
      const outcome = await runCase(targets, t, seed, index, dir);
      const tally = tallies.get(name)!;
      tally.runs++;
      if (outcome.kind === 'ok') tally.ok++;
      else if (outcome.kind === 'clear') tally.clear++;
      else tally.crashes.push({ target: name, index, error: outcome.error });
    }
  }
  return tallies;
}
