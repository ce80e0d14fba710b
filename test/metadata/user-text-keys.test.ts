import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openMetadataStore } from '../../src/metadata/open-metadata-store.js';

const dir = mkdtempSync(join(tmpdir(), 'datavet-user-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('property names are user text', () => {
  it.each(['memory:', 'sqlite'])(
    '%s: properties named __proto__ and constructor are stored and read back',
    async (kind) => {
      const store = await openMetadataStore(kind === 'sqlite' ? join(dir, 'store.sqlite') : kind);
      try {
        // JSON.parse makes `__proto__` an own property, as a user's JSON would.
        const properties = JSON.parse('{"__proto__": "INT", "constructor": "STRING"}');
        const typeId = await store.putArtifactType({ name: 'Thing', properties });
        const [type] = await store.getArtifactTypesByIds([typeId]);
        expect(Object.entries(type!.properties ?? {})).toEqual([
          ['__proto__', 'INT'],
          ['constructor', 'STRING'],
        ]);
        const [id] = await store.putArtifacts([
          {
            typeId,
            uri: 'u',
            properties: JSON.parse('{"__proto__": {"intValue": 7}}'),
            customProperties: JSON.parse('{"__proto__": {"stringValue": "x"}, "toString": {"stringValue": "y"}}'),
          },
        ]);
        const [artifact] = await store.getArtifactsByIds([id!]);
        expect(Object.entries(artifact!.properties ?? {})).toEqual([['__proto__', { intValue: 7 }]]);
        expect(Object.keys(artifact!.customProperties ?? {}).sort()).toEqual(['__proto__', 'toString']);
      } finally {
        await store.close();
      }
    },
  );
});
