import { UsageError } from './errors.js';

/**
 * Imports an optional dependency (a database driver, an engine client) on first use. `load` is a
 * literal `() => import('pkg')`, so types and bundlers still see the specifier. When the package
 * is not installed the error says what needs it and the command that installs it, instead of
 * Node's ERR_MODULE_NOT_FOUND with a stack; any other failure while loading it is rethrown as is.
 */
export async function importOptional<T>(load: () => Promise<T>, packageName: string, neededFor: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isMissingPackage(error, packageName)) {
      throw new UsageError(`${neededFor} needs the npm package '${packageName}', which is not installed`, {
        hint: `install it in your project: npm install ${packageName}`,
        cause: error,
      });
    }
    throw error;
  }
}

/** True when `error` is Node's "cannot find package" for `packageName` itself (not one of its files or dependencies). */
function isMissingPackage(error: unknown, packageName: string): boolean {
  const e = error as { code?: unknown; message?: unknown };
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' && e?.code !== 'MODULE_NOT_FOUND') return false;
  return typeof e.message === 'string' && e.message.includes(`'${packageName}'`);
}
