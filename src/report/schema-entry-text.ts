import { printTextFormat } from '../tfmd/index.js';
import type { Feature } from '../tfmd/types.js';

/**
 * A schema feature entry in protobuf text format, as it appears in a schema.pbtxt (printed by
 * the TFMD text printer, so it reads exactly like the file), for showing a feature's schema and
 * the suggested change to it.
 */
export function formatSchemaEntry(feature: Feature): string {
  return printTextFormat('Schema', { feature: [feature] }).trimEnd();
}
