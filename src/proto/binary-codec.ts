import { InputError } from '../_util/errors.js';
import {
  type FieldDescriptor,
  type MessageDescriptor,
  type ProtoRegistry,
  type ScalarType,
  scalarZero,
} from './descriptor.js';
import { exactInteger, INTEGER_RANGES, type Int64Value } from './integer.js';
import { RECURSION_CODE, RECURSION_HINT, RECURSION_LIMIT, recursionMessage } from './recursion-limit.js';
import { WireReader, WireType, WireWriter } from './wire.js';

/** A message as plain data: properties named by the fields' JSON names. */
export type PlainMessage = Record<string, unknown>;

export interface DecodeOptions {
  /** File name for error locations. */
  readonly file?: string;
  /**
   * Fail on fields the descriptor does not know (used to detect a message's kind). By default
   * unknown fields are skipped, as protobuf parsers do for forward compatibility.
   */
  readonly rejectUnknownFields?: boolean;
}

function wireTypeOf(scalar: ScalarType): number {
  switch (scalar) {
    case 'double':
    case 'fixed64':
    case 'sfixed64':
      return WireType.FIXED64;
    case 'float':
    case 'fixed32':
    case 'sfixed32':
      return WireType.FIXED32;
    case 'string':
    case 'bytes':
      return WireType.LENGTH_DELIMITED;
    default:
      return WireType.VARINT;
  }
}

function readScalar(reader: WireReader, scalar: ScalarType): Int64Value | string | boolean | Uint8Array {
  switch (scalar) {
    case 'double':
      return reader.double();
    case 'float':
      return reader.float();
    case 'int32':
      return reader.int32();
    case 'int64':
      return reader.int64();
    case 'uint32':
      return reader.uint32();
    case 'uint64':
      return reader.uint64();
    case 'sint32':
      return reader.sint32();
    case 'sint64':
      return reader.sint64();
    case 'fixed32':
      return reader.fixed32();
    case 'fixed64':
      return reader.fixed64();
    case 'sfixed32':
      return reader.sfixed32();
    case 'sfixed64':
      return reader.sfixed64();
    case 'bool':
      return reader.bool();
    case 'string':
      return reader.string();
    case 'bytes':
      return reader.bytes();
  }
}

/** True for the value an implicit-presence (proto3) field has when unset. */
export function isZeroValue(value: unknown): boolean {
  if (value === 0) return !Object.is(value, -0);
  if (value === 0n) return true;
  if (value === '' || value === false) return true;
  if (value instanceof Uint8Array) return value.length === 0;
  return false;
}

class Decoder {
  /** How many messages enclose the one being read. */
  depth = 0;

  constructor(
    readonly registry: ProtoRegistry,
    readonly options: DecodeOptions,
  ) {}

  message(reader: WireReader, descriptor: MessageDescriptor, end: number, target: PlainMessage): PlainMessage {
    if (++this.depth > RECURSION_LIMIT) {
      throw new InputError(RECURSION_CODE, recursionMessage(descriptor.fullName), {
        location: { ...(reader.file !== undefined ? { file: reader.file } : {}), byteOffset: reader.pos },
        hint: RECURSION_HINT,
      });
    }
    while (reader.pos < end) {
      const tagAt = reader.pos;
      const tag = reader.uint32();
      const number = tag >>> 3;
      const wireType = tag & 7;
      if (number === 0) reader.fail('invalid field number 0', tagAt);
      const field = descriptor.fieldsByNumber.get(number);
      if (!field) {
        if (this.options.rejectUnknownFields)
          reader.fail(`unknown field number ${number} in ${descriptor.fullName}`, tagAt);
        reader.skip(wireType, number);
        continue;
      }
      this.field(reader, descriptor, field, wireType, target, tagAt);
    }
    if (reader.pos !== end) reader.fail(`message ${descriptor.fullName} overruns its length`);
    this.depth--;
    return target;
  }

  field(
    reader: WireReader,
    descriptor: MessageDescriptor,
    field: FieldDescriptor,
    wireType: number,
    target: PlainMessage,
    tagAt: number,
  ): void {
    const key = field.jsonName;
    const type = field.type;
    if (field.mapKey !== undefined) {
      if (wireType !== WireType.LENGTH_DELIMITED) this.mismatch(reader, descriptor, field, tagAt);
      this.mapEntry(reader, field, target);
      return;
    }
    if (type.kind === 'message') {
      if (wireType !== WireType.LENGTH_DELIMITED) this.mismatch(reader, descriptor, field, tagAt);
      const end = reader.delimitedEnd();
      const sub = this.registry.message(type.typeName);
      if (field.label === 'repeated') {
        const list = (target[key] as PlainMessage[] | undefined) ?? [];
        list.push(this.message(reader, sub, end, {}));
        target[key] = list;
      } else {
        // A singular message seen twice is merged, as protobuf parsers do.
        const existing = target[key] as PlainMessage | undefined;
        if (field.oneof !== undefined && existing === undefined) this.clearOneof(descriptor, field, target);
        target[key] = this.message(reader, sub, end, existing ?? {});
      }
      return;
    }
    const scalar: ScalarType = type.kind === 'enum' ? 'int32' : type.scalar;
    const expected = wireTypeOf(scalar);
    if (field.label === 'repeated') {
      const list = (target[key] as unknown[] | undefined) ?? [];
      if (wireType === WireType.LENGTH_DELIMITED && expected !== WireType.LENGTH_DELIMITED) {
        // Packed encoding; parsers accept it whatever the field's declared packing.
        const end = reader.delimitedEnd();
        while (reader.pos < end) this.pushValue(list, field, readScalar(reader, scalar));
        if (reader.pos !== end) reader.fail(`packed field ${field.name} overruns its length`);
      } else {
        if (wireType !== expected) this.mismatch(reader, descriptor, field, tagAt);
        this.pushValue(list, field, readScalar(reader, scalar));
      }
      if (list.length > 0) target[key] = list;
      return;
    }
    if (wireType !== expected) this.mismatch(reader, descriptor, field, tagAt);
    let value: unknown = readScalar(reader, scalar);
    if (type.kind === 'enum') {
      value = this.enumValue(type.typeName, value as number);
      if (value === undefined) return; // closed enum, unknown number: dropped like an unknown field
    }
    if (field.oneof !== undefined) this.clearOneof(descriptor, field, target);
    if (!field.hasPresence && isZeroValue(value)) delete target[key];
    else target[key] = value;
  }

  pushValue(list: unknown[], field: FieldDescriptor, value: Int64Value | string | boolean | Uint8Array): void {
    if (field.type.kind === 'enum') {
      const name = this.enumValue(field.type.typeName, value as number);
      if (name !== undefined) list.push(name);
      return;
    }
    list.push(value);
  }

  enumValue(typeName: string, number: number): string | number | undefined {
    const descriptor = this.registry.enum(typeName);
    const name = descriptor.nameByNumber.get(number);
    if (name !== undefined) return name;
    return descriptor.closed ? undefined : number;
  }

  mapEntry(reader: WireReader, field: FieldDescriptor, target: PlainMessage): void {
    const end = reader.delimitedEnd();
    let key: unknown;
    let value: unknown;
    const valueType = field.type;
    while (reader.pos < end) {
      const tagAt = reader.pos;
      const tag = reader.uint32();
      const number = tag >>> 3;
      const wireType = tag & 7;
      if (number === 1 && wireType === wireTypeOf(field.mapKey as ScalarType)) {
        key = readScalar(reader, field.mapKey as ScalarType);
      } else if (number === 2 && valueType.kind === 'message' && wireType === WireType.LENGTH_DELIMITED) {
        const valueEnd = reader.delimitedEnd();
        value = this.message(reader, this.registry.message(valueType.typeName), valueEnd, {});
      } else if (number === 2 && valueType.kind !== 'message') {
        const scalar: ScalarType = valueType.kind === 'enum' ? 'int32' : valueType.scalar;
        if (wireType !== wireTypeOf(scalar)) reader.fail(`wrong wire type in map ${field.name}`, tagAt);
        value = readScalar(reader, scalar);
        if (valueType.kind === 'enum') value = this.enumValue(valueType.typeName, value as number) ?? 0;
      } else {
        reader.skip(wireType, number);
      }
    }
    const map = (target[field.jsonName] as Record<string, unknown> | undefined) ?? Object.create(null); // user-text keys
    const keyText = String(key === undefined ? scalarZero(field.mapKey as ScalarType) : key);
    if (value === undefined) {
      if (valueType.kind === 'message') value = {};
      else if (valueType.kind === 'enum') value = this.registry.enum(valueType.typeName).nameByNumber.get(0) ?? 0;
      else value = scalarZero(valueType.scalar);
    }
    map[keyText] = value;
    target[field.jsonName] = map;
  }

  clearOneof(descriptor: MessageDescriptor, field: FieldDescriptor, target: PlainMessage): void {
    for (const member of descriptor.oneofs.get(field.oneof as string) ?? []) {
      if (member !== field) delete target[member.jsonName];
    }
  }

  mismatch(reader: WireReader, descriptor: MessageDescriptor, field: FieldDescriptor, at: number): never {
    reader.fail(`wrong wire type for field ${descriptor.fullName}.${field.name}`, at);
  }
}

/** Decodes binary protobuf into plain data. */
export function decodeMessage(
  registry: ProtoRegistry,
  typeName: string,
  bytes: Uint8Array,
  options: DecodeOptions = {},
): PlainMessage {
  const reader = new WireReader(bytes, options.file);
  return new Decoder(registry, options).message(reader, registry.message(typeName), bytes.length, {});
}

class Encoder {
  constructor(
    readonly registry: ProtoRegistry,
    readonly writer: WireWriter,
  ) {}

  message(descriptor: MessageDescriptor, value: PlainMessage): void {
    for (const field of descriptor.fields) {
      const v = value[field.jsonName];
      if (v === undefined || v === null) continue;
      this.field(descriptor, field, v);
    }
  }

  field(descriptor: MessageDescriptor, field: FieldDescriptor, value: unknown): void {
    const w = this.writer;
    const type = field.type;
    if (field.mapKey !== undefined) {
      const entries = Object.entries(value as Record<string, unknown>);
      // Deterministic output: entries sorted by key, as protobuf's deterministic serialization does.
      entries.sort(([a], [b]) => (field.mapKey === 'string' ? (a < b ? -1 : a > b ? 1 : 0) : Number(a) - Number(b)));
      for (const [k, v] of entries) {
        w.tag(field.number, WireType.LENGTH_DELIMITED);
        const marker = w.beginDelimited();
        const keyScalar = field.mapKey;
        const keyValue = keyScalar === 'string' ? k : keyScalar === 'bool' ? k === 'true' : BigInt(k);
        this.scalar(1, keyScalar, keyValue, field);
        if (type.kind === 'message') {
          w.tag(2, WireType.LENGTH_DELIMITED);
          const inner = w.beginDelimited();
          this.message(this.registry.message(type.typeName), v as PlainMessage);
          w.endDelimited(inner);
        } else if (type.kind === 'enum') {
          this.scalar(2, 'int32', this.enumNumber(descriptor, field, type.typeName, v), field);
        } else {
          this.scalar(2, type.scalar, v, field);
        }
        w.endDelimited(marker);
      }
      return;
    }
    if (field.label === 'repeated') {
      const list = value as unknown[];
      if (!Array.isArray(list)) this.invalid(descriptor, field, value, 'an array');
      if (list.length === 0) return;
      if (type.kind === 'message') {
        const sub = this.registry.message(type.typeName);
        for (const item of list) {
          w.tag(field.number, WireType.LENGTH_DELIMITED);
          const marker = w.beginDelimited();
          this.message(sub, item as PlainMessage);
          w.endDelimited(marker);
        }
        return;
      }
      const scalar: ScalarType = type.kind === 'enum' ? 'int32' : type.scalar;
      const items =
        type.kind === 'enum' ? list.map((item) => this.enumNumber(descriptor, field, type.typeName, item)) : list;
      if (field.packed) {
        w.tag(field.number, WireType.LENGTH_DELIMITED);
        const marker = w.beginDelimited();
        for (const item of items) this.rawScalar(scalar, item, field);
        w.endDelimited(marker);
      } else {
        for (const item of items) this.scalar(field.number, scalar, item, field);
      }
      return;
    }
    if (type.kind === 'message') {
      w.tag(field.number, WireType.LENGTH_DELIMITED);
      const marker = w.beginDelimited();
      this.message(this.registry.message(type.typeName), value as PlainMessage);
      w.endDelimited(marker);
      return;
    }
    if (type.kind === 'enum') {
      const number = this.enumNumber(descriptor, field, type.typeName, value);
      if (!field.hasPresence && number === 0) return;
      this.scalar(field.number, 'int32', number, field);
      return;
    }
    if (!field.hasPresence && isZeroValue(value)) return;
    this.scalar(field.number, type.scalar, value, field);
  }

  enumNumber(descriptor: MessageDescriptor, field: FieldDescriptor, typeName: string, value: unknown): number {
    if (typeof value === 'number') return value;
    const number = this.registry.enum(typeName).numberByName.get(String(value));
    if (number === undefined) this.invalid(descriptor, field, value, `a value of enum ${typeName}`);
    return number;
  }

  scalar(number: number, scalar: ScalarType, value: unknown, field: FieldDescriptor): void {
    this.writer.tag(number, wireTypeOf(scalar));
    this.rawScalar(scalar, value, field);
  }

  /** A 64-bit value checked against its type's range (never wrapped around or rounded). */
  int64(scalar: ScalarType, value: unknown, field: FieldDescriptor): bigint | number {
    const range = INTEGER_RANGES[scalar] as readonly [bigint, bigint];
    if (typeof value === 'number' && Number.isSafeInteger(value) && (value >= 0 || range[0] < 0n)) return value;
    const exact = exactInteger(typeof value === 'number' ? Math.trunc(value) : value);
    if (exact === undefined || exact < range[0] || exact > range[1]) {
      throw new InputError(
        'PROTO_INVALID_VALUE',
        `cannot encode ${field.name}: expected an integer in the range of ${scalar}, got ${String(value)}`,
        { hint: `${scalar} holds ${range[0]} to ${range[1]}; give values beyond 2^53 as bigint to keep them exact` },
      );
    }
    return exact;
  }

  rawScalar(scalar: ScalarType, value: unknown, field: FieldDescriptor): void {
    const w = this.writer;
    switch (scalar) {
      case 'double':
        w.double(Number(value));
        return;
      case 'float':
        w.float(Number(value));
        return;
      case 'int32':
        w.int32(Number(value));
        return;
      case 'uint32':
        w.uint32(Number(value));
        return;
      case 'int64':
      case 'uint64':
        w.varint64(this.int64(scalar, value, field));
        return;
      case 'sint32':
        w.sint32(Number(value));
        return;
      case 'sint64':
        w.sint64(this.int64(scalar, value, field));
        return;
      case 'fixed32':
        w.fixed32(Number(value));
        return;
      case 'sfixed32':
        w.sfixed32(Number(value));
        return;
      case 'fixed64':
      case 'sfixed64':
        w.fixed64(this.int64(scalar, value, field));
        return;
      case 'bool':
        w.bool(Boolean(value));
        return;
      case 'string':
        w.string(String(value));
        return;
      case 'bytes':
        w.bytes(value instanceof Uint8Array ? value : new Uint8Array(0));
        return;
    }
  }

  invalid(descriptor: MessageDescriptor, field: FieldDescriptor, value: unknown, expected: string): never {
    throw new InputError(
      'PROTO_INVALID_VALUE',
      `cannot encode ${descriptor.fullName}.${field.name}: expected ${expected}, got ${JSON.stringify(value)}`,
    );
  }
}

/** Encodes plain data as binary protobuf (fields in number order, maps sorted by key). */
export function encodeMessage(registry: ProtoRegistry, typeName: string, value: PlainMessage): Uint8Array {
  const writer = new WireWriter();
  new Encoder(registry, writer).message(registry.message(typeName), value);
  return writer.finish();
}
