/**
 * Parsing one JSON Lines line exactly, and describing a JSON value in an error message.
 *
 * `JSON.parse` turns every number into a double, so an integer above 2^53 silently loses its low
 * digits. A line holding a run of 16 or more digits (the shortest integer that can be unsafe) is
 * parsed again by {@link parseExactJson}, which keeps integers beyond the safe range as BigInt;
 * the common line pays one regular-expression test.
 */

/** Deepest nesting {@link parseExactJson} accepts; JSON Lines data is an object of flat arrays. */
export const MAX_JSON_DEPTH = 64;

/** Thrown by {@link parseExactJson}; the message says what is wrong and at which character. */
export class JsonSyntaxError extends Error {}

const LONG_DIGITS = /\d{16}/;

/** Parses `text` as JSON; integer literals outside the safe range come back as BigInt. */
export function parseJsonLine(text: string): unknown {
  const value: unknown = JSON.parse(text);
  return LONG_DIGITS.test(text) ? parseExactJson(text) : value;
}

/**
 * A JSON parser for the lines `JSON.parse` would round: objects have a null prototype (a key
 * `__proto__` is data), integers beyond 2^53 are BigInt, nesting is bounded by MAX_JSON_DEPTH.
 * Only called on text `JSON.parse` accepted, so errors are limited to the depth.
 */
export function parseExactJson(text: string): unknown {
  let i = 0;
  const space = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const fail = (what: string): never => {
    throw new JsonSyntaxError(`${what} at character ${i + 1}`);
  };
  const string = (): string => {
    const start = i;
    i++; // opening quote
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 92) i += 2;
      else if (c === 34) break;
      else i++;
    }
    if (i >= text.length) fail('unterminated string');
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const number = (): number | bigint => {
    const start = i;
    let integer = true;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 46 || c === 101 || c === 69) integer = false;
      else if (!((c >= 48 && c <= 57) || c === 45 || c === 43)) break;
      i++;
    }
    const token = text.slice(start, i);
    const n = Number(token);
    if (Number.isNaN(n)) fail('invalid number');
    return integer && !Number.isSafeInteger(n) ? BigInt(token) : n;
  };
  const value = (depth: number): unknown => {
    if (depth > MAX_JSON_DEPTH) fail(`nesting deeper than ${MAX_JSON_DEPTH} levels`);
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      const object: Record<string, unknown> = Object.create(null);
      space();
      if (text[i] === '}') {
        i++;
        return object;
      }
      for (;;) {
        space();
        if (text[i] !== '"') fail('expected a key');
        const key = string();
        space();
        if (text[i] !== ':') fail("expected ':'");
        i++;
        object[key] = value(depth + 1);
        space();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return object;
        } else fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const array: unknown[] = [];
      space();
      if (text[i] === ']') {
        i++;
        return array;
      }
      for (;;) {
        array.push(value(depth + 1));
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return array;
        } else fail("expected ',' or ']'");
      }
    }
    if (c === '"') return string();
    if (text.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return null;
    }
    return number();
  };
  const result = value(0);
  space();
  if (i < text.length) fail('unexpected text after the value');
  return result;
}

/**
 * A short, safe description of a JSON value for an error message: never longer than about 60
 * characters, whatever the value's size or depth (`JSON.stringify` of a value nested thousands of
 * levels deep overflows the stack, and of a long one pastes it whole).
 */
export function describeJsonValue(v: unknown): string {
  if (Array.isArray(v)) {
    const nested = v.some((item) => item !== null && typeof item === 'object');
    return `${nested ? 'a nested array' : 'an array'} of ${v.length} item${v.length === 1 ? '' : 's'}`;
  }
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    const shown = keys
      .slice(0, 3)
      .map((k) => clip(JSON.stringify(k), 20))
      .join(', ');
    return keys.length === 0 ? 'an empty object' : `an object with keys ${shown}${keys.length > 3 ? ', ...' : ''}`;
  }
  if (typeof v === 'string') return clip(JSON.stringify(v), 60);
  return clip(String(v), 60);
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
