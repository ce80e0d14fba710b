import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { writeFileAtomic } from '../../src/_util/atomic-write.js';
import { isDatavetError } from '../../src/_util/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'datavet-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('writes, replaces, creates missing directories and leaves no temporary file', async () => {
    const path = join(dir, 'sub', 'out.txt');
    await writeFileAtomic(path, 'first');
    await writeFileAtomic(path, new Uint8Array([115, 101, 99, 111, 110, 100]));
    expect(readFileSync(path, 'utf8')).toBe('second');
    // Many writes to one target at once: each lands whole, no temporary name is shared or left.
    await Promise.all(Array.from({ length: 20 }, (_, i) => writeFileAtomic(path, `write ${i}`)));
    expect(readFileSync(path, 'utf8')).toMatch(/^write \d+$/);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['out.txt']);
  });

  it('fails with an error naming the target and keeps the old file when the output cannot be written', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'keep');
    const error = await writeFileAtomic(join(blocker, 'out.txt'), 'x').catch((e: unknown) => e);
    expect(isDatavetError(error)).toBe(true);
    expect(String((error as Error).message)).toContain(join(blocker, 'out.txt'));
    expect(readFileSync(blocker, 'utf8')).toBe('keep');
  });

  it('never writes through, or removes, a file or link that already holds its temporary name', async () => {
    const sub = join(dir, 'taken');
    mkdirSync(sub);
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'untouched');
    // Names are .<file>.<pid><count><random>.tmp: with Math.random fixed, every name this process can
    // pick for the next thousand writes is taken by a link to the victim.
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const suffix = (0.5).toString(36).slice(2, 8);
    for (let count = 0; count < 1000; count++) {
      symlinkSync(victim, join(sub, `.out.txt.${process.pid.toString(36)}${count.toString(36)}${suffix}.tmp`));
    }
    try {
      const error = await writeFileAtomic(join(sub, 'out.txt'), 'x').catch((e: unknown) => e);
      expect(isDatavetError(error)).toBe(true);
    } finally {
      random.mockRestore();
    }
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    expect(readdirSync(sub)).toHaveLength(1000);
    // With the names free again the same write succeeds.
    await writeFileAtomic(join(sub, 'out.txt'), 'x');
    expect(readFileSync(join(sub, 'out.txt'), 'utf8')).toBe('x');
  });
});
