import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

describe('datavet CLI', () => {
  it('prints the command list for --help and exits 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: datavet <command>');
  });

  it('exits 2 with a hint on an unknown command', async () => {
    const result = await runCli(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command 'frobnicate'");
    expect(result.stderr).toContain('hint:');
  });

  it('prints the package version', async () => {
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('argument errors', () => {
  it('name the flag in one short sentence with a hint', async () => {
    const unknown = await runCli(['validate', '--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      "datavet: validate: unknown option '--bogus'\n  hint: run 'datavet validate --help' for the accepted options\n",
    );
    const missing = await runCli(['validate', '--stats']);
    expect(missing.stderr).toContain('validate: option --stats needs a value');
  });

  it('say in words why a file cannot be read', async () => {
    const result = await runCli(['convert', '/nonexistent/x.pbtxt', '/tmp/x.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("cannot read '/nonexistent/x.pbtxt': no such file or directory");
  });
});
