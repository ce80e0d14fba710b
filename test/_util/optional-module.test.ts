import { describe, expect, it } from 'vitest';
import { isDatavetError } from '../../src/_util/errors.js';
import { importOptional } from '../../src/_util/optional-module.js';

describe('importOptional', () => {
  it('loads an installed package', async () => {
    const yaml = await importOptional(() => import('yaml'), 'yaml', 'YAML configs');
    expect(typeof yaml.parse).toBe('function');
  });

  it('turns a missing package into a usage error naming what needs it and how to install it', async () => {
    // The specifier is built at run time so neither the type checker nor the test runner resolves it early.
    const name = ['datavet', 'no-such-driver'].join('-');
    const error = await importOptional(() => import(name), name, 'a test store').catch((e: unknown) => e);
    expect(isDatavetError(error)).toBe(true);
    expect((error as Error).message).toBe(`a test store needs the npm package '${name}', which is not installed`);
    expect((error as { hint?: string }).hint).toBe(`install it in your project: npm install ${name}`);
  });

  it('rethrows any other failure as is', async () => {
    const failure = new Error('binding failed');
    await expect(importOptional(() => Promise.reject(failure), 'pg', 'x')).rejects.toBe(failure);
  });
});
