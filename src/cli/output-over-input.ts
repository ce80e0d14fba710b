import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { OutputError } from '../_util/errors.js';
import { hasGlobSyntax } from '../io/glob-pattern.js';
import { resolveInputs } from '../io/resolve-inputs.js';
import type { CommandSpec, FileRole, ParsedCommandArgs } from './command.js';

/**
 * Refuses to run a command whose output is one of its inputs: `datavet stats data.json -o
 * data.json` would replace the data with its statistics. Files are compared by identity (device
 * and inode), so a symlink or hard link to an input is caught as well as the same name. Globs
 * among the inputs are expanded as the readers expand them. Inputs that do not exist are left
 * for the command to report; `-` (stdout) is no file.
 */
export async function refuseOutputsOverInputs(spec: CommandSpec, args: ParsedCommandArgs, cwd: string): Promise<void> {
  const outputs = filesWithRole(spec, args, 'output');
  if (outputs.length === 0) return;
  const existing: { path: string; id: string }[] = [];
  for (const path of outputs) {
    const id = await identity(resolve(cwd, path));
    if (id !== undefined) existing.push({ path, id });
  }
  if (existing.length === 0) return;
  for (const given of filesWithRole(spec, args, 'input')) {
    for (const path of await expand(resolve(cwd, given))) {
      const id = await identity(path);
      const clash = existing.find((o) => o.id === id);
      if (clash) {
        throw new OutputError(
          `refusing to write ${clash.path}: it is also an input (${given}), which the output would replace`,
          { hint: 'write the output to another file' },
        );
      }
    }
  }
}

function filesWithRole(spec: CommandSpec, args: ParsedCommandArgs, role: FileRole): string[] {
  const files: string[] = [];
  for (const [name, option] of Object.entries(spec.options ?? {})) {
    if (option.role !== role) continue;
    const value = args.options[name];
    for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string' && v !== '-') files.push(v);
  }
  const positionals = spec.positionals ?? [];
  args.positionals.forEach((value, index) => {
    const p = positionals[Math.min(index, positionals.length - 1)];
    const applies = p !== undefined && (index < positionals.length || p.variadic === true);
    if (applies && p.role === role && value !== '-') files.push(value);
  });
  return files;
}

async function expand(path: string): Promise<string[]> {
  if (!hasGlobSyntax(path)) return [path];
  try {
    return (await resolveInputs([path])).map((f) => f.path);
  } catch {
    return []; // the command reports the glob that matches nothing
  }
}

/** `dev:ino` of the file at `path` (following symlinks), or undefined when it does not exist. */
async function identity(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path, { bigint: true });
    return `${info.dev}:${info.ino}`;
  } catch {
    return undefined;
  }
}
