import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/_util/errors.js';
import { type ReadOptions, readBatches } from '../../src/index.js';

interface BadInputCase {
  path: string;
  options?: ReadOptions;
  code: string;
  file?: string;
  location: Record<string, string | number>;
}

const dir = join(import.meta.dirname, '..', 'fixtures', 'bad-input');
const { cases } = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as { cases: BadInputCase[] };

async function drain(path: string, options: ReadOptions = {}): Promise<unknown> {
  try {
    for await (const _ of readBatches(path, options)) {
      // read everything
    }
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('bad input corpus (test/fixtures/bad-input/cases.json)', () => {
  it('has at least 20 malformed files', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases)('$path -> $code', async (testCase) => {
    const error = await drain(join(dir, testCase.path), testCase.options);
    expect(error).toBeInstanceOf(InputError);
    const inputError = error as InputError;
    expect(inputError.code).toBe(testCase.code);
    expect(inputError.location?.file).toBe(join(dir, testCase.file ?? testCase.path));
    expect(inputError.location).toMatchObject(testCase.location);
    expect(inputError.hint).toBeTruthy();
    expect(inputError.describe()).toContain(inputError.message);
  });
});
