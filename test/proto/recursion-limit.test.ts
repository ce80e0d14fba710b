import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/_util/errors.js';
import { decodeMessage, encodeMessage } from '../../src/proto/binary-codec.js';
import { defineProtoFiles } from '../../src/proto/define-proto-file.js';
import { ProtoRegistry } from '../../src/proto/descriptor.js';
import { messageFromJson } from '../../src/proto/json-codec.js';
import { RECURSION_LIMIT } from '../../src/proto/recursion-limit.js';
import { parseText } from '../../src/proto/text-parser.js';
import { WireWriter } from '../../src/proto/wire.js';

const registry = new ProtoRegistry();
defineProtoFiles(registry, [
  { package: 'r', syntax: 'proto2', source: 'message Node { optional Node child = 1; optional int32 n = 2; }' },
]);

const chain = (depth: number): Record<string, unknown> => {
  let node: Record<string, unknown> = { n: 1 };
  for (let i = 1; i < depth; i++) node = { child: node };
  return node;
};
const caught = (f: () => unknown): InputError => {
  try {
    f();
  } catch (error) {
    return error as InputError;
  }
  throw new Error('expected an error');
};

describe(`message nesting is limited to ${RECURSION_LIMIT} levels, as protobuf's parsers do`, () => {
  it('binary: the limit itself decodes, one more level is a located error', () => {
    expect(decodeMessage(registry, 'r.Node', encodeMessage(registry, 'r.Node', chain(RECURSION_LIMIT)))).toEqual(
      chain(RECURSION_LIMIT),
    );
    const error = caught(() =>
      decodeMessage(registry, 'r.Node', encodeMessage(registry, 'r.Node', chain(RECURSION_LIMIT + 1)), {
        file: 'x.pb',
      }),
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.code).toBe('PROTO_TOO_DEEP');
    // Two bytes (tag, length) per level, three once the length needs two: level 101 starts at byte 237.
    expect(error.location).toMatchObject({ file: 'x.pb', byteOffset: 237 });
  });

  it('text format and JSON: the same limit, located', () => {
    const text = (depth: number) => `${'child { '.repeat(depth - 1)}n: 1${' }'.repeat(depth - 1)}`;
    expect(parseText(registry, 'r.Node', text(RECURSION_LIMIT))).toEqual(chain(RECURSION_LIMIT));
    const error = caught(() => parseText(registry, 'r.Node', text(RECURSION_LIMIT + 1), { file: 'x.pbtxt' }));
    expect(error.code).toBe('PROTO_TOO_DEEP');
    expect(error.location).toMatchObject({ file: 'x.pbtxt', line: 1, column: 8 * RECURSION_LIMIT - 1 });
    expect(messageFromJson(registry, 'r.Node', chain(RECURSION_LIMIT))).toEqual(chain(RECURSION_LIMIT));
    const json = caught(() => messageFromJson(registry, 'r.Node', chain(5000), { file: 'x.json' }));
    expect(json.code).toBe('PROTO_TOO_DEEP');
    expect(json.message.length).toBeLessThan(300);
  });

  it('skipping unknown groups nested without end is an error, not a stack overflow', () => {
    const writer = new WireWriter();
    for (let i = 0; i < 10000; i++) writer.tag(9, 3);
    const error = caught(() => decodeMessage(registry, 'r.Node', writer.finish()));
    expect(error.code).toBe('PROTO_BINARY');
    expect(error.message).toMatch(/groups nested at most 100 deep/);
  });
});
