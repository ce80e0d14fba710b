import type { Feature } from '../tfmd/types.js';

/**
 * Fields of the Feature message (and the messages under it) whose values are enums: printed
 * bare, as protobuf text format does, where every other string is quoted.
 */
const ENUM_FIELDS = new Set(['type', 'lifecycleStage', 'integerFormat', 'sequentialStatus', 'featureValueType']);

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function scalar(key: string, value: unknown): string {
  if (typeof value === 'string') {
    // StringDomain.is_categorical is an enum; Int/FloatDomain.is_categorical is a bool.
    const isEnum = ENUM_FIELDS.has(key) || (key === 'isCategorical' && /^CATEGORICAL_/.test(value));
    return isEnum ? value : quote(value);
  }
  if (value instanceof Uint8Array) return quote(Array.from(value, (b) => String.fromCharCode(b)).join(''));
  return String(value);
}

function printFields(message: object, indent: string, lines: string[]): void {
  for (const [key, value] of Object.entries(message)) {
    if (value === undefined) continue;
    const values: unknown[] = Array.isArray(value) ? value : [value];
    for (const item of values) {
      if (item !== null && typeof item === 'object' && !(item instanceof Uint8Array)) {
        lines.push(`${indent}${snakeCase(key)} {`);
        printFields(item, `${indent}  `, lines);
        lines.push(`${indent}}`);
      } else {
        lines.push(`${indent}${snakeCase(key)}: ${scalar(key, item)}`);
      }
    }
  }
}

/**
 * A schema feature entry in protobuf text format, as it appears in a schema.pbtxt, so the
 * report can show a feature's schema and the suggested change to it.
 */
export function formatSchemaEntry(feature: Feature): string {
  const lines: string[] = ['feature {'];
  printFields(feature, '  ', lines);
  lines.push('}');
  return lines.join('\n');
}
