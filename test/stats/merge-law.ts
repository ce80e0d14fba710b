import { expect } from 'vitest';
import { diffMessages } from './helpers/compare-messages.js';

/**
 * A mergeable generator as the merge laws see it: init / add / merge / finish,
 * plus an optional serialise round trip for the partial-statistics path.
 */
export interface MergeableGenerator<Acc, Chunk, Out> {
  init(): Acc;
  add(acc: Acc, chunk: Chunk): Acc;
  /** May mutate `a`, never `b`. */
  merge(a: Acc, b: Acc): Acc;
  finish(acc: Acc): Out;
  roundTrip?(acc: Acc): Acc;
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * The merge laws, all compared with the sequential result: per-chunk accumulators
 * merged in order; merged in shuffled orders; init() as identity on either side; merging into a
 * fresh accumulator leaves the merged-in one unchanged; and the serialised state round trip.
 */
export function expectMergeable<Acc, Chunk, Out>(
  gen: MergeableGenerator<Acc, Chunk, Out>,
  chunks: readonly Chunk[],
  rtol = 1e-9,
): Out {
  const sequential = gen.finish(chunks.reduce((acc, c) => gen.add(acc, c), gen.init()));
  const check = (label: string, out: Out) => {
    expect(diffMessages(sequential, out, rtol, label)).toEqual([]);
  };
  const perChunk = () => chunks.map((c) => gen.add(gen.init(), c));
  check('per-chunk-then-merge', gen.finish(perChunk().reduce((a, b) => gen.merge(a, b), gen.init())));
  for (const seed of [1, 7, 42]) {
    check(`shuffled(${seed})`, gen.finish(shuffled(perChunk(), seed).reduce((a, b) => gen.merge(a, b), gen.init())));
  }
  // Tree-shaped merge: pairs, then pairs of pairs.
  let level = perChunk();
  while (level.length > 1) {
    const next: Acc[] = [];
    for (let i = 0; i < level.length; i += 2)
      next.push(i + 1 < level.length ? gen.merge(level[i]!, level[i + 1]!) : level[i]!);
    level = next;
  }
  check('tree-merge', gen.finish(level[0] ?? gen.init()));
  const whole = () => chunks.reduce((acc, c) => gen.add(acc, c), gen.init());
  check('identity-left', gen.finish(gen.merge(gen.init(), whole())));
  check('identity-right', gen.finish(gen.merge(whole(), gen.init())));
  const source = whole();
  gen.merge(gen.init(), source);
  check('merge-leaves-source-unchanged', gen.finish(source));
  if (gen.roundTrip) {
    check('serialise-round-trip', gen.finish(gen.roundTrip(whole())));
    const parts = perChunk().map((a) => gen.roundTrip!(a));
    check('round-trip-then-merge', gen.finish(parts.reduce((a, b) => gen.merge(a, b), gen.init())));
  }
  return sequential;
}
