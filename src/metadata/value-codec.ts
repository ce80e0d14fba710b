import { InternalError } from './errors.js';
import {
  decodeAny,
  decodeStruct,
  encodeAny,
  encodeStruct,
  fromBase64,
  STRUCT_PREFIX,
  toBase64,
} from './struct-codec.js';
import type { MetadataValue, PropertyType } from './types.js';

/** One row of an `{Artifact,Execution,Context}Property` table, backend-neutral. */
export interface PropertyRow {
  readonly name: string;
  readonly isCustom: boolean;
  readonly intValue: number | null;
  readonly doubleValue: number | null;
  readonly stringValue: string | null;
  /** Base64 text of a serialized `google.protobuf.Any`, as MLMD writes it. */
  readonly protoValue: string | null;
  readonly boolValue: boolean | null;
}

/** The `PropertyType` of the one member a value sets, or undefined if it sets none or several. */
export function valueKind(value: MetadataValue): PropertyType | undefined {
  const set: PropertyType[] = [];
  if (value.intValue !== undefined) set.push('INT');
  if (value.doubleValue !== undefined) set.push('DOUBLE');
  if (value.stringValue !== undefined) set.push('STRING');
  if (value.structValue !== undefined) set.push('STRUCT');
  if (value.protoValue !== undefined) set.push('PROTO');
  if (value.boolValue !== undefined) set.push('BOOLEAN');
  return set.length === 1 ? set[0] : undefined;
}

/** Columns a value is written to (docs/metadata.md): exactly one is non-null. */
export function encodePropertyValue(name: string, isCustom: boolean, value: MetadataValue): PropertyRow {
  return {
    name,
    isCustom,
    intValue: value.intValue ?? null,
    doubleValue: value.doubleValue ?? null,
    stringValue:
      value.stringValue ??
      (value.structValue !== undefined ? STRUCT_PREFIX + toBase64(encodeStruct(value.structValue)) : null),
    protoValue: value.protoValue !== undefined ? toBase64(encodeAny(value.protoValue)) : null,
    boolValue: value.boolValue ?? null,
  };
}

/** Reads a property row back with MLMD's precedence: int, double, string/struct, proto, bool. */
export function decodePropertyValue(row: PropertyRow): MetadataValue {
  if (row.intValue !== null) return { intValue: row.intValue };
  if (row.doubleValue !== null) return { doubleValue: row.doubleValue };
  if (row.stringValue !== null) {
    if (row.stringValue.startsWith(STRUCT_PREFIX)) {
      return { structValue: decodeStruct(fromBase64(row.stringValue.slice(STRUCT_PREFIX.length))) };
    }
    return { stringValue: row.stringValue };
  }
  if (row.protoValue !== null) {
    const any = decodeAny(fromBase64(row.protoValue));
    if (!any.typeUrl) throw new InternalError(`property '${row.name}' holds a proto_value without a type_url`);
    return { protoValue: any };
  }
  if (row.boolValue !== null) return { boolValue: row.boolValue };
  throw new InternalError(`property '${row.name}' has no value`);
}

/** True when two stored property rows hold the same value. */
export function sameStoredValue(a: PropertyRow, b: PropertyRow): boolean {
  return (
    a.intValue === b.intValue &&
    a.doubleValue === b.doubleValue &&
    a.stringValue === b.stringValue &&
    a.protoValue === b.protoValue &&
    a.boolValue === b.boolValue
  );
}
