import { afterAll, describe, expect, it } from 'vitest';
import { loadCases, loadExpectedFailures, runCase } from '../anomalies/conformance-runner.js';

// TFDV's drift (33) and skew (14) conformance cases: the L-infinity, normalized absolute
// difference and Jensen-Shannon metrics (within 1e-5) and skew/drift anomalies (tfdv.md §3.7, §4).
const kinds = ['drift', 'skew'];
const cases = loadCases(kinds);
const expectedFailures = loadExpectedFailures();
const passed = new Map<string, number>(kinds.map((k) => [k, 0]));

describe('TFDV conformance: drift, skew', () => {
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
      if (reason) expect(error, `now passes; remove it from expected-failures.json (${reason})`).toBeDefined();
      else if (error) throw error;
    });
  }
  afterAll(() => {
    for (const kind of kinds) {
      console.log(`TFDV conformance ${kind}: ${passed.get(kind)}/${cases.filter((c) => c.kind === kind).length} pass`);
    }
  });
});
