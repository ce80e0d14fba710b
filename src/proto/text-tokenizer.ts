import { InputError } from '../_util/errors.js';

export type TextTokenKind = 'identifier' | 'number' | 'string' | 'symbol' | 'end';

export interface TextToken {
  readonly kind: TextTokenKind;
  /** Source text (for strings: including the quotes and escapes). */
  readonly text: string;
  /** 1-based line and column of the token's first character. */
  readonly line: number;
  readonly column: number;
}

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /0[xX][0-9A-Fa-f]+|(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[fF]?/y;
const SYMBOLS = new Set(['{', '}', '<', '>', '[', ']', ':', ',', ';', '/', '-', '.']);

/**
 * Reads protobuf text format one token at a time, skipping whitespace and `#` comments, and records
 * each token's line and column for error messages. Lazy, so a large file is never held as an array
 * of tokens (a 300,000-feature schema is ten million of them).
 */
export class TextTokenizer {
  #pos = 0;
  #line = 1;
  #lineStart = 0;

  constructor(
    readonly text: string,
    readonly file?: string,
  ) {}

  #fail(message: string, at: number): never {
    throw new InputError('TEXTPROTO_SYNTAX', message, {
      location: {
        ...(this.file !== undefined ? { file: this.file } : {}),
        line: this.#line,
        column: at - this.#lineStart + 1,
      },
      hint: 'the text is not valid protobuf text format',
    });
  }

  /** The next token; `end` once the text is exhausted (and again on every later call). */
  next(): TextToken {
    const text = this.text;
    let pos = this.#pos;
    while (pos < text.length) {
      const ch = text.charCodeAt(pos);
      if (ch === 10) {
        pos++;
        this.#line++;
        this.#lineStart = pos;
        continue;
      }
      if (ch === 32 || ch === 9 || ch === 13 || ch === 11 || ch === 12) {
        pos++;
        continue;
      }
      if (ch === 35) {
        // '#' comment to end of line
        const nl = text.indexOf('\n', pos);
        pos = nl < 0 ? text.length : nl;
        continue;
      }
      break;
    }
    this.#pos = pos;
    const line = this.#line;
    const column = pos - this.#lineStart + 1;
    if (pos >= text.length) return { kind: 'end', text: '', line, column };
    const ch = text.charCodeAt(pos);
    const c = text[pos] as string;
    if (c === '"' || c === "'") {
      let end = pos + 1;
      while (end < text.length && text[end] !== c) {
        if (text[end] === '\n') this.#fail('expected the closing quote of a string before the end of the line', pos);
        end += text[end] === '\\' ? 2 : 1;
      }
      if (end >= text.length) this.#fail('expected the closing quote of a string', pos);
      this.#pos = end + 1;
      return { kind: 'string', text: text.slice(pos, end + 1), line, column };
    }
    if ((ch >= 48 && ch <= 57) || (c === '.' && /[0-9]/.test(text[pos + 1] ?? ''))) {
      NUMBER.lastIndex = pos;
      const match = NUMBER.exec(text);
      const numberText = match?.[0] ?? c;
      const after = text[pos + numberText.length];
      if (after !== undefined && /[A-Za-z0-9_]/.test(after)) {
        this.#fail(`expected a number, found '${text.slice(pos, pos + numberText.length + 1)}'`, pos);
      }
      this.#pos = pos + numberText.length;
      return { kind: 'number', text: numberText, line, column };
    }
    if ((ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122) || ch === 95) {
      IDENTIFIER.lastIndex = pos;
      const identifier = (IDENTIFIER.exec(text) as RegExpExecArray)[0];
      this.#pos = pos + identifier.length;
      return { kind: 'identifier', text: identifier, line, column };
    }
    if (SYMBOLS.has(c)) {
      this.#pos = pos + 1;
      return { kind: 'symbol', text: c, line, column };
    }
    return this.#fail(`unexpected character '${c}'`, pos);
  }
}

/** Every token of a text, ending with the `end` token. */
export function tokenizeText(text: string, file?: string): TextToken[] {
  const tokenizer = new TextTokenizer(text, file);
  const tokens: TextToken[] = [];
  for (;;) {
    const token = tokenizer.next();
    tokens.push(token);
    if (token.kind === 'end') return tokens;
  }
}

/**
 * Decodes a quoted string token's escapes into bytes: `\n \t \r \a \b \f \v \\ \' \" \?`, octal
 * `\NNN`, hex `\xHH`, and `\uXXXX` / `\UXXXXXXXX` (written as UTF-8). Returns an error message for
 * a bad escape.
 */
export function unescapeString(token: string): Uint8Array | string {
  const bytes: number[] = [];
  const body = token.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const ch = body.charCodeAt(i);
    if (body[i] !== '\\') {
      if (ch < 0x80) bytes.push(ch);
      else {
        // Raw non-ASCII text: encode the code point as UTF-8.
        const cp = body.codePointAt(i) as number;
        pushUtf8(bytes, cp);
        if (cp > 0xffff) i++;
      }
      continue;
    }
    const e = body[++i];
    switch (e) {
      case 'n':
        bytes.push(10);
        break;
      case 't':
        bytes.push(9);
        break;
      case 'r':
        bytes.push(13);
        break;
      case 'a':
        bytes.push(7);
        break;
      case 'b':
        bytes.push(8);
        break;
      case 'f':
        bytes.push(12);
        break;
      case 'v':
        bytes.push(11);
        break;
      case '\\':
      case "'":
      case '"':
      case '?':
        bytes.push(e.charCodeAt(0));
        break;
      case 'x':
      case 'X': {
        const hex = /^[0-9A-Fa-f]{1,2}/.exec(body.slice(i + 1));
        if (!hex) return `invalid escape '\\${e}': expected hex digits`;
        bytes.push(Number.parseInt(hex[0], 16));
        i += hex[0].length;
        break;
      }
      case 'u':
      case 'U': {
        const width = e === 'u' ? 4 : 8;
        const hex = body.slice(i + 1, i + 1 + width);
        if (!new RegExp(`^[0-9A-Fa-f]{${width}}$`).test(hex)) {
          return `invalid escape '\\${e}': expected ${width} hex digits`;
        }
        const cp = Number.parseInt(hex, 16);
        if (cp > 0x10ffff) return `invalid escape '\\${e}${hex}': not a Unicode code point`;
        pushUtf8(bytes, cp);
        i += width;
        break;
      }
      default: {
        const octal = /^[0-7]{1,3}/.exec(body.slice(i));
        if (!octal) return `invalid escape '\\${e ?? ''}'`;
        bytes.push(Number.parseInt(octal[0], 8) & 0xff);
        i += octal[0].length - 1;
      }
    }
  }
  return Uint8Array.from(bytes);
}

function pushUtf8(bytes: number[], cp: number): void {
  if (cp < 0x80) bytes.push(cp);
  else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
}

/**
 * Escapes bytes for a text-format string as Python protobuf does by default (`as_utf8=False`):
 * `\n \r \t \" \' \\`, other bytes below 0x20 or from 0x7f as three-digit octal.
 */
export function escapeBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    switch (b) {
      case 10:
        out += '\\n';
        break;
      case 13:
        out += '\\r';
        break;
      case 9:
        out += '\\t';
        break;
      case 34:
        out += '\\"';
        break;
      case 39:
        out += "\\'";
        break;
      case 92:
        out += '\\\\';
        break;
      default:
        out += b < 0x20 || b >= 0x7f ? `\\${b.toString(8).padStart(3, '0')}` : String.fromCharCode(b);
    }
  }
  return out;
}
