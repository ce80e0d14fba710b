import {
  type DefaultValue,
  type EnumDescriptor,
  type FieldDescriptor,
  type MessageDescriptor,
  type ProtoRegistry,
  type ProtoSyntax,
  SCALAR_TYPES,
  type ScalarType,
  toJsonName,
  type ValueType,
} from './descriptor.js';

/** One .proto file's worth of definitions, written in a compact subset of the .proto language. */
export interface ProtoFileSpec {
  /** Package, e.g. `tensorflow.metadata.v0`. */
  readonly package: string;
  readonly syntax: ProtoSyntax;
  /**
   * Definitions: `message`, nested `message`/`enum`, `oneof`, `map<K, V>`, labels
   * (`optional`/`repeated`/`required`; a proto2 field without a label is `optional`), options
   * `[packed = true]`, `[default = X]` (other options are ignored), `reserved` and `//` comments.
   */
  readonly source: string;
}

interface RawField {
  name: string;
  number: number;
  label: 'optional' | 'required' | 'repeated' | 'implicit';
  typeRef: string;
  mapKey?: ScalarType;
  oneof?: string;
  packed?: boolean;
  defaultValue?: string;
  scope: string;
}

interface RawMessage {
  fullName: string;
  syntax: ProtoSyntax;
  fields: RawField[];
  mapEntry: boolean;
}

/**
 * Parses one compact proto file into the registry. Type references are resolved with protobuf's
 * scoping rules (innermost scope first) once `resolve` runs; call `defineProtoFiles` to do both.
 */
function parseFile(spec: ProtoFileSpec, messages: RawMessage[], enums: EnumDescriptor[]): void {
  const tokens = tokenize(spec.source);
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const next = (): string => {
    const token = tokens[pos++];
    if (token === undefined) throw new Error(`proto schema ${spec.package}: unexpected end`);
    return token;
  };
  const expect = (token: string): void => {
    const got = next();
    if (got !== token) throw new Error(`proto schema ${spec.package}: expected '${token}', got '${got}'`);
  };

  const parseEnum = (scope: string): void => {
    const name = next();
    expect('{');
    const values: { name: string; number: number }[] = [];
    while (peek() !== '}') {
      const valueName = next();
      if (valueName === 'reserved') {
        while (next() !== ';');
        continue;
      }
      expect('=');
      let raw = next();
      if (raw === '-') raw = `-${next()}`;
      skipOptions();
      expect(';');
      values.push({ name: valueName, number: Number(raw) });
    }
    expect('}');
    enums.push(buildEnum(`${scope}.${name}`, spec.syntax === 'proto2', values));
  };

  const skipOptions = (): Record<string, string> => {
    const options: Record<string, string> = {};
    if (peek() !== '[') return options;
    next();
    while (peek() !== ']') {
      const key = next();
      expect('=');
      let value = next();
      if (value === '-') value = `-${next()}`;
      options[key] = value;
      if (peek() === ',') next();
    }
    expect(']');
    return options;
  };

  const parseField = (scope: string, fields: RawField[], oneof?: string): void => {
    let label: RawField['label'] = spec.syntax === 'proto2' && oneof === undefined ? 'optional' : 'implicit';
    let token = next();
    if (token === 'optional' || token === 'repeated' || token === 'required') {
      label = token;
      token = next();
    }
    let mapKey: ScalarType | undefined;
    let typeRef = token;
    if (token === 'map') {
      expect('<');
      mapKey = next() as ScalarType;
      expect(',');
      typeRef = next();
      expect('>');
      label = 'repeated';
    }
    const name = next();
    expect('=');
    const number = Number(next());
    const options = skipOptions();
    expect(';');
    const field: RawField = { name, number, label, typeRef, scope };
    if (mapKey !== undefined) field.mapKey = mapKey;
    if (oneof !== undefined) field.oneof = oneof;
    if (options.packed !== undefined) field.packed = options.packed === 'true';
    if (options.default !== undefined) field.defaultValue = options.default;
    fields.push(field);
  };

  const parseMessage = (scope: string): void => {
    const name = next();
    const fullName = `${scope}.${name}`;
    const message: RawMessage = { fullName, syntax: spec.syntax, fields: [], mapEntry: false };
    messages.push(message);
    expect('{');
    while (peek() !== '}') {
      const token = peek();
      if (token === 'message') {
        next();
        parseMessage(fullName);
      } else if (token === 'enum') {
        next();
        parseEnum(fullName);
      } else if (token === 'reserved') {
        while (next() !== ';');
      } else if (token === 'oneof') {
        next();
        const oneofName = next();
        expect('{');
        while (peek() !== '}') parseField(fullName, message.fields, oneofName);
        expect('}');
      } else {
        parseField(fullName, message.fields);
      }
    }
    expect('}');
  };

  while (pos < tokens.length) {
    const token = next();
    if (token === 'message') parseMessage(spec.package);
    else if (token === 'enum') parseEnum(spec.package);
    else throw new Error(`proto schema ${spec.package}: unexpected '${token}'`);
  }
}

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  const pattern = /\/\/[^\n]*|\s+|([A-Za-z_][\w.]*|-?[0-9][\w.+-]*|"[^"]*"|[{}[\]<>=;,-])/y;
  let pos = 0;
  while (pos < source.length) {
    pattern.lastIndex = pos;
    const match = pattern.exec(source);
    if (match === null) throw new Error(`proto schema: cannot read '${source.slice(pos, pos + 20)}'`);
    if (match[1] !== undefined) tokens.push(match[1]);
    pos = pattern.lastIndex;
  }
  return tokens;
}

/** Resolves a type reference from a scope with protobuf's rules: innermost scope first. */
function resolveType(
  ref: string,
  scope: string,
  messageNames: ReadonlySet<string>,
  enumNames: ReadonlySet<string>,
  registry: ProtoRegistry,
): ValueType {
  if (SCALAR_TYPES.has(ref)) return { kind: 'scalar', scalar: ref as ScalarType };
  const candidates: string[] = [];
  if (ref.startsWith('.')) {
    candidates.push(ref.slice(1));
  } else {
    let current = scope;
    while (current) {
      candidates.push(`${current}.${ref}`);
      const dot = current.lastIndexOf('.');
      current = dot < 0 ? '' : current.slice(0, dot);
    }
    candidates.push(ref);
  }
  for (const candidate of candidates) {
    if (messageNames.has(candidate) || registry.hasMessage(candidate)) return { kind: 'message', typeName: candidate };
    if (enumNames.has(candidate) || registry.hasEnum(candidate)) return { kind: 'enum', typeName: candidate };
  }
  throw new Error(`proto schema: cannot resolve type '${ref}' from '${scope}'`);
}

function parseDefault(raw: string, type: ValueType): DefaultValue {
  if (type.kind === 'enum') return raw;
  if (type.kind === 'scalar') {
    if (type.scalar === 'bool') return raw === 'true';
    if (type.scalar === 'string' || type.scalar === 'bytes') return raw.replace(/^"|"$/g, '');
  }
  if (raw === 'inf') return Number.POSITIVE_INFINITY;
  if (raw === '-inf') return Number.NEGATIVE_INFINITY;
  if (raw === 'nan') return Number.NaN;
  return Number(raw);
}

// Every scalar but the length-delimited ones (string, bytes) can be packed, as can enums.
const PACKABLE: ReadonlySet<string> = new Set([...SCALAR_TYPES].filter((t) => t !== 'string' && t !== 'bytes'));

/**
 * Adds the messages and enums of several compact proto files to a registry, resolving type
 * references across all of them (and anything already in the registry).
 */
export function defineProtoFiles(registry: ProtoRegistry, specs: readonly ProtoFileSpec[]): void {
  const raw: RawMessage[] = [];
  const enums: EnumDescriptor[] = [];
  for (const spec of specs) parseFile(spec, raw, enums);
  const messageNames = new Set(raw.map((m) => m.fullName));
  const enumNames = new Set(enums.map((e) => e.fullName));
  for (const e of enums) registry.addEnum(e);
  const entries: MessageDescriptor[] = [];
  for (const message of raw) {
    const fields: FieldDescriptor[] = [];
    for (const f of message.fields) {
      const type = resolveType(f.typeRef, f.scope, messageNames, enumNames, registry);
      const repeated = f.label === 'repeated';
      if (f.mapKey !== undefined) {
        // A map is a repeated entry message {key = 1; value = 2}; plain data keeps it as a record.
        const entryName = `${message.fullName}.${mapEntryName(f.name)}`;
        entries.push(
          buildMessage(entryName, message.syntax, true, [
            field('key', 1, 'optional', { kind: 'scalar', scalar: f.mapKey }, message.syntax),
            field('value', 2, 'optional', type, message.syntax),
          ]),
        );
      }
      const packed =
        repeated &&
        f.mapKey === undefined &&
        (type.kind === 'enum' || (type.kind === 'scalar' && PACKABLE.has(type.scalar))) &&
        (f.packed ?? message.syntax === 'proto3');
      const hasPresence =
        !repeated &&
        (type.kind === 'message' ||
          f.oneof !== undefined ||
          message.syntax === 'proto2' ||
          (message.syntax === 'proto3' && f.label === 'optional'));
      const descriptor: FieldDescriptor = {
        name: f.name,
        jsonName: toJsonName(f.name),
        number: f.number,
        label: f.label === 'implicit' ? 'optional' : f.label,
        type,
        packed,
        hasPresence,
        ...(f.mapKey !== undefined ? { mapKey: f.mapKey } : {}),
        ...(f.oneof !== undefined ? { oneof: f.oneof } : {}),
        ...(f.defaultValue !== undefined ? { defaultValue: parseDefault(f.defaultValue, type) } : {}),
      };
      fields.push(descriptor);
    }
    registry.addMessage(buildMessage(message.fullName, message.syntax, false, fields));
  }
  for (const entry of entries) registry.addMessage(entry);
}

function mapEntryName(fieldName: string): string {
  return `${toJsonName(fieldName).replace(/^./, (c) => c.toUpperCase())}Entry`;
}

function field(
  name: string,
  number: number,
  label: FieldDescriptor['label'],
  type: ValueType,
  syntax: ProtoSyntax,
): FieldDescriptor {
  return {
    name,
    jsonName: toJsonName(name),
    number,
    label,
    type,
    packed: false,
    hasPresence: type.kind === 'message' || syntax === 'proto2',
  };
}

/** Builds an enum descriptor with its lookup tables; an aliased number reads as its first name. */
export function buildEnum(fullName: string, closed: boolean, values: EnumDescriptor['values']): EnumDescriptor {
  const numberByName = new Map<string, number>();
  const nameByNumber = new Map<number, string>();
  for (const value of values) {
    numberByName.set(value.name, value.number);
    if (!nameByNumber.has(value.number)) nameByNumber.set(value.number, value.name);
  }
  return { fullName, closed, values, numberByName, nameByNumber };
}

/** Builds a message descriptor with its lookup tables; fields are sorted by number. */
export function buildMessage(
  fullName: string,
  syntax: ProtoSyntax,
  mapEntry: boolean,
  fields: readonly FieldDescriptor[],
): MessageDescriptor {
  const sorted = [...fields].sort((a, b) => a.number - b.number);
  const oneofs = new Map<string, FieldDescriptor[]>();
  for (const f of sorted) {
    if (f.oneof === undefined) continue;
    const members = oneofs.get(f.oneof) ?? [];
    members.push(f);
    oneofs.set(f.oneof, members);
  }
  return {
    fullName,
    syntax,
    fields: sorted,
    fieldsByName: new Map(sorted.map((f) => [f.name, f])),
    fieldsByJsonName: new Map(sorted.map((f) => [f.jsonName, f])),
    fieldsByNumber: new Map(sorted.map((f) => [f.number, f])),
    oneofs,
    mapEntry,
  };
}

/** The map-entry message name of a map field (`tensor_representation_group` -> `...TensorRepresentationGroupEntry`). */
export function mapEntryTypeName(message: MessageDescriptor, fieldDescriptor: FieldDescriptor): string {
  return `${message.fullName}.${mapEntryName(fieldDescriptor.name)}`;
}
