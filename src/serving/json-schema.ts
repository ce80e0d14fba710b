import {
  assertKnownEnvironment,
  isFeatureDeprecated,
  isFeatureInEnvironment,
  isPresenceRequired,
} from '../environments/index.js';
import type { Feature, Schema, SparseFeature } from '../tfmd/types.js';
import { INT64_MAX, INT64_MIN_DOUBLE } from '../tfmd/vocabulary.js';

/** A JSON Schema (draft-07 subset) as plain data. */
export type JsonSchema = { readonly [keyword: string]: unknown } | boolean;

/** Options of {@link toJsonSchema}. */
export interface ToJsonSchemaOptions {
  readonly environment?: string;
  /** As in `RequestValidatorOptions.presence`. */
  readonly presence?: 'every-example' | 'existence';
}

const INT_PATTERN = '^\\s*[+-]?\\d+\\s*$';

function leafSchema(feature: Feature, schema: Schema, options: ToJsonSchemaOptions): JsonSchema {
  const strings =
    feature.domain !== undefined ? schema.stringDomain?.find((d) => d.name === feature.domain) : feature.stringDomain;
  switch (feature.type) {
    case 'INT': {
      if (feature.boolDomain) return { anyOf: [{ enum: [0, 1] }, { type: 'boolean' }] };
      const d = feature.intDomain;
      return { type: 'integer', minimum: d?.min ?? INT64_MIN_DOUBLE, maximum: d?.max ?? Number(INT64_MAX) };
    }
    case 'FLOAT': {
      if (feature.boolDomain) return { anyOf: [{ enum: [0, 1] }, { type: 'boolean' }] };
      const d = feature.floatDomain;
      return {
        type: 'number',
        ...(d?.min !== undefined ? { minimum: d.min } : {}),
        ...(d?.max !== undefined ? { maximum: d.max } : {}),
      };
    }
    case 'BYTES': {
      if (strings && !feature.distributionConstraints)
        return { type: 'string', enum: [...new Set(strings.value ?? [])] };
      if (feature.intDomain) return { type: 'string', pattern: INT_PATTERN };
      if (feature.boolDomain) {
        const values = [feature.boolDomain.trueValue, feature.boolDomain.falseValue].filter((v) => v !== undefined);
        return { type: 'string', enum: values };
      }
      return { type: 'string' };
    }
    case 'STRUCT':
      return objectSchema(
        feature.structDomain?.feature ?? [],
        feature.structDomain?.sparseFeature ?? [],
        schema,
        options,
      );
    default:
      return true;
  }
}

function nested(leaf: JsonSchema, levels: readonly { min?: number; max?: number }[]): JsonSchema {
  let result = leaf;
  for (let i = levels.length - 1; i >= 0; i--) {
    const bounds = levels[i] ?? {};
    result = {
      type: 'array',
      items: result,
      ...(bounds.min !== undefined ? { minItems: bounds.min } : {}),
      ...(bounds.max !== undefined ? { maxItems: bounds.max } : {}),
    };
  }
  return result;
}

function valueSchema(feature: Feature, schema: Schema, options: ToJsonSchemaOptions): JsonSchema {
  const leaf = leafSchema(feature, schema, options);
  if (feature.valueCounts?.valueCount?.length) {
    return nested(
      leaf,
      feature.valueCounts.valueCount.map((c) => ({
        ...(c.min !== undefined ? { min: Number(c.min) } : {}),
        ...(c.max !== undefined ? { max: Number(c.max) } : {}),
      })),
    );
  }
  if (feature.shape?.dim?.length) {
    const dims = feature.shape.dim.map((d) => Number(d.size ?? 0));
    const flat = dims.reduce((a, b) => a * b, 1);
    return {
      anyOf: [
        nested(
          leaf,
          dims.map((size) => ({ min: size, max: size })),
        ),
        nested(leaf, [{ min: flat, max: flat }]),
      ],
    };
  }
  const min = Number(feature.valueCount?.min ?? 0);
  const max = feature.valueCount?.max === undefined ? undefined : Number(feature.valueCount.max);
  const list = nested(leaf, [{ min, ...(max !== undefined ? { max } : {}) }]);
  return min <= 1 && (max === undefined || max >= 1) ? { anyOf: [leaf, list] } : list;
}

function objectSchema(
  features: readonly Feature[],
  sparse: readonly SparseFeature[],
  schema: Schema,
  options: ToJsonSchemaOptions,
): JsonSchema {
  // Null-prototype maps: feature names are data and must not reach Object.prototype.
  const properties: Record<string, JsonSchema> = Object.create(null);
  const required: string[] = [];
  for (const s of sparse) {
    for (const name of [s.name, s.valueFeature?.name, ...(s.indexFeature ?? []).map((i) => i.name)]) {
      if (name !== undefined) properties[name] = true;
    }
  }
  for (const feature of features) {
    const name = feature.name;
    if (name === undefined) continue;
    if (isFeatureDeprecated(feature)) {
      properties[name] = true;
    } else if (!isFeatureInEnvironment(feature, schema, options.environment)) {
      properties[name] = { type: 'null' };
    } else {
      const presenceRequired =
        isPresenceRequired(feature, schema, options.environment) &&
        (options.presence === 'existence' || (feature.presence?.minFraction ?? 0) >= 1);
      const value = valueSchema(feature, schema, options);
      if (presenceRequired) {
        required.push(name);
        properties[name] = value;
      } else {
        properties[name] = { anyOf: [{ type: 'null' }, value] };
      }
    }
  }
  return {
    type: 'object',
    properties: { ...properties },
    ...(required.length ? { required } : {}),
    additionalProperties: { type: 'null' },
  };
}

/**
 * The JSON Schema equivalent of a datavet schema for requests in one environment, for tools
 * that speak JSON Schema (OpenAPI documents, validators in other languages). It states what
 * the request validator accepts, with three approximations JSON Schema cannot express: float
 * bounds are compared as doubles (TFDV compares float32), int/float strings are matched by
 * pattern only, and `distribution_constraints` on string domains are dropped.
 */
export function toJsonSchema(schema: Schema, options: ToJsonSchemaOptions = {}): JsonSchema {
  assertKnownEnvironment(schema, options.environment);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    ...(objectSchema(schema.feature ?? [], schema.sparseFeature ?? [], schema, options) as object),
  };
}
