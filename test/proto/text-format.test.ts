import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/_util/errors.js';
import { encodeMessage } from '../../src/proto/binary-codec.js';
import { parseText } from '../../src/proto/text-parser.js';
import { printText } from '../../src/proto/text-printer.js';
import { testRegistry } from './test-registry.js';

const registry = testRegistry();
const parse = (text: string, type = 'test.v2.P2') => parseText(registry, type, text, { file: 'in.pbtxt' });
const print = (value: Record<string, unknown>, type = 'test.v2.P2') => printText(registry, type, value);

function parseError(text: string, type = 'test.v2.P2'): InputError {
  try {
    parse(text, type);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected a parse error');
}

describe('text format parser', () => {
  it('reads comments, both message forms, separators and nested messages', () => {
    const value = parse(`
      # a comment
      s: "x"  # trailing comment
      inner { label: "a" n: 1 }
      items: { label: "b" },
      items < label: 'c' >;
    `);
    expect(value).toEqual({ s: 'x', inner: { label: 'a', n: 1 }, items: [{ label: 'b' }, { label: 'c' }] });
  });

  it('reads repeated fields as lists and as repeated lines, in order', () => {
    expect(parse('unpacked: [1, 2]\nunpacked: 3\nnames: []\nitems: [{label: "x"}, {label: "y"}]')).toEqual({
      unpacked: [1, 2, 3],
      items: [{ label: 'x' }, { label: 'y' }],
    });
  });

  it('decodes every string escape and concatenates adjacent strings', () => {
    const value = parse(String.raw`s: "a\n\t\r\"\'\\" "\101\x42\u00e9\U0001F600" 'z'` + '\nb: "\\000\\377"');
    expect(value.s).toBe('a\n\t\r"\'\\AB\u00e9\u{1F600}z');
    expect(value.b).toEqual(new Uint8Array([0, 255]));
  });

  it('reads numbers: negatives, hex, octal, exponents, f suffixes, inf and nan', () => {
    const value = parse('i32: -0x10\ni64: 017\nu64: 18446744073709551615\ndb: 1e-5\nfl: 1.5f\nratio: -inf\ns32: -3');
    expect(value).toMatchObject({ i32: -16, i64: 15, u64: 18446744073709551615n, db: 1e-5, fl: 1.5, s32: -3 });
    expect(value.ratio).toBe(Number.NEGATIVE_INFINITY);
    expect(Number.isNaN(parse('db: nan').db)).toBe(true);
    expect(parse('db: Infinity').db).toBe(Number.POSITIVE_INFINITY);
    expect(parse('fl: 0.1').fl).toBe(Math.fround(0.1));
  });

  it('reads booleans in every spelling and enums by name or number', () => {
    for (const [text, flag] of [
      ['true', true],
      ['True', true],
      ['t', true],
      ['1', true],
      ['false', false],
      ['f', false],
      ['0', false],
    ] as const) {
      expect(parse(`flag: ${text}`).flag).toBe(flag);
    }
    expect(parse('color: BLUE\ncolors: [1, RED]')).toEqual({ color: 'BLUE', colors: ['GREEN', 'RED'] });
  });

  it('reads maps as repeated key/value entries and oneof members', () => {
    const value = parse('by_name { key: "k" value { n: 2 } }\nby_id { key: 7 value: "seven" }\nbeta { label: "b" }');
    expect(value).toEqual({ byName: { k: { n: 2 } }, byId: { '7': 'seven' }, beta: { label: 'b' } });
  });

  it('reads a map entry without key or value as the zero key and zero value', () => {
    expect(parse('by_name { }\nby_id { }')).toEqual({ byName: { '': {} }, byId: { '0': '' } });
  });

  it('reads google.protobuf.Any in expanded form', () => {
    const value = parse('extra { [type.googleapis.com/test.v2.Inner] { label: "in" } }');
    expect(value.extra).toEqual({
      typeUrl: 'type.googleapis.com/test.v2.Inner',
      value: encodeMessage(registry, 'test.v2.Inner', { label: 'in' }),
    });
    expect(print(value)).toBe('extra {\n  [type.googleapis.com/test.v2.Inner] {\n    label: "in"\n  }\n}\n');
  });

  it('drops proto3 scalars equal to their default but keeps proto2 presence', () => {
    expect(parse('count: 0\ns: ""\nmean: 1.5\nopt: 0', 'test.v3.P3')).toEqual({ mean: 1.5, opt: 0 });
    expect(parse('i32: 0\ns: ""')).toEqual({ i32: 0, s: '' });
  });

  it('reports an unknown field with file:line:col and a suggestion', () => {
    const error = parseError('s: "x"\n  Flag: true');
    expect(error.code).toBe('TEXTPROTO_UNKNOWN_FIELD');
    expect(error.location).toEqual({ file: 'in.pbtxt', line: 2, column: 3 });
    expect(error.describe()).toMatch(
      /^in\.pbtxt:2:3: expected a field name of test\.v2\.P2, found unknown field 'Flag'/,
    );
    expect(error.hint).toBe("did you mean 'flag'?");
  });

  it.each([
    ['s "x"', 1, 3, "expected ':' after s"],
    ['inner { n: 1', 1, 13, "expected '}' to close test.v2.Inner, found end of input"],
    ['i32: 1.5', 1, 6, 'expected an integer for i32'],
    ['i32: 3000000000', 1, 6, 'expected an integer in the range of int32'],
    ['u64: -1', 1, 6, 'expected an integer in the range of uint64'],
    ['color: PURPLE', 1, 8, 'expected a value of enum test.v2.Color'],
    ['color: 9', 1, 8, 'unknown number 9'],
    ['s: "abc', 1, 4, 'expected the closing quote'],
    ['s: "\\q"', 1, 4, "invalid escape '\\q'"],
    ['flag: yes', 1, 7, 'expected true or false'],
    ['i32: 1\ni32: 2', 2, 1, "'i32' is specified again"],
    ['alpha: "a" beta {}', 1, 12, "expected at most one field of oneof 'choice'"],
    ['s: 12abc', 1, 4, 'expected a number'],
    ['inner: [', 1, 8, "expected '{' to start inner"],
  ])('reports %j at %i:%i', (text, line, column, message) => {
    const error = parseError(text);
    expect(error.location).toMatchObject({ line, column });
    expect(error.message).toContain(message);
  });
});

describe('text format printer', () => {
  it('prints fields in number order, messages as blocks, maps sorted by key', () => {
    const text = print({
      byName: { z: { n: 1 }, a: {} },
      s: 'x',
      inner: { label: 'l' },
      packed: [1, 2],
      color: 'GREEN',
    });
    expect(text).toBe(
      [
        's: "x"',
        'color: GREEN',
        'inner {',
        '  label: "l"',
        '}',
        'packed: 1',
        'packed: 2',
        'by_name {',
        '  key: "a"',
        '  value {',
        '  }',
        '}',
        'by_name {',
        '  key: "z"',
        '  value {',
        '    n: 1',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('escapes strings as Python text_format does (octal for non-ASCII bytes)', () => {
    expect(print({ s: 'a"b\'c\\\n\u00e9\u0001' })).toBe('s: "a\\"b\\\'c\\\\\\n\\303\\251\\001"\n');
    expect(parse(print({ s: 'é ☃ 😀' })).s).toBe('é ☃ 😀');
  });

  it('prints floats like Python and special values as inf/nan', () => {
    expect(print({ db: 1, fl: Math.fround(0.1), ratio: Number.NaN })).toBe('fl: 0.1\ndb: 1.0\nratio: nan\n');
    expect(print({ db: Number.NEGATIVE_INFINITY, u64: 2 ** 60 })).toBe('u64: 1152921504606846976\ndb: -inf\n');
  });

  it('omits proto3 defaults but prints proto2 fields that are set to their default', () => {
    expect(print({ count: 0, s: '', level: 'LOW', opt: 0, values: [] }, 'test.v3.P3')).toBe('opt: 0\n');
    expect(print({ i32: 0, flag: false })).toBe('i32: 0\nflag: false\n');
    expect(print({})).toBe('');
  });
});
