import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { maskedCrc32c } from '../../src/io/crc32c.js';
import { readTfRecordFile } from '../../src/io/tfrecord-framing.js';

/**
 * What the agreement test needs to rebuild the exact example set TFDV's StatisticsGen read: the
 * bytes of tf.Example records as TFX's CsvExampleGen serialized them at the time, and TFX's split
 * rule over those bytes. Only the few wire-format pieces a tf.Example uses are handled.
 */

/** tf.Feature's oneof, by field number: bytes_list = 1, float_list = 2, int64_list = 3. */
export type FeatureKind = 1 | 2 | 3;

/** One feature of a tf.Example: its kind (0 when none is set) and the list message's bytes. */
export interface ExampleFeature {
  readonly name: string;
  readonly kind: FeatureKind | 0;
  readonly list: Uint8Array;
}

/** A value to encode into a tf.Example: numbers by the feature's kind, strings as bytes. */
export type ExampleValue = number | string;

function readVarint(buf: Uint8Array, pos: number): [value: number, next: number] {
  let value = 0;
  let scale = 1;
  for (;;) {
    const byte = buf[pos++]!;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return [value, pos];
    scale *= 128;
  }
}

function varint(value: bigint): number[] {
  // int64 values are two's complement on the wire: negatives take 10 bytes.
  let v = BigInt.asUintN(64, value);
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

function lengthDelimited(field: number, body: Uint8Array): Uint8Array {
  return Uint8Array.from([...varint(BigInt((field << 3) | 2)), ...varint(BigInt(body.length)), ...body]);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

/** The length-delimited fields of a message, as [field number, bytes]. */
function fields(buf: Uint8Array): Array<[number, Uint8Array]> {
  const out: Array<[number, Uint8Array]> = [];
  let pos = 0;
  while (pos < buf.length) {
    const [tag, afterTag] = readVarint(buf, pos);
    if ((tag & 7) !== 2) throw new Error(`unexpected wire type ${tag & 7} in a tf.Example`);
    const [length, start] = readVarint(buf, afterTag);
    out.push([tag >>> 3, buf.subarray(start, start + length)]);
    pos = start + length;
  }
  return out;
}

/** The features of a serialized tf.Example, in their wire order. */
export function exampleFeatures(example: Uint8Array): ExampleFeature[] {
  const [[, features] = [0, new Uint8Array()]] = fields(example);
  return fields(features).map(([, entry]) => {
    const parts = new Map(fields(entry));
    const name = new TextDecoder().decode(parts.get(1));
    const [[kind, list] = [0, new Uint8Array()]] = fields(parts.get(2) ?? new Uint8Array());
    return { name, kind: kind as FeatureKind | 0, list };
  });
}

/** Serializes features in the given order (TFX sorts them by name: deterministic serialization). */
export function serializeExample(features: readonly ExampleFeature[]): Uint8Array {
  const entries = features.map((f) =>
    lengthDelimited(
      1,
      concat([
        lengthDelimited(1, new TextEncoder().encode(f.name)),
        lengthDelimited(2, f.kind === 0 ? new Uint8Array() : lengthDelimited(f.kind, f.list)),
      ]),
    ),
  );
  return lengthDelimited(1, concat(entries));
}

/** The list message of `kind` holding `values` (packed for numbers, as TensorFlow writes them). */
export function encodeList(kind: FeatureKind, values: readonly ExampleValue[]): Uint8Array {
  if (values.length === 0) return new Uint8Array();
  if (kind === 1) return concat(values.map((v) => lengthDelimited(1, new TextEncoder().encode(String(v)))));
  if (kind === 2) {
    const packed = new Uint8Array(values.length * 4);
    const view = new DataView(packed.buffer);
    for (const [i, v] of values.entries()) view.setFloat32(i * 4, Number(v), true);
    return lengthDelimited(1, packed);
  }
  return lengthDelimited(1, Uint8Array.from(values.flatMap((v) => varint(BigInt(v)))));
}

/**
 * TFX ExampleGen's hash split: the bucket of a record is the SHA-256 of its serialized bytes, as a
 * big-endian integer, modulo the total of the splits' hash buckets (train 2 + eval 1 = 3);
 * buckets below 2 are train.
 */
export function tfxHashBucket(record: Uint8Array, totalBuckets: number): number {
  const digest = createHash('sha256').update(record).digest('hex');
  return Number(BigInt(`0x${digest}`) % BigInt(totalBuckets));
}

/** Every record of the given TFRecord files, in order. */
export async function readRecords(files: readonly string[]): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (const file of files) for await (const record of readTfRecordFile(file, () => {})) out.push(record.data);
  return out;
}

/** Writes `records` as one plain TFRecord file (length, masked CRC32C of it, data, masked CRC32C). */
export function writeTfRecordFile(path: string, records: readonly Uint8Array[]): void {
  const parts: Buffer[] = [];
  for (const data of records) {
    const head = Buffer.alloc(12);
    head.writeUInt32LE(data.length, 0);
    head.writeUInt32LE(Math.floor(data.length / 2 ** 32), 4);
    head.writeUInt32LE(maskedCrc32c(head, 0, 8), 8);
    const tail = Buffer.alloc(4);
    tail.writeUInt32LE(maskedCrc32c(data), 0);
    parts.push(head, Buffer.from(data), tail);
  }
  writeFileSync(path, Buffer.concat(parts));
}
