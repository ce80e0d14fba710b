import { InputError } from '../_util/errors.js';
import { decodeMessage, isZeroValue, type PlainMessage } from './binary-codec.js';
import type { FieldDescriptor, MessageDescriptor, ProtoRegistry, ScalarType, ValueType } from './descriptor.js';
import { formatDouble, formatFloat } from './float-format.js';
import { RECURSION_LIMIT } from './recursion-limit.js';
import { escapeBytes } from './text-tokenizer.js';
import { utf8Encode } from './wire.js';

const ANY_TYPE = 'google.protobuf.Any';
const PLAIN_ASCII = /^[\x20\x21\x23-\x26\x28-\x5b\x5d-\x7e]*$/;

class TextPrinter {
  /** Finished output, in flat chunks of a few thousand lines (a big message never exists as one line array). */
  readonly chunks: string[] = [];
  #lines: string[] = [];
  /** Expanded Any messages enclosing the current one (each decodes its own bytes). */
  anyDepth = 0;

  constructor(readonly registry: ProtoRegistry) {}

  line(text: string): void {
    this.#lines.push(text);
    if (this.#lines.length >= 4096) this.flush();
  }

  flush(): void {
    if (this.#lines.length === 0) return;
    this.chunks.push(`${this.#lines.join('\n')}\n`);
    this.#lines = [];
  }

  message(descriptor: MessageDescriptor, value: PlainMessage, indent: string): void {
    if (descriptor.fullName === ANY_TYPE && this.expandedAny(value, indent)) return;
    for (const field of descriptor.fields) {
      const v = value[field.jsonName];
      if (v === undefined || v === null) continue;
      if (field.mapKey !== undefined) {
        this.map(field, v as Record<string, unknown>, indent);
      } else if (field.label === 'repeated') {
        for (const item of v as unknown[]) this.value(field.name, field.type, item, indent);
      } else {
        if (!field.hasPresence && field.type.kind !== 'message' && isZeroValue(v)) continue;
        if (!field.hasPresence && field.type.kind === 'enum' && this.enumNumber(field.type.typeName, v) === 0) continue;
        this.value(field.name, field.type, v, indent);
      }
    }
  }

  value(name: string, type: ValueType, v: unknown, indent: string): void {
    if (type.kind === 'message') {
      this.line(`${indent}${name} {`);
      this.message(this.registry.message(type.typeName), v as PlainMessage, `${indent}  `);
      this.line(`${indent}}`);
      return;
    }
    this.line(`${indent}${name}: ${this.scalarText(type, v)}`);
  }

  map(field: FieldDescriptor, map: Record<string, unknown>, indent: string): void {
    const keys = Object.keys(map);
    // Python's text_format prints map entries sorted by key.
    if (field.mapKey === 'string') keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    else if (field.mapKey !== 'bool') keys.sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
    const keyType: ValueType = { kind: 'scalar', scalar: field.mapKey as ScalarType };
    for (const key of keys) {
      this.line(`${indent}${field.name} {`);
      const inner = `${indent}  `;
      const keyValue = field.mapKey === 'string' ? key : field.mapKey === 'bool' ? key === 'true' : BigInt(key);
      this.line(`${inner}key: ${this.scalarText(keyType, keyValue)}`);
      this.value('value', field.type, map[key], inner);
      this.line(`${indent}}`);
    }
  }

  expandedAny(value: PlainMessage, indent: string): boolean {
    const url = value.typeUrl;
    // Past the recursion limit an Any is printed raw (type_url and value bytes), not expanded.
    if (typeof url !== 'string' || this.anyDepth >= RECURSION_LIMIT) return false;
    const typeName = url.slice(url.lastIndexOf('/') + 1);
    const descriptor = this.registry.findMessage(typeName);
    if (!descriptor) return false;
    const bytes = value.value instanceof Uint8Array ? value.value : new Uint8Array(0);
    let inner: PlainMessage;
    try {
      inner = decodeMessage(this.registry, typeName, bytes);
    } catch {
      return false;
    }
    this.line(`${indent}[${url}] {`);
    this.anyDepth++;
    this.message(descriptor, inner, `${indent}  `);
    this.anyDepth--;
    this.line(`${indent}}`);
    return true;
  }

  enumNumber(typeName: string, v: unknown): number {
    return typeof v === 'number' ? v : (this.registry.enum(typeName).numberByName.get(String(v)) ?? -1);
  }

  scalarText(type: ValueType, v: unknown): string {
    if (type.kind === 'enum') {
      const descriptor = this.registry.enum(type.typeName);
      if (typeof v === 'number') return descriptor.nameByNumber.get(v) ?? String(v);
      if (!descriptor.numberByName.has(String(v))) {
        throw new InputError(
          'PROTO_INVALID_VALUE',
          `cannot print ${JSON.stringify(v)}: expected a value of enum ${type.typeName}`,
        );
      }
      return String(v);
    }
    switch ((type as { scalar: ScalarType }).scalar) {
      case 'string': {
        const text = String(v);
        // Printable ASCII without quotes or backslashes needs no escaping (the common case).
        return PLAIN_ASCII.test(text) ? `"${text}"` : `"${escapeBytes(utf8Encode(text))}"`;
      }
      case 'bytes':
        return `"${escapeBytes(v instanceof Uint8Array ? v : new Uint8Array(0))}"`;
      case 'bool':
        return v ? 'true' : 'false';
      case 'double':
        return formatDouble(Number(v));
      case 'float':
        return formatFloat(Number(v));
      default:
        return integerText(v);
    }
  }
}

function integerText(v: unknown): string {
  if (typeof v === 'bigint') return v.toString();
  const n = Number(v);
  return Number.isSafeInteger(n) ? String(n) : BigInt(Math.trunc(n)).toString();
}

/**
 * Prints plain data as protobuf text format the way Python's `text_format.MessageToString` does
 * (what TFX writes): fields in field-number order, `name {` blocks with two-space indentation,
 * map entries sorted by key, shortest round-trip floats, non-ASCII bytes as octal escapes, and
 * `google.protobuf.Any` expanded when its type is known.
 */
export function printText(registry: ProtoRegistry, typeName: string, value: PlainMessage): string {
  const printer = new TextPrinter(registry);
  printer.message(registry.message(typeName), value, '');
  printer.flush();
  return printer.chunks.join('');
}
