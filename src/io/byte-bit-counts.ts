/** The number of set bits of each byte value: validity bitmaps and 1-bit levels are counted a byte at a time. */
export const BYTE_BIT_COUNTS = Uint8Array.from({ length: 256 }, (_, b) => {
  let n = 0;
  for (let v = b; v !== 0; v >>>= 1) n += v & 1;
  return n;
});
