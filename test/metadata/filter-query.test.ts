import { afterAll, describe, expect, it } from 'vitest';
import { resolveFilterQuery, tokenize } from '../../src/metadata/filter-query.js';
import { compileFilter } from '../../src/metadata/sql-filter.js';
import { testBackends } from './backends.js';
import { expectCode } from './conformance-cases.js';

describe('filter_query parser', () => {
  it('tokenizes names, quoted text, numbers and operators', () => {
    expect(tokenize(`a.b_c != 'x\\'y' AND n >= -2.5`).map((t) => t.kind)).toEqual([
      'ident',
      'dot',
      'ident',
      'op',
      'string',
      'ident',
      'ident',
      'op',
      'number',
      'end',
    ]);
  });

  it('resolves enum names to numbers and makes != match NULL too', () => {
    const f = resolveFilterQuery('artifact', 'state != LIVE');
    expect(f.expr).toMatchObject({ kind: 'or', left: { kind: 'compare', value: 2 }, right: { kind: 'isNull' } });
  });

  it('puts every user value in a parameter, never in the SQL text', () => {
    const value = "a'; DROP TABLE Artifact; --";
    const f = resolveFilterQuery(
      'artifact',
      `uri = "${value}" OR custom_properties.\`we ird\`.string_value LIKE "%x%"`,
    );
    for (const dialect of ['sqlite', 'postgres', 'mysql'] as const) {
      const sql = compileFilter(f, dialect);
      expect(sql.sql).not.toContain('DROP');
      expect(sql.sql).not.toContain('we ird');
      expect(sql.params).toEqual([value, 'we ird', dialect === 'postgres' ? true : 1, '%x%']);
    }
  });

  it('rejects ABANDONED (not in MLMD enum mapping), unknown fields and type mismatches', async () => {
    for (const q of [
      'state = ABANDONED',
      'nope = 1',
      "id = 'x'",
      'uri = 3',
      'events_a.type = PENDING_OUTPUT',
      'name LIKE 3',
      // Field names are user text: none may find a member of Object.prototype.
      'constructor = 1',
      '__proto__ = 1',
      'properties.p.constructor = 1',
      'events_a.toString = 1',
    ]) {
      await expectCode(
        Promise.resolve().then(() => resolveFilterQuery('artifact', q)),
        'INVALID_ARGUMENT',
      );
    }
  });

  it('compiles aliases into one EXISTS with a join per alias', () => {
    const f = resolveFilterQuery(
      'execution',
      "contexts_a.name = 'p' AND contexts_a.type = 'pipeline' AND contexts_b.name = 'r'",
    );
    const sql = compileFilter(f, 'postgres');
    expect(sql.sql.match(/EXISTS/g)).toHaveLength(1);
    expect(sql.sql).toContain('Association fr0');
    expect(sql.sql).toContain('Association fr1');
    expect(sql.params).toEqual(['p', 'pipeline', 'r']);
  });
});

const INJECTIONS = [
  "name = 'x'; DROP TABLE Artifact; --'",
  "name = 'x' OR 1=1",
  "name = 'x' OR '1'='1'",
  'name = "x" -- comment',
  "name = 'x' /* c */",
  "uri = 'a' UNION SELECT * FROM Type",
  'id = 1; DELETE FROM Artifact',
  "name = 'x'' OR ''1''=''1'",
  "`name` = 'x'",
  "name = 'x' OR name IS NOT NULL OR id = (SELECT 1)",
];

const backends = testBackends('inject');
afterAll(async () => {
  for (const b of backends) await b.cleanup();
});

for (const backend of backends) {
  const reason = await backend.unavailable();
  if (reason) console.log(`filter_query injection [${backend.name}]: skipped: ${reason}`);
  describe.skipIf(reason !== undefined)(`filter_query with SQL in it on ${backend.name}`, () => {
    it('is rejected as InvalidArgument or matched literally, never executed', async () => {
      const { store } = await backend.fresh();
      try {
        const typeId = await store.putArtifactType({ name: 'T' });
        const literal = "x'; DROP TABLE Artifact; --";
        await store.putArtifacts([
          { typeId, name: 'a', uri: 'u' },
          { typeId, name: literal },
        ]);
        for (const filterQuery of INJECTIONS) {
          let outcome: string;
          try {
            const found = await store.getArtifacts({ filterQuery });
            outcome = `matched ${found.items.length}`;
            // Anything that parses is a plain predicate: it can only match rows literally.
            expect(found.items.length, filterQuery).toBeLessThanOrEqual(2);
            if (filterQuery.includes('OR 1=1') || filterQuery.includes("'1'='1'")) expect.unreachable();
          } catch (error) {
            outcome = (error as { code?: string }).code ?? String(error);
            expect(outcome, filterQuery).toBe('INVALID_ARGUMENT');
          }
          expect(outcome).toBeTruthy();
        }
        // A quote-carrying value matches only itself, as a literal.
        const exact = await store.getArtifacts({ filterQuery: `name = "${literal}"` });
        expect(exact.items.map((a) => a.name)).toEqual([literal]);
        const none = await store.getArtifacts({ filterQuery: `name = "x' OR '1'='1"` });
        expect(none.items).toEqual([]);
        // LIKE is case-sensitive on every backend.
        expect((await store.getArtifacts({ filterQuery: "name LIKE 'A%'" })).items).toEqual([]);
        expect((await store.getArtifacts({ filterQuery: "name LIKE 'a%'" })).items.map((a) => a.name)).toEqual(['a']);
        // Tables intact.
        expect((await store.getArtifacts()).items).toHaveLength(2);
        expect(await store.getArtifactType('T')).toMatchObject({ id: typeId });
      } finally {
        await store.close();
      }
    });
  });
}
