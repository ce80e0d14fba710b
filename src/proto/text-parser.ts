import { InputError } from '../_util/errors.js';
import { encodeMessage, isZeroValue, type PlainMessage } from './binary-codec.js';
import { mapEntryTypeName } from './define-proto-file.js';
import {
  type FieldDescriptor,
  type MessageDescriptor,
  type ProtoRegistry,
  type ScalarType,
  scalarZero,
} from './descriptor.js';
import { INT64_SCALARS, INTEGER_RANGES, type Int64Value, int64Value } from './integer.js';
import { RECURSION_CODE, RECURSION_HINT, RECURSION_LIMIT, recursionMessage } from './recursion-limit.js';
import { type TextToken, TextTokenizer, unescapeString } from './text-tokenizer.js';
import { invalidUtf8Offset, utf8Decode } from './wire.js';

export interface TextParseOptions {
  /** File name for error locations (`file:line:col`). */
  readonly file?: string;
}

const ANY_TYPE = 'google.protobuf.Any';

class TextParser {
  readonly #tokenizer: TextTokenizer;
  #current: TextToken;
  #previous: TextToken | undefined;
  /** How many messages enclose the one being read. */
  #depth = 0;

  constructor(
    readonly registry: ProtoRegistry,
    text: string,
    readonly file: string | undefined,
  ) {
    this.#tokenizer = new TextTokenizer(text, file);
    this.#current = this.#tokenizer.next();
  }

  get token(): TextToken {
    return this.#current;
  }

  advance(): TextToken {
    const token = this.#current;
    if (token.kind !== 'end') {
      this.#previous = token;
      this.#current = this.#tokenizer.next();
    }
    return token;
  }

  fail(message: string, token: TextToken = this.token, code = 'TEXTPROTO_SYNTAX', hint?: string): never {
    throw new InputError(code, message, {
      location: { ...(this.file !== undefined ? { file: this.file } : {}), line: token.line, column: token.column },
      hint: hint ?? 'the text is not valid protobuf text format for this message type',
    });
  }

  describe(token: TextToken): string {
    return token.kind === 'end' ? 'end of input' : `'${token.text}'`;
  }

  isSymbol(text: string): boolean {
    return this.token.kind === 'symbol' && this.token.text === text;
  }

  trySymbol(text: string): boolean {
    if (!this.isSymbol(text)) return false;
    this.advance();
    return true;
  }

  expectSymbol(text: string, what: string): void {
    if (!this.trySymbol(text)) this.fail(`expected ${what}, found ${this.describe(this.token)}`);
  }

  parseRoot(typeName: string): PlainMessage {
    const target: PlainMessage = {};
    this.messageBody(this.registry.message(typeName), target, undefined);
    return target;
  }

  /** Parses fields until the closing delimiter (or end of input at the top level). */
  messageBody(descriptor: MessageDescriptor, target: PlainMessage, closing: '}' | '>' | undefined): void {
    if (++this.#depth > RECURSION_LIMIT) {
      this.fail(recursionMessage(shortName(descriptor)), this.#previous, RECURSION_CODE, RECURSION_HINT);
    }
    const seen = new Set<string>();
    for (;;) {
      const token = this.token;
      if (closing === undefined && token.kind === 'end') return;
      if (closing !== undefined && this.trySymbol(closing)) {
        this.#depth--;
        return;
      }
      if (token.kind === 'end')
        this.fail(`expected '${closing}' to close ${shortName(descriptor)}, found end of input`);
      if (this.isSymbol('[')) {
        this.expandedAny(descriptor, target);
      } else {
        if (token.kind !== 'identifier') {
          this.fail(
            closing === undefined
              ? `expected a field name of ${shortName(descriptor)}, found ${this.describe(token)}`
              : `expected a field name of ${shortName(descriptor)} or '${closing}', found ${this.describe(token)}`,
          );
        }
        const field = descriptor.fieldsByName.get(token.text);
        if (!field) {
          const names = descriptor.fields.map((f) => f.name);
          const close = names.find(
            (n) => n.toLowerCase().replaceAll('_', '') === token.text.toLowerCase().replaceAll('_', ''),
          );
          this.fail(
            `expected a field name of ${shortName(descriptor)}, found unknown field '${token.text}'`,
            token,
            'TEXTPROTO_UNKNOWN_FIELD',
            close
              ? `did you mean '${close}'?`
              : `fields of ${descriptor.fullName}: ${names.slice(0, 12).join(', ')}${names.length > 12 ? ', ...' : ''}`,
          );
        }
        this.advance();
        this.field(descriptor, field, target, token, seen);
      }
      if (!this.trySymbol(',')) this.trySymbol(';');
    }
  }

  field(
    descriptor: MessageDescriptor,
    field: FieldDescriptor,
    target: PlainMessage,
    nameToken: TextToken,
    seen: Set<string>,
  ): void {
    const repeated = field.label === 'repeated';
    if (!repeated) {
      if (seen.has(field.name)) {
        this.fail(
          `expected each non-repeated field once, but '${field.name}' is specified again`,
          nameToken,
          'TEXTPROTO_DUPLICATE_FIELD',
        );
      }
      if (field.oneof !== undefined) {
        for (const member of descriptor.oneofs.get(field.oneof) ?? []) {
          if (member !== field && seen.has(member.name)) {
            this.fail(
              `expected at most one field of oneof '${field.oneof}', but '${field.name}' follows '${member.name}'`,
              nameToken,
              'TEXTPROTO_DUPLICATE_FIELD',
            );
          }
        }
      }
      seen.add(field.name);
    }
    const isMessage = field.type.kind === 'message' || field.mapKey !== undefined;
    if (isMessage) {
      const colon = this.trySymbol(':');
      if (repeated && this.isSymbol('[')) {
        this.list(() => this.messageValue(descriptor, field, target));
        return;
      }
      if (!this.isSymbol('{') && !this.isSymbol('<')) {
        this.fail(`expected '{' to start ${field.name}${colon ? '' : " (or ':')"}, found ${this.describe(this.token)}`);
      }
      this.messageValue(descriptor, field, target);
      return;
    }
    if (!this.trySymbol(':')) this.fail(`expected ':' after ${field.name}, found ${this.describe(this.token)}`);
    if (this.isSymbol('[')) {
      if (!repeated) this.fail(`expected a single value for non-repeated field ${field.name}, found '['`);
      this.list(() => this.pushScalar(field, target));
      return;
    }
    if (repeated) this.pushScalar(field, target);
    else {
      const value = this.scalar(field);
      if (!field.hasPresence && isZeroValue(value)) delete target[field.jsonName];
      else target[field.jsonName] = value;
    }
  }

  list(item: () => void): void {
    this.advance(); // '['
    if (this.trySymbol(']')) return;
    for (;;) {
      item();
      if (this.trySymbol(']')) return;
      this.expectSymbol(',', "',' or ']' in a list");
    }
  }

  pushScalar(field: FieldDescriptor, target: PlainMessage): void {
    const list = (target[field.jsonName] as unknown[] | undefined) ?? [];
    list.push(this.scalar(field));
    target[field.jsonName] = list;
  }

  messageValue(descriptor: MessageDescriptor, field: FieldDescriptor, target: PlainMessage): void {
    const open = this.token;
    if (!this.isSymbol('{') && !this.isSymbol('<'))
      this.fail(`expected '{' to start ${field.name}, found ${this.describe(open)}`);
    this.advance();
    const closing = open.text === '<' ? '>' : '}';
    if (field.mapKey !== undefined) {
      const entryDescriptor = this.registry.message(mapEntryTypeName(descriptor, field));
      const entry: PlainMessage = {};
      this.messageBody(entryDescriptor, entry, closing);
      const map = (target[field.jsonName] as Record<string, unknown> | undefined) ?? Object.create(null); // user-text keys
      const key = entry.key ?? scalarZero(field.mapKey);
      let value = entry.value;
      if (value === undefined) {
        value =
          field.type.kind === 'message'
            ? {}
            : field.type.kind === 'enum'
              ? this.enumZero(field.type.typeName)
              : scalarZero(field.type.scalar);
      }
      map[String(key)] = value;
      target[field.jsonName] = map;
      return;
    }
    const sub = this.registry.message((field.type as { typeName: string }).typeName);
    if (field.label === 'repeated') {
      const item: PlainMessage = {};
      this.messageBody(sub, item, closing);
      const list = (target[field.jsonName] as PlainMessage[] | undefined) ?? [];
      list.push(item);
      target[field.jsonName] = list;
    } else {
      const item: PlainMessage = {};
      this.messageBody(sub, item, closing);
      target[field.jsonName] = item;
    }
  }

  enumZero(typeName: string): string | number {
    return this.registry.enum(typeName).nameByNumber.get(0) ?? 0;
  }

  /** `[type.googleapis.com/pkg.Type] { ... }` inside a google.protobuf.Any. */
  expandedAny(descriptor: MessageDescriptor, target: PlainMessage): void {
    const open = this.advance();
    if (descriptor.fullName !== ANY_TYPE) {
      this.fail(`expected a field name of ${shortName(descriptor)}, found '[' (extensions are not supported)`, open);
    }
    let url = '';
    while (!this.isSymbol(']')) {
      const token = this.advance();
      if (token.kind === 'end' || (token.kind === 'symbol' && !['.', '/', '-'].includes(token.text))) {
        this.fail(`expected a type URL and ']', found ${this.describe(token)}`, token);
      }
      url += token.text;
    }
    this.advance();
    const typeName = url.slice(url.lastIndexOf('/') + 1);
    const sub = this.registry.findMessage(typeName);
    if (!sub) this.fail(`expected a known message type in the Any, found '${url}'`, open, 'TEXTPROTO_UNKNOWN_TYPE');
    this.trySymbol(':');
    const brace = this.token;
    if (!this.isSymbol('{') && !this.isSymbol('<'))
      this.fail(`expected '{' after [${url}], found ${this.describe(brace)}`);
    this.advance();
    const inner: PlainMessage = {};
    this.messageBody(sub, inner, brace.text === '<' ? '>' : '}');
    target.typeUrl = url;
    target.value = encodeMessage(this.registry, typeName, inner);
  }

  scalar(field: FieldDescriptor): unknown {
    const type = field.type;
    const token = this.token;
    if (type.kind === 'enum') return this.enumValue(type.typeName, field);
    if (type.kind === 'message') this.fail(`expected '{' for ${field.name}`);
    switch (type.scalar) {
      case 'string':
      case 'bytes': {
        if (token.kind !== 'string')
          this.fail(`expected a quoted string for ${field.name}, found ${this.describe(token)}`);
        const parts: Uint8Array[] = [];
        while (this.token.kind === 'string') {
          const t = this.advance();
          const bytes = unescapeString(t.text);
          if (typeof bytes === 'string') this.fail(`expected a valid string: ${bytes}`, t);
          parts.push(bytes);
        }
        const bytes = parts.length === 1 ? (parts[0] as Uint8Array) : concat(parts);
        if (type.scalar === 'bytes') return bytes;
        // A string field holds UTF-8 text: an escape making invalid UTF-8 is an error, never replaced.
        const bad = invalidUtf8Offset(bytes);
        if (bad >= 0) {
          this.fail(
            `expected valid UTF-8 in string field ${field.name}, found byte \\${(bytes[bad] as number).toString(8).padStart(3, '0')} (0x${(bytes[bad] as number).toString(16)}) at byte ${bad} of the string`,
            token,
            'TEXTPROTO_INVALID_UTF8',
            'string fields hold UTF-8 text: write the characters themselves or \\u escapes, not raw byte escapes',
          );
        }
        return utf8Decode(bytes);
      }
      case 'bool': {
        this.advance();
        if (token.kind === 'identifier') {
          if (['true', 'True', 't'].includes(token.text)) return true;
          if (['false', 'False', 'f'].includes(token.text)) return false;
        }
        if (token.kind === 'number' && (token.text === '1' || token.text === '0')) return token.text === '1';
        return this.fail(`expected true or false for ${field.name}, found ${this.describe(token)}`, token);
      }
      case 'float':
      case 'double': {
        const negative = this.trySymbol('-');
        const t = this.advance();
        let value: number;
        if (t.kind === 'number') {
          const text = t.text.replace(/[fF]$/, '');
          value = /^0[xX]/.test(text) ? Number.parseInt(text, 16) : Number(text);
        } else if (t.kind === 'identifier' && /^(inf|infinity)f?$/i.test(t.text)) {
          value = Number.POSITIVE_INFINITY;
        } else if (t.kind === 'identifier' && /^nanf?$/i.test(t.text)) {
          value = Number.NaN;
        } else {
          return this.fail(`expected a number for ${field.name}, found ${this.describe(t)}`, t);
        }
        if (negative) value = -value;
        return type.scalar === 'float' ? Math.fround(value) : value;
      }
      default:
        return this.integer(field, type.scalar);
    }
  }

  integer(field: FieldDescriptor, scalar: ScalarType): Int64Value {
    const start = this.token;
    const negative = this.trySymbol('-');
    const t = this.advance();
    if (t.kind !== 'number' || !/^(0[xX][0-9A-Fa-f]+|[0-9]+)$/.test(t.text)) {
      return this.fail(`expected an integer for ${field.name}, found ${this.describe(t)}`, t);
    }
    let big: bigint;
    if (/^0[xX]/.test(t.text)) big = BigInt(t.text);
    else if (/^0[0-7]+$/.test(t.text)) big = BigInt(`0o${t.text.slice(1)}`);
    else big = BigInt(t.text);
    if (negative) big = -big;
    const range = INTEGER_RANGES[scalar];
    if (range && (big < range[0] || big > range[1])) {
      this.fail(
        `expected an integer in the range of ${scalar} for ${field.name}, found ${negative ? '-' : ''}${t.text}`,
        start,
      );
    }
    return INT64_SCALARS.has(scalar) ? int64Value(big) : Number(big);
  }

  enumValue(typeName: string, field: FieldDescriptor): string | number {
    const descriptor = this.registry.enum(typeName);
    const token = this.token;
    if (token.kind === 'identifier') {
      this.advance();
      if (descriptor.numberByName.has(token.text)) return token.text;
      return this.fail(
        `expected a value of enum ${shortName(descriptor)} for ${field.name}, found '${token.text}'`,
        token,
        'TEXTPROTO_UNKNOWN_ENUM',
        `values: ${descriptor.values
          .slice(0, 12)
          .map((v) => v.name)
          .join(', ')}${descriptor.values.length > 12 ? ', ...' : ''}`,
      );
    }
    const negative = this.trySymbol('-');
    const t = this.advance();
    if (t.kind !== 'number' || !/^[0-9]+$/.test(t.text)) {
      return this.fail(`expected an enum value name or number for ${field.name}, found ${this.describe(t)}`, t);
    }
    const number = Number(t.text) * (negative ? -1 : 1);
    const name = descriptor.nameByNumber.get(number);
    if (name !== undefined) return name;
    if (descriptor.closed) {
      this.fail(
        `expected a value of enum ${shortName(descriptor)} for ${field.name}, found unknown number ${number}`,
        t,
        'TEXTPROTO_UNKNOWN_ENUM',
      );
    }
    return number;
  }
}

function shortName(descriptor: { fullName: string }): string {
  return descriptor.fullName.replace(/^tensorflow\.metadata\.v0\./, '');
}

function concat(parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Parses protobuf text format (as written by C++ `TextFormat` and Python `text_format`) into
 * plain data. Errors are `InputError`s located at `file:line:col` with the expectation in the
 * message (codes TEXTPROTO_SYNTAX, TEXTPROTO_UNKNOWN_FIELD, TEXTPROTO_UNKNOWN_ENUM,
 * TEXTPROTO_DUPLICATE_FIELD, TEXTPROTO_UNKNOWN_TYPE).
 */
export function parseText(
  registry: ProtoRegistry,
  typeName: string,
  text: string,
  options: TextParseOptions = {},
): PlainMessage {
  return new TextParser(registry, text, options.file).parseRoot(typeName);
}
