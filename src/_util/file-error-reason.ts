/** Words for the errno codes file operations fail with, as a user would say them. */
const reasons: ReadonlyMap<string, string> = new Map([
  ['ENOENT', 'no such file or directory'],
  ['EISDIR', 'is a directory, not a file'],
  ['EACCES', 'permission denied'],
  ['EPERM', 'operation not permitted'],
  ['ENOSPC', 'no space left on the device'],
  ['EDQUOT', 'disk quota exceeded'],
  ['EROFS', 'read-only file system'],
  ['ENOTDIR', 'a part of the path is a file, not a directory'],
  ['EEXIST', 'a part of the path is a file, not a directory'],
  ['ENAMETOOLONG', 'the name is too long'],
  ['EMFILE', 'too many open files'],
  ['EIO', 'input/output error'],
  ['ESPIPE', 'not a seekable file'],
]);

/** The reason of a failed file operation in words (its errno code when we have none). */
export function fileErrorReason(cause: unknown): string {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined) return reasons.get(code) ?? code;
  return cause instanceof Error ? cause.message : String(cause);
}

/** True for a Node file-system error (it has an errno code and a syscall). */
export function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  return (
    error instanceof Error &&
    typeof (error as NodeJS.ErrnoException).code === 'string' &&
    typeof (error as NodeJS.ErrnoException).syscall === 'string'
  );
}
