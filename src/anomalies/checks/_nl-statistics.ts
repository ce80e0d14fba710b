import type { AnyMessage } from '../../tfmd/types.js';

/** The fields of tensorflow_metadata's NaturalLanguageStatistics that validation reads. */
export interface NaturalLanguageStatistics {
  featureCoverage: number;
  avgTokenLength: number;
  tokenStatistics: TokenStatistics[];
}

export interface TokenStatistics {
  stringToken?: string;
  intToken?: number;
  fractionOfSequences: number;
  perSequenceMinFrequency: number;
  perSequenceMaxFrequency: number;
}

const typeUrlSuffix = 'tensorflow.metadata.v0.NaturalLanguageStatistics';

/**
 * Unpacks an Any holding NaturalLanguageStatistics (the `nl_statistics` custom statistic).
 * Returns undefined when the Any holds another type or the bytes are malformed (TFDV then skips
 * the natural-language checks). Only the fields validation needs are decoded.
 */
export function unpackNaturalLanguageStatistics(any: AnyMessage | undefined): NaturalLanguageStatistics | undefined {
  if (!any || !(any.typeUrl ?? '').endsWith(typeUrlSuffix)) return undefined;
  try {
    const out: NaturalLanguageStatistics = { featureCoverage: 0, avgTokenLength: 0, tokenStatistics: [] };
    readFields(any.value ?? new Uint8Array(), (field, wire, r) => {
      if (field === 1 && wire === 1) out.featureCoverage = r.double();
      else if (field === 2 && wire === 1) out.avgTokenLength = r.double();
      else if (field === 6 && wire === 2) out.tokenStatistics.push(readToken(r.bytes()));
      else r.skip(wire);
    });
    return out;
  } catch {
    return undefined;
  }
}

function readToken(bytes: Uint8Array): TokenStatistics {
  const t: TokenStatistics = { fractionOfSequences: 0, perSequenceMinFrequency: 0, perSequenceMaxFrequency: 0 };
  readFields(bytes, (field, wire, r) => {
    if (field === 1 && wire === 2) t.stringToken = new TextDecoder().decode(r.bytes());
    else if (field === 2 && wire === 0) t.intToken = Number(BigInt.asIntN(64, r.varint()));
    else if (field === 4 && wire === 1) t.fractionOfSequences = r.double();
    else if (field === 5 && wire === 1) t.perSequenceMinFrequency = r.double();
    else if (field === 7 && wire === 1) t.perSequenceMaxFrequency = r.double();
    else r.skip(wire);
  });
  return t;
}

class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error('truncated varint');
      const b = this.buf[this.pos++] as number;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
  }
  double(): number {
    if (this.pos + 8 > this.buf.length) throw new Error('truncated double');
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8).getFloat64(0, true);
    this.pos += 8;
    return v;
  }
  bytes(): Uint8Array {
    const n = Number(this.varint());
    if (this.pos + n > this.buf.length) throw new Error('truncated bytes');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
}

function readFields(bytes: Uint8Array, onField: (field: number, wire: number, r: Reader) => void): void {
  const r = new Reader(bytes);
  while (r.pos < bytes.length) {
    const tag = Number(r.varint());
    onField(tag >>> 3, tag & 7, r);
  }
}
