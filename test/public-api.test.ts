import { describe, expect, it } from 'vitest';
import {
  checkCompatibility,
  checkCompatibilityTransitive,
  classifyChanges,
  diffSchemas,
  parseTextFormat,
  unifiedDiff,
} from '../src/index.js';

// The schema-evolution API is reachable from the package root, not only from src/schema.
describe('public API: schema evolution', () => {
  const v1 = parseTextFormat('Schema', 'feature { name: "a" type: INT presence { min_count: 1 } }');
  const v2 = parseTextFormat(
    'Schema',
    'feature { name: "a" type: INT presence { min_count: 1 } }\nfeature { name: "b" type: FLOAT presence { min_fraction: 1 } }',
  );

  it('diffs, classifies and checks a schema change', () => {
    expect(diffSchemas(v1, v1)).toEqual([]);
    const changes = diffSchemas(v1, v2);
    expect(changes.length).toBeGreaterThan(0);
    expect(classifyChanges(changes)).toBe(checkCompatibility(v1, v2, 'full').class);
    expect(checkCompatibility(v1, v1, 'full')).toMatchObject({ compatible: true, class: 'FULL' });
    expect(checkCompatibilityTransitive([v1, v1, v1], 'backward')).toEqual({ compatible: true, violations: [] });
  });

  it('prints a unified diff', () => {
    expect(unifiedDiff('a\n', 'b\n', { fromName: 'v1', toName: 'v2' })).toContain('--- v1\n+++ v2\n');
  });
});
