import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Runs the example of docs/pipeline.md ("From code") against the sources, in a copy of the Chicago
// taxi pipeline, so the documented library API cannot drift from the code.
const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'datavet-pipeline-api-'));
const generated = join(import.meta.dirname, '.pipeline-example.generated.ts');
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(generated, { force: true });
});

describe('docs/pipeline.md library example', () => {
  it('loads the config and runs the pipeline with runPipeline', async () => {
    cpSync(join(root, 'datasets/chicago_taxi'), dir, { recursive: true });
    const docs = readFileSync(join(root, 'docs/pipeline.md'), 'utf8');
    const code = /## From code[\s\S]*?```js\n([\s\S]*?)```/.exec(docs)?.[1] ?? '';
    expect(code).toContain("from 'datavet/pipeline'");
    writeFileSync(
      generated,
      `process.chdir(${JSON.stringify(dir)});\n${code.replace("from 'datavet/pipeline'", `from ${JSON.stringify(join(root, 'src/pipeline.ts'))}`)}`,
    );
    const logged: unknown[] = [];
    const errors: unknown[] = [];
    const cwd = process.cwd();
    const log = vi.spyOn(console, 'log').mockImplementation((value: unknown) => void logged.push(value));
    const error = vi.spyOn(console, 'error').mockImplementation((value: unknown) => void errors.push(value));
    try {
      await import(generated);
    } finally {
      log.mockRestore();
      error.mockRestore();
      process.chdir(cwd);
    }
    expect(logged).toEqual([
      ['train: 0 errors, 0 warnings', 'eval: 0 errors, 2 warnings', 'serving: 0 errors, 1 warnings'],
    ]);
    expect(errors).toContain('running StatisticsGen.train');
    expect(process.exitCode ?? 0).toBe(0);
    expect(existsSync(join(dir, '.datavet/metadata.sqlite'))).toBe(true);
  });
});
