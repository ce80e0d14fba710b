import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/_util/errors.js';
import { messageFromJson, messageToJson } from '../../src/proto/json-codec.js';
import { testRegistry } from './test-registry.js';

const registry = testRegistry();
const toJson = (value: Record<string, unknown>, type = 'test.v2.P2') => messageToJson(registry, type, value);
const fromJson = (value: unknown, type = 'test.v2.P2') => messageFromJson(registry, type, value);

describe('proto3 JSON mapping', () => {
  it('prints camelCase keys in field order, 64-bit integers as strings, enums as names, bytes as base64', () => {
    expect(
      toJson({
        byName: { k: { n: 1 } },
        i64: -(2 ** 40),
        u64: 5,
        i32: 7,
        b: new Uint8Array([1, 2, 255]),
        color: 'BLUE',
      }),
    ).toEqual({ b: 'AQL/', i32: 7, i64: '-1099511627776', u64: '5', color: 'BLUE', byName: { k: { n: 1 } } });
  });

  it('prints non-finite floats as strings and float32 values at their shortest', () => {
    expect(toJson({ db: Number.NaN, fl: Math.fround(0.1), ratio: Number.NEGATIVE_INFINITY })).toEqual({
      fl: 0.1,
      db: 'NaN',
      ratio: '-Infinity',
    });
    expect(toJson({ mean: Number.POSITIVE_INFINITY }, 'test.v3.P3')).toEqual({ mean: 'Infinity' });
  });

  it('omits proto3 defaults and keeps proto2 presence', () => {
    expect(toJson({ count: 0, s: '', level: 'LOW', values: [], opt: 0 }, 'test.v3.P3')).toEqual({ opt: 0 });
    expect(toJson({ i32: 0, s: '' })).toEqual({ s: '', i32: 0 });
  });

  it('reads numbers or strings for integers, names or numbers for enums, either key spelling', () => {
    expect(fromJson({ i64: '-12', u64: 34, i32: '5', color: 2, by_name: { k: {} }, s32: 1e3 })).toEqual({
      i64: -12,
      u64: 34,
      i32: 5,
      color: 'BLUE',
      byName: { k: {} },
      s32: 1000,
    });
    expect(fromJson({ db: 'NaN', fl: 0.1, ratio: '-Infinity', b: 'AQL_' })).toMatchObject({
      fl: Math.fround(0.1),
      ratio: Number.NEGATIVE_INFINITY,
      b: new Uint8Array([1, 2, 255]),
    });
    expect(fromJson({ s: null, count: '0' }, 'test.v3.P3')).toEqual({});
  });

  it('round-trips Any through {"@type": ...}', () => {
    const any = fromJson({ extra: { '@type': 'type.googleapis.com/test.v2.Inner', label: 'x' } });
    expect(toJson(any)).toEqual({ extra: { '@type': 'type.googleapis.com/test.v2.Inner', label: 'x' } });
  });

  it.each([
    [{ nope: 1 }, "unknown key 'nope' at $.nope"],
    [{ i32: 1.5 }, 'expected an integer in the range of int32, found 1.5 at $.i32'],
    [{ i32: 'x' }, 'expected an integer'],
    [{ color: 'PURPLE' }, "expected a value of enum test.v2.Color, found 'PURPLE' at $.color"],
    [{ items: {} }, 'expected a JSON array for repeated items'],
    [{ items: [{ n: true }] }, 'at $.items[0].n'],
    [{ alpha: 'a', beta: {} }, "expected one field of oneof 'choice'"],
    [{ flag: 'true' }, 'expected true or false'],
    [[], 'expected a JSON object for test.v2.P2'],
  ])('rejects %j', (json, message) => {
    expect(() => fromJson(json)).toThrow(InputError);
    expect(() => fromJson(json)).toThrow(message);
  });
});
