import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, sep } from 'node:path';
import { globSegmentToRegExp, hasGlobSyntax } from './glob-pattern.js';
import { IoErrorCode, inputError } from './io-error.js';

/** One input file of a dataset. */
export interface DatasetFile {
  /** The path the user gave (or a glob matched): what messages name. */
  readonly path: string;
  readonly size: number;
  /** Where the bytes are read from when `path` is a stream copied to a temporary file (spool-stream.ts). */
  readonly source?: string;
}

/**
 * Expands paths and globs (`data/*.csv`, `out/Split-train/**`) into a sorted, de-duplicated
 * file list. A missing file or a directory is an error with a hint; a glob matching nothing is too.
 */
export async function resolveInputs(paths: readonly string[]): Promise<DatasetFile[]> {
  const seen = new Set<string>();
  const files: DatasetFile[] = [];
  for (const given of paths) {
    const matches = hasGlobSyntax(given) ? await expandGlob(given) : [given];
    if (matches.length === 0) {
      throw inputError(
        IoErrorCode.NO_FILES_MATCHED,
        `no file matches '${given}'`,
        { file: given },
        'check the pattern; quote it so the shell does not expand it first',
      );
    }
    for (const path of matches) {
      if (seen.has(path)) continue;
      seen.add(path);
      files.push({ path, size: await fileSize(path) });
    }
  }
  return files;
}

async function fileSize(path: string): Promise<number> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw inputError(
      IoErrorCode.FILE_NOT_FOUND,
      code === 'ENOENT' ? 'no such file' : `cannot open ${path} (${code ?? String(cause)})`,
      { file: path },
      'check the path (relative paths are resolved from the current directory)',
    );
  }
  if (info.isDirectory()) {
    throw inputError(
      IoErrorCode.IS_A_DIRECTORY,
      `${path} is a directory, not a data file`,
      { file: path },
      `pass the files inside it, e.g. '${join(path, '*')}'`,
    );
  }
  return info.size;
}

/** Walks the directory tree under the glob's static prefix; `**` matches any number of directories. */
async function expandGlob(pattern: string): Promise<string[]> {
  const absolute = isAbsolute(pattern);
  const segments = pattern.split(/[\\/]/).filter((s, i) => s !== '' || i === 0);
  let base = absolute ? sep : '.';
  let index = absolute ? 1 : 0;
  while (index < segments.length - 1 && !hasGlobSyntax(segments[index]!)) {
    base = join(base, segments[index]!);
    index++;
  }
  const results: string[] = [];
  await walk(base, segments.slice(index), results);
  return results.sort();
}

async function walk(dir: string, rest: readonly string[], out: string[]): Promise<void> {
  const [head, ...tail] = rest;
  if (head === undefined) return;
  if (head === '**') {
    await walk(dir, tail, out); // zero directories
    for (const entry of await safeReaddir(dir)) {
      if (entry.isDirectory()) await walk(join(dir, entry.name), rest, out);
    }
    return;
  }
  if (!hasGlobSyntax(head)) {
    const path = join(dir, head);
    if (tail.length === 0) {
      const info = await stat(path).catch(() => undefined);
      if (info?.isFile()) out.push(path);
    } else await walk(path, tail, out);
    return;
  }
  const regex = globSegmentToRegExp(head);
  for (const entry of await safeReaddir(dir)) {
    if (!regex.test(entry.name) || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (tail.length === 0) {
      if (entry.isFile()) out.push(path);
    } else if (entry.isDirectory()) await walk(path, tail, out);
  }
}

async function safeReaddir(dir: string) {
  return readdir(dir, { withFileTypes: true }).catch(() => []);
}
