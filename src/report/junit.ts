import { anomalyEntries, type FailOn, failsGate, type ValidationOutcome } from './validation-outcome.js';

/** XML 1.0 forbids control characters other than tab, LF and CR, even when escaped. */
function dropForbiddenXmlChars(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) out += char;
  }
  return out;
}

function escapeXml(text: string): string {
  return dropForbiddenXmlChars(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

interface TestCase {
  readonly name: string;
  readonly failure?: { readonly type: string; readonly message: string; readonly body: string };
  readonly warning?: string;
}

/**
 * JUnit XML for CI dashboards: one `<testsuite>` per validation and one `<testcase>` per feature
 * and check. A reason at a failing severity is a `<failure>`; below it, the reason is kept in
 * `<system-out>` so it is visible without failing the build.
 */
export function renderJunit(outcomes: readonly ValidationOutcome[], failOn: FailOn = 'error'): string {
  const suites: string[] = [];
  let totalTests = 0;
  let totalFailures = 0;
  for (const outcome of outcomes) {
    const cases: TestCase[] = [];
    const withAnomaly = new Set<string>();
    for (const { key, info } of anomalyEntries(outcome.anomalies)) {
      withAnomaly.add(key);
      const reasons = info.reason?.length
        ? info.reason
        : [{ type: 'UNKNOWN_TYPE' as const, shortDescription: info.shortDescription, description: info.description }];
      for (const reason of reasons) {
        const name = `${key} / ${reason.type ?? 'UNKNOWN_TYPE'}`;
        const message = `${reason.shortDescription ?? ''}`.trim() || (reason.type ?? 'anomaly');
        const body = `${info.severity ?? 'UNKNOWN'}: ${reason.description ?? info.description ?? ''}`;
        cases.push(
          failsGate(info.severity, failOn)
            ? { name, failure: { type: reason.type ?? 'UNKNOWN_TYPE', message, body } }
            : { name, warning: body },
        );
      }
    }
    for (const feature of outcome.features ?? []) {
      if (!withAnomaly.has(feature)) cases.push({ name: `${feature} / all checks` });
    }
    const failures = cases.filter((c) => c.failure).length;
    totalTests += cases.length;
    totalFailures += failures;
    const body = cases
      .map((c) => {
        const open = `    <testcase classname="${escapeXml(outcome.name)}" name="${escapeXml(c.name)}"`;
        if (c.failure) {
          return `${open}>\n      <failure type="${escapeXml(c.failure.type)}" message="${escapeXml(c.failure.message)}">${escapeXml(c.failure.body)}</failure>\n    </testcase>`;
        }
        if (c.warning) return `${open}>\n      <system-out>${escapeXml(c.warning)}</system-out>\n    </testcase>`;
        return `${open}/>`;
      })
      .join('\n');
    suites.push(
      `  <testsuite name="${escapeXml(outcome.name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">${
        body ? `\n${body}\n  ` : ''
      }</testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="datavet" tests="${totalTests}" failures="${totalFailures}" errors="0">\n${suites.join('\n')}\n</testsuites>\n`;
}
