import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/_util/errors.js';
import { decodeMessage, encodeMessage } from '../../src/proto/binary-codec.js';
import { WireWriter } from '../../src/proto/wire.js';
import { testRegistry } from './test-registry.js';

const registry = testRegistry();
const roundTrip = (value: Record<string, unknown>, type = 'test.v2.P2') =>
  decodeMessage(registry, type, encodeMessage(registry, type, value));
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('binary protobuf codec', () => {
  it('round-trips every scalar type, including negatives and 64-bit values', () => {
    const value = {
      s: 'héllo',
      b: new Uint8Array([0, 1, 255]),
      i32: -5,
      i64: -(2 ** 40),
      u64: 2n ** 53n,
      s32: -7,
      s64: -(2 ** 35),
      f32: 4294967295,
      f64: 2 ** 52 + 1,
      sf32: -2,
      sf64: -(2 ** 50),
      flag: true,
      fl: Math.fround(1.1),
      db: Number.NEGATIVE_INFINITY,
      color: 'BLUE',
    };
    expect(roundTrip(value)).toEqual(value);
    expect(Number.isNaN(roundTrip({ db: Number.NaN }).db)).toBe(true);
  });

  it('writes the exact wire bytes protobuf defines', () => {
    expect(hex(encodeMessage(registry, 'test.v2.P2', { i32: 150 }))).toBe('189601');
    // A negative int32 is sign-extended to ten bytes.
    expect(hex(encodeMessage(registry, 'test.v2.P2', { i32: -1 }))).toBe('18ffffffffffffffffff01');
    expect(hex(encodeMessage(registry, 'test.v2.P2', { s32: -1 }))).toBe('3001');
    expect(hex(encodeMessage(registry, 'test.v2.P2', { s: 'testing' }))).toBe('0a0774657374696e67');
  });

  it('writes proto2 repeated scalars unpacked unless [packed = true], proto3 packed, and reads both', () => {
    expect(hex(encodeMessage(registry, 'test.v2.P2', { unpacked: [1, 2] }))).toBe('880101880102');
    const packed = encodeMessage(registry, 'test.v2.P2', { packed: [1, 2] });
    expect(hex(packed)).toBe('9201020102');
    expect(hex(encodeMessage(registry, 'test.v3.P3', { values: [3, 270] }))).toBe('3a03038e02');
    // A parser accepts either encoding for any repeated scalar.
    const writer = new WireWriter();
    writer.tag(17, 2);
    const marker = writer.beginDelimited();
    writer.int32(4);
    writer.int32(5);
    writer.endDelimited(marker);
    writer.tag(18, 0);
    writer.int32(6);
    expect(decodeMessage(registry, 'test.v2.P2', writer.finish())).toEqual({ unpacked: [4, 5], packed: [6] });
  });

  it('skips unknown fields of every wire type, or rejects them on request', () => {
    const writer = new WireWriter();
    writer.tag(1, 2);
    writer.string('kept');
    writer.tag(99, 0);
    writer.varint64(12345678901);
    writer.tag(98, 1);
    writer.double(1);
    writer.tag(97, 5);
    writer.fixed32(1);
    writer.tag(96, 2);
    writer.string('skipped');
    writer.tag(95, 3);
    writer.tag(1, 0);
    writer.int32(1);
    writer.tag(95, 4);
    const bytes = writer.finish();
    expect(decodeMessage(registry, 'test.v2.P2', bytes)).toEqual({ s: 'kept' });
    expect(() => decodeMessage(registry, 'test.v2.P2', bytes, { rejectUnknownFields: true })).toThrow(
      /unknown field number 99/,
    );
  });

  it('keeps 64-bit values exact: a number when safe, a bigint beyond 2^53 - 1', () => {
    const writer = new WireWriter();
    writer.tag(5, 0);
    writer.varint64(18446744073709551615n);
    expect(decodeMessage(registry, 'test.v2.P2', writer.finish()).u64).toBe(18446744073709551615n);
    expect(roundTrip({ u64: 2 ** 63 }).u64).toBe(2n ** 63n);
    expect(roundTrip({ i64: 2 ** 53 - 1 }).i64).toBe(2 ** 53 - 1);
    expect(roundTrip({ i64: 2 ** 53 }).i64).toBe(2n ** 53n);
  });

  it('refuses to encode a value outside its type instead of wrapping it around', () => {
    expect(() => encodeMessage(registry, 'test.v2.P2', { i64: 2 ** 63 })).toThrow(/range of int64/);
    expect(() => encodeMessage(registry, 'test.v2.P2', { u64: -1 })).toThrow(/range of uint64/);
    expect(() => encodeMessage(registry, 'test.v2.P2', { s64: 2n ** 63n })).toThrow(/range of sint64/);
  });

  it('reads a map entry without key or value as the zero key and zero value', () => {
    const writer = new WireWriter();
    writer.tag(22, 2);
    writer.uint32(0);
    writer.tag(23, 2);
    writer.uint32(0);
    expect(decodeMessage(registry, 'test.v2.P2', writer.finish())).toEqual({ byName: { '': {} }, byId: { '0': '' } });
  });

  it('round-trips maps, oneofs, nested and repeated messages and enums', () => {
    const value = {
      byName: { a: { label: 'x' }, b: {} },
      byId: { '-1': 'minus', '3': 'three' },
      items: [{ n: 1 }, { n: 2 }],
      colors: ['RED', 'BLUE'],
      beta: { label: 'b' },
    };
    expect(roundTrip(value)).toEqual(value);
    // The last oneof member on the wire wins.
    const both = new Uint8Array([
      ...encodeMessage(registry, 'test.v2.P2', { alpha: 'a' }),
      ...encodeMessage(registry, 'test.v2.P2', { beta: {} }),
    ]);
    expect(decodeMessage(registry, 'test.v2.P2', both)).toEqual({ beta: {} });
  });

  it('omits proto3 default values and drops them on decode', () => {
    expect(encodeMessage(registry, 'test.v3.P3', { count: 0, s: '', flag: false, level: 'LOW', mean: 0 })).toEqual(
      new Uint8Array(0),
    );
    expect(roundTrip({ opt: 0, mean: -0 }, 'test.v3.P3')).toEqual({ opt: 0, mean: -0 });
    expect(roundTrip({ i32: 0 })).toEqual({ i32: 0 });
  });

  it('fails with a byte offset on truncated or malformed data', () => {
    const bytes = encodeMessage(registry, 'test.v2.P2', { s: 'truncate me' });
    let error: unknown;
    try {
      decodeMessage(registry, 'test.v2.P2', bytes.subarray(0, 5), { file: 'x.pb' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('PROTO_BINARY');
    expect((error as InputError).location).toMatchObject({ file: 'x.pb' });
    expect(() => decodeMessage(registry, 'test.v2.P2', new Uint8Array([0x0a, 0x01]))).toThrow(/runs past the end/);
    expect(() => decodeMessage(registry, 'test.v2.P2', new Uint8Array([0x08, 0x01]))).toThrow(/wrong wire type/);
  });

  it('encodes length prefixes of large nested messages correctly', () => {
    const items = Array.from({ length: 500 }, (_, i) => ({ label: 'x'.repeat(i % 200), n: i }));
    expect(roundTrip({ items }).items).toEqual(
      items.map((item) => (item.label === '' ? { label: '', n: item.n } : item)),
    );
  });
});
