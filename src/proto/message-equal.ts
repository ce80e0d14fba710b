import { decodeMessage, isZeroValue, type PlainMessage } from './binary-codec.js';
import type { FieldDescriptor, MessageDescriptor, ProtoRegistry, ValueType } from './descriptor.js';
import { integersEqual } from './integer.js';
import { ANY_TYPE_NAME } from './well-known.js';

export interface MessageEqualOptions {
  /**
   * Floats within this tolerance are equal: |a - b| <= tolerance * max(1, |a|, |b|) (absolute
   * near zero, relative for large values). Default 0: exact (NaN equals NaN).
   */
  readonly floatTolerance?: number;
  /** Stop after this many differences (default 20). */
  readonly maxDifferences?: number;
}

class Comparer {
  readonly differences: string[] = [];
  readonly tolerance: number;
  readonly max: number;

  constructor(
    readonly registry: ProtoRegistry,
    options: MessageEqualOptions,
  ) {
    this.tolerance = options.floatTolerance ?? 0;
    this.max = options.maxDifferences ?? 20;
  }

  differ(path: string, a: unknown, b: unknown): void {
    if (this.differences.length < this.max) this.differences.push(`${path}: ${show(a)} != ${show(b)}`);
  }

  full(): boolean {
    return this.differences.length >= this.max;
  }

  message(descriptor: MessageDescriptor, a: PlainMessage, b: PlainMessage, path: string): void {
    if (descriptor.fullName === ANY_TYPE_NAME && this.any(a, b, path)) return;
    for (const field of descriptor.fields) {
      if (this.full()) return;
      const at = path ? `${path}.${field.name}` : field.name;
      const va = a[field.jsonName] ?? undefined;
      const vb = b[field.jsonName] ?? undefined;
      if (field.mapKey !== undefined) {
        const ma = (va ?? {}) as Record<string, unknown>;
        const mb = (vb ?? {}) as Record<string, unknown>;
        // Map entries are unordered: compare by key.
        for (const key of new Set([...Object.keys(ma), ...Object.keys(mb)])) {
          const ka = ma[key];
          const kb = mb[key];
          const keyPath = `${at}[${JSON.stringify(key)}]`;
          if (ka === undefined || kb === undefined) this.differ(keyPath, ka, kb);
          else this.value(field.type, ka, kb, keyPath);
        }
      } else if (field.label === 'repeated') {
        const la = (va ?? []) as unknown[];
        const lb = (vb ?? []) as unknown[];
        if (la.length !== lb.length) {
          this.differ(`${at} (length)`, la.length, lb.length);
          continue;
        }
        for (let i = 0; i < la.length; i++) this.value(field.type, la[i], lb[i], `${at}[${i}]`);
      } else if (va === undefined || vb === undefined) {
        if (va === vb) continue;
        // Without presence (proto3 scalars) unset is the same as the default value.
        if (!field.hasPresence && this.isDefault(field, va ?? vb)) continue;
        this.differ(at, va, vb);
      } else {
        this.value(field.type, va, vb, at);
      }
    }
  }

  isDefault(field: FieldDescriptor, value: unknown): boolean {
    if (field.type.kind === 'enum') return this.enumNumber(field.type.typeName, value) === 0;
    return field.type.kind === 'scalar' && isZeroValue(value);
  }

  enumNumber(typeName: string, value: unknown): number | undefined {
    return typeof value === 'number' ? value : this.registry.enum(typeName).numberByName.get(String(value));
  }

  value(type: ValueType, a: unknown, b: unknown, path: string): void {
    if (type.kind === 'message') {
      this.message(this.registry.message(type.typeName), a as PlainMessage, b as PlainMessage, path);
      return;
    }
    if (type.kind === 'enum') {
      if (this.enumNumber(type.typeName, a) !== this.enumNumber(type.typeName, b)) this.differ(path, a, b);
      return;
    }
    switch (type.scalar) {
      case 'double':
      case 'float': {
        let x = Number(a);
        let y = Number(b);
        if (type.scalar === 'float') {
          x = Math.fround(x);
          y = Math.fround(y);
        }
        if (!this.floatsEqual(x, y)) this.differ(path, a, b);
        return;
      }
      case 'bytes':
        if (!bytesEqual(a as Uint8Array, b as Uint8Array)) this.differ(path, a, b);
        return;
      case 'bool':
        if (Boolean(a) !== Boolean(b)) this.differ(path, a, b);
        return;
      case 'string':
        if (a !== b) this.differ(path, a, b);
        return;
      default:
        if (!integersEqual(a, b)) this.differ(path, a, b);
    }
  }

  floatsEqual(x: number, y: number): boolean {
    if (x === y) return true;
    if (Number.isNaN(x) && Number.isNaN(y)) return true;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
    return Math.abs(x - y) <= this.tolerance * Math.max(1, Math.abs(x), Math.abs(y));
  }

  /** Compares two Any messages by their unpacked contents when the type is known. */
  any(a: PlainMessage, b: PlainMessage, path: string): boolean {
    if (a.typeUrl !== b.typeUrl || typeof a.typeUrl !== 'string') return false;
    const typeName = a.typeUrl.slice(a.typeUrl.lastIndexOf('/') + 1);
    const descriptor = this.registry.findMessage(typeName);
    if (!descriptor) return false;
    const empty = new Uint8Array(0);
    const da = decodeMessage(this.registry, typeName, (a.value as Uint8Array | undefined) ?? empty);
    const db = decodeMessage(this.registry, typeName, (b.value as Uint8Array | undefined) ?? empty);
    this.message(descriptor, da, db, `${path}[${a.typeUrl}]`);
    return true;
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function show(value: unknown): string {
  if (value === undefined) return '(unset)';
  if (value instanceof Uint8Array) return `bytes[${value.length}]`;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Lists where two messages differ (`path: a != b`), comparing as protobuf does: repeated fields in
 * order, map entries by key, proto3 scalars equal to their default the same as unset, proto2
 * presence significant, floats within `floatTolerance`. Empty when equal.
 */
export function messageDifferences(
  registry: ProtoRegistry,
  typeName: string,
  a: PlainMessage,
  b: PlainMessage,
  options: MessageEqualOptions = {},
): string[] {
  const comparer = new Comparer(registry, options);
  comparer.message(registry.message(typeName), a, b, '');
  return comparer.differences;
}
