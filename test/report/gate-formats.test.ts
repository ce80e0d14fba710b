import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderGithubAnnotations } from '../../src/report/github.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { outcomesFail, type ValidationOutcome } from '../../src/report/validation-outcome.js';

const outcomes: ValidationOutcome[] = [
  {
    name: 'serving (SERVING)',
    anomaliesUri: 'pipeline/ExampleValidator/anomalies/1/SchemaDiff.pb',
    source: { file: 'schema/schema.pbtxt', lines: { '(dataset)': 1, company: 14, payment_type: 30 } },
    features: ['company', 'payment_type', 'trip_miles'],
    anomalies: {
      anomalyNameFormat: 'SERIALIZED_PATH',
      anomalyInfo: {
        payment_type: {
          severity: 'ERROR',
          shortDescription: 'Unexpected string values',
          description: 'Examples contain values missing from the schema: Prcard (<1%).',
          reason: [
            {
              type: 'ENUM_TYPE_UNEXPECTED_STRING_VALUES',
              shortDescription: 'Unexpected string values',
              description: 'Examples contain values missing from the schema: Prcard (<1%).',
            },
          ],
        },
        company: {
          severity: 'WARNING',
          shortDescription: 'Values <&> "quoted"',
          description: 'A warning, 100% sure: with, commas\nand newlines',
          reason: [{ type: 'FEATURE_TYPE_LOW_FRACTION_PRESENT', shortDescription: 'low', description: 'x' }],
        },
      },
    },
  },
];

describe('JUnit XML', () => {
  it('is well-formed XML with one test case per feature and check', () => {
    const xml = renderJunit(outcomes);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(xml);
    const suite = doc.testsuites.testsuite;
    expect(suite['@_name']).toBe('serving (SERVING)');
    expect(suite['@_tests']).toBe('3');
    expect(suite['@_failures']).toBe('1');
    const names = suite.testcase.map((c: { '@_name': string }) => c['@_name']);
    expect(names).toEqual([
      'company / FEATURE_TYPE_LOW_FRACTION_PRESENT',
      'payment_type / ENUM_TYPE_UNEXPECTED_STRING_VALUES',
      'trip_miles / all checks',
    ]);
  });

  it('counts warnings as failures with --fail-on warning', () => {
    const doc = new XMLParser({ ignoreAttributes: false }).parse(renderJunit(outcomes, 'warning'));
    expect(doc.testsuites['@_failures']).toBe('2');
  });
});

describe('GitHub annotations', () => {
  it('writes one escaped workflow command per anomaly, at the line of its source, never at the binary artifact', () => {
    const lines = renderGithubAnnotations(outcomes).trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^::warning file=schema\/schema.pbtxt,line=14,title=datavet serving \(SERVING\)%3A company%3A /,
    );
    expect(lines[0]).toContain('::A warning, 100%25 sure: with, commas%0Aand newlines');
    expect(lines[1]).toMatch(
      /^::error file=schema\/schema.pbtxt,line=30,title=datavet serving \(SERVING\)%3A payment_type%3A Unexpected string values::Examples contain values missing from the schema: Prcard/,
    );
    for (const line of lines) expect(line).toMatch(/^::(error|warning) [^:]+::/);
    const withoutSource = outcomes.map(({ source: _, ...rest }) => rest);
    expect(renderGithubAnnotations(withoutSource)).not.toContain('file=');
  });
});

describe('Markdown and the gate', () => {
  it('gives the verdict and a row per anomaly', () => {
    const md = renderMarkdown(outcomes);
    expect(md).toContain('## datavet: ❌ failed');
    expect(md).toContain('| `payment_type` | ❌ ERROR | Unexpected string values |');
    expect(md).toContain('| `company` | ⚠️ WARNING |');
  });

  it('fails on ERROR by default and on WARNING only when asked', () => {
    const warningsOnly = [
      { ...outcomes[0]!, anomalies: { anomalyInfo: { company: outcomes[0]!.anomalies.anomalyInfo!.company! } } },
    ];
    expect(outcomesFail(outcomes, 'error')).toBe(true);
    expect(outcomesFail(warningsOnly, 'error')).toBe(false);
    expect(outcomesFail(warningsOnly, 'warning')).toBe(true);
    expect(renderMarkdown([{ name: 'clean', anomalies: {} }])).toContain('No anomalies.');
  });
});
