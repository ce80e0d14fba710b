import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FieldDescriptor, ScalarType } from '../../src/proto/descriptor.js';
import { tfmdRegistry } from '../../src/tfmd/descriptors.js';
import { type EnumProto, type FieldProto, type MessageProto, readDescriptorSet } from './descriptor-set.js';

// tensorflow_metadata's own .proto files and the descriptor set protoc 3.21 compiled from them
// (test/fixtures/tfmd-protos/PROVENANCE.md). The test reads the set with datavet's binary codec.
const dir = join(import.meta.dirname, '..', 'fixtures', 'tfmd-protos');
const protoDir = join(dir, 'tensorflow_metadata', 'proto', 'v0');
const files = readDescriptorSet(new Uint8Array(readFileSync(join(dir, 'tfmd-descriptors.pb'))));

const SCALARS: Record<string, ScalarType> = {
  TYPE_DOUBLE: 'double',
  TYPE_FLOAT: 'float',
  TYPE_INT64: 'int64',
  TYPE_UINT64: 'uint64',
  TYPE_INT32: 'int32',
  TYPE_FIXED64: 'fixed64',
  TYPE_FIXED32: 'fixed32',
  TYPE_BOOL: 'bool',
  TYPE_STRING: 'string',
  TYPE_BYTES: 'bytes',
  TYPE_UINT32: 'uint32',
  TYPE_SFIXED32: 'sfixed32',
  TYPE_SFIXED64: 'sfixed64',
  TYPE_SINT32: 'sint32',
  TYPE_SINT64: 'sint64',
};

/** One field as the real descriptor defines it, in the vocabulary of datavet's FieldDescriptor. */
interface Expected {
  name: string;
  jsonName: string;
  number: number;
  label: FieldDescriptor['label'];
  type: string;
  mapKey?: string;
  packed: boolean;
  oneof?: string;
  hasPresence: boolean;
  defaultValue?: string;
}

interface Collected {
  messages: Map<string, { fields: Expected[]; mapEntry: boolean }>;
  enums: Map<string, { name: string; number: number }[]>;
}

function collect(): Collected {
  const out: Collected = { messages: new Map(), enums: new Map() };
  for (const file of files) {
    if (!file.package.startsWith('tensorflow.metadata')) continue;
    const proto3 = file.syntax === 'proto3';
    const addEnum = (scope: string, e: EnumProto) => out.enums.set(`${scope}.${e.name}`, e.value ?? []);
    const addMessage = (scope: string, m: MessageProto) => {
      const fullName = `${scope}.${m.name}`;
      const nested = new Map((m.nestedType ?? []).map((n) => [`.${fullName}.${n.name}`, n]));
      for (const e of m.enumType ?? []) addEnum(fullName, e);
      for (const n of m.nestedType ?? []) addMessage(fullName, n);
      const fields = (m.field ?? []).map((f) => expectedField(f, m, nested, proto3));
      out.messages.set(fullName, { fields, mapEntry: m.options?.mapEntry === true });
    };
    for (const e of file.enumType ?? []) addEnum(file.package, e);
    for (const m of file.messageType ?? []) addMessage(file.package, m);
  }
  return out;
}

function expectedField(f: FieldProto, m: MessageProto, nested: Map<string, MessageProto>, proto3: boolean): Expected {
  const entry = f.typeName !== undefined ? nested.get(f.typeName) : undefined;
  const isMap = entry?.options?.mapEntry === true;
  const typeOf = (field: FieldProto): string =>
    field.type === 'TYPE_MESSAGE' || field.type === 'TYPE_ENUM'
      ? (field.typeName ?? '').replace(/^\./, '')
      : (SCALARS[field.type] ?? field.type);
  const repeated = f.label === 'LABEL_REPEATED';
  const realOneof = f.oneofIndex !== undefined && f.proto3Optional !== true;
  const scalarOrEnum = f.type !== 'TYPE_MESSAGE' && f.type !== 'TYPE_STRING' && f.type !== 'TYPE_BYTES';
  const out: Expected = {
    name: f.name,
    jsonName: f.jsonName ?? f.name,
    number: f.number,
    label: isMap ? 'repeated' : f.label === 'LABEL_REQUIRED' ? 'required' : repeated ? 'repeated' : 'optional',
    type: isMap ? typeOf(entry?.field?.[1] as FieldProto) : typeOf(f),
    packed: repeated && !isMap && scalarOrEnum && (f.options?.packed ?? proto3),
    hasPresence: !repeated && (f.type === 'TYPE_MESSAGE' || !proto3 || f.oneofIndex !== undefined),
  };
  if (isMap) out.mapKey = typeOf(entry?.field?.[0] as FieldProto);
  if (realOneof) out.oneof = m.oneofDecl?.[f.oneofIndex as number]?.name as string;
  if (f.defaultValue !== undefined) out.defaultValue = f.defaultValue;
  return out;
}

function actualField(f: FieldDescriptor): Expected {
  const out: Expected = {
    name: f.name,
    jsonName: f.jsonName,
    number: f.number,
    label: f.label,
    type: f.type.kind === 'scalar' ? f.type.scalar : f.type.typeName,
    packed: f.packed,
    hasPresence: f.hasPresence,
  };
  if (f.mapKey !== undefined) out.mapKey = f.mapKey;
  if (f.oneof !== undefined) out.oneof = f.oneof;
  if (f.defaultValue !== undefined) {
    // protoc writes defaults in their shortest spelling (`1` for a double 1.0) and enum defaults by name.
    out.defaultValue = String(f.defaultValue);
  }
  return out;
}

const real = collect();

describe('TFMD descriptors against tensorflow_metadata .proto files', () => {
  it('reads the committed descriptor set: every TFMD file, message and enum', () => {
    expect(files.map((f) => f.name).filter((n) => n.startsWith('tensorflow_metadata'))).toHaveLength(5);
    expect(real.messages.size).toBeGreaterThan(80);
    expect(real.messages.get('tensorflow.metadata.v0.Schema')?.fields.length).toBeGreaterThan(8);
  });

  it('declares every message of the real protos with the same fields (name, number, type, label, oneof, packing, default)', () => {
    const problems: string[] = [];
    for (const [name, message] of real.messages) {
      if (message.mapEntry) continue; // map entries are synthesized from the map field
      const ours = tfmdRegistry.findMessage(name);
      if (!ours) {
        problems.push(`${name}: missing`);
        continue;
      }
      const expected = new Map(message.fields.map((f) => [f.number, f]));
      for (const field of ours.fields) {
        const want = expected.get(field.number);
        if (!want) problems.push(`${name}.${field.name} = ${field.number}: not in the real proto`);
        else if (JSON.stringify(actualField(field)) !== JSON.stringify(want)) {
          problems.push(`${name}.${field.name}: ${JSON.stringify(actualField(field))} != ${JSON.stringify(want)}`);
        }
        expected.delete(field.number);
      }
      for (const missing of expected.values()) problems.push(`${name}.${missing.name} = ${missing.number}: missing`);
    }
    expect(problems).toEqual([]);
  });

  it('declares every enum with the same value names and numbers', () => {
    const problems: string[] = [];
    for (const [name, values] of real.enums) {
      if (!tfmdRegistry.hasEnum(name)) {
        problems.push(`${name}: missing`);
        continue;
      }
      // Declaration order does not matter (no aliases): compare name=number pairs by number.
      const pairs = (list: readonly { name: string; number: number }[]) =>
        [...list].sort((a, b) => a.number - b.number).map((v) => `${v.name}=${v.number}`);
      const ours = pairs(tfmdRegistry.enum(name).values);
      const theirs = pairs(values);
      if (JSON.stringify(ours) !== JSON.stringify(theirs)) problems.push(`${name}: ${ours} != ${theirs}`);
    }
    expect(problems).toEqual([]);
  });

  it('declares no TFMD message or enum the real protos lack', () => {
    const extra = [
      ...tfmdRegistry.messageNames().filter((n) => n.startsWith('tensorflow.metadata.') && !n.endsWith('Entry')),
      ...tfmdRegistry.enumNames().filter((n) => n.startsWith('tensorflow.metadata.')),
    ].filter((n) => !real.messages.has(n) && !real.enums.has(n));
    expect(extra).toEqual([]);
  });

  // The committed descriptor set must be what protoc makes of the committed .proto files. protoc is a
  // Debian package (protobuf-compiler) that CI installs; without it this second opinion is skipped.
  const protoc = (() => {
    if (!existsSync('/usr/include/google/protobuf/any.proto')) return false;
    try {
      execFileSync('protoc', ['--version'], { stdio: 'pipe' });
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(!protoc)(
    '(skipped without protoc and its google/protobuf includes) the descriptor set is what protoc compiles from the committed .proto files',
    () => {
      const out = mkdtempSync(join(tmpdir(), 'datavet-protoc-'));
      try {
        const target = join(out, 'set.pb');
        const protos = readdirSync(protoDir)
          .filter((n) => n.endsWith('.proto'))
          .sort()
          .map((n) => `tensorflow_metadata/proto/v0/${n}`);
        execFileSync('protoc', [
          '-I',
          dir,
          '-I',
          '/usr/include',
          '--include_imports',
          `--descriptor_set_out=${target}`,
          ...protos,
        ]);
        const regenerated = readDescriptorSet(new Uint8Array(readFileSync(target)));
        expect(regenerated.filter((f) => f.name.startsWith('tensorflow_metadata'))).toEqual(
          files.filter((f) => f.name.startsWith('tensorflow_metadata')),
        );
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    },
  );
});
