/**
 * Protobuf descriptors: what the codecs need to know about a message type (field names, numbers,
 * types, labels, packing, oneofs, maps, syntax, defaults). Domain-agnostic; a schema module
 * (e.g. `src/tfmd/descriptors.ts`) fills a registry through `defineProtoFile`.
 */

/** Protobuf scalar types. */
export type ScalarType =
  | 'double'
  | 'float'
  | 'int32'
  | 'int64'
  | 'uint32'
  | 'uint64'
  | 'sint32'
  | 'sint64'
  | 'fixed32'
  | 'fixed64'
  | 'sfixed32'
  | 'sfixed64'
  | 'bool'
  | 'string'
  | 'bytes';

export const SCALAR_TYPES: ReadonlySet<string> = new Set<ScalarType>([
  'double',
  'float',
  'int32',
  'int64',
  'uint32',
  'uint64',
  'sint32',
  'sint64',
  'fixed32',
  'fixed64',
  'sfixed32',
  'sfixed64',
  'bool',
  'string',
  'bytes',
]);

export type ProtoSyntax = 'proto2' | 'proto3';

/** A field's value type: a scalar, an enum or a message (resolved to full names). */
export type ValueType =
  | { readonly kind: 'scalar'; readonly scalar: ScalarType }
  | { readonly kind: 'enum'; readonly typeName: string }
  | { readonly kind: 'message'; readonly typeName: string };

/** A scalar or enum default value as written in the schema (`[default = 1.0]`). */
export type DefaultValue = number | string | boolean;

export interface FieldDescriptor {
  /** The .proto name (`num_examples`), used by the text format. */
  readonly name: string;
  /** The proto3 JSON name (`numExamples`), used as the property name of plain data. */
  readonly jsonName: string;
  readonly number: number;
  readonly label: 'optional' | 'required' | 'repeated';
  readonly type: ValueType;
  /** For `map<K, V>` fields: the key scalar type (the value type is `type`). */
  readonly mapKey?: ScalarType;
  /** Repeated scalars written packed (proto3 default, proto2 `[packed = true]`). */
  readonly packed: boolean;
  /** Name of the containing oneof, if any. */
  readonly oneof?: string;
  /**
   * True when the field tracks presence: proto2 singular fields, message fields, oneof members and
   * proto3 `optional`. Without presence a field equal to its default is the same as unset.
   */
  readonly hasPresence: boolean;
  /** `[default = ...]` of a proto2 field (enum defaults are value names). */
  readonly defaultValue?: DefaultValue;
}

export interface MessageDescriptor {
  readonly fullName: string;
  readonly syntax: ProtoSyntax;
  /** Fields in field-number order (the order the text format and binary encoder write). */
  readonly fields: readonly FieldDescriptor[];
  readonly fieldsByName: ReadonlyMap<string, FieldDescriptor>;
  readonly fieldsByJsonName: ReadonlyMap<string, FieldDescriptor>;
  readonly fieldsByNumber: ReadonlyMap<number, FieldDescriptor>;
  /** oneof name -> member fields. */
  readonly oneofs: ReadonlyMap<string, readonly FieldDescriptor[]>;
  /** True for the synthetic entry message of a map field. */
  readonly mapEntry: boolean;
}

export interface EnumDescriptor {
  readonly fullName: string;
  /** Closed (proto2) enums reject unknown numbers; open (proto3) ones keep them. */
  readonly closed: boolean;
  readonly values: readonly { readonly name: string; readonly number: number }[];
  readonly numberByName: ReadonlyMap<string, number>;
  /** First name declared for each number (aliases are not used by these schemas). */
  readonly nameByNumber: ReadonlyMap<number, string>;
}

/** Converts a .proto field name to its proto3 JSON name, as protoc does. */
export function toJsonName(protoName: string): string {
  let out = '';
  let upper = false;
  for (const ch of protoName) {
    if (ch === '_') {
      upper = true;
    } else if (upper) {
      out += ch.toUpperCase();
      upper = false;
    } else {
      out += ch;
    }
  }
  return out;
}

/** The zero value of a scalar type in plain data. */
export function scalarZero(scalar: ScalarType): number | string | boolean | Uint8Array {
  switch (scalar) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'bytes':
      return new Uint8Array(0);
    default:
      return 0;
  }
}

/**
 * A set of message and enum descriptors addressed by full name (`package.Outer.Inner`), the
 * equivalent of a protobuf descriptor pool.
 */
export class ProtoRegistry {
  readonly #messages = new Map<string, MessageDescriptor>();
  readonly #enums = new Map<string, EnumDescriptor>();

  addMessage(descriptor: MessageDescriptor): void {
    this.#messages.set(descriptor.fullName, descriptor);
  }

  addEnum(descriptor: EnumDescriptor): void {
    this.#enums.set(descriptor.fullName, descriptor);
  }

  hasMessage(fullName: string): boolean {
    return this.#messages.has(fullName);
  }

  hasEnum(fullName: string): boolean {
    return this.#enums.has(fullName);
  }

  /** The message descriptor of a full name; throws for an unknown name (a programming error). */
  message(fullName: string): MessageDescriptor {
    const descriptor = this.#messages.get(fullName);
    if (!descriptor) throw new Error(`unknown protobuf message type '${fullName}'`);
    return descriptor;
  }

  findMessage(fullName: string): MessageDescriptor | undefined {
    return this.#messages.get(fullName);
  }

  enum(fullName: string): EnumDescriptor {
    const descriptor = this.#enums.get(fullName);
    if (!descriptor) throw new Error(`unknown protobuf enum type '${fullName}'`);
    return descriptor;
  }

  messageNames(): string[] {
    return [...this.#messages.keys()];
  }

  enumNames(): string[] {
    return [...this.#enums.keys()];
  }
}
