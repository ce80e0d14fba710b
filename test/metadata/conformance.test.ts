import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StoreHandle, testBackends } from './backends.js';
import { CASES } from './conformance-cases.js';

interface ConformanceCase {
  readonly id: string;
  readonly source: string;
  readonly statement: string;
  readonly setup: string;
  readonly expected: string;
}

const fixtures = new URL('../fixtures/conformance/mlmd/', import.meta.url);
const cases = JSON.parse(readFileSync(new URL('cases.json', fixtures), 'utf8')) as ConformanceCase[];
const expectedFailures = JSON.parse(readFileSync(new URL('expected-failures.json', fixtures), 'utf8')) as Record<
  string,
  Record<string, string>
>;

it('has an implementation for every conformance statement', () => {
  expect(cases).toHaveLength(61);
  expect(cases.filter((c) => !CASES[c.id]).map((c) => c.id)).toEqual([]);
});

for (const backend of testBackends('conf')) {
  const reason = await backend.unavailable();
  if (reason) console.log(`MLMD conformance [${backend.name}]: skipped: ${reason}`);
  describe.skipIf(reason !== undefined)(`MLMD conformance on ${backend.name}`, () => {
    let passed = 0;
    const xfails: string[] = [];
    beforeAll(() => {
      passed = 0;
    });
    afterAll(async () => {
      await backend.cleanup();
      console.log(
        `MLMD conformance [${backend.name}]: ${passed}/${cases.length} passed` +
          (xfails.length ? `; expected failures: ${xfails.join(', ')}` : ''),
      );
    });
    for (const c of cases) {
      const xfail = expectedFailures[backend.name]?.[c.id] ?? expectedFailures['*']?.[c.id];
      const body = async () => {
        const implementation = CASES[c.id];
        if (!implementation) throw new Error(`no test for ${c.id}`);
        const handle: StoreHandle = await backend.fresh();
        try {
          await implementation(handle);
        } finally {
          await handle.store.close().catch(() => undefined);
        }
        passed++;
      };
      if (xfail) {
        xfails.push(c.id);
        it.fails(`${c.id} (expected failure: ${xfail})`, body);
      } else {
        it(`${c.id}: ${c.statement}`, body);
      }
    }
  });
}
