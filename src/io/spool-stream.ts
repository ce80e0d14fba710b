import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { IoErrorCode, inputError } from './io-error.js';

/**
 * Inputs that are streams rather than files (a pipe, a FIFO, `/dev/stdin`, a socket) can be read
 * only once and from the start, while the CSV, JSON Lines and TFRecord readers read a file twice
 * (a type pass, then the build pass) at chosen offsets. Such an input is copied once into a
 * private temporary file, which the readers then read like any other; errors still name the
 * user's path. The copies are removed when the process exits.
 */

const spoolDirs = new Set<string>();

/** Names of this process's standard input. */
const STDIN_PATHS: ReadonlySet<string> = new Set(['/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);

function removeSpools(): void {
  for (const dir of spoolDirs) rmSync(dir, { recursive: true, force: true });
  spoolDirs.clear();
}

/** True for a path that is not a regular file: a pipe, FIFO, character device or socket. */
export async function isStream(path: string): Promise<boolean> {
  const info = await stat(path);
  return info.isFIFO() || info.isCharacterDevice() || info.isSocket();
}

/** Copies the stream at `path` into a temporary file; returns that file and its size. */
export async function spoolStream(path: string): Promise<{ source: string; size: number }> {
  if (spoolDirs.size === 0) process.once('exit', removeSpools);
  const dir = await mkdtemp(join(tmpdir(), 'datavet-input-'));
  spoolDirs.add(dir);
  const source = join(dir, basename(path) || 'stdin');
  try {
    // The process's own standard input is read through its descriptor: when it is a socket (as a
    // parent process's pipe often is), opening /dev/stdin by name fails with ENXIO.
    const input = STDIN_PATHS.has(path) ? createReadStream('', { fd: 0, autoClose: false }) : createReadStream(path);
    await pipeline(input, createWriteStream(source));
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code ?? String(cause);
    throw inputError(
      IoErrorCode.STREAM_COPY_FAILED,
      `cannot copy the stream ${path} into a temporary file in ${tmpdir()} (${reason})`,
      { file: path },
      'free space in the temporary directory (or point TMPDIR elsewhere), or save the data to a file and pass that',
    );
  }
  return { source, size: (await stat(source)).size };
}
