import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  readThriftStruct,
  ThriftDecodeError,
  type ThriftStruct,
  ThriftType,
  writeThriftStruct,
} from '../../src/io/thrift-compact.js';

const root = join(import.meta.dirname, '..', '..');

/** The FileMetaData bytes at the end of a Parquet file. */
function footerBytes(path: string): Uint8Array {
  const file = readFileSync(path);
  const length = file.readUInt32LE(file.length - 8);
  return new Uint8Array(file.subarray(file.length - 8 - length, file.length - 8));
}

describe('Thrift compact protocol', () => {
  it.each([
    'test/fixtures/io/taxi-row-groups.parquet',
    'test/fixtures/io/nested.parquet',
    'datasets/chicago_taxi_tfx/data.parquet',
  ])('reads the footer of %s and writes it back byte for byte', (file) => {
    const bytes = footerBytes(join(root, file));
    const { struct, end } = readThriftStruct(bytes);
    expect(end).toBe(bytes.length);
    expect(writeThriftStruct(struct)).toEqual(bytes);
  });

  it('round-trips every wire type, negative and 64-bit values, and field ids far apart', () => {
    const struct: ThriftStruct = {
      fields: [
        { id: 1, value: { type: 'bool', value: true } },
        { id: 2, value: { type: 'bool', value: false } },
        { id: 3, value: { type: 'byte', value: -7 } },
        { id: 4, value: { type: 'i16', value: -300 } },
        { id: 5, value: { type: 'i32', value: -2_000_000_000 } },
        { id: 6, value: { type: 'i64', value: -(2n ** 62n) } },
        { id: 7, value: { type: 'double', bytes: new Uint8Array([0, 0, 0, 0, 0, 0, 0xf0, 0x3f]) } },
        { id: 8, value: { type: 'binary', bytes: new TextEncoder().encode('PAR1') } },
        {
          id: 40,
          value: {
            type: 'list',
            elementType: ThriftType.I64,
            items: Array.from({ length: 20 }, (_, i) => ({ type: 'i64' as const, value: BigInt(i) * 10n ** 12n })),
          },
        },
        {
          id: 41,
          value: {
            type: 'list',
            elementType: ThriftType.BOOL_TRUE,
            items: [
              { type: 'bool', value: true },
              { type: 'bool', value: false },
            ],
          },
        },
        {
          id: 42,
          value: {
            type: 'map',
            keyType: ThriftType.BINARY,
            valueType: ThriftType.I32,
            entries: [
              [
                { type: 'binary', bytes: new Uint8Array([97]) },
                { type: 'i32', value: 1 },
              ],
            ],
          },
        },
        { id: 43, value: { type: 'set', elementType: ThriftType.I16, items: [{ type: 'i16', value: 9 }] } },
        { id: 44, value: { type: 'uuid', bytes: new Uint8Array(16).fill(5) } },
        {
          id: 45,
          value: { type: 'struct', value: { fields: [{ id: 1, value: { type: 'i32', value: 3 } }] } },
        },
        { id: 46, value: { type: 'map', keyType: 0, valueType: 0, entries: [] } },
      ],
    };
    const bytes = writeThriftStruct(struct);
    const { struct: back, end } = readThriftStruct(bytes);
    expect(end).toBe(bytes.length);
    expect(back).toEqual(struct);
    expect(writeThriftStruct(back)).toEqual(bytes);
  });

  it('rejects truncated, unknown and too deeply nested input', () => {
    const bytes = footerBytes(join(root, 'test/fixtures/io/taxi-row-groups.parquet'));
    expect(() => readThriftStruct(bytes.subarray(0, bytes.length - 10))).toThrow(ThriftDecodeError);
    expect(() => readThriftStruct(new Uint8Array([0x1e]))).toThrow(ThriftDecodeError);
    // 100 nested structs (field 1, type 12), never closed.
    expect(() => readThriftStruct(new Uint8Array(100).fill(0x1c))).toThrow(/nested too deeply/);
    // A list claiming more elements than there are bytes.
    expect(() => readThriftStruct(new Uint8Array([0x19, 0xf5, 0xff, 0x01]))).toThrow(ThriftDecodeError);
  });
});
