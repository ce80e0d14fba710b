import { buildEnum, buildMessage } from './define-proto-file.js';
import {
  type DefaultValue,
  type EnumDescriptor,
  type FieldDescriptor,
  type MessageDescriptor,
  ProtoRegistry,
} from './descriptor.js';

/**
 * A registry as plain JSON data: the descriptors without their lookup tables, in registration
 * order. Reading the .proto text (tokenize, parse, resolve) costs tens of milliseconds at start-up;
 * rebuilding a registry from its snapshot costs about one. A schema module keeps its .proto text
 * as the source, and a build step writes the snapshot it loads (src/tfmd/descriptors.generated.ts).
 */
export interface RegistrySnapshot {
  readonly messages: readonly MessageSnapshot[];
  readonly enums: readonly EnumSnapshot[];
}

export interface MessageSnapshot {
  readonly fullName: string;
  readonly syntax: MessageDescriptor['syntax'];
  readonly mapEntry: boolean;
  readonly fields: readonly FieldSnapshot[];
}

/** A field descriptor; a default that JSON cannot hold (NaN, ±Infinity) is written as its name. */
export type FieldSnapshot = Omit<FieldDescriptor, 'defaultValue'> & {
  readonly defaultValue?: DefaultValue | { readonly nonFinite: 'NaN' | 'Infinity' | '-Infinity' };
};

export interface EnumSnapshot {
  readonly fullName: string;
  readonly closed: boolean;
  readonly values: EnumDescriptor['values'];
}

function encodeDefault(value: DefaultValue): NonNullable<FieldSnapshot['defaultValue']> {
  if (typeof value !== 'number' || Number.isFinite(value)) return value;
  return { nonFinite: Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity' };
}

function decodeDefault(value: NonNullable<FieldSnapshot['defaultValue']>): DefaultValue {
  return typeof value === 'object' ? Number(value.nonFinite) : value;
}

/** The snapshot of every message and enum of `registry`. */
export function snapshotRegistry(registry: ProtoRegistry): RegistrySnapshot {
  return {
    messages: registry.messageNames().map((name) => {
      const m = registry.message(name);
      return {
        fullName: m.fullName,
        syntax: m.syntax,
        mapEntry: m.mapEntry,
        fields: m.fields.map(
          (f): FieldSnapshot =>
            f.defaultValue === undefined ? f : { ...f, defaultValue: encodeDefault(f.defaultValue) },
        ),
      };
    }),
    enums: registry.enumNames().map((name) => {
      const e = registry.enum(name);
      return { fullName: e.fullName, closed: e.closed, values: e.values };
    }),
  };
}

/** A registry holding the descriptors of `snapshot`, lookup tables rebuilt as the parser builds them. */
export function registryFromSnapshot(snapshot: RegistrySnapshot): ProtoRegistry {
  const registry = new ProtoRegistry();
  for (const e of snapshot.enums) registry.addEnum(buildEnum(e.fullName, e.closed, e.values));
  for (const m of snapshot.messages) {
    const fields = m.fields.map((f): FieldDescriptor => {
      if (f.defaultValue === undefined) return f as FieldDescriptor;
      return { ...f, defaultValue: decodeDefault(f.defaultValue) };
    });
    registry.addMessage(buildMessage(m.fullName, m.syntax, m.mapEntry, fields));
  }
  return registry;
}
