/**
 * Copies the validity bits of rows [start, end) (row i is bit `bitOffset + i` of `bitmap`),
 * from the byte holding row `start`'s bit on, to the start of `into`; returns the bit of `into`
 * that is row `start`'s, or -1 when `bitmap` is null (every row valid). For the kernels that scan
 * a range copied into arrays of their own (the numeric range scanner, the string range grouper).
 */
export function copyValidityBits(
  into: Uint8Array,
  bitmap: Uint8Array | null,
  bitOffset: number,
  start: number,
  end: number,
): number {
  if (bitmap === null) return -1;
  const first = bitOffset + start;
  into.set(bitmap.subarray(first >> 3, (bitOffset + end + 7) >> 3));
  return first & 7;
}
