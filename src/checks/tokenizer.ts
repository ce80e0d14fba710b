import { type CheckSource, checkError } from './check-error.js';

/** The keywords of the check language; anything else that looks like a word is a column name. */
export const KEYWORDS = ['and', 'or', 'not', 'between', 'in', 'is', 'null', 'true', 'false', 'matches'] as const;
export type Keyword = (typeof KEYWORDS)[number];

const keywordSet: ReadonlySet<string> = new Set(KEYWORDS);

/** Seconds per duration unit: `30s`, `15m`, `12h`, `2d` are numbers of seconds. */
const durationUnits: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 };

export type Token =
  | { readonly kind: 'number'; readonly value: number; readonly text: string; readonly at: number }
  | { readonly kind: 'string'; readonly value: string; readonly text: string; readonly at: number }
  | { readonly kind: 'name'; readonly value: string; readonly text: string; readonly at: number }
  | { readonly kind: 'keyword'; readonly value: Keyword; readonly text: string; readonly at: number }
  | { readonly kind: 'op'; readonly value: string; readonly text: string; readonly at: number }
  | { readonly kind: 'end'; readonly value: ''; readonly text: ''; readonly at: number };

/** Operators, longest first so that `<=` is not read as `<` then `=`. */
const operators = ['<=', '>=', '!=', '<>', '==', '<', '>', '=', '+', '-', '*', '/', '(', ')', ','];

function isNameStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

function isNamePart(c: string): boolean {
  return isNameStart(c) || (c >= '0' && c <= '9');
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/**
 * Splits a check expression into tokens: numbers (with an optional `%` or duration unit),
 * quoted strings ('…' or "…", backslash escapes), names (or `back-quoted` column names),
 * keywords (case-insensitive) and operators. Any other character is a syntax error at its position.
 */
export function tokenize(text: string, source: CheckSource = {}): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const at = i;
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1]))) {
      while (isDigit(text[i])) i++;
      if (text[i] === '.') {
        i++;
        while (isDigit(text[i])) i++;
      }
      if (text[i] === 'e' || text[i] === 'E') {
        const save = i;
        i++;
        if (text[i] === '+' || text[i] === '-') i++;
        if (isDigit(text[i])) while (isDigit(text[i])) i++;
        else i = save;
      }
      let value = Number(text.slice(at, i));
      const suffix = text[i];
      if (suffix === '%') {
        value /= 100;
        i++;
      } else if (suffix !== undefined && durationUnits[suffix] !== undefined && !isNamePart(text[i + 1] ?? ' ')) {
        value *= durationUnits[suffix]!;
        i++;
      }
      if (isNamePart(text[i] ?? ' ')) {
        throw checkError(
          'CHECK_SYNTAX',
          source,
          i,
          `unexpected '${text[i]}' after the number ${text.slice(at, i)}`,
          'a number may end in % (a fraction) or s, m, h, d (seconds); put a space before a name',
        );
      }
      tokens.push({ kind: 'number', value, text: text.slice(at, i), at });
      continue;
    }
    if (c === "'" || c === '"') {
      let value = '';
      i++;
      for (;;) {
        const d = text[i];
        if (d === undefined) {
          throw checkError('CHECK_SYNTAX', source, at, 'unterminated string', `close it with ${c}`);
        }
        if (d === c) {
          i++;
          break;
        }
        if (d === '\\') {
          const e = text[i + 1];
          if (e === undefined)
            throw checkError('CHECK_SYNTAX', source, at, 'unterminated string', `close it with ${c}`);
          // Quotes and backslashes are escaped; any other backslash stays (regular expressions read as written).
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e === c || e === '\\' ? e : `\\${e}`;
          i += 2;
          continue;
        }
        value += d;
        i++;
      }
      tokens.push({ kind: 'string', value, text: text.slice(at, i), at });
      continue;
    }
    if (c === '`') {
      const close = text.indexOf('`', i + 1);
      if (close < 0) throw checkError('CHECK_SYNTAX', source, at, 'unterminated `column name`', 'close it with `');
      const value = text.slice(i + 1, close);
      if (value.length === 0) throw checkError('CHECK_SYNTAX', source, at, 'empty `column name`');
      i = close + 1;
      tokens.push({ kind: 'name', value, text: text.slice(at, i), at });
      continue;
    }
    if (isNameStart(c)) {
      while (i < text.length && isNamePart(text[i]!)) i++;
      const word = text.slice(at, i);
      const lower = word.toLowerCase();
      if (keywordSet.has(lower)) tokens.push({ kind: 'keyword', value: lower as Keyword, text: word, at });
      else tokens.push({ kind: 'name', value: word, text: word, at });
      continue;
    }
    const op = operators.find((o) => text.startsWith(o, i));
    if (op === undefined) {
      const hint =
        c === '.'
          ? 'there is no property access: name a column (back-quote names with other characters: `a.b`)'
          : c === '[' || c === ']' || c === '{' || c === '}' || c === ';'
            ? 'checks are expressions over columns, not code'
            : c === '&' || c === '|' || c === '!'
              ? "write 'and', 'or', 'not'"
              : undefined;
      throw checkError('CHECK_SYNTAX', source, at, `unexpected character '${c}'`, hint);
    }
    i += op.length;
    tokens.push({ kind: 'op', value: op, text: op, at });
  }
  tokens.push({ kind: 'end', value: '', text: '', at: text.length });
  return tokens;
}
