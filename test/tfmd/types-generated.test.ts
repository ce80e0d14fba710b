import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defineProtoFiles } from '../../src/proto/define-proto-file.js';
import { ProtoRegistry } from '../../src/proto/descriptor.js';
import { renderTfmdTypes } from '../../src/tfmd/render-types.js';
import type { DerivedFeatureConfig, Int64, IntDomain, Schema, TfmdMessageTypes } from '../../src/tfmd/types.js';

describe('src/tfmd/types.ts is generated from the descriptors', () => {
  it('regeneration changes nothing (run `npm run generate:tfmd-types` after editing descriptors.ts)', () => {
    const committed = readFileSync(new URL('../../src/tfmd/types.ts', import.meta.url), 'utf8');
    expect(renderTfmdTypes()).toBe(committed);
  });

  it('follows a descriptor change: a new field appears in the generated type', () => {
    const registry = new ProtoRegistry();
    defineProtoFiles(registry, [
      {
        package: 'tensorflow.metadata.v0',
        syntax: 'proto2',
        source: 'message IntDomain { optional string name = 1; optional int64 min = 3; repeated uint64 extra = 9; }',
      },
    ]);
    const text = renderTfmdTypes(registry);
    expect(text).toContain('export interface IntDomain {\n  name?: string;\n  min?: Int64;\n  extra?: Int64[];\n}');
    expect(text).toContain('  IntDomain: IntDomain;');
  });

  it('types 64-bit fields as Int64 (number or bigint) and keeps the published names', () => {
    const max: Int64 = 9223372036854775807n;
    const domain: IntDomain = { min: -1, max };
    const schema: Schema = { feature: [{ name: 'a', intDomain: domain }] };
    const config: DerivedFeatureConfig = { sliceSql: { floatDefaultFeatureValue: 0.5 } };
    const byName: TfmdMessageTypes['Schema'] = schema;
    expect(byName.feature?.[0]?.intDomain?.max).toBe(max);
    expect(config.sliceSql?.floatDefaultFeatureValue).toBe(0.5);
  });
});
