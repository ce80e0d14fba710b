#!/usr/bin/env node
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isDatavetError } from '../_util/errors.js';
import { fileErrorReason, isFileSystemError } from '../_util/file-error-reason.js';
import { own } from '../_util/own.js';
import { type CliIo, type CommandSpec, ExitCode, parseCommandArgs, renderHelp } from './command.js';
import { commands } from './commands.js';
import { refuseOutputsOverInputs } from './output-over-input.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** One line per command: its name and summary, without a closing period however it was written. */
async function commandRows(
  table: Readonly<Record<string, () => Promise<Pick<CommandSpec, 'summary'>>>>,
): Promise<string> {
  const rows: string[] = [];
  for (const [name, load] of Object.entries(table)) {
    rows.push(`  ${name.padEnd(20)} ${(await load()).summary.replace(/\.$/, '')}`);
  }
  return rows.join('\n');
}

/**
 * The command summaries the build wrote beside dist/ (scripts/bundle-cli.ts), so that `--help`
 * loads no command module; undefined when running from the sources or when they do not list
 * exactly the commands of the table.
 */
function builtSummaries(): Record<string, string> | undefined {
  try {
    const summaries = JSON.parse(readFileSync(new URL('../command-summaries.json', import.meta.url), 'utf8')) as Record<
      string,
      string
    >;
    const names = Object.keys(commands);
    const same = names.length === Object.keys(summaries).length && names.every((n) => typeof summaries[n] === 'string');
    return same ? summaries : undefined;
  } catch {
    return undefined;
  }
}

async function topLevelHelp(): Promise<string> {
  const summaries = builtSummaries();
  const table = summaries
    ? Object.fromEntries(Object.keys(commands).map((name) => [name, async () => ({ summary: summaries[name] ?? '' })]))
    : commands;
  return [
    'Usage: datavet <command> [options]',
    '',
    'Data validation and schema evolution for ML data, compatible with TFDV and ML Metadata.',
    '',
    'Commands:',
    await commandRows(table),
    '',
    "Run 'datavet <command> --help' for a command's options.",
    '',
  ].join('\n');
}

/** System calls that change the file system: their failures are about an output. */
const writingCalls: ReadonlySet<string> = new Set([
  'write',
  'mkdir',
  'rename',
  'unlink',
  'rmdir',
  'copyfile',
  'symlink',
  'link',
  'ftruncate',
  'fsync',
  'utime',
  'chmod',
]);

/** Resolves `datavet a b ...` to a command spec, following group commands. */
async function resolve(
  argv: readonly string[],
): Promise<{ spec: CommandSpec; rest: readonly string[]; path: string } | undefined> {
  const [first, ...rest] = argv;
  const load = own(commands, first);
  if (!load || first === undefined) return undefined;
  let spec = await load();
  let path = first;
  let remaining = rest;
  while (spec.subcommands && remaining[0] !== undefined && own(spec.subcommands, remaining[0])) {
    const next = own(spec.subcommands, remaining[0]);
    if (!next) break;
    path = `${path} ${remaining[0]}`;
    spec = { ...(await next()), name: path };
    remaining = remaining.slice(1);
  }
  return { spec, rest: remaining, path };
}

/**
 * Runs the CLI in-process and returns the exit code. Errors the user can fix print one line
 * (plus a hint) and exit 2; anything else is a bug and prints its stack, exit 3.
 */
export async function runMain(argv: readonly string[], io: CliIo): Promise<number> {
  // The command being run, once known: a usage error without a hint of its own points at its help.
  let commandPath: string | undefined;
  try {
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
      io.stdout.write(await topLevelHelp());
      return argv.length === 0 ? ExitCode.USAGE : ExitCode.OK;
    }
    if (argv[0] === '--version' || argv[0] === '-v') {
      io.stdout.write(`${version()}\n`);
      return ExitCode.OK;
    }
    const resolved = await resolve(argv);
    if (!resolved) {
      io.stderr.write(`datavet: unknown command '${argv[0]}'\n  hint: run 'datavet --help' for the list of commands\n`);
      return ExitCode.USAGE;
    }
    const { spec, rest } = resolved;
    commandPath = resolved.path;
    if (spec.subcommands && !spec.run) {
      const sub = rest[0];
      if (sub === undefined || sub === '--help' || sub === '-h') {
        io.stdout.write(`${renderHelp(spec)}\nCommands:\n${await commandRows(spec.subcommands)}\n`);
        return sub === undefined ? ExitCode.USAGE : ExitCode.OK;
      }
      io.stderr.write(
        `datavet ${spec.name}: unknown command '${sub}'\n  hint: run 'datavet ${spec.name} --help' for the list\n`,
      );
      return ExitCode.USAGE;
    }
    const args = parseCommandArgs(spec, rest);
    if (args.options.help === true || !spec.run) {
      io.stdout.write(renderHelp(spec));
      return ExitCode.OK;
    }
    await refuseOutputsOverInputs(spec, args, io.cwd);
    return await spec.run(args, io);
  } catch (error) {
    if (isDatavetError(error)) {
      const helpHint =
        error.code === 'USAGE' && !error.hint && commandPath !== undefined
          ? `\n  hint: run 'datavet ${commandPath} --help' for usage`
          : '';
      io.stderr.write(`datavet: ${error.describe()}${helpHint}\n`);
      return ExitCode.USAGE;
    }
    const err = error as NodeJS.ErrnoException;
    if (isFileSystemError(err) && err.path) {
      // A file operation outside the readers and writeFileAtomic: still the user's file, not our bug.
      const writing = writingCalls.has(err.syscall ?? '');
      io.stderr.write(
        `datavet: cannot ${writing ? 'write' : 'read'} '${err.path}': ${fileErrorReason(err)}\n  hint: ${
          writing
            ? 'check that the output directory exists, can be written and has free space'
            : 'check the path (relative paths start in the current directory)'
        }\n`,
      );
      return ExitCode.USAGE;
    }
    io.stderr.write(`datavet: internal error (please report it)\n${err?.stack ?? String(error)}\n`);
    return ExitCode.INTERNAL;
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  // A closed pipe (`datavet ... | head`) is a normal end, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const code = await runMain(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  });
  process.exitCode = code;
}
