import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Properties } from '../metadata/types.js';
import { canonicalJson } from './fingerprint.js';

/**
 * Custom properties an output artifact carries about its files, so a cached output is reused only
 * while its bytes are the ones its execution wrote: `content_sha256` (SHA-256 over the manifest)
 * and `content_files` (JSON: each file's path inside the artifact, size and SHA-256).
 */
export const CONTENT_SHA256 = 'content_sha256';
export const CONTENT_FILES = 'content_files';

/** One file of an output artifact. */
interface FileDigest {
  readonly size: number;
  readonly sha256: string;
}

/** Path inside the artifact (always `/`-separated) -> size and SHA-256. */
type Manifest = Record<string, FileDigest>;

async function digestFile(path: string): Promise<FileDigest> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { size, sha256: hash.digest('hex') };
}

/** Every file under `uri` (or `uri` itself when it is a file), in path order. */
async function manifestOf(uri: string): Promise<Manifest> {
  const info = await stat(uri);
  if (!info.isDirectory()) return { '.': await digestFile(uri) };
  const entries = await readdir(uri, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
  const manifest: Manifest = {};
  for (const file of files) manifest[relative(uri, file).split(sep).join('/')] = await digestFile(file);
  return manifest;
}

/** The content properties of the files an executor wrote under `uri`. */
export async function contentProperties(uri: string): Promise<Properties> {
  const manifest = await manifestOf(uri);
  return {
    [CONTENT_SHA256]: { stringValue: createHash('sha256').update(canonicalJson(manifest)).digest('hex') },
    [CONTENT_FILES]: { stringValue: canonicalJson(manifest) },
  };
}

/**
 * Why the files under `uri` are no longer those recorded in `customProperties`, or undefined when
 * they are: a file deleted, emptied, changed or added, or no record at all (an artifact written
 * without one cannot be trusted).
 */
export async function contentMismatch(uri: string, customProperties: Properties): Promise<string | undefined> {
  const recordedHash = customProperties[CONTENT_SHA256]?.stringValue;
  const recordedFiles = customProperties[CONTENT_FILES]?.stringValue;
  if (!recordedHash || !recordedFiles) return `${uri} has no recorded content hash`;
  let actual: Manifest;
  try {
    actual = await manifestOf(uri);
  } catch {
    return `${uri} no longer exists`;
  }
  let expected: Manifest;
  try {
    expected = JSON.parse(recordedFiles) as Manifest;
  } catch {
    return `${uri} has an unreadable content record`;
  }
  for (const [path, want] of Object.entries(expected)) {
    const shownPath = path === '.' ? uri : `${uri}/${path}`;
    const got = actual[path];
    if (!got) return `${shownPath} was deleted`;
    if (got.size === 0 && want.size > 0) return `${shownPath} is empty (it had ${want.size} bytes)`;
    if (got.sha256 !== want.sha256) return `${shownPath} was changed (its SHA-256 differs from the recorded one)`;
  }
  for (const path of Object.keys(actual)) {
    if (!(path in expected)) return `${uri}/${path} was added after the output was written`;
  }
  const hash = createHash('sha256').update(canonicalJson(actual)).digest('hex');
  if (hash !== recordedHash) return `${uri} does not match its recorded SHA-256`;
  return undefined;
}
