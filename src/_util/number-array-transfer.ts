/**
 * Plain state (what a `toState` returns: objects, arrays, strings, numbers) sent to another thread
 * without JSON: every array of numbers goes as a Float64Array whose buffer is transferred (moved,
 * not copied), and comes back as an array of numbers on the other side.
 *
 * Why: a worker's statistics state is mostly the quantile sketches' buffers and levels, millions
 * of doubles. As JSON text each one is printed to its shortest decimal form and parsed back, and
 * the structured clone of a plain array still visits every element; a Float64Array is one memcpy
 * into place. The values arrive bit for bit (a Float64Array holds any JS number exactly, -0 and
 * non-finite numbers included, which JSON would turn into 0 and null), so the receiver rebuilds
 * what the sender held in memory. The persisted form (`datavet stats --partial`) stays JSON.
 */

/** Arrays of numbers shorter than this stay plain arrays (not worth a buffer of their own). */
const MIN_PACKED = 16;

/** A packed array of numbers: marked so that an array of numbers the state holds as a Float64Array is never taken for one. */
interface PackedNumbers {
  readonly __packedNumbers: Float64Array;
}

/**
 * `state` with its arrays of numbers packed, and the buffers to list as the transfer list of
 * `postMessage`. Properties whose value is undefined are dropped, as JSON drops them.
 */
export function packNumberArrays(state: unknown): { packed: unknown; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const pack = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      if (value.length >= MIN_PACKED && value.every((v) => typeof v === 'number')) {
        const numbers = new Float64Array(value.length);
        for (let i = 0; i < value.length; i++) numbers[i] = value[i] as number;
        transfer.push(numbers.buffer);
        return { __packedNumbers: numbers } satisfies PackedNumbers;
      }
      return value.map(pack);
    }
    if (value === null || typeof value !== 'object') return value;
    // Object.fromEntries defines own properties: a key such as `__proto__` (a feature name) stays a key.
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([key, v]) => [key, pack(v)]),
    );
  };
  return { packed: pack(state), transfer };
}

/** The state {@link packNumberArrays} packed, with its arrays of numbers back as plain arrays. */
export function unpackNumberArrays(packed: unknown): unknown {
  if (Array.isArray(packed)) return packed.map(unpackNumberArrays);
  if (packed === null || typeof packed !== 'object') return packed;
  const numbers = (packed as Partial<PackedNumbers>).__packedNumbers;
  if (numbers instanceof Float64Array && Object.keys(packed).length === 1) {
    const out = new Array<number>(numbers.length);
    for (let i = 0; i < numbers.length; i++) out[i] = numbers[i]!;
    return out;
  }
  return Object.fromEntries(Object.entries(packed).map(([key, v]) => [key, unpackNumberArrays(v)]));
}
