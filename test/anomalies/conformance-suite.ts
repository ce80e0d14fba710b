/**
 * One vitest suite over TFDV conformance cases of the given kinds: each case is a test, a case
 * listed in expected-failures.json must still fail (so a fix is noticed), and the pass count per
 * kind is printed at the end. Shared by the schema, anomalies and drift conformance tests.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadCases, loadExpectedFailures, runCase } from './conformance-runner.js';

export function describeConformance(kinds: readonly string[]): void {
  const cases = loadCases(kinds);
  const expectedFailures = loadExpectedFailures();
  const passed = new Map<string, number>(kinds.map((k) => [k, 0]));

  describe(`TFDV conformance: ${kinds.join(', ')}`, () => {
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
        const total = cases.filter((c) => c.kind === kind).length;
        console.log(`TFDV conformance ${kind}: ${passed.get(kind)}/${total} pass`);
      }
    });
  });
}
