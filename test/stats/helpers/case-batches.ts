import { readFileSync } from 'node:fs';
import {
  Binary,
  type Data,
  type DataType,
  Field,
  Float32,
  Float64,
  Int32,
  Int64,
  LargeBinary,
  LargeList,
  List,
  makeData,
  Null,
  RecordBatch,
  Schema,
  Struct,
} from 'apache-arrow';

/** A JSON-encoded column of a conformance case (test/fixtures/conformance/tfdv/PROVENANCE.md). */
interface CaseColumn {
  name: string;
  values: unknown[];
  arrow_type: string | null;
}

/**
 * Reads a cases.json file keeping the int/float distinction Python's json wrote (`1.0` vs `1`):
 * float literals outside strings become `{"$float": "1.0"}` like the special values.
 */
export function loadCases(path: string): Record<string, unknown>[] {
  const raw = readFileSync(path, 'utf8');
  const marked = raw.replace(/"(?:[^"\\]|\\.)*"|-?\d+\.\d+(?:[eE][-+]?\d+)?|-?\d+[eE][-+]?\d+/g, (m) =>
    m.startsWith('"') ? m : `{"$float":"${m}"}`,
  );
  return JSON.parse(marked) as Record<string, unknown>[];
}

/** Unwraps `{"$float": ...}` markers in option values. */
export function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('$float' in o) return Number(String(o.$float).replace('Infinity', 'Infinity'));
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

type Leaf = 'float64' | 'float32' | 'int64' | 'int32' | 'binary' | 'large_binary';

function isFloat(v: unknown): boolean {
  return v !== null && typeof v === 'object' && '$float' in (v as object);
}

function inferLeaf(values: unknown[]): Leaf {
  for (const row of values) {
    if (!Array.isArray(row)) continue;
    for (const v of row) {
      if (isFloat(v)) return 'float64';
      if (typeof v === 'string' || (v !== null && typeof v === 'object')) return 'binary';
    }
  }
  return 'int64';
}

function numberOf(v: unknown): number {
  if (typeof v === 'number') return v;
  return Number((v as { $float: string }).$float);
}

function bytesOf(v: unknown): Uint8Array {
  if (typeof v === 'string') return new TextEncoder().encode(v);
  const o = v as { $bytes_utf8?: string; $bytes_b64?: string };
  if (o.$bytes_utf8 !== undefined) return new TextEncoder().encode(o.$bytes_utf8);
  return new Uint8Array(Buffer.from(o.$bytes_b64 ?? '', 'base64'));
}

function leafData(leaf: Leaf, items: unknown[]): Data {
  switch (leaf) {
    case 'float64':
      return makeData({ type: new Float64(), length: items.length, data: Float64Array.from(items, numberOf) });
    case 'float32':
      return makeData({ type: new Float32(), length: items.length, data: Float32Array.from(items, numberOf) });
    case 'int64':
      return makeData({
        type: new Int64(),
        length: items.length,
        data: BigInt64Array.from(items, (v) => BigInt(numberOf(v))),
      });
    case 'int32':
      return makeData({ type: new Int32(), length: items.length, data: Int32Array.from(items, numberOf) });
    default: {
      const chunks = items.map(bytesOf);
      const offsets = new Int32Array(chunks.length + 1);
      chunks.forEach((c, i) => {
        offsets[i + 1] = offsets[i]! + c.length;
      });
      const data = new Uint8Array(offsets[chunks.length]!);
      chunks.forEach((c, i) => {
        data.set(c, offsets[i]!);
      });
      if (leaf === 'large_binary') {
        return makeData({
          type: new LargeBinary(),
          length: chunks.length,
          valueOffsets: BigInt64Array.from(offsets, (o) => BigInt(o)),
          data,
        });
      }
      return makeData({ type: new Binary(), length: chunks.length, valueOffsets: offsets, data });
    }
  }
}

/** One Arrow column (a list per row, null = missing) from a case column. */
export function caseColumn(column: CaseColumn): Data {
  const rows = column.values as (unknown[] | null)[];
  const t = column.arrow_type;
  if (t === 'null') return makeData({ type: new Null(), length: rows.length });
  const m = t === null ? null : /^(large_)?list<(.+)>$/.exec(t);
  const large = m?.[1] !== undefined;
  const leaf = (m?.[2] === 'double' ? 'float64' : (m?.[2] as Leaf | undefined)) ?? inferLeaf(rows);
  const items = rows.flatMap((r) => r ?? []);
  const child = leafData(leaf, items);
  const offsets = new Int32Array(rows.length + 1);
  const bitmap = new Uint8Array(Math.ceil(rows.length / 8) || 1);
  let nulls = 0;
  rows.forEach((r, i) => {
    offsets[i + 1] = offsets[i]! + (r?.length ?? 0);
    if (r === null) nulls++;
    else bitmap[i >> 3]! |= 1 << (i & 7);
  });
  const field = new Field('item', child.type as DataType, true);
  return makeData({
    type: large ? new LargeList(field) : new List(field),
    length: rows.length,
    nullCount: nulls,
    nullBitmap: bitmap,
    valueOffsets: large ? BigInt64Array.from(offsets, (o) => BigInt(o)) : offsets,
    child,
  } as never);
}

/** A record batch from a case batch `{columns: [...]}`. */
export function caseBatch(batch: { columns: CaseColumn[] }): RecordBatch {
  const children = batch.columns.map(caseColumn);
  const fields = batch.columns.map((c, i) => new Field(c.name, children[i]!.type as DataType, true));
  const length = children[0]?.length ?? 0;
  const data = makeData({ type: new Struct(fields), length, nullCount: 0, children });
  return new RecordBatch(new Schema(fields), data);
}
