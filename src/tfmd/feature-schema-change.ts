import { isDeepStrictEqual } from 'node:util';
import { printTextFormat } from './codec.js';
import { featureAt, stringDomainNamed } from './schema-entries.js';
import type { Feature, Schema, StringDomain } from './types.js';

/**
 * A change to one feature of a schema, as data: its entry before and after, and the schema-level
 * string domain it refers to when that changes. The anomalies layer attaches one to each anomaly
 * (`SchemaFix`: TFDV's minimal relaxation, what `updateSchema` applies) and the report prints it
 * as the suggested fix. TFDV once attached the same thing as `diff_regions` over the schema's
 * text; open-source TFDV leaves them empty, so the anomalies proto stays without them and the
 * change travels beside it.
 */
export interface FeatureSchemaChange {
  readonly path: readonly string[];
  /** The entry before the change; absent for a feature the change adds. */
  readonly before?: Feature;
  /** The entry after the change; absent when the change removes it. */
  readonly after?: Feature;
  /** The schema-level string domain the feature refers to (`domain: "name"`), when the change alters it. */
  readonly stringDomain?: {
    readonly name: string;
    readonly before?: StringDomain;
    readonly after?: StringDomain;
  };
}

/**
 * The change at `path` from one schema to another: a schema and its working copy fixed for one
 * anomaly, or a schema and its suggested (updated) version. Undefined when the entry and its
 * string domain read the same in both; the entries returned are copies.
 */
export function featureSchemaChange(
  from: Schema | undefined,
  to: Schema,
  path: readonly string[],
): FeatureSchemaChange | undefined {
  const before = featureAt(from, path);
  const after = featureAt(to, path);
  const name = before?.domain ?? after?.domain;
  const domainBefore = name === undefined ? undefined : stringDomainNamed(from, name);
  const domainAfter = name === undefined ? undefined : stringDomainNamed(to, name);
  const domainChanged = name !== undefined && !sameEntry('stringDomain', domainBefore, domainAfter);
  if (sameEntry('feature', before, after) && !domainChanged) return undefined;
  return {
    path: [...path],
    ...(before ? { before: structuredClone(before) } : {}),
    ...(after ? { after: structuredClone(after) } : {}),
    ...(domainChanged
      ? {
          stringDomain: {
            name,
            ...(domainBefore ? { before: structuredClone(domainBefore) } : {}),
            ...(domainAfter ? { after: structuredClone(domainAfter) } : {}),
          },
        }
      : {}),
  };
}

/**
 * Two entries are the same when they read the same in the schema file (text format): a schema
 * read from a file and one changed in memory can differ as data where the file cannot, e.g. a
 * double the `float` field stores as the same float32, or a field present as `undefined`.
 * Equal data is the same text, so that is tried first.
 */
function sameEntry<K extends 'feature' | 'stringDomain'>(
  kind: K,
  a: NonNullable<Schema[K]>[number] | undefined,
  b: NonNullable<Schema[K]>[number] | undefined,
): boolean {
  if (isDeepStrictEqual(a, b)) return true;
  if (a === undefined || b === undefined) return false;
  return printTextFormat('Schema', { [kind]: [a] }) === printTextFormat('Schema', { [kind]: [b] });
}
