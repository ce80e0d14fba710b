import { afterAll, describe, expect, it } from 'vitest';
import { loadCases, loadExpectedFailures, runCase } from './conformance-runner.js';

// TFDV's validate (103) and update_schema (42) conformance cases, data-driven (tfdv.md §4).
const kinds = ['validate', 'update_schema'];
const cases = loadCases(kinds);
const expectedFailures = loadExpectedFailures();
const passed = new Map<string, number>(kinds.map((k) => [k, 0]));

describe('TFDV conformance: validate, update_schema', () => {
  for (const c of cases) {
    const reason = expectedFailures[c.id];
    it(`${c.kind} ${c.id}${reason ? ' (expected failure)' : ''}`, () => {
      let error: unknown;
      try {
        runCase(c);
      } catch (e) {
        error = e;
      }
      if (error === undefined) passed.set(c.kind, (passed.get(c.kind) ?? 0) + 1);
      if (reason) {
        expect(error, `now passes; remove it from expected-failures.json (${reason})`).toBeDefined();
      } else if (error) {
        throw error;
      }
    });
  }
  afterAll(() => {
    for (const kind of kinds) {
      const total = cases.filter((c) => c.kind === kind).length;
      console.log(`TFDV conformance ${kind}: ${passed.get(kind)}/${total} pass`);
    }
  });
});
