import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { packNumberArrays, unpackNumberArrays } from '../../src/_util/number-array-transfer.js';
import { StatisticsAccumulator, type StatisticsAccumulatorState } from '../../src/stats/statistics-accumulator.js';

/** `state` packed, sent through a real message port with its buffers transferred, and unpacked. */
function sendThroughPort(state: unknown): { received: unknown; transfer: ArrayBuffer[] } {
  const { port1, port2 } = new MessageChannel();
  const { packed, transfer } = packNumberArrays(state);
  port1.postMessage(packed, transfer);
  const received = unpackNumberArrays(receiveMessageOnPort(port2)!.message);
  port1.close();
  port2.close();
  return { received, transfer };
}

describe('packNumberArrays / unpackNumberArrays', () => {
  it('gives back the same plain state, long arrays of numbers moved as buffers', () => {
    const long = Array.from({ length: 1000 }, (_, i) => i * 0.1 - 3);
    const state = {
      name: 'x',
      nested: [{ values: long, short: [1, 2, 3], words: ['a', 'b'] }],
      mixed: [...long.slice(0, 20), 'text'],
      flag: true,
      none: null,
    };
    const { received, transfer } = sendThroughPort(state);
    expect(received).toEqual(state);
    // The long array went as a buffer (now detached on this side), the short and mixed ones as they are.
    expect(transfer).toHaveLength(1);
    expect(transfer[0]!.byteLength).toBe(0);
  });

  it('keeps every double bit for bit (-0, infinities, NaN), which JSON would not', () => {
    const values = [-0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, 5e-324, 2 ** 53 + 2];
    const state = { values: [...values, ...new Array(20).fill(1.5)] };
    const { received } = sendThroughPort(state);
    const got = (received as typeof state).values;
    expect(Object.is(got[0], -0)).toBe(true);
    expect(got.slice(1, 6)).toEqual(values.slice(1));
  });

  it('drops undefined properties as JSON does, and keeps a "__proto__" key an own property', () => {
    const tricky = JSON.parse('{"__proto__": {"polluted": 1}, "a": 1}') as Record<string, unknown>;
    const { received } = sendThroughPort({ skip: undefined, keys: tricky });
    expect(Object.keys(received as object)).toEqual(['keys']);
    const keys = (received as { keys: Record<string, unknown> }).keys;
    expect(Object.hasOwn(keys, '__proto__')).toBe(true);
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
  });

  it('a statistics accumulator sent this way gives the statistics of its JSON round trip', () => {
    const n = 20000;
    const batch = tableFromArrays({
      x: Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 1000),
      k: Float64Array.from({ length: n }, (_, i) => i % 97),
    }).batches[0]!;
    const acc = new StatisticsAccumulator({});
    acc.add(batch);
    const { received } = sendThroughPort(acc.toState());
    const viaPort = StatisticsAccumulator.fromState(received as StatisticsAccumulatorState);
    const viaJson = StatisticsAccumulator.deserialize(acc.serialize());
    expect(viaPort.serialize()).toBe(viaJson.serialize());
    expect(viaPort.finish()).toEqual(viaJson.finish());
  });
});
