import type { PlainMessage } from './binary-codec.js';
import type { FieldDescriptor, MessageDescriptor, ProtoRegistry } from './descriptor.js';
import { printText } from './text-printer.js';

/**
 * Where each field of a message stands in protobuf text: enough to rewrite one field and keep
 * every other byte (comments, blank lines, order, the author's spacing) as it was.
 */
interface FieldSpan {
  /** The field name as written (`int_domain`, or `[type.googleapis.com/...]` for an Any). */
  readonly name: string;
  /** Offset of the name's first character. */
  readonly start: number;
  /** Offset just past the value (past `}` for a message, past the last token for a scalar). */
  readonly end: number;
  /** The fields inside, when the value is a single `{ ... }` or `< ... >` message. */
  readonly body?: BlockSpan;
}

interface BlockSpan {
  /** Offset just past `{` (0 for the file itself). */
  readonly open: number;
  /** Offset of the closing `}` (the text's length for the file itself). */
  readonly close: number;
  readonly fields: readonly FieldSpan[];
}

interface Token {
  readonly kind: 'word' | 'string' | 'symbol';
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const WORD = /[A-Za-z0-9_.+-]+/y;

/** Tokens with offsets; comments and white space are skipped (they stay in the text untouched). */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < text.length) {
    const c = text[pos] as string;
    if (c === '#') {
      const nl = text.indexOf('\n', pos);
      pos = nl < 0 ? text.length : nl;
    } else if (c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\v' || c === '\f') {
      pos++;
    } else if (c === '"' || c === "'") {
      let end = pos + 1;
      while (end < text.length && text[end] !== c && text[end] !== '\n') end += text[end] === '\\' ? 2 : 1;
      tokens.push({ kind: 'string', text: text.slice(pos, end + 1), start: pos, end: end + 1 });
      pos = end + 1;
    } else {
      WORD.lastIndex = pos;
      const match = WORD.exec(text);
      if (match && match[0].length > 0) {
        tokens.push({ kind: 'word', text: match[0], start: pos, end: pos + match[0].length });
        pos += match[0].length;
      } else {
        tokens.push({ kind: 'symbol', text: c, start: pos, end: pos + 1 });
        pos++;
      }
    }
  }
  return tokens;
}

/**
 * Reads the field layout of text that the text-format parser has already accepted, so it can be
 * lenient: it only has to find where each field starts and ends.
 */
class SpanReader {
  private i = 0;
  constructor(
    private readonly tokens: readonly Token[],
    private readonly length: number,
  ) {}

  root(): BlockSpan {
    const fields = this.fields(undefined);
    return { open: 0, close: this.length, fields };
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private fields(closer: string | undefined): FieldSpan[] {
    const fields: FieldSpan[] = [];
    for (let t = this.peek(); t !== undefined && t.text !== closer; t = this.peek()) {
      if (t.text === ',' || t.text === ';') {
        this.i++;
        continue;
      }
      fields.push(this.field());
    }
    return fields;
  }

  private field(): FieldSpan {
    const first = this.tokens[this.i++] as Token;
    let name = first.text;
    if (first.text === '[') {
      // An extension or Any type URL: `[type.googleapis.com/pkg.Message]`.
      let t = this.tokens[this.i++];
      while (t !== undefined && t.text !== ']') t = this.tokens[this.i++];
      name = t ? `[...]` : name;
    }
    if (this.peek()?.text === ':') this.i++;
    const value = this.value();
    return { name, start: first.start, end: value.end, ...(value.body ? { body: value.body } : {}) };
  }

  private value(): { end: number; body?: BlockSpan } {
    const t = this.tokens[this.i++] as Token;
    if (t.text === '{' || t.text === '<') {
      const closer = t.text === '{' ? '}' : '>';
      const fields = this.fields(closer);
      const close = this.tokens[this.i++] as Token;
      return { end: close.end, body: { open: t.end, close: close.start, fields } };
    }
    if (t.text === '[') {
      let depth = 1;
      let last = t;
      while (depth > 0 && this.i < this.tokens.length) {
        last = this.tokens[this.i++] as Token;
        if (last.text === '[' || last.text === '{' || last.text === '<') depth++;
        else if (last.text === ']' || last.text === '}' || last.text === '>') depth--;
      }
      return { end: last.end };
    }
    let end = t.end;
    if (t.text === '-') end = (this.tokens[this.i++] as Token).end;
    // Adjacent string literals concatenate.
    if (t.kind === 'string') {
      while (this.peek()?.kind === 'string') end = (this.tokens[this.i++] as Token).end;
    }
    return { end };
  }
}

/** One replacement of `text.slice(start, end)`. */
interface Splice {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    return (typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')
      ? BigInt(a as bigint) === BigInt(b as bigint)
      : false;
  }
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    return a.length === b.length && a.every((v, i) => v === b[i]);
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => valuesEqual(v, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
    const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
    return (
      ka.length === kb.length &&
      ka.every((k) => valuesEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    );
  }
  return false;
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

/** The white space that starts the line `at` is on. */
function indentAt(text: string, at: number): string {
  const from = lineStart(text, at);
  return /^[ \t]*/.exec(text.slice(from, at))?.[0] ?? '';
}

class TextEditor {
  readonly splices: Splice[] = [];

  constructor(
    private readonly registry: ProtoRegistry,
    private readonly text: string,
  ) {}

  block(descriptor: MessageDescriptor, block: BlockSpan, before: PlainMessage, after: PlainMessage, indent: string) {
    for (const field of descriptor.fields) {
      const b = before[field.jsonName];
      const a = after[field.jsonName];
      if (valuesEqual(b, a)) continue;
      const spans = block.fields.filter((s) => s.name === field.name);
      if (this.editInside(descriptor, field, spans, b, a)) continue;
      this.replace(descriptor, field, block, spans, a, indent);
    }
  }

  /** Edits inside message values already in the text, so comments within them stay. */
  private editInside(
    holder: MessageDescriptor,
    field: FieldDescriptor,
    spans: readonly FieldSpan[],
    b: unknown,
    a: unknown,
  ): boolean {
    if (field.type.kind !== 'message' || field.mapKey !== undefined) return false;
    const inner = this.registry.message(field.type.typeName);
    if (field.label !== 'repeated') {
      const span = spans[0];
      if (spans.length !== 1 || !span?.body || b === undefined || a === undefined) return false;
      this.block(inner, span.body, b as PlainMessage, a as PlainMessage, this.innerIndent(span));
      return true;
    }
    const bs = (b ?? []) as PlainMessage[];
    const as = (a ?? []) as PlainMessage[];
    // Items kept in place (edited or not), then items appended: the common curation edits.
    if (as.length < bs.length || spans.length !== bs.length || spans.some((s) => !s.body)) return false;
    for (let i = 0; i < bs.length; i++) {
      const span = spans[i] as FieldSpan;
      if (!valuesEqual(bs[i], as[i])) {
        this.block(inner, span.body as BlockSpan, bs[i] as PlainMessage, as[i] as PlainMessage, this.innerIndent(span));
      }
    }
    if (as.length > bs.length) {
      const last = spans[spans.length - 1];
      if (!last) return false;
      const added = this.printField(holder, field, as.slice(bs.length), indentAt(this.text, last.start));
      const at = this.endOfLine(last.end);
      this.splices.push({ start: at, end: at, text: `\n${added}` });
    }
    return true;
  }

  private innerIndent(span: FieldSpan): string {
    const first = span.body?.fields[0];
    // A block written on one line (`feature { name: "a" type: INT }`) has no indentation of its own.
    const ownLine = first !== undefined && lineStart(this.text, first.start) !== lineStart(this.text, span.start);
    return first && ownLine ? indentAt(this.text, first.start) : `${indentAt(this.text, span.start)}  `;
  }

  /** Replaces every occurrence of a field with its new value, at the first one's place. */
  private replace(
    descriptor: MessageDescriptor,
    field: FieldDescriptor,
    block: BlockSpan,
    spans: readonly FieldSpan[],
    value: unknown,
    indent: string,
  ): void {
    const printed = value === undefined ? '' : this.printField(descriptor, field, value, indent);
    const [first, ...rest] = spans;
    for (const span of rest) this.remove(span);
    if (first) {
      if (printed === '') this.remove(first);
      else this.splices.push({ start: first.start, end: first.end, text: printed.slice(indent.length) });
      return;
    }
    if (printed === '') return;
    // A new field goes after the last field written before it in field-number order, else first.
    const order = new Map(descriptor.fields.map((f, i) => [f.name, i]));
    const mine = order.get(field.name) ?? 0;
    let anchor: FieldSpan | undefined;
    for (const span of block.fields) {
      const at = order.get(span.name);
      if (at !== undefined && at < mine && (!anchor || span.end > anchor.end)) anchor = span;
    }
    if (anchor) {
      const at = this.endOfLine(anchor.end);
      this.splices.push({ start: at, end: at, text: `\n${printed}` });
      return;
    }
    const next = block.fields[0];
    if (next) {
      const at = lineStart(this.text, next.start);
      this.splices.push({ start: at, end: at, text: `${printed}\n` });
      return;
    }
    // An empty block: `{}` or `{\n}`, or an empty file.
    if (block.open === 0) {
      const sep = this.text.length === 0 || this.text.endsWith('\n') ? '' : '\n';
      this.splices.push({ start: this.text.length, end: this.text.length, text: `${sep}${printed}\n` });
      return;
    }
    const closeIndent = indentAt(this.text, block.close);
    const startsLine = /^[ \t]*$/.test(this.text.slice(lineStart(this.text, block.close), block.close));
    this.splices.push({
      start: block.open,
      end: block.close,
      text: `\n${printed}\n${startsLine ? closeIndent : indent.slice(2)}`,
    });
  }

  /** Where a line ends when only white space or a comment follows `at` on it (a comment stays with its field), else `at`. */
  private endOfLine(at: number): number {
    const nl = this.text.indexOf('\n', at);
    const end = nl < 0 ? this.text.length : nl;
    return /^[ \t]*(#.*)?$/.test(this.text.slice(at, end)) ? end : at;
  }

  /** Removes a field; its line too when nothing else (but a comment) stands on it. */
  private remove(span: FieldSpan): void {
    const from = lineStart(this.text, span.start);
    const nl = this.text.indexOf('\n', span.end);
    const to = nl < 0 ? this.text.length : nl + 1;
    const before = this.text.slice(from, span.start);
    const after = this.text.slice(span.end, nl < 0 ? this.text.length : nl);
    if (/^[ \t]*$/.test(before) && /^[ \t]*$/.test(after)) this.splices.push({ start: from, end: to, text: '' });
    else this.splices.push({ start: span.start, end: span.end, text: '' });
  }

  /** The field printed alone, as the text printer writes it (no trailing newline), at an indentation. */
  private printField(holder: MessageDescriptor, field: FieldDescriptor, value: unknown, indent: string): string {
    const text = printText(this.registry, holder.fullName, { [field.jsonName]: value });
    return text
      .replace(/\n$/, '')
      .split('\n')
      .map((line) => `${indent}${line}`)
      .join('\n');
  }

  apply(): string {
    const ordered = [...this.splices].sort((x, y) => y.start - x.start || y.end - x.end);
    let out = this.text;
    for (const s of ordered) out = out.slice(0, s.start) + s.text + out.slice(s.end);
    return out;
  }
}

/**
 * Rewrites protobuf text `original` (which parses to `before`) so that it parses to `after`,
 * changing only the fields whose values differ: comments, blank lines, field order and spacing
 * elsewhere stay byte for byte. Edited message fields are edited inside (comments within them
 * stay); a changed scalar or list is rewritten in place; a new field goes after the field before
 * it in field-number order; repeated messages may be edited in place or appended to, and other
 * changes to a repeated field rewrite it at its first occurrence.
 */
export function editText(
  registry: ProtoRegistry,
  typeName: string,
  original: string,
  before: PlainMessage,
  after: PlainMessage,
): string {
  const root = new SpanReader(tokenize(original), original.length).root();
  const editor = new TextEditor(registry, original);
  const first = root.fields[0];
  editor.block(registry.message(typeName), root, before, after, first ? indentAt(original, first.start) : '');
  return editor.apply();
}
