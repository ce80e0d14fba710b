import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ColumnType, ReadOptions } from '../../src/index.js';
import { readBatches } from '../../src/index.js';
import { parseTextFormat } from '../../src/tfmd/index.js';
import { listFeature, serializeExample, tfRecordFile } from '../helpers/tf-example.js';
import type { Random } from './mutate.js';

/**
 * What the fuzzer attacks: each target has valid seed inputs and runs one (mutated) input through
 * the real reader. A target either returns or throws; the fuzzer decides which throws are ours.
 */
export interface FuzzTarget {
  readonly name: string;
  readonly seeds: readonly Uint8Array[];
  /** Reads `bytes` as this target's format; files go to `dir`. `random` picks the read options. */
  run(bytes: Uint8Array, dir: string, random: Random): Promise<void>;
  /** Optional last step on the mutated bytes (e.g. compressing them). */
  finish?(bytes: Uint8Array, random: Random): Uint8Array;
}

const repo = join(import.meta.dirname, '..', '..');

function headLines(path: string, lines: number): Buffer {
  return Buffer.from(readFileSync(path, 'utf8').split('\n').slice(0, lines).join('\n'));
}

async function drain(path: string, options: ReadOptions): Promise<void> {
  for await (const batch of readBatches(path, options)) {
    // Touch every column so lazily built values are built too.
    for (const field of batch.schema.fields) batch.getChild(field.name)?.toArray();
  }
}

/** Read options a user could pass: small batches, a schema typing some columns, skipping bad rows. */
function options(random: Random, names: readonly string[]): ReadOptions {
  const types: ColumnType[] = ['int', 'float', 'string', 'bytes'];
  const columnTypes: Record<string, ColumnType> = {};
  if (random() < 0.3)
    for (const name of names) if (random() < 0.5) columnTypes[name] = types[Math.floor(random() * 4)]!;
  return {
    ...(random() < 0.3 ? { batchSize: 1 + Math.floor(random() * 7) } : {}),
    ...(Object.keys(columnTypes).length > 0 ? { columnTypes } : {}),
    ...(random() < 0.3 ? { skipMalformedRows: true } : {}),
  };
}

/**
 * Structure-aware growth byte mutations rarely reach: `widen` puts `extra` more columns in front of
 * every line (named c0, c1, ... in the header, copies of the first cell below), so the file stays
 * rectangular; `nest` wraps the first number after a key in `depth` brackets.
 */
function widen(bytes: Uint8Array, extra: number): Uint8Array {
  const lines = Buffer.from(bytes).toString('latin1').split('\n');
  return Buffer.from(
    lines
      .map((line, i) => {
        if (line === '') return line;
        const cell = i === 0 ? undefined : line.split(',', 1)[0]!;
        return `${Array.from({ length: extra }, (_, k) => cell ?? `c${k}`).join(',')},${line}`;
      })
      .join('\n'),
    'latin1',
  );
}

function nest(bytes: Uint8Array, depth: number): Uint8Array {
  const text = Buffer.from(bytes).toString('latin1');
  const match = /: ?(-?\d+)/.exec(text);
  if (!match) return bytes;
  const at = match.index + match[0].length - match[1]!.length;
  const end = match.index + match[0].length;
  return Buffer.from(
    `${text.slice(0, at)}${'['.repeat(depth)}${match[1]}${']'.repeat(depth)}${text.slice(end)}`,
    'latin1',
  );
}

const textproto: FuzzTarget = {
  name: 'textproto',
  seeds: [
    readFileSync(join(repo, 'test', 'fixtures', 'tfx', 'schema_gen', 'schema.pbtxt')),
    readFileSync(join(repo, 'test', 'fixtures', 'tfx', 'penguin', 'schema.pbtxt')),
  ],
  async run(bytes) {
    parseTextFormat('Schema', Buffer.from(bytes).toString('utf8'), { file: 'fuzz.pbtxt' });
  },
};

const csv: FuzzTarget = {
  name: 'csv',
  seeds: [
    headLines(join(repo, 'datasets', 'chicago_taxi', 'train.csv'), 30),
    headLines(join(repo, 'datasets', 'palmer_penguins', 'penguins.csv'), 30),
    Buffer.from('id,"quoted, name",n\r\n1,"a ""b"" c",1.5\r\n2,"line\nbreak",-3\r\n3,,nan\r\n'),
  ],
  finish: (bytes, random) => (random() < 0.1 ? widen(bytes, 2 ** (8 + Math.floor(random() * 6))) : bytes),
  async run(bytes, dir, random) {
    const path = join(dir, 'case.csv');
    writeFileSync(path, bytes);
    const header = Buffer.from(bytes).toString('utf8').split('\n', 1)[0]!.split(',');
    await drain(path, { ...options(random, header), ...(random() < 0.2 ? { nullValues: ['', 'NA', '-'] } : {}) });
  },
};

const jsonl: FuzzTarget = {
  name: 'jsonl',
  seeds: [
    Buffer.from(
      [
        '{"id": 1, "name": "a", "score": 1.5, "tags": ["x", "y"], "ok": true, "n": null}',
        '{"id": 2, "name": "b\\u00e9", "score": 2, "tags": [], "big": 9007199254740993}',
        '{"id": 3, "score": -0.5e3, "tags": ["z"], "ints": [1, 2, 3], "floats": [1.5, 2]}',
      ].join('\n'),
    ),
    Buffer.from('\ufeff{"__proto__": 1, "constructor": "c"}\n\n{"__proto__": 2, "toString": [1.5]}\n'),
  ],
  finish: (bytes, random) => (random() < 0.15 ? nest(bytes, 2 ** (6 + Math.floor(random() * 8))) : bytes),
  async run(bytes, dir, random) {
    const path = join(dir, 'case.jsonl');
    writeFileSync(path, bytes);
    await drain(path, options(random, ['id', 'name', 'score', 'tags', 'big', '__proto__', 'constructor']));
  },
};

const examples = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    serializeExample([
      listFeature('id', 3, [i, -i, 2 ** 40 + i]),
      listFeature('score', 2, [i / 3]),
      listFeature('name', 1, [`n${i}`, 'x']),
      ...(i % 2 ? [listFeature('sparse', 3, [])] : []),
    ]),
  );

const tfrecord: FuzzTarget = {
  name: 'tfrecord',
  seeds: [tfRecordFile(examples(4)), tfRecordFile(examples(1)), gzipSync(tfRecordFile(examples(3)))],
  // Half the cases are compressed after mutation, so the records inside a valid GZIP stream are fuzzed too.
  finish: (bytes, random) => (random() < 0.5 && !(bytes[0] === 0x1f && bytes[1] === 0x8b) ? gzipSync(bytes) : bytes),
  async run(bytes, dir, random) {
    const path = join(dir, 'case.tfrecord');
    writeFileSync(path, bytes);
    await drain(path, options(random, ['id', 'score', 'name', 'sparse']));
  },
};

/**
 * The tf.Example decoder behind valid framing: the mutated bytes are one record's payload, framed
 * with correct CRCs after a valid record, so the mutations reach the protobuf decoding (through
 * `tfrecord`, nearly every mutation only breaks a CRC).
 */
const tfexample: FuzzTarget = {
  name: 'tfrecord-payload',
  seeds: examples(3),
  finish: (bytes, random) => {
    const file = tfRecordFile([examples(1)[0]!, bytes]);
    return random() < 0.3 ? gzipSync(file) : file;
  },
  run: tfrecord.run,
};

export const fuzzTargets: readonly FuzzTarget[] = [textproto, csv, jsonl, tfrecord, tfexample];
