/**
 * The conventions every datavet command follows (README, docs/architecture.md): flags that mean the
 * same thing are spelled the same way, `--help` describes every flag, and a usage error always
 * ends with a hint. Data-driven over the command table, so a new command is checked too.
 */
import { describe, expect, it } from 'vitest';
import { type CommandSpec, globalOptions } from '../../src/cli/command.js';
import { commands } from '../../src/cli/commands.js';
import { runCli } from '../helpers/run-cli.js';

/** Every runnable command with the argv that reaches it (`metadata list` → ['metadata', 'list']). */
async function runnableCommands(): Promise<{ argv: string[]; spec: CommandSpec }[]> {
  const out: { argv: string[]; spec: CommandSpec }[] = [];
  const walk = async (argv: string[], spec: CommandSpec): Promise<void> => {
    if (spec.run) out.push({ argv, spec });
    for (const [name, load] of Object.entries(spec.subcommands ?? {})) await walk([...argv, name], await load());
  };
  for (const [name, load] of Object.entries(commands)) await walk([name], await load());
  return out;
}

const all = await runnableCommands();

describe('CLI conventions', () => {
  it.each(all.map((c) => [c.argv.join(' '), c] as const))('%s --help describes every flag', async (_, c) => {
    const result = await runCli([...c.argv, '--help']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(c.spec.summary);
    for (const [name, option] of Object.entries({ ...c.spec.options, ...globalOptions })) {
      expect(option.description.trim(), `--${name} has no description`).not.toBe('');
      expect(result.stdout).toContain(`--${name}`);
    }
    for (const p of c.spec.positionals ?? []) expect(result.stdout).toContain(p.name);
  });

  it('spells shared flags the same way in every command', () => {
    const reserved = new Set(Object.values(globalOptions).map((o) => o.short));
    for (const { argv, spec } of all) {
      const where = argv.join(' ');
      const options = spec.options ?? {};
      expect(Object.keys(options), `${where} redefines a global flag`).not.toContain('quiet');
      expect(Object.keys(options), `${where} redefines a global flag`).not.toContain('help');
      const shorts = Object.values(options).flatMap((o) => (o.short ? [o.short] : []));
      expect(new Set(shorts).size, `${where} reuses a short flag`).toBe(shorts.length);
      for (const s of shorts) expect(reserved.has(s), `${where} takes -${s} from a global flag`).toBe(false);
      if (options.output) expect(options.output, `${where} --output`).toMatchObject({ type: 'string', short: 'o' });
      if (options.format) expect(options.format.choices, `${where} --format`).toContain('json');
      if (options.environment) {
        expect(options.environment, `${where} --environment`).toMatchObject({ type: 'string', valueName: 'NAME' });
      }
      if (options.store) expect(options.store, `${where} --store`).toMatchObject({ type: 'string', valueName: 'URL' });
    }
  });
});

describe('usage errors', () => {
  it.each([
    [['compare', 'a.pb', 'b.pb', '--threshold', 'x']],
    [['metadata', 'list', 'nodes']],
    [['lineage', '1', '--hops', '500']],
    [['infer-schema', '--stats', 's.pb', '-o', 'x.pbtxt', '--max-string-domain-size=-1']],
    [['validate-requests', '--schema', 's.pbtxt', 'r.jsonl', '--first-lines=-1']],
    [['validate', '--stats', 'missing.pb', '--schema', 'missing.pbtxt']],
  ])('%j exits 2 with one message and a hint naming the command', async (argv) => {
    const result = await runCli(argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^datavet: /);
    expect(lines[1]).toMatch(/^ {2}hint: /);
  });

  it('keeps the hint a command gives and does not add a second one', async () => {
    const result = await runCli(['compare', 'a.pb', 'b.pb', '--threshold', '0.1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('hint: auto mixes p-values and distances');
    expect(result.stderr.match(/hint:/g)).toHaveLength(1);
  });

  it('points a bare usage error at the help of the subcommand that raised it', async () => {
    const result = await runCli(['metadata', 'list', 'nodes']);
    expect(result.stderr).toContain("hint: run 'datavet metadata list --help' for usage");
  });
});
