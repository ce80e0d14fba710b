import {
  Dictionary,
  Field,
  Float32,
  Float64,
  Int32,
  Int64,
  List,
  RecordBatch,
  Struct,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { rng } from '../../helpers/rng.js';

const colors = ['red', 'green', 'blue', 'cyan', 'magenta', 'yellow', 'black', 'ünïcödé'];

/**
 * A batch covering the Arrow shapes the io layer produces: flat nullable Float64 / Int64 / Utf8,
 * dictionary strings, List<Float32> with null and empty lists, List<List<Int64>>, a struct, and a
 * positive weight column `w`.
 */
export function mixedBatch(seed: number, rows: number): RecordBatch {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const f = Array.from({ length: rows }, () =>
    r() < 0.1 ? null : r() < 0.05 ? Number.NaN : Math.round(r() * 1000) / 10,
  );
  const i = Array.from({ length: rows }, () => (r() < 0.1 ? null : BigInt(Math.floor(r() * 50) - 10)));
  const s = Array.from({ length: rows }, () => (r() < 0.1 ? null : pick(colors)));
  const d = Array.from({ length: rows }, () => (r() < 0.05 ? null : pick(colors.slice(0, 4))));
  const l = Array.from({ length: rows }, () =>
    r() < 0.1 ? null : Array.from({ length: Math.floor(r() * 4) }, () => Math.round(r() * 100) / 4),
  );
  const ll = Array.from({ length: rows }, () =>
    r() < 0.2
      ? null
      : Array.from({ length: Math.floor(r() * 3) }, () =>
          Array.from({ length: Math.floor(r() * 3) }, () => BigInt(Math.floor(r() * 9))),
        ),
  );
  const st = Array.from({ length: rows }, () => (r() < 0.1 ? null : { x: Math.floor(r() * 5), y: pick(colors) }));
  const w = Array.from({ length: rows }, () => 0.5 + Math.floor(r() * 4) / 2);
  const cat = Array.from({ length: rows }, () => pick(['a', 'b', 'c']));
  return new RecordBatch({
    f: vectorFromArray(f, new Float64()).data[0]!,
    i: vectorFromArray(i, new Int64()).data[0]!,
    s: vectorFromArray(s, new Utf8()).data[0]!,
    d: vectorFromArray(d, new Dictionary(new Utf8(), new Int32())).data[0]!,
    l: vectorFromArray(l, new List(new Field('item', new Float32(), true))).data[0]!,
    ll: vectorFromArray(ll, new List(new Field('item', new List(new Field('item', new Int64(), true)), true))).data[0]!,
    st: vectorFromArray(st, new Struct([new Field('x', new Int32(), true), new Field('y', new Utf8(), true)])).data[0]!,
    cat: vectorFromArray(cat, new Utf8()).data[0]!,
    w: vectorFromArray(w, new Float64()).data[0]!,
  });
}
