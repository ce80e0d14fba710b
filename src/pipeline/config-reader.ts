import { isAbsolute, resolve } from 'node:path';
import { UsageError } from '../_util/errors.js';
import type { ConfigPosition, LocateConfigKey } from './config-locator.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A key below `parent` (`splits[0].name`; at the top, just `name`). */
export function keyOf(parent: string, name: string): string {
  return parent ? `${parent}.${name}` : name;
}

/** Reads and checks one config object; every message names the offending key. */
export class ConfigReader {
  constructor(
    /** The config file, named in errors. */
    readonly file: string | undefined,
    private readonly baseDir: string,
    /** Where a key is written in the file, when its text is known. */
    private readonly locate?: LocateConfigKey,
  ) {}

  fail(key: string, message: string, hint?: string): never {
    const where = key ? `${key}: ` : '';
    const location = { ...(this.file ? { file: this.file } : {}), ...this.locate?.(key) };
    throw new UsageError(`invalid config: ${where}${message}`, {
      ...(Object.keys(location).length > 0 ? { location } : {}),
      hint: hint ?? 'see docs/pipeline.md for the config keys',
    });
  }

  /**
   * Where a key is written in the file (as `fail` places its errors), or with `offset` that
   * character of its string value: for sections read by a reader of their own (the custom checks)
   * that report errors themselves.
   */
  position(key: string, offset?: number): ConfigPosition | undefined {
    return this.locate?.(key, offset);
  }

  describe(value: unknown): string {
    // A required key left out reaches its reader as undefined.
    if (value === undefined) return 'nothing (the key is missing)';
    if (value === null) return 'null';
    if (Array.isArray(value)) return 'an array';
    return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
  }

  object(value: unknown, key: string, allowed: readonly string[] | undefined): Record<string, Json> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.fail(key, `expected an object, got ${this.describe(value)}`);
    }
    const obj = value as Record<string, Json>;
    if (allowed) {
      for (const name of Object.keys(obj)) {
        if (name === '$schema' || name.startsWith('//')) continue;
        if (!allowed.includes(name)) {
          this.fail(keyOf(key, name), 'unknown key', `allowed here: ${allowed.join(', ')}`);
        }
      }
    }
    return obj;
  }

  string(value: unknown, key: string): string {
    if (typeof value !== 'string' || value.length === 0) {
      this.fail(key, `expected a non-empty string, got ${this.describe(value)}`);
    }
    return value;
  }

  strings(value: unknown, key: string, allowEmptyItems = false): string[] {
    const list = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(list)) this.fail(key, `expected a string or a list of strings, got ${this.describe(value)}`);
    return list.map((item, i) => {
      if (typeof item !== 'string' || (!allowEmptyItems && item.length === 0)) {
        this.fail(`${key}[${i}]`, `expected a non-empty string, got ${this.describe(item)}`);
      }
      return item;
    });
  }

  number(value: unknown, key: string, check: (n: number) => boolean, expected: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value) || !check(value)) {
      this.fail(key, `expected ${expected}, got ${this.describe(value)}`);
    }
    return value;
  }

  boolean(value: unknown, key: string): boolean {
    if (typeof value !== 'boolean') this.fail(key, `expected true or false, got ${this.describe(value)}`);
    return value;
  }

  path(value: string): string {
    return isAbsolute(value) ? value : resolve(this.baseDir, value);
  }
}
