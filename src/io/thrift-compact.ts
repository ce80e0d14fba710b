/**
 * The Thrift compact protocol, generically: a struct is read into a tree of typed values that can be
 * edited and written back without knowing its Thrift schema. Parquet footers are Thrift compact
 * structs; keeping every field as read (including ones this code does not know) is what lets
 * {@link ./parquet-footer.ts} rewrite a footer for one row group and lose nothing else.
 */

/** Wire types of the compact protocol (the low nibble of a field header). */
export const ThriftType = {
  BOOL_TRUE: 1,
  BOOL_FALSE: 2,
  BYTE: 3,
  I16: 4,
  I32: 5,
  I64: 6,
  DOUBLE: 7,
  BINARY: 8,
  LIST: 9,
  SET: 10,
  MAP: 11,
  STRUCT: 12,
  UUID: 13,
} as const;

/** A struct: its fields in wire order (ids increasing in what Thrift writers produce). */
export interface ThriftStruct {
  readonly fields: ThriftField[];
}

export interface ThriftField {
  readonly id: number;
  value: ThriftValue;
}

/**
 * One value with its wire type. Integers narrower than 64 bits are numbers, 64-bit ones bigints;
 * doubles and UUIDs stay raw bytes (nothing here computes with them).
 */
export type ThriftValue =
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'byte' | 'i16' | 'i32'; readonly value: number }
  | { readonly type: 'i64'; readonly value: bigint }
  | { readonly type: 'double' | 'binary' | 'uuid'; readonly bytes: Uint8Array }
  | { readonly type: 'list' | 'set'; readonly elementType: number; readonly items: ThriftValue[] }
  | {
      readonly type: 'map';
      readonly keyType: number;
      readonly valueType: number;
      readonly entries: [ThriftValue, ThriftValue][];
    }
  | { readonly type: 'struct'; readonly value: ThriftStruct };

/** Field `id` of `struct`, if present. */
export function thriftField(struct: ThriftStruct, id: number): ThriftValue | undefined {
  return struct.fields.find((f) => f.id === id)?.value;
}

/** Integer field `id` of `struct` as a number (an i64 too), if present and an integer. */
export function thriftInt(struct: ThriftStruct, id: number): number | undefined {
  const v = thriftField(struct, id);
  if (v === undefined) return undefined;
  if (v.type === 'i64') return Number(v.value);
  if (v.type === 'i32' || v.type === 'i16' || v.type === 'byte') return v.value;
  return undefined;
}

const utf8 = new TextDecoder();

/** Binary field `id` of `struct` decoded as UTF-8 text (Parquet names, keys and values), if present. */
export function thriftText(struct: ThriftStruct, id: number): string | undefined {
  const v = thriftField(struct, id);
  return v?.type === 'binary' ? utf8.decode(v.bytes) : undefined;
}

/** Struct field `id` of `struct`, if present and a struct. */
export function thriftStruct(struct: ThriftStruct, id: number): ThriftStruct | undefined {
  const v = thriftField(struct, id);
  return v?.type === 'struct' ? v.value : undefined;
}

/** The structs of list field `id` of `struct` (none if absent). */
export function thriftStructs(struct: ThriftStruct, id: number): ThriftStruct[] {
  const v = thriftField(struct, id);
  if (v?.type !== 'list') return [];
  return v.items.flatMap((item) => (item.type === 'struct' ? [item.value] : []));
}

/** Malformed compact-protocol bytes (truncated, bad type, too deep). */
export class ThriftDecodeError extends Error {
  override readonly name = 'ThriftDecodeError';
}

/** Nesting deeper than any Parquet footer: a guard against hostile input recursing without end. */
const MAX_DEPTH = 64;

/** Reads one struct starting at `offset` of `bytes`; returns it and the offset after it. */
export function readThriftStruct(bytes: Uint8Array, offset = 0): { struct: ThriftStruct; end: number } {
  const reader = new CompactReader(bytes, offset);
  const struct = reader.struct(0);
  return { struct, end: reader.pos };
}

/** Encodes a struct in the compact protocol. */
export function writeThriftStruct(struct: ThriftStruct): Uint8Array {
  const writer = new CompactWriter();
  writer.struct(struct);
  return writer.bytes();
}

class CompactReader {
  pos: number;

  constructor(
    private readonly buf: Uint8Array,
    offset: number,
  ) {
    this.pos = offset;
  }

  private byte(): number {
    if (this.pos >= this.buf.length) throw new ThriftDecodeError('Thrift data ends early');
    return this.buf[this.pos++]!;
  }

  private take(n: number): Uint8Array {
    if (n < 0 || this.pos + n > this.buf.length) throw new ThriftDecodeError('Thrift data ends early');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** Unsigned LEB128 varint, up to 64 bits; numbers while they fit 28 bits (the common case). */
  private varint(): bigint {
    let low = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      const b = this.byte();
      low |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return BigInt(low >>> 0);
    }
    let result = BigInt(low >>> 0);
    for (let shift = 28n; ; shift += 7n) {
      if (shift > 63n) throw new ThriftDecodeError('Thrift varint too long');
      const b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
    }
  }

  /** A varint that must fit 32 bits (sizes, lengths, zigzag i16/i32), as a number. */
  private varint32(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) {
        if (result > 0xffffffff) throw new ThriftDecodeError('Thrift varint too long');
        return result;
      }
    }
    throw new ThriftDecodeError('Thrift varint too long');
  }

  /** A size or length, which cannot exceed the data. */
  private size(): number {
    const v = this.varint32();
    if (v > this.buf.length) throw new ThriftDecodeError('Thrift size larger than the data');
    return v;
  }

  /** A zigzag i16/i32, as a number. */
  private zigzag32(): number {
    const v = this.varint32();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }

  private zigzag64(): bigint {
    const v = this.varint();
    return (v >> 1n) ^ -(v & 1n);
  }

  struct(depth: number): ThriftStruct {
    if (depth > MAX_DEPTH) throw new ThriftDecodeError('Thrift structs nested too deeply');
    const fields: ThriftField[] = [];
    let lastId = 0;
    for (;;) {
      const header = this.byte();
      const type = header & 0x0f;
      if (type === 0) return { fields };
      const delta = header >> 4;
      const id = delta !== 0 ? lastId + delta : (this.zigzag32() << 16) >> 16;
      lastId = id;
      const value =
        type === ThriftType.BOOL_TRUE || type === ThriftType.BOOL_FALSE
          ? ({ type: 'bool', value: type === ThriftType.BOOL_TRUE } as const)
          : this.value(type, depth);
      fields.push({ id, value });
    }
  }

  private value(type: number, depth: number): ThriftValue {
    switch (type) {
      case ThriftType.BOOL_TRUE:
      case ThriftType.BOOL_FALSE:
        // A bool outside a field header (a list element) is one byte: 1 true, anything else false.
        return { type: 'bool', value: this.byte() === ThriftType.BOOL_TRUE };
      case ThriftType.BYTE:
        return { type: 'byte', value: (this.byte() << 24) >> 24 };
      case ThriftType.I16:
        return { type: 'i16', value: (this.zigzag32() << 16) >> 16 };
      case ThriftType.I32:
        return { type: 'i32', value: this.zigzag32() | 0 };
      case ThriftType.I64:
        return { type: 'i64', value: BigInt.asIntN(64, this.zigzag64()) };
      case ThriftType.DOUBLE:
        return { type: 'double', bytes: this.take(8) };
      case ThriftType.BINARY:
        return { type: 'binary', bytes: this.take(this.size()) };
      case ThriftType.UUID:
        return { type: 'uuid', bytes: this.take(16) };
      case ThriftType.LIST:
      case ThriftType.SET: {
        const header = this.byte();
        const elementType = header & 0x0f;
        const short = header >> 4;
        const count = short === 15 ? this.size() : short;
        // Every element takes at least one byte: a count beyond the data is corrupt.
        if (count > this.buf.length - this.pos) throw new ThriftDecodeError('Thrift list longer than the data');
        const items: ThriftValue[] = [];
        for (let i = 0; i < count; i++) items.push(this.value(elementType, depth + 1));
        return { type: type === ThriftType.LIST ? 'list' : 'set', elementType, items };
      }
      case ThriftType.MAP: {
        const count = this.size();
        if (count === 0) return { type: 'map', keyType: 0, valueType: 0, entries: [] };
        const kinds = this.byte();
        const keyType = kinds >> 4;
        const valueType = kinds & 0x0f;
        if (count > this.buf.length - this.pos) throw new ThriftDecodeError('Thrift map longer than the data');
        const entries: [ThriftValue, ThriftValue][] = [];
        for (let i = 0; i < count; i++)
          entries.push([this.value(keyType, depth + 1), this.value(valueType, depth + 1)]);
        return { type: 'map', keyType, valueType, entries };
      }
      case ThriftType.STRUCT:
        return { type: 'struct', value: this.struct(depth + 1) };
      default:
        throw new ThriftDecodeError(`unknown Thrift compact type ${type}`);
    }
  }
}

const wireType: Record<Exclude<ThriftValue['type'], 'bool'>, number> = {
  byte: ThriftType.BYTE,
  i16: ThriftType.I16,
  i32: ThriftType.I32,
  i64: ThriftType.I64,
  double: ThriftType.DOUBLE,
  binary: ThriftType.BINARY,
  uuid: ThriftType.UUID,
  list: ThriftType.LIST,
  set: ThriftType.SET,
  map: ThriftType.MAP,
  struct: ThriftType.STRUCT,
};

class CompactWriter {
  private buf = new Uint8Array(1024);
  private pos = 0;

  bytes(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
  }

  private byte(b: number): void {
    this.reserve(1);
    this.buf[this.pos++] = b & 0xff;
  }

  private raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** Unsigned varint of a non-negative safe integer. */
  private varint32(v: number): void {
    let rest = v;
    while (rest >= 0x80) {
      this.byte((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.byte(rest);
  }

  private varint(v: bigint): void {
    let rest = BigInt.asUintN(64, v);
    if (rest <= 0xffffffffn) {
      this.varint32(Number(rest));
      return;
    }
    while (rest >= 0x80n) {
      this.byte(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    this.byte(Number(rest));
  }

  /** Zigzag of an i16/i32 number. */
  private zigzag32(v: number): void {
    this.varint32(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  private zigzag64(v: bigint): void {
    if (v >= -0x40000000n && v < 0x40000000n) {
      this.zigzag32(Number(v));
      return;
    }
    this.varint(BigInt.asUintN(64, (v << 1n) ^ (v >> 63n)));
  }

  struct(struct: ThriftStruct): void {
    let lastId = 0;
    for (const { id, value } of struct.fields) {
      const type =
        value.type === 'bool' ? (value.value ? ThriftType.BOOL_TRUE : ThriftType.BOOL_FALSE) : wireType[value.type];
      const delta = id - lastId;
      if (delta > 0 && delta <= 15) this.byte((delta << 4) | type);
      else {
        this.byte(type);
        this.zigzag32(id);
      }
      lastId = id;
      if (value.type !== 'bool') this.value(value);
    }
    this.byte(0);
  }

  private value(value: ThriftValue): void {
    switch (value.type) {
      case 'bool':
        this.byte(value.value ? ThriftType.BOOL_TRUE : ThriftType.BOOL_FALSE);
        return;
      case 'byte':
        this.byte(value.value);
        return;
      case 'i16':
      case 'i32':
        this.zigzag32(value.value);
        return;
      case 'i64':
        this.zigzag64(value.value);
        return;
      case 'double':
      case 'uuid':
        this.raw(value.bytes);
        return;
      case 'binary':
        this.varint32(value.bytes.length);
        this.raw(value.bytes);
        return;
      case 'list':
      case 'set':
        if (value.items.length < 15) this.byte((value.items.length << 4) | value.elementType);
        else {
          this.byte(0xf0 | value.elementType);
          this.varint32(value.items.length);
        }
        for (const item of value.items) this.value(item);
        return;
      case 'map':
        this.varint32(value.entries.length);
        if (value.entries.length === 0) return;
        this.byte((value.keyType << 4) | value.valueType);
        for (const [k, v] of value.entries) {
          this.value(k);
          this.value(v);
        }
        return;
      case 'struct':
        this.struct(value.value);
        return;
    }
  }
}
