/**
 * Seeded mutations of valid inputs, for the fuzzer: the same (seed, case) gives the same bytes on
 * every run, so a failing case is reproduced from its number alone.
 */

/** Bytes that matter to the formats we read: separators, quotes, brackets, escapes, invalid UTF-8. */
const INTERESTING = [
  0x22, 0x2c, 0x0a, 0x0d, 0x09, 0x7b, 0x7d, 0x5b, 0x5d, 0x3a, 0x5c, 0x3c, 0x3e, 0x23, 0x27, 0x2d, 0x2e, 0x30, 0x31,
  0x39, 0x65, 0x6e, 0x20, 0x00, 0x7f, 0x80, 0xbf, 0xc0, 0xc3, 0xe2, 0xed, 0xef, 0xf0, 0xf4, 0xf8, 0xff,
];

/** Strings that hit the readers' special cases: prototype names, big numbers, nesting, BOMs. */
const TOKENS = [
  '__proto__',
  'constructor',
  'toString',
  '9223372036854775807',
  '9223372036854775808',
  '-9223372036854775809',
  '9007199254740993',
  '1e308',
  '1e999',
  '-0',
  'NaN',
  'nan',
  'inf',
  '-Infinity',
  '""',
  '"a""b"',
  '[[[[[[[[',
  ']]]]]]]]',
  '{"a":',
  '\ufeff',
  '\u2028',
  '\\u0000',
  '\\ud800',
  'null',
  'true',
  '0x1f',
  '\r\n',
  '\n\n',
  '{',
  '}',
  '<',
  '>',
  '#',
  'feature {',
  'name: "',
  '\x1f\x8b\x08',
];

/** Largest mutated input, so one case stays quick. */
export const MAX_INPUT = 1 << 20;

export type Random = () => number;

function int(random: Random, n: number): number {
  return Math.floor(random() * n);
}

/** One mutation of `input` (never longer than MAX_INPUT); `other` is a second seed to splice from. */
function mutateOnce(input: Uint8Array, other: Uint8Array, random: Random): Uint8Array {
  const n = input.length;
  const at = n === 0 ? 0 : int(random, n + 1);
  const bytes = Buffer.from(input);
  switch (int(random, 10)) {
    case 0: {
      // flip a bit
      if (n === 0) return input;
      const i = int(random, n);
      bytes[i] = bytes[i]! ^ (1 << int(random, 8));
      return bytes;
    }
    case 1: {
      // replace a byte with an interesting one
      if (n === 0) return input;
      bytes[int(random, n)] = INTERESTING[int(random, INTERESTING.length)]!;
      return bytes;
    }
    case 2: // insert an interesting byte
      return Buffer.concat([
        bytes.subarray(0, at),
        Buffer.from([INTERESTING[int(random, INTERESTING.length)]!]),
        bytes.subarray(at),
      ]);
    case 3: {
      // insert a token
      const token = Buffer.from(TOKENS[int(random, TOKENS.length)]!, 'latin1');
      return Buffer.concat([bytes.subarray(0, at), token, bytes.subarray(at)]);
    }
    case 4: {
      // delete a range
      const len = 1 + int(random, Math.max(1, Math.min(64, n - at)));
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(Math.min(n, at + len))]);
    }
    case 5: {
      // duplicate a range in place
      const len = 1 + int(random, Math.max(1, Math.min(256, n - at)));
      const chunk = bytes.subarray(at, Math.min(n, at + len));
      return Buffer.concat([bytes.subarray(0, at), chunk, bytes.subarray(at)]);
    }
    case 6: {
      // repeat a short range many times (long cells, deep nesting, many columns)
      const len = 1 + int(random, 4);
      const chunk = bytes.subarray(at, Math.min(n, at + len));
      const times = 2 ** (4 + int(random, 12));
      return Buffer.concat([bytes.subarray(0, at), Buffer.alloc(chunk.length * times).fill(chunk), bytes.subarray(at)]);
    }
    case 7: // truncate
      return bytes.subarray(0, at);
    case 8: {
      // splice in a range of the other seed
      const from = int(random, other.length + 1);
      const len = int(random, Math.max(1, Math.min(512, other.length - from)));
      return Buffer.concat([bytes.subarray(0, at), other.subarray(from, from + len), bytes.subarray(at)]);
    }
    default: {
      // overwrite a 4- or 8-byte window with an extreme integer (lengths, CRCs, varints)
      if (n < 8) return input;
      const i = int(random, n - 7);
      const values = [0, 0xffffffff, 0x7fffffff, 0x80000000, 1, int(random, 0x100000000)];
      bytes.writeUInt32LE(values[int(random, values.length)]!, i);
      if (random() < 0.5) bytes.writeUInt32LE(values[int(random, values.length)]!, i + 4);
      return bytes;
    }
  }
}

/** 1 to 8 stacked mutations of a seed: one in half the cases, two in a quarter, and so on. */
export function mutate(input: Uint8Array, other: Uint8Array, random: Random): Uint8Array {
  let out = input;
  const count = Math.min(8, 1 + Math.floor(-Math.log2(1 - random())));
  for (let k = 0; k < count; k++) {
    out = mutateOnce(out, other, random);
    if (out.length > MAX_INPUT) out = out.subarray(0, MAX_INPUT);
  }
  return out;
}
