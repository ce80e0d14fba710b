import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Runs the TypeScript example in README.md against the sources, so the README cannot drift from the API.
const root = resolve(import.meta.dirname, '..');
const generated = join(import.meta.dirname, '.readme-example.generated.ts');

afterAll(() => rmSync(generated, { force: true }));

describe('README library example', () => {
  it('runs and reports the request anomalies', async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const match = /```ts\n([\s\S]*?)```/.exec(readme);
    expect(match).not.toBeNull();
    const code = (match?.[1] ?? '').replace("from 'datavet'", "from '../src/index.js'");
    writeFileSync(generated, `process.chdir(${JSON.stringify(root)});\n${code}`);
    const logged: unknown[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((value: unknown) => void logged.push(value));
    try {
      await import(generated);
    } finally {
      spy.mockRestore();
    }
    // The serving split is clean in SERVING; the malformed request is not.
    expect(logged[0]).toEqual([]);
    expect(logged[1]).toContain('UNEXPECTED_DATA_TYPE');
    expect(logged[1]).toContain('SCHEMA_MISSING_COLUMN');
  });
});
