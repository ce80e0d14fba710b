import { afterAll, describe, expect, it } from 'vitest';
import { loadCases, loadExpectedFailures, runCase } from '../anomalies/conformance-runner.js';

// TFDV's infer_schema conformance cases (25), data-driven (tfdv.md §4).
const kinds = ['infer_schema'];
const cases = loadCases(kinds);
const expectedFailures = loadExpectedFailures();
let passed = 0;

describe('TFDV conformance: infer_schema', () => {
  for (const c of cases) {
    const reason = expectedFailures[c.id];
    it(`${c.id}${reason ? ' (expected failure)' : ''}`, () => {
      let error: unknown;
      try {
        runCase(c);
      } catch (e) {
        error = e;
      }
      if (error === undefined) passed++;
      if (reason) expect(error, `now passes; remove it from expected-failures.json (${reason})`).toBeDefined();
      else if (error) throw error;
    });
  }
  afterAll(() => console.log(`TFDV conformance infer_schema: ${passed}/${cases.length} pass`));
});
