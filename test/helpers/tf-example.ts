import { maskedCrc32c } from '../../src/io/crc32c.js';
import { featureKind, topLevelFields, visitFeatures } from '../../src/io/tf-example-decoder.js';
import { WireType, WireWriter } from '../../src/proto/wire.js';

/**
 * tf.Example records and TFRecord files for tests, written with the project's protobuf wire writer
 * and read with the io layer's tf.Example decoder (field numbers there).
 */

/** tf.Feature's oneof, by field number: bytes_list = 1, float_list = 2, int64_list = 3. */
export type FeatureKind = 1 | 2 | 3;

/**
 * One entry of an Example's feature map. `kind` 0 is a Feature with no list set (TFX ExampleGen's
 * empty CSV cell); null is a map entry with no Feature at all. `list` is the list message's bytes.
 */
export interface ExampleFeature {
  readonly name: string;
  readonly kind: FeatureKind | 0 | null;
  readonly list?: Uint8Array;
}

/** A value to encode: numbers by the feature's kind, strings as bytes. */
export type ExampleValue = number | string;

const LEN = WireType.LENGTH_DELIMITED;

/** The list message of `kind` holding `values` (numbers packed, as TensorFlow writes them). */
export function encodeList(kind: FeatureKind, values: readonly ExampleValue[]): Uint8Array {
  const w = new WireWriter();
  if (values.length === 0) return w.finish();
  if (kind === 1) {
    for (const v of values) {
      w.tag(1, LEN);
      w.string(String(v));
    }
    return w.finish();
  }
  w.tag(1, LEN);
  const packed = w.beginDelimited();
  for (const v of values) {
    if (kind === 2) w.float(Number(v));
    else w.varint64(Number(v));
  }
  w.endDelimited(packed);
  return w.finish();
}

/** A feature holding `values` as a list of `kind`. */
export function listFeature(name: string, kind: FeatureKind, values: readonly ExampleValue[]): ExampleFeature {
  return { name, kind, list: encodeList(kind, values) };
}

/** Serializes features in the given order (TFX sorts them by name: deterministic serialization). */
export function serializeExample(features: readonly ExampleFeature[]): Uint8Array {
  const w = new WireWriter();
  w.tag(1, LEN);
  const example = w.beginDelimited();
  for (const f of features) {
    w.tag(1, LEN);
    const entry = w.beginDelimited();
    w.tag(1, LEN);
    w.string(f.name);
    if (f.kind !== null) {
      w.tag(2, LEN);
      const feature = w.beginDelimited();
      if (f.kind !== 0) {
        w.tag(f.kind, LEN);
        w.bytes(f.list ?? new Uint8Array());
      }
      w.endDelimited(feature);
    }
    w.endDelimited(entry);
  }
  w.endDelimited(example);
  return w.finish();
}

/** The features of a serialized tf.Example, in their wire order. */
export function exampleFeatures(example: Uint8Array): ExampleFeature[] {
  const out: ExampleFeature[] = [];
  for (const [start, end] of topLevelFields(example).features) {
    visitFeatures(example, start, end, (name, featureStart, featureEnd) => {
      const list = featureKind(example, featureStart, featureEnd);
      out.push({ name, kind: list.kind as FeatureKind | 0, list: example.subarray(list.start, list.end) });
    });
  }
  return out;
}

/** A plain TFRecord file of `records`: length, masked CRC32C of it, data, masked CRC32C of the data. */
export function tfRecordFile(records: readonly Uint8Array[]): Buffer {
  return Buffer.concat(
    records.flatMap((data) => {
      const head = Buffer.alloc(12);
      head.writeBigUInt64LE(BigInt(data.length));
      head.writeUInt32LE(maskedCrc32c(head, 0, 8), 8);
      const tail = Buffer.alloc(4);
      tail.writeUInt32LE(maskedCrc32c(data));
      return [head, data, tail];
    }),
  );
}
