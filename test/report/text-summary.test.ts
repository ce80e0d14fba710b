import { describe, expect, it } from 'vitest';
import { renderTextSummary } from '../../src/report/index.js';
import { taxiServing, taxiTrain } from './sample-statistics.js';

describe('renderTextSummary', () => {
  const text = renderTextSummary({
    statistics: taxiTrain(),
    compareWith: taxiServing(),
    title: 'chicago_taxi: train vs serving',
    anomalies: {
      anomalyInfo: {
        tips: {
          severity: 'ERROR',
          shortDescription: 'Column dropped',
          description: 'The feature was present in fewer examples than expected.',
          reason: [{ type: 'FEATURE_TYPE_LOW_FRACTION_PRESENT' }],
        },
      },
    },
    schemaChanges: [
      {
        path: ['tips'],
        before: { name: 'tips', type: 'FLOAT', presence: { minFraction: 1 } },
        after: { name: 'tips', type: 'FLOAT', presence: { minFraction: 0.9999 } },
      },
    ],
    driftScores: { fare: { method: 'JSD', value: 0.21, threshold: 0.1, drifted: true } },
  });
  const lines = text.split('\n');

  it('heads the table with the datasets and one missing/summary column per dataset', () => {
    expect(lines[0]).toBe('chicago_taxi: train vs serving');
    expect(lines[1]).toBe('datasets: train (10,000 examples), serving (100 examples)');
    const header = lines.find((l) => l.startsWith('feature'));
    expect(header).toMatch(/missing train\s+missing serving\s+summary train\s+summary serving\s+drift\s+anomaly/);
  });

  it('shows tips as absent at serving with its anomaly, and the drift score', () => {
    const tips = lines.find((l) => l.startsWith('tips '));
    expect(tips).toMatch(/^tips\s+FLOAT\s+0%\s+absent\s+mean 1\.1\s+absent\s+-\s+ERROR Column dropped$/);
    expect(lines.find((l) => l.startsWith('fare '))).toContain('0.21 JSD DRIFT');
    expect(lines.find((l) => l.startsWith('company '))).toMatch(/34%\s+30%\s+5 unique\s+3 unique/);
  });

  it('ends with counts and each anomaly with its suggested schema change', () => {
    expect(text).toContain('8 features, 1 with anomalies, 1 drifted, 1 absent in a dataset');
    expect(text).toContain('tips: ERROR Column dropped\n  The feature was present in fewer examples than expected.');
    expect(text).toContain('suggested schema change: presence.min_fraction: 1 → 0.9999');
  });

  it('lines the columns up', () => {
    const rows = lines.filter((l) => /^(trip_miles|fare|tips) /.test(l));
    const col = (l: string) => l.indexOf('%');
    expect(new Set(rows.map(col)).size).toBe(1);
  });
});
