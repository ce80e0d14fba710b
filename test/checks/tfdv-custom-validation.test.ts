import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckResultsFile } from '../../src/checks/index.js';
import { runCli } from '../helpers/run-cli.js';
import { csvRows, datasetsDir, num } from './independent.js';

const schema = resolve(datasetsDir, 'tfx_artifacts', 'schema_gen', 'schema.pbtxt');

describe("TFDV's custom_validation_config", () => {
  const dir = mkdtempSync(join(tmpdir(), 'datavet-tfdv-cv-'));

  it('reads its SQL over statistics where it is within the language', async () => {
    const rows = csvRows('chicago_taxi/eval.csv');
    const missingTips = rows.filter((r) => num(r, 'tips') === null).length;
    writeFileSync(
      join(dir, 'custom.pbtxt'),
      `
feature_validations {
  feature_path { step: "fare" }
  validations {
    sql_expression: "feature.num_stats.min >= 0 AND feature.num_stats.common_stats.num_missing < 10"
    severity: ERROR
    description: "fare is non-negative and present"
  }
  validations {
    sql_expression: "feature.num_stats.mean > 1000"
    severity: WARNING
    description: "fare mean is implausibly high"
  }
}
feature_pair_validations {
  feature_test_path { step: "tips" }
  feature_base_path { step: "tips" }
  validations {
    sql_expression: "feature_test.num_stats.mean <= feature_base.num_stats.mean * 1.5 AND feature_test.num_stats.common_stats.num_missing = ${missingTips}"
    severity: ERROR
    description: "tips stable"
  }
}
`,
    );
    for (const [file, name] of [
      [join(datasetsDir, 'chicago_taxi', 'train.csv'), 'train.pb'],
      [join(datasetsDir, 'chicago_taxi', 'eval.csv'), 'eval.pb'],
    ] as const) {
      expect((await runCli(['stats', file, '-o', name, '-q'], { cwd: dir })).code).toBe(0);
    }
    const r = await runCli(
      [
        'validate',
        '--stats',
        'eval.pb',
        '--previous',
        'train.pb',
        '--schema',
        schema,
        '--checks',
        'custom.pbtxt',
        '--check-results',
        'r.json',
      ],
      { cwd: dir },
    );
    const results = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as CheckResultsFile;
    expect(results.results.map((x) => [x.name, x.check, x.status])).toEqual([
      ['tfdv_fare_1', 'min(`fare`) >= 0 AND missing_count(`fare`) < 10', 'pass'],
      ['tfdv_fare_2', 'mean(`fare`) > 1000', 'fail'],
      [
        'tfdv_tips_3',
        `mean(\`tips\`) <= previous(mean(\`tips\`)) * 1.5 AND missing_count(\`tips\`) = ${missingTips}`,
        'pass',
      ],
    ]);
    expect(r.stdout).toContain("Custom check 'tfdv_fare_2' (mean(`fare`) > 1000) failed");
    expect(r.stdout).toMatch(/fare\s+WARNING\s+CUSTOM_VALIDATION/);
  });

  it('says which expressions are outside the language', async () => {
    writeFileSync(
      join(dir, 'outside.pbtxt'),
      'feature_validations { feature_path { step: "fare" } validations { sql_expression: "feature.num_stats.num_zeros < 3" } }',
    );
    const r = await runCli(['validate', '--stats', 'eval.pb', '--schema', schema, '--checks', 'outside.pbtxt'], {
      cwd: dir,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("tfdv_fare_1: 'feature.num_stats.num_zeros' is not within the check language");
    writeFileSync(
      join(dir, 'sql.pbtxt'),
      'feature_validations { feature_path { step: "fare" } validations { sql_expression: "ARRAY_LENGTH(feature.num_stats.histograms) > 0" } }',
    );
    const s = await runCli(['validate', '--stats', 'eval.pb', '--schema', schema, '--checks', 'sql.pbtxt'], {
      cwd: dir,
    });
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/unexpected character '\.'|is not within the check language/);
  });
});
