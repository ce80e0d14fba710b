import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CheckError, compileChecks, parseChecks, parseExpression } from '../../src/checks/index.js';
import { runCli } from '../helpers/run-cli.js';
import { datasetsDir } from './independent.js';

const types = new Map([
  ['fare', 'number'],
  ['tips', 'number'],
  ['company', 'string'],
  ['payment type', 'string'],
] as const);

/** The CheckError `text` (a checks file) throws when read and compiled against `types`. */
function errorOf(text: string): CheckError {
  try {
    compileChecks(parseChecks(text, 'checks.yaml'), types);
  } catch (error) {
    return error as CheckError;
  }
  throw new Error(`no error for ${text}`);
}

describe('check language: malformed checks', () => {
  it('a syntax error names the file, line and column, and what was expected', () => {
    const e = errorOf('checks:\n  - name: fare_ok\n    row: fare >= and tips > 0\n');
    expect(e.code).toBe('CHECK_SYNTAX');
    expect(e.location).toEqual({ file: 'checks.yaml', line: 3, column: 18 });
    expect(e.message).toBe("check fare_ok.row: expected a column, a number, a string or (, found 'and'");
    expect(e.describe()).toMatch(/^checks\.yaml:3:18: check fare_ok\.row: expected/);
  });

  it('positions inside quoted and flow-style values are exact', () => {
    expect(errorOf('- {name: a, row: "fare > 0 or (tips < 1"}').location).toEqual({
      file: 'checks.yaml',
      line: 1,
      column: 40,
    });
    const e = errorOf("- name: a\n  row: 'fare in (1, 2'\n");
    expect(e.location).toEqual({ file: 'checks.yaml', line: 2, column: 22 });
    expect(e.message).toMatch(/expected ',' or '\)', found the end of the expression/);
  });

  it('an unknown column lists the known columns', () => {
    const e = errorOf('- name: a\n  row: fare >= 0 and tip > 0\n');
    expect(e.code).toBe('CHECK_TYPE');
    expect(e.message).toBe("check a.row: unknown column 'tip'");
    expect(e.location).toEqual({ file: 'checks.yaml', line: 2, column: 22 });
    expect(e.hint).toMatch(/known columns: fare, tips, company, payment type/);
  });

  it('types are checked: numbers, strings and conditions do not mix', () => {
    expect(errorOf('- {name: a, row: "fare > \'10\'"}').message).toMatch(/cannot compare a number with a string/);
    expect(errorOf('- {name: a, row: "fare + 1"}').message).toMatch(/must be a condition/);
    expect(errorOf('- {name: a, row: "company matches 1"}').message).toMatch(/expected a quoted regular expression/);
    expect(errorOf('- {name: a, row: "fare matches \'x\'"}').message).toMatch(
      /'matches' needs a string, this is a number/,
    );
    expect(errorOf('- {name: a, row: "company in (1, 2)"}').message).toMatch(
      /'in' list has a number, the value is a string/,
    );
    expect(errorOf('- {name: a, row: "length(fare) > 1"}').message).toMatch(/'length\(\)' needs a string/);
    expect(errorOf('- {name: a, row: "company matches \'(\'"}').message).toMatch(/invalid regular expression/);
    expect(errorOf('- {name: a, dataset: "fare > 1"}').message).toMatch(
      /'fare' is a column; a dataset check reads metrics of it/,
    );
    expect(errorOf('- {name: a, dataset: "mean(company) > 1"}').message).toMatch(/mean needs a numeric column/);
    expect(errorOf('- {name: a, dataset: "quantile(fare, 2) > 1"}').message).toMatch(
      /last argument is a number in \[0, 1\]/,
    );
    expect(errorOf('- {name: a, dataset: "previous(distinct_count(fare)) > 1"}').message).toMatch(
      /measured over the data only/,
    );
  });

  it('back-quoted names reach columns with other characters', () => {
    expect(() => compileChecks(parseChecks('- {name: a, row: "`payment type` != \'Cash\'"}'), types)).not.toThrow();
  });

  it('bad definitions name the check and the key', () => {
    expect(errorOf('- {name: a, row: "fare > 0", mostly: 2}').message).toMatch(
      /check a: mostly is a fraction in \(0, 1\], got number 2/,
    );
    expect(errorOf('- {name: a, row: "fare > 0", unique: fare}').message).toMatch(
      /a check has one kind, this has row and unique/,
    );
    expect(errorOf('- {name: a}').message).toMatch(/needs one of row, unique, dataset/);
    expect(errorOf('- {name: a, row: "fare > 0", severity: fatal}').message).toMatch(/severity is error or warning/);
    expect(errorOf('- {name: a, row: "fare > 0", sql: x}').message).toMatch(/unknown key 'sql' for a row check/);
    expect(errorOf('- {name: a, row: "fare > 0"}\n- {name: a, row: "fare > 1"}').message).toMatch(
      /two checks have this name/,
    );
    expect(errorOf('- {name: a, unique: [fare, nope]}').message).toMatch(/unknown column 'nope'/);
    const e = errorOf('checks:\n  - name: a\n    row: x\n  - 12\n');
    expect(e.location).toEqual({ file: 'checks.yaml', line: 4, column: 5 });
    expect(errorOf('checks: [a').code).toBe('CHECK_FILE');
  });
});

describe('check language: expressions cannot reach the process', () => {
  const rejected: [string, RegExp][] = [
    ['fare.constructor', /unexpected character '\.'/],
    ["company.constructor('return process')()", /unexpected character '\.'/],
    ['fare["constructor"] > 0', /unexpected character '\['/],
    ['__proto__ > 0', /unknown column '__proto__'/],
    ['constructor == 1', /unknown column 'constructor'/],
    ['prototype is null', /unknown column 'prototype'/],
    ["constructor('return 1') > 0", /unknown function 'constructor'/],
    ["eval('1') > 0", /unknown function 'eval'/],
    ["Function('x') > 0", /unknown function 'Function'/],
    ["require('fs') > 0", /unknown function 'require'/],
    ['process.exit(1)', /unexpected character '\.'/],
    ['globalThis > 0', /unknown column 'globalThis'/],
    ['toString() > 0', /unknown function 'toString'/],
    ['hasOwnProperty(fare)', /unknown function 'hasOwnProperty'/],
    ['fare > 0; tips > 0', /unexpected character ';'/],
    ['`fare` (1) > 0', /expected an operator/],
    ['() => 1', /expected a column, a number, a string or \(, found '\)'/],
  ];
  for (const [expression, message] of rejected) {
    it(`rejects ${expression}`, () => {
      const e = errorOf(`- name: a\n  row: ${JSON.stringify(expression)}\n`);
      expect(e.message).toMatch(message);
      expect(e.location?.line).toBe(2);
    });
  }

  it('the same names in dataset checks are rejected too', () => {
    expect(errorOf('- {name: a, dataset: "constructor(fare) > 0"}').message).toMatch(/unknown function 'constructor'/);
    expect(errorOf('- {name: a, dataset: "__proto__ > 0"}').message).toMatch(/unknown metric '__proto__'/);
    expect(errorOf('- {name: a, dataset: "toString > 0"}').message).toMatch(/unknown metric 'toString'/);
  });

  it('a tree is data: parsing builds nodes and never runs anything', () => {
    expect(parseExpression('a + 1 > 2 and b is not null')).toEqual({
      kind: 'logic',
      op: 'and',
      at: 0,
      left: {
        kind: 'compare',
        op: '>',
        at: 0,
        left: {
          kind: 'arithmetic',
          op: '+',
          at: 0,
          left: { kind: 'column', name: 'a', at: 0 },
          right: { kind: 'number', value: 1, at: 4 },
        },
        right: { kind: 'number', value: 2, at: 8 },
      },
      right: { kind: 'isNull', negated: true, at: 14, arg: { kind: 'column', name: 'b', at: 14 } },
    });
  });

  it('a column named __proto__ is data like any other', () => {
    const withProto = new Map([['__proto__', 'number']] as const);
    expect(() => compileChecks(parseChecks('- {name: a, row: "__proto__ >= 0"}'), withProto)).not.toThrow();
  });
});

describe('malformed checks on the command line: exit 2, nothing read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'datavet-checks-'));
  const schema = resolve(import.meta.dirname, '..', '..', 'datasets', 'tfx_artifacts', 'schema_gen', 'schema.pbtxt');

  it('validate reports the check error before reading any data', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'checks:\n  - name: fare_ok\n    row: fare >= 0 and fare.constructor\n');
    // The data path does not exist: an error about it would mean the data was opened first.
    const r = await runCli(
      ['validate', '--schema', schema, '--data', join(dir, 'missing.csv'), '--checks', 'bad.yaml'],
      { cwd: dir },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("bad.yaml:3:28: check fare_ok.row: unexpected character '.'");
    expect(r.stderr).not.toContain('missing.csv');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a type error against the schema, before reading', async () => {
    writeFileSync(join(dir, 'typo.yaml'), '- name: fare_ok\n  row: fares >= 0\n');
    const r = await runCli(
      ['validate', '--schema', schema, '--data', join(dir, 'missing.csv'), '--checks', 'typo.yaml'],
      {
        cwd: dir,
      },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("typo.yaml:2:8: check fare_ok.row: unknown column 'fares'");
    expect(r.stderr).toMatch(/hint: known columns: .*fare/);
  });

  it('stats --checks without a schema still rejects syntax before reading', async () => {
    writeFileSync(join(dir, 'syntax.yaml'), '- name: x\n  row: fare >=\n');
    const r = await runCli(['stats', join(datasetsDir, 'missing.csv'), '-o', 'x.pb', '--checks', 'syntax.yaml'], {
      cwd: dir,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'syntax.yaml:2:15: check x.row: expected a column, a number, a string or (, found the end',
    );
  });
});
