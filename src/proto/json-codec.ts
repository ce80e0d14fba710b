import { Buffer } from 'node:buffer';
import { InputError } from '../_util/errors.js';
import { decodeMessage, encodeMessage, isZeroValue, type PlainMessage } from './binary-codec.js';
import type { FieldDescriptor, MessageDescriptor, ProtoRegistry, ValueType } from './descriptor.js';
import { shortestFloat32 } from './float-format.js';
import { INT64_SCALARS, INTEGER_RANGES, int64Value } from './integer.js';
import { RECURSION_CODE, RECURSION_HINT, RECURSION_LIMIT, recursionMessage } from './recursion-limit.js';
import { ANY_TYPE_NAME } from './well-known.js';

/** A JSON value as `JSON.parse` returns it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

function floatToJson(value: number, scalar: 'float' | 'double'): JsonValue {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  return scalar === 'float' ? shortestFloat32(value) : value;
}

function integerString(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  const n = Number(value);
  return Number.isSafeInteger(n) ? String(n) : BigInt(Math.trunc(n)).toString();
}

class JsonPrinter {
  /** Expanded Any messages enclosing the current one (each decodes its own bytes). */
  anyDepth = 0;

  constructor(readonly registry: ProtoRegistry) {}

  message(descriptor: MessageDescriptor, value: PlainMessage): JsonObject {
    if (descriptor.fullName === ANY_TYPE_NAME) return this.any(value);
    const out: JsonObject = {};
    for (const field of descriptor.fields) {
      const v = value[field.jsonName];
      if (v === undefined || v === null) continue;
      if (field.mapKey !== undefined) {
        const map: JsonObject = Object.create(null); // map keys are user text, e.g. a feature named __proto__
        for (const [key, item] of Object.entries(v as Record<string, unknown>)) map[key] = this.value(field.type, item);
        out[field.jsonName] = map;
      } else if (field.label === 'repeated') {
        const list = v as unknown[];
        if (list.length === 0) continue;
        out[field.jsonName] = list.map((item) => this.value(field.type, item));
      } else {
        if (!field.hasPresence && this.isDefault(field, v)) continue;
        out[field.jsonName] = this.value(field.type, v);
      }
    }
    return out;
  }

  isDefault(field: FieldDescriptor, v: unknown): boolean {
    if (field.type.kind === 'enum') {
      return typeof v === 'number'
        ? v === 0
        : this.registry.enum(field.type.typeName).numberByName.get(String(v)) === 0;
    }
    return field.type.kind === 'scalar' && isZeroValue(v);
  }

  value(type: ValueType, v: unknown): JsonValue {
    if (type.kind === 'message') return this.message(this.registry.message(type.typeName), v as PlainMessage);
    if (type.kind === 'enum') {
      const descriptor = this.registry.enum(type.typeName);
      if (typeof v === 'number') return descriptor.nameByNumber.get(v) ?? v;
      if (!descriptor.numberByName.has(String(v))) {
        throw new InputError(
          'PROTO_INVALID_VALUE',
          `cannot print ${JSON.stringify(v)}: expected a value of enum ${type.typeName}`,
        );
      }
      return String(v);
    }
    const scalar = type.scalar;
    if (INT64_SCALARS.has(scalar)) return integerString(v);
    switch (scalar) {
      case 'double':
      case 'float':
        return floatToJson(Number(v), scalar);
      case 'bool':
        return Boolean(v);
      case 'string':
        return String(v);
      case 'bytes':
        return Buffer.from(v instanceof Uint8Array ? v : new Uint8Array(0)).toString('base64');
      default:
        return Number(v);
    }
  }

  /** `{"@type": url, ...fields}` when the packed type is known, else the type URL and raw bytes. */
  any(value: PlainMessage): JsonObject {
    const url = typeof value.typeUrl === 'string' ? value.typeUrl : '';
    const bytes = value.value instanceof Uint8Array ? value.value : new Uint8Array(0);
    const typeName = url.slice(url.lastIndexOf('/') + 1);
    const descriptor = this.registry.findMessage(typeName);
    // Past the recursion limit an Any is written in its raw form, not expanded.
    if (descriptor && this.anyDepth < RECURSION_LIMIT) {
      this.anyDepth++;
      const inner = this.message(descriptor, decodeMessage(this.registry, typeName, bytes));
      this.anyDepth--;
      return { '@type': url, ...inner };
    }
    return { '@type': url, value: Buffer.from(bytes).toString('base64') };
  }
}

export interface JsonParseOptions {
  /** File name for error locations. */
  readonly file?: string;
  /** Skip keys the message type does not define instead of failing. */
  readonly ignoreUnknownFields?: boolean;
}

class JsonParser {
  /** How many messages enclose the one being read. */
  depth = 0;

  constructor(
    readonly registry: ProtoRegistry,
    readonly options: JsonParseOptions,
  ) {}

  fail(path: string, message: string, code = 'JSON_INVALID'): never {
    throw new InputError(code, `${message} at ${path}`, {
      ...(this.options.file !== undefined ? { location: { file: this.options.file } } : {}),
      hint: 'the JSON is not the proto3 JSON form of this message type',
    });
  }

  message(descriptor: MessageDescriptor, json: unknown, path: string): PlainMessage {
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      this.fail(path, `expected a JSON object for ${descriptor.fullName}, found ${describeJson(json)}`);
    }
    if (++this.depth > RECURSION_LIMIT) {
      // The path is as long as the nesting: keep its two ends.
      const at = path.length > 160 ? `${path.slice(0, 60)}...${path.slice(-60)}` : path;
      throw new InputError(RECURSION_CODE, `${recursionMessage(descriptor.fullName)} at ${at}`, {
        ...(this.options.file !== undefined ? { location: { file: this.options.file } } : {}),
        hint: RECURSION_HINT,
      });
    }
    if (descriptor.fullName === ANY_TYPE_NAME) {
      const any = this.any(json as JsonObject, path);
      this.depth--;
      return any;
    }
    const out: PlainMessage = {};
    const oneofSeen = new Map<string, string>();
    for (const [key, v] of Object.entries(json as JsonObject)) {
      const field = descriptor.fieldsByJsonName.get(key) ?? descriptor.fieldsByName.get(key);
      const at = `${path}.${key}`;
      if (!field) {
        if (this.options.ignoreUnknownFields) continue;
        this.fail(at, `expected a field of ${descriptor.fullName}, found unknown key '${key}'`, 'JSON_UNKNOWN_FIELD');
      }
      if (v === null) continue;
      if (field.oneof !== undefined) {
        const other = oneofSeen.get(field.oneof);
        if (other !== undefined)
          this.fail(at, `expected one field of oneof '${field.oneof}', found both '${other}' and '${key}'`);
        oneofSeen.set(field.oneof, key);
      }
      if (field.mapKey !== undefined) {
        if (typeof v !== 'object' || Array.isArray(v)) this.fail(at, `expected a JSON object for map ${field.name}`);
        const map: Record<string, unknown> = Object.create(null); // map keys are user text
        for (const [k, item] of Object.entries(v as JsonObject)) {
          if (field.mapKey !== 'string' && field.mapKey !== 'bool' && !/^-?[0-9]+$/.test(k)) {
            this.fail(`${at}[${JSON.stringify(k)}]`, `expected an integer map key, found '${k}'`);
          }
          map[k] = this.value(field.type, item, `${at}[${JSON.stringify(k)}]`);
        }
        out[field.jsonName] = map;
      } else if (field.label === 'repeated') {
        if (!Array.isArray(v))
          this.fail(at, `expected a JSON array for repeated ${field.name}, found ${describeJson(v)}`);
        const list = (v as JsonValue[]).map((item, i) => this.value(field.type, item, `${at}[${i}]`));
        if (list.length > 0) out[field.jsonName] = list;
      } else {
        const value = this.value(field.type, v, at);
        if (
          !field.hasPresence &&
          (isZeroValue(value) || (field.type.kind === 'enum' && this.enumNumber(field, value) === 0))
        ) {
          continue;
        }
        out[field.jsonName] = value;
      }
    }
    this.depth--;
    return out;
  }

  enumNumber(field: FieldDescriptor, value: unknown): number | undefined {
    if (typeof value === 'number') return value;
    return this.registry.enum((field.type as { typeName: string }).typeName).numberByName.get(String(value));
  }

  value(type: ValueType, v: unknown, path: string): unknown {
    if (type.kind === 'message') return this.message(this.registry.message(type.typeName), v, path);
    if (type.kind === 'enum') {
      const descriptor = this.registry.enum(type.typeName);
      if (typeof v === 'string') {
        if (descriptor.numberByName.has(v)) return v;
        this.fail(path, `expected a value of enum ${descriptor.fullName}, found '${v}'`, 'JSON_UNKNOWN_ENUM');
      }
      if (typeof v === 'number' && Number.isInteger(v)) {
        const name = descriptor.nameByNumber.get(v);
        if (name !== undefined) return name;
        if (!descriptor.closed) return v;
      }
      this.fail(path, `expected a value of enum ${descriptor.fullName}, found ${describeJson(v)}`, 'JSON_UNKNOWN_ENUM');
    }
    const scalar = type.scalar;
    switch (scalar) {
      case 'string':
        if (typeof v !== 'string') this.fail(path, `expected a string, found ${describeJson(v)}`);
        return v;
      case 'bool':
        if (typeof v !== 'boolean') this.fail(path, `expected true or false, found ${describeJson(v)}`);
        return v;
      case 'bytes':
        if (typeof v !== 'string' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(v)) {
          this.fail(path, `expected base64 bytes, found ${describeJson(v)}`);
        }
        return new Uint8Array(Buffer.from(v, 'base64'));
      case 'float':
      case 'double': {
        let n: number;
        if (typeof v === 'number') n = v;
        else if (v === 'NaN') n = Number.NaN;
        else if (v === 'Infinity') n = Number.POSITIVE_INFINITY;
        else if (v === '-Infinity') n = Number.NEGATIVE_INFINITY;
        else if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) n = Number(v);
        else return this.fail(path, `expected a number, found ${describeJson(v)}`);
        return scalar === 'float' ? Math.fround(n) : n;
      }
      default: {
        const range = INTEGER_RANGES[scalar] as readonly [bigint, bigint];
        // Fast path: a safe integer is exact as it is (the bounds, as doubles, decide its range exactly).
        if (typeof v === 'number' && Number.isSafeInteger(v) && v >= Number(range[0]) && v <= Number(range[1])) {
          return v;
        }
        // Exact: a string of digits is read as a bigint, never through a double.
        let big: bigint | undefined;
        const text = typeof v === 'string' ? v.trim() : undefined;
        if (typeof v === 'number') big = Number.isInteger(v) ? BigInt(v) : undefined;
        else if (text !== undefined && /^-?[0-9]+$/.test(text)) big = BigInt(text);
        else if (text !== undefined && /^-?[0-9]+(\.0*)?([eE][+-]?[0-9]+)?$/.test(text)) {
          const n = Number(text);
          big = Number.isInteger(n) ? BigInt(n) : undefined;
        } else return this.fail(path, `expected an integer, found ${describeJson(v)}`);
        if (big === undefined || big < range[0] || big > range[1]) {
          this.fail(path, `expected an integer in the range of ${scalar}, found ${describeJson(v)}`);
        }
        return INT64_SCALARS.has(scalar) ? int64Value(big) : Number(big);
      }
    }
  }

  any(json: JsonObject, path: string): PlainMessage {
    const url = json['@type'];
    if (url === undefined) return {};
    if (typeof url !== 'string') this.fail(`${path}.@type`, `expected a type URL string, found ${describeJson(url)}`);
    const typeName = url.slice(url.lastIndexOf('/') + 1);
    const descriptor = this.registry.findMessage(typeName);
    const { '@type': _, ...rest } = json;
    if (!descriptor) {
      // Unknown packed type: accept the raw form this library prints for it.
      const raw =
        typeof rest.value === 'string' ? new Uint8Array(Buffer.from(rest.value, 'base64')) : new Uint8Array(0);
      return { typeUrl: url, value: raw };
    }
    const inner = this.message(descriptor, rest, path);
    return { typeUrl: url, value: encodeMessage(this.registry, typeName, inner) };
  }
}

/**
 * `JSON.parse`, except that integer literals beyond 2^53 - 1 are read as strings of their digits
 * (which the proto3 JSON mapping accepts for every integer field), so a 64-bit value written as a
 * bare JSON number, as Google's runtime may write it, is read exactly instead of rounded.
 */
export function parseJsonExact(text: string): unknown {
  // Fast path: no run of 16+ digits that stands alone (not the fraction or mantissa of a float).
  if (!/(?<![0-9.])[0-9]{16,}(?![0-9.eE])/.test(text)) return JSON.parse(text);
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    if (c !== 45 && (c < 48 || c > 57)) continue;
    const number = /-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
    number.lastIndex = i;
    const match = number.exec(text);
    if (!match) continue;
    const literal = match[0];
    if (match[1] === undefined && match[2] === undefined && !Number.isSafeInteger(Number(literal))) {
      out += `${text.slice(from, i)}"${literal}"`;
      from = i + literal.length;
    }
    i += literal.length - 1;
  }
  return JSON.parse(out + text.slice(from));
}

function describeJson(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return JSON.stringify(v) ?? String(v);
}

/**
 * Converts plain data to its proto3 canonical JSON form: lowerCamelCase keys in field-number
 * order, enums as names, 64-bit integers as strings, bytes as base64, non-finite floats as
 * "NaN"/"Infinity"/"-Infinity", maps as objects, Any as `{"@type": ..., ...fields}`; fields
 * without presence that hold their default are omitted.
 */
export function messageToJson(registry: ProtoRegistry, typeName: string, value: PlainMessage): JsonObject {
  return new JsonPrinter(registry).message(registry.message(typeName), value);
}

/**
 * Reads the proto3 JSON form into plain data. Accepts lowerCamelCase or original field names,
 * integers as numbers or strings, enums as names or numbers; `null` means unset.
 */
export function messageFromJson(
  registry: ProtoRegistry,
  typeName: string,
  json: unknown,
  options: JsonParseOptions = {},
): PlainMessage {
  return new JsonParser(registry, options).message(registry.message(typeName), json, '$');
}
