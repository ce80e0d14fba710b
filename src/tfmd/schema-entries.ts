import type { Feature, Schema, StringDomain } from './types.js';

/**
 * The feature at a path (one step per nesting level), descending through `struct_domain`
 * children; undefined when absent. An unset name reads as "", as in the proto. Declared here so
 * that the layers below `schema` (the report) find entries the way `getFeature` does.
 */
export function featureAt(schema: Schema | undefined, steps: readonly string[]): Feature | undefined {
  let features = schema?.feature;
  let found: Feature | undefined;
  for (const step of steps) {
    found = features?.find((f) => (f.name ?? '') === step);
    if (!found) return undefined;
    features = found.structDomain?.feature;
  }
  return found;
}

/** The schema-level string domain with this name (what a feature's `domain` refers to), if any. */
export function stringDomainNamed(schema: Schema | undefined, name: string): StringDomain | undefined {
  return schema?.stringDomain?.find((d) => (d.name ?? '') === name);
}
