import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { OutputError } from './errors.js';
import { fileErrorReason } from './file-error-reason.js';

/**
 * Writes a file atomically: the bytes go to a temporary file in the same directory, which is
 * renamed over the target only once complete. A failure leaves no partial file and never
 * truncates an existing one. Any failure (no space, read-only file system, no permission, a
 * parent that is a file) is an {@link OutputError} naming `path`, never the temporary file.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  try {
    await mkdir(dir, { recursive: true });
  } catch (cause) {
    throw writeError(path, cause);
  }
  let temp = temporaryName(path);
  let created = false;
  try {
    // Created exclusively: a name some other file or link already holds fails (EEXIST) and a new
    // name is tried, so the bytes never go through a link or into another process's file.
    for (let attempt = 1; ; attempt++) {
      try {
        created = true;
        await writeFile(temp, data, { flag: 'wx' });
        break;
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') throw cause;
        // The name was someone else's: nothing of ours to remove there.
        created = false;
        if (attempt === 5) throw cause;
        temp = temporaryName(path);
      }
    }
    await rename(temp, path);
  } catch (cause) {
    if (created) await rm(temp, { force: true }).catch(() => undefined);
    throw writeError(path, cause);
  }
}

let written = 0;

/**
 * `.<name>.<pid><count><random>.tmp` beside `path`: unique within this process, unlikely to clash
 * across processes. Not from node:crypto, whose loading cost ~10 ms of every CLI start
 * (docs/benchmarks.md, CLI start); the exclusive create above is what makes a clash harmless.
 */
function temporaryName(path: string): string {
  const unique = `${process.pid.toString(36)}${(written++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  return join(dirname(path), `.${basename(path)}.${unique}.tmp`);
}

/** `cannot write PATH: reason`, for a failed write, mkdir or rename of an output. */
export function writeError(path: string, cause: unknown): OutputError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  return new OutputError(`cannot write ${path}: ${fileErrorReason(cause)}`, {
    hint: writeHint(code),
    cause,
  });
}

function writeHint(code: string | undefined): string {
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'free space on that disk or write the output elsewhere; nothing was changed';
    case 'EROFS':
      return 'that file system is mounted read-only: write the output elsewhere';
    case 'EACCES':
    case 'EPERM':
      return 'write to a directory you may write to, or change its permissions';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a part of the output path is a file, not a directory: choose another path';
    case 'EISDIR':
      return 'the output path is a directory: give a file name';
    default:
      return 'check the output path and that its directory can be written';
  }
}
