import { randomBytes } from 'node:crypto';
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
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, data);
    await rename(temp, path);
  } catch (cause) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw writeError(path, cause);
  }
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
