import type { EnumDescriptor, FieldDescriptor, MessageDescriptor, ProtoRegistry } from '../proto/descriptor.js';
import { ANY_TYPE_NAME } from '../proto/well-known.js';
import { tfmdRegistry } from './descriptors.js';

/**
 * Writes `src/tfmd/types.ts` from the descriptors: the TypeScript shape of every TFMD message is
 * derived from the one declaration in `descriptors.ts`, never written by hand. Regenerate with
 * `npm run generate:tfmd-types`; `test/tfmd/types-generated.test.ts` fails when the file is stale.
 */

const PACKAGES = ['tensorflow.metadata.v0.', 'tensorflow.data_validation.'];

/**
 * TypeScript names of nested (and renamed) types, kept as they were published. Any other nested type
 * is named parent + child (`Histogram.Bucket` -> `HistogramBucket`).
 */
const TYPE_NAMES: Readonly<Record<string, string>> = {
  'google.protobuf.Any': 'AnyMessage',
  'tensorflow.metadata.v0.SliceValueTypes': 'SliceValueType',
  'tensorflow.metadata.v0.FeatureNameStatistics.Type': 'StatisticsFeatureType',
  'tensorflow.metadata.v0.StringStatistics.FreqAndValue': 'FreqAndValue',
  'tensorflow.metadata.v0.NaturalLanguageStatistics.TokenStatistics': 'TokenStatistics',
  'tensorflow.metadata.v0.LiftSeries.LiftValue': 'LiftValue',
  'tensorflow.metadata.v0.Histogram.HistogramType': 'HistogramType',
  'tensorflow.metadata.v0.TimeDomain.IntegerTimeFormat': 'IntegerTimeFormat',
  'tensorflow.metadata.v0.TimeOfDayDomain.IntegerTimeOfDayFormat': 'IntegerTimeOfDayFormat',
  'tensorflow.metadata.v0.TensorRepresentation.RowPartitionDType': 'RowPartitionDType',
  'tensorflow.metadata.v0.SequenceMetadata.SequentialStatus': 'SequentialStatus',
  'tensorflow.metadata.v0.AnomalyInfo.Type': 'AnomalyType',
  'tensorflow.metadata.v0.AnomalyInfo.Severity': 'Severity',
  'tensorflow.metadata.v0.AnomalyInfo.Reason': 'AnomalyReason',
  'tensorflow.metadata.v0.Anomalies.AnomalyNameFormat': 'AnomalyNameFormat',
  'tensorflow.metadata.v0.DriftSkewInfo.Measurement': 'DriftSkewMeasurement',
  'tensorflow.metadata.v0.DriftSkewInfo.Measurement.Type': 'MeasurementType',
};

const HEADER = `// GENERATED from src/tfmd/descriptors.ts by src/tfmd/render-types.ts (npm run generate:tfmd-types).
// Do not edit: change the descriptors and regenerate; test/tfmd/types-generated.test.ts checks it.

/**
 * The tensorflow_metadata (TFMD) v0 message model as plain TypeScript data, one type per message
 * and enum of the descriptors (field numbers live there); what the codecs produce and consume.
 *
 * Representation rules, the same for every message:
 * - field names are the proto3 JSON lowerCamelCase names (\`num_examples\` -> \`numExamples\`);
 * - enums are their value names (\`'INT'\`, \`'QUANTILES'\`, \`'ERROR'\`);
 * - 32-bit integers are JS numbers; 64-bit integers (int64, uint64, ...) are \`Int64\`: a number when
 *   the value is a safe integer (|v| <= 2^53 - 1), a bigint otherwise, so every value is exact;
 *   encoders accept either; bytes are \`Uint8Array\`;
 * - repeated fields are optional arrays, maps are records, oneof members are optional fields of
 *   which at most one is set;
 * - an unset field is an absent property (presence matters for the proto2 messages: schema,
 *   anomalies, path);
 * - 32-bit \`float\` fields (e.g. \`avgNumValues\`, \`FloatDomain.min\`) hold the float32 value once
 *   parsed or decoded (\`0.1\` reads as 0.10000000149011612); printers show the shortest form (\`0.1\`);
 * - an enum number a proto3 (open) enum does not define is kept as a number.
 */

/** A 64-bit protobuf integer: a number when it is a safe integer, a bigint beyond 2^53 - 1. */
export type Int64 = number | bigint;
`;

const INT64_SCALARS: ReadonlySet<string> = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const LINE_WIDTH = 120;

function isTfmd(fullName: string): boolean {
  return fullName === ANY_TYPE_NAME || PACKAGES.some((p) => fullName.startsWith(p));
}

/** The TypeScript name of a message or enum. */
function tsName(fullName: string): string {
  const renamed = TYPE_NAMES[fullName];
  if (renamed !== undefined) return renamed;
  const pkg = PACKAGES.find((p) => fullName.startsWith(p));
  return (pkg ? fullName.slice(pkg.length) : fullName).split('.').join('');
}

/** The name a message is addressed by in the codec functions (`Schema`, `Histogram.Bucket`). */
function shortName(fullName: string): string {
  const pkg = PACKAGES.find((p) => fullName.startsWith(p));
  return pkg ? fullName.slice(pkg.length) : fullName;
}

function fieldType(registry: ProtoRegistry, field: FieldDescriptor): string {
  const type = field.type;
  let base: string;
  if (type.kind === 'scalar') {
    if (INT64_SCALARS.has(type.scalar)) base = 'Int64';
    else if (type.scalar === 'bool') base = 'boolean';
    else if (type.scalar === 'string') base = 'string';
    else if (type.scalar === 'bytes') base = 'Uint8Array';
    else base = 'number';
  } else {
    base = tsName(type.typeName);
    if (type.kind === 'message') registry.message(type.typeName);
  }
  if (field.mapKey !== undefined) return `Record<string, ${base}>`;
  return field.label === 'repeated' ? `${base}[]` : base;
}

function renderEnum(descriptor: EnumDescriptor): string {
  const name = tsName(descriptor.fullName);
  const values = descriptor.values.map((v) => `'${v.name}'`);
  const doc = `/** ${descriptor.fullName.replace(/^tensorflow\.metadata\.v0\./, '')} (${descriptor.closed ? 'proto2' : 'proto3'} enum). */\n`;
  const oneLine = `export type ${name} = ${values.join(' | ')};`;
  if (oneLine.length <= LINE_WIDTH) return `${doc}${oneLine}\n`;
  return `${doc}export type ${name} =\n${values.map((v) => `  | ${v}`).join('\n')};\n`;
}

function renderMessage(registry: ProtoRegistry, descriptor: MessageDescriptor): string {
  const name = tsName(descriptor.fullName);
  const doc = `/** ${shortName(descriptor.fullName)} (${descriptor.syntax}). */\n`;
  if (descriptor.fields.length === 0) return `${doc}export type ${name} = Record<string, never>;\n`;
  const lines = descriptor.fields.map((field) => {
    const notes: string[] = [];
    if (field.oneof !== undefined) notes.push(`oneof ${field.oneof}`);
    if (field.defaultValue !== undefined) notes.push(`default ${String(field.defaultValue)}`);
    const comment = notes.length > 0 ? `  /** ${notes.join('; ')} */\n` : '';
    return `${comment}  ${field.jsonName}?: ${fieldType(registry, field)};`;
  });
  return `${doc}export interface ${name} {\n${lines.join('\n')}\n}\n`;
}

/** The text of `src/tfmd/types.ts` for a registry (by default the TFMD one). */
export function renderTfmdTypes(registry: ProtoRegistry = tfmdRegistry): string {
  const enums = registry.enumNames().filter(isTfmd);
  const messages = registry
    .messageNames()
    .filter(isTfmd)
    .filter((n) => !registry.message(n).mapEntry);
  const seen = new Map<string, string>();
  for (const fullName of [...enums, ...messages]) {
    const name = tsName(fullName);
    const other = seen.get(name);
    if (other !== undefined) throw new Error(`TFMD types: ${fullName} and ${other} would both be named ${name}`);
    seen.set(name, fullName);
  }
  const parts = [HEADER];
  parts.push(
    '// ---------------------------------------------------------------------------------------------\n// Enums\n',
  );
  for (const fullName of enums) parts.push(renderEnum(registry.enum(fullName)));
  parts.push(
    '// ---------------------------------------------------------------------------------------------\n// Messages\n',
  );
  for (const fullName of messages) parts.push(renderMessage(registry, registry.message(fullName)));
  const entries = messages
    .filter((n) => n !== ANY_TYPE_NAME)
    .map((n) => {
      const key = shortName(n);
      return `  ${key.includes('.') ? `'${key}'` : key}: ${tsName(n)};`;
    });
  parts.push(
    `/**\n * Message name -> TypeScript type, for the codec functions' return types: the names of\n * tensorflow.metadata.v0 (and tensorflow.data_validation) messages relative to their package.\n */\nexport interface TfmdMessageTypes {\n${entries.join('\n')}\n}\n`,
  );
  return parts.join('\n');
}
