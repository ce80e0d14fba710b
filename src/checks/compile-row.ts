import type { Data } from 'apache-arrow/data';
import {
  boolValues,
  numberValues,
  stringValues,
  type Utf8Bytes,
  utf8Bytes,
  type ValueType,
  validityBytes,
} from './arrow-values.js';
import type { CompareOp, Expr } from './ast.js';
import { type CheckSource, checkError } from './check-error.js';
import { ROW_FUNCTIONS } from './row-functions.js';

/**
 * Row expressions compiled to closures over whole columns: each node maps a batch to a typed
 * array (numbers as Float64Array plus validity bytes, truth values as bytes 0 false / 1 true /
 * 2 unknown), so a check is a few tight loops per batch and never builds an object per row.
 * Missing values follow SQL: a comparison with a missing operand is unknown, and unknown rows
 * are not evaluated (use `is null` / `is not null` to test presence).
 */

/** The columns of one batch a compiled expression reads, decoded once per batch and shared by all checks. */
export class BatchColumns {
  private readonly numbers = new Map<string, NumberColumn>();
  private readonly strings = new Map<string, (string | null)[]>();
  private readonly bools = new Map<string, Uint8Array>();

  constructor(
    private readonly columns: ReadonlyMap<string, Data>,
    readonly length: number,
  ) {}

  data(name: string): Data | undefined {
    return this.columns.get(name);
  }

  number(name: string): NumberColumn {
    let col = this.numbers.get(name);
    if (!col) {
      const data = this.columns.get(name);
      col = data ? numberValues(data) : { values: new Float64Array(this.length), valid: new Uint8Array(this.length) };
      this.numbers.set(name, col);
    }
    return col;
  }

  string(name: string): (string | null)[] {
    let col = this.strings.get(name);
    if (!col) {
      const data = this.columns.get(name);
      col = data ? stringValues(data) : new Array<string | null>(this.length).fill(null);
      this.strings.set(name, col);
    }
    return col;
  }

  /** A Utf8 column's bytes (undefined for other types and absent columns), for kernels that need no strings. */
  utf8(name: string): Utf8Bytes | undefined {
    const data = this.columns.get(name);
    return data ? utf8Bytes(data) : undefined;
  }

  /** Validity bytes of a column (1 present), without decoding its values; null when all are present. */
  valid(name: string): Uint8Array | null {
    const data = this.columns.get(name);
    return data ? validityBytes(data) : new Uint8Array(this.length);
  }

  bool(name: string): Uint8Array {
    let col = this.bools.get(name);
    if (!col) {
      const data = this.columns.get(name);
      col = data ? boolValues(data) : new Uint8Array(this.length).fill(2);
      this.bools.set(name, col);
    }
    return col;
  }
}

/** Numbers of a batch: values and validity bytes (null: all valid). */
export interface NumberColumn {
  readonly values: Float64Array;
  readonly valid: Uint8Array | null;
}

type NumberNode = (b: BatchColumns) => NumberColumn | number;
type StringNode = (b: BatchColumns) => (string | null)[] | string;
/** Truth values: 0 false, 1 true, 2 unknown. */
type BoolNode = (b: BatchColumns) => Uint8Array | boolean;

type Compiled =
  | { readonly type: 'number'; readonly fn: NumberNode }
  | { readonly type: 'string'; readonly fn: StringNode }
  | { readonly type: 'bool'; readonly fn: BoolNode };

/** A compiled row predicate: per batch, truth bytes (0 false, 1 true, 2 unknown). */
export type RowPredicate = (b: BatchColumns) => Uint8Array;

/** The column types an expression is checked against, and how to describe them in messages. */
export interface RowScope {
  readonly columns: ReadonlyMap<string, ValueType>;
}

const UNKNOWN = 2;

/**
 * Type-checks `expr` against `scope` and compiles it; the result must be a truth value.
 * @throws CheckError (unknown column or function, wrong types) at the offending node.
 */
export function compileRowPredicate(expr: Expr, scope: RowScope, source: CheckSource): RowPredicate {
  const compiled = new RowCompiler(scope, source).compile(expr);
  if (compiled.type !== 'bool') {
    throw checkError(
      'CHECK_TYPE',
      source,
      expr.at,
      `a row check must be a condition (true or false per row), this is a ${compiled.type}`,
      'compare it, e.g. fare >= 0, or test it with is not null',
    );
  }
  const fn = compiled.fn;
  return (b) => {
    const r = fn(b);
    return typeof r === 'boolean' ? new Uint8Array(b.length).fill(r ? 1 : 0) : r;
  };
}

/** Type-checks a value expression (for `unique` keys and example values): its type. */
export function typeOfRowExpr(expr: Expr, scope: RowScope, source: CheckSource): ValueType {
  return new RowCompiler(scope, source).compile(expr).type;
}

function knownColumns(scope: RowScope): string {
  const names = [...scope.columns.keys()];
  const shown = names.slice(0, 30).join(', ');
  return names.length > 30 ? `${shown}, … (${names.length} in all)` : shown || '(none)';
}

class RowCompiler {
  constructor(
    private readonly scope: RowScope,
    private readonly source: CheckSource,
  ) {}

  private fail(at: number, message: string, hint?: string): never {
    throw checkError('CHECK_TYPE', this.source, at, message, hint);
  }

  compile(expr: Expr): Compiled {
    switch (expr.kind) {
      case 'number':
        return { type: 'number', fn: () => expr.value };
      case 'string':
        return { type: 'string', fn: () => expr.value };
      case 'bool':
        return { type: 'bool', fn: () => expr.value };
      case 'column': {
        const type = this.scope.columns.get(expr.name);
        if (type === undefined) {
          this.fail(
            expr.at,
            `unknown column '${expr.name}'`,
            `known columns: ${knownColumns(this.scope)} (back-quote names with other characters: \`my col\`)`,
          );
        }
        const name = expr.name;
        if (type === 'number') return { type, fn: (b) => b.number(name) };
        if (type === 'string') return { type, fn: (b) => b.string(name) };
        return { type, fn: (b) => b.bool(name) };
      }
      case 'call':
        return this.call(expr);
      case 'negate': {
        const arg = this.expect(expr.arg, 'number', '-');
        return { type: 'number', fn: mapNumber(arg, (x) => -x) };
      }
      case 'not': {
        const arg = this.expect(expr.arg, 'bool', 'not');
        return {
          type: 'bool',
          fn: (b) => {
            const v = arg(b);
            if (typeof v === 'boolean') return !v;
            const out = new Uint8Array(v.length);
            for (let i = 0; i < v.length; i++) out[i] = v[i] === UNKNOWN ? UNKNOWN : 1 - v[i]!;
            return out;
          },
        };
      }
      case 'arithmetic': {
        const left = this.expect(expr.left, 'number', expr.op);
        const right = this.expect(expr.right, 'number', expr.op);
        return { type: 'number', fn: arithmetic(expr.op, left, right) };
      }
      case 'compare': {
        const left = this.compile(expr.left);
        const right = this.compile(expr.right);
        if (left.type !== right.type) {
          this.fail(
            expr.right.at,
            `cannot compare a ${left.type} with a ${right.type}`,
            left.type === 'number' ? 'compare numbers with numbers (unquoted)' : 'quote strings',
          );
        }
        if (left.type === 'bool' && expr.op !== '==' && expr.op !== '!=') {
          this.fail(expr.at, `'${expr.op}' does not apply to truth values`, 'use == or !=');
        }
        if (left.type === 'number')
          return { type: 'bool', fn: compareNumbers(expr.op, left.fn, right.fn as NumberNode) };
        if (left.type === 'string')
          return { type: 'bool', fn: compareStrings(expr.op, left.fn, right.fn as StringNode) };
        return { type: 'bool', fn: compareBools(expr.op, left.fn, right.fn as BoolNode) };
      }
      case 'logic': {
        const left = this.expect(expr.left, 'bool', expr.op);
        const right = this.expect(expr.right, 'bool', expr.op);
        return { type: 'bool', fn: logic(expr.op, left, right) };
      }
      case 'between': {
        const arg = this.compile(expr.arg);
        if (arg.type === 'bool') this.fail(expr.arg.at, "'between' needs numbers or strings, this is a truth value");
        const low = this.compile(expr.low);
        const high = this.compile(expr.high);
        for (const [side, node] of [
          [low, expr.low],
          [high, expr.high],
        ] as const) {
          if (side.type !== arg.type) this.fail(node.at, `'between' bound is a ${side.type}, the value a ${arg.type}`);
        }
        const ge =
          arg.type === 'number'
            ? compareNumbers('>=', arg.fn, low.fn as NumberNode)
            : compareStrings('>=', arg.fn as StringNode, low.fn as StringNode);
        const le =
          arg.type === 'number'
            ? compareNumbers('<=', arg.fn, high.fn as NumberNode)
            : compareStrings('<=', arg.fn as StringNode, high.fn as StringNode);
        const both = logic('and', ge, le);
        return { type: 'bool', fn: expr.negated ? negate(both) : both };
      }
      case 'in': {
        const arg = this.compile(expr.arg);
        for (const item of expr.list) {
          const t = item.kind === 'bool' ? 'bool' : item.kind;
          if (t !== arg.type) this.fail(item.at, `'in' list has a ${t}, the value is a ${arg.type}`);
        }
        const values = new Set(expr.list.map((l) => l.value));
        const fn =
          expr.arg.kind === 'column' && arg.type === 'string'
            ? stringColumnIn(expr.arg.name, values as Set<string>, member(arg, values))
            : member(arg, values);
        return { type: 'bool', fn: expr.negated ? negate(fn) : fn };
      }
      case 'isNull': {
        const arg = this.compile(expr.arg);
        const fn = expr.arg.kind === 'column' ? columnMissing(expr.arg.name) : isMissing(arg);
        return { type: 'bool', fn: expr.negated ? negate(fn) : fn };
      }
      case 'matches': {
        const arg = this.expect(expr.arg, 'string', 'matches');
        let re: RegExp;
        try {
          re = new RegExp(expr.pattern, 'u');
        } catch (error) {
          this.fail(expr.at, `invalid regular expression: ${(error as Error).message}`);
        }
        const fn: BoolNode = (b) => {
          const v = arg(b);
          if (typeof v === 'string') return re.test(v);
          const out = new Uint8Array(v.length);
          for (let i = 0; i < v.length; i++) {
            const s = v[i];
            out[i] = s === null ? UNKNOWN : re.test(s!) ? 1 : 0;
          }
          return out;
        };
        return { type: 'bool', fn: expr.negated ? negate(fn) : fn };
      }
    }
  }

  private expect(expr: Expr, type: 'number', what: string): NumberNode;
  private expect(expr: Expr, type: 'string', what: string): StringNode;
  private expect(expr: Expr, type: 'bool', what: string): BoolNode;
  private expect(expr: Expr, type: ValueType, what: string): NumberNode | StringNode | BoolNode {
    const c = this.compile(expr);
    if (c.type !== type) {
      const name = (t: ValueType) => (t === 'bool' ? 'condition' : t);
      this.fail(expr.at, `'${what}' needs a ${name(type)}, this is a ${name(c.type)}`);
    }
    return c.fn;
  }

  private call(expr: Expr & { kind: 'call' }): Compiled {
    const fn = ROW_FUNCTIONS.get(expr.fn);
    if (fn === undefined) {
      this.fail(
        expr.at,
        `unknown function '${expr.fn}'`,
        `row checks may call: ${[...ROW_FUNCTIONS.values()].map((f) => f.describe).join('; ')}`,
      );
    }
    if (expr.args.length !== fn.params.length) {
      this.fail(expr.at, `${expr.fn}() takes ${fn.params.length} argument(s), got ${expr.args.length}`);
    }
    if (fn.stringToNumber) {
      const arg = this.expect(expr.args[0]!, 'string', `${expr.fn}()`);
      const f = fn.stringToNumber;
      const column = expr.fn === 'length' && expr.args[0]!.kind === 'column' ? expr.args[0].name : undefined;
      return {
        type: 'number',
        fn: (b) => {
          // The length of an ASCII column is its byte lengths, read off the offsets.
          const raw = column !== undefined ? b.utf8(column) : undefined;
          if (raw?.ascii) {
            const values = new Float64Array(b.length);
            for (let i = 0; i < values.length; i++) values[i] = raw.offsets[i + 1]! - raw.offsets[i]!;
            return { values, valid: raw.valid };
          }
          const v = arg(b);
          if (typeof v === 'string') return f(v);
          const values = new Float64Array(v.length);
          const valid = new Uint8Array(v.length);
          for (let i = 0; i < v.length; i++) {
            const s = v[i];
            if (s !== null) {
              values[i] = f(s!);
              valid[i] = 1;
            }
          }
          return { values, valid };
        },
      };
    }
    if (fn.stringToString) {
      const arg = this.expect(expr.args[0]!, 'string', `${expr.fn}()`);
      const f = fn.stringToString;
      return {
        type: 'string',
        fn: (b) => {
          const v = arg(b);
          return typeof v === 'string' ? f(v) : v.map((s) => (s === null ? null : f(s)));
        },
      };
    }
    const arg = this.expect(expr.args[0]!, 'number', `${expr.fn}()`);
    return { type: 'number', fn: mapNumber(arg, fn.numberToNumber!) };
  }
}

function mapNumber(arg: NumberNode, f: (x: number) => number): NumberNode {
  return (b) => {
    const v = arg(b);
    if (typeof v === 'number') return f(v);
    const out = new Float64Array(v.values.length);
    for (let i = 0; i < out.length; i++) out[i] = f(v.values[i]!);
    return { values: out, valid: v.valid };
  };
}

/** Validity of two operands: both valid (null when both are all valid). */
function bothValid(a: Uint8Array | null, b: Uint8Array | null): Uint8Array | null {
  if (!a) return b;
  if (!b) return a;
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! & b[i]!;
  return out;
}

function arithmetic(op: '+' | '-' | '*' | '/', left: NumberNode, right: NumberNode): NumberNode {
  const f =
    op === '+'
      ? (x: number, y: number) => x + y
      : op === '-'
        ? (x: number, y: number) => x - y
        : op === '*'
          ? (x: number, y: number) => x * y
          : (x: number, y: number) => x / y;
  return (b) => {
    const l = left(b);
    const r = right(b);
    if (typeof l === 'number' && typeof r === 'number') return f(l, r);
    const n = b.length;
    const out = new Float64Array(n);
    if (typeof r === 'number') {
      const lv = (l as NumberColumn).values;
      for (let i = 0; i < n; i++) out[i] = f(lv[i]!, r);
      return { values: out, valid: (l as NumberColumn).valid };
    }
    if (typeof l === 'number') {
      const rv = r.values;
      for (let i = 0; i < n; i++) out[i] = f(l, rv[i]!);
      return { values: out, valid: r.valid };
    }
    const lv = l.values;
    const rv = r.values;
    for (let i = 0; i < n; i++) out[i] = f(lv[i]!, rv[i]!);
    return { values: out, valid: bothValid(l.valid, r.valid) };
  };
}

/** A comparison as a loop per operator (no function call per row). */
function compareLoop(op: CompareOp, a: Float64Array, b: Float64Array | number, out: Uint8Array): void {
  const n = out.length;
  if (typeof b === 'number') {
    switch (op) {
      case '==':
        for (let i = 0; i < n; i++) out[i] = a[i] === b ? 1 : 0;
        return;
      case '!=':
        for (let i = 0; i < n; i++) out[i] = a[i] !== b ? 1 : 0;
        return;
      case '<':
        for (let i = 0; i < n; i++) out[i] = a[i]! < b ? 1 : 0;
        return;
      case '<=':
        for (let i = 0; i < n; i++) out[i] = a[i]! <= b ? 1 : 0;
        return;
      case '>':
        for (let i = 0; i < n; i++) out[i] = a[i]! > b ? 1 : 0;
        return;
      case '>=':
        for (let i = 0; i < n; i++) out[i] = a[i]! >= b ? 1 : 0;
        return;
    }
  }
  const c = b as Float64Array;
  switch (op) {
    case '==':
      for (let i = 0; i < n; i++) out[i] = a[i] === c[i] ? 1 : 0;
      return;
    case '!=':
      for (let i = 0; i < n; i++) out[i] = a[i] !== c[i] ? 1 : 0;
      return;
    case '<':
      for (let i = 0; i < n; i++) out[i] = a[i]! < c[i]! ? 1 : 0;
      return;
    case '<=':
      for (let i = 0; i < n; i++) out[i] = a[i]! <= c[i]! ? 1 : 0;
      return;
    case '>':
      for (let i = 0; i < n; i++) out[i] = a[i]! > c[i]! ? 1 : 0;
      return;
    case '>=':
      for (let i = 0; i < n; i++) out[i] = a[i]! >= c[i]! ? 1 : 0;
      return;
  }
}

const flip: Readonly<Record<CompareOp, CompareOp>> = {
  '==': '==',
  '!=': '!=',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};

function scalarCompare<T extends number | string | boolean>(op: CompareOp, x: T, y: T): boolean {
  switch (op) {
    case '==':
      return x === y;
    case '!=':
      return x !== y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
  }
}

function markUnknown(out: Uint8Array, valid: Uint8Array | null): Uint8Array {
  if (valid) for (let i = 0; i < out.length; i++) if (!valid[i]) out[i] = UNKNOWN;
  return out;
}

function compareNumbers(op: CompareOp, left: NumberNode, right: NumberNode): BoolNode {
  return (b) => {
    const l = left(b);
    const r = right(b);
    if (typeof l === 'number' && typeof r === 'number') return scalarCompare(op, l, r);
    const out = new Uint8Array(b.length);
    if (typeof l === 'number') {
      const rc = r as NumberColumn;
      compareLoop(flip[op], rc.values, l, out);
      return markUnknown(out, rc.valid);
    }
    if (typeof r === 'number') {
      compareLoop(op, l.values, r, out);
      return markUnknown(out, l.valid);
    }
    compareLoop(op, l.values, r.values, out);
    return markUnknown(out, bothValid(l.valid, r.valid));
  };
}

function compareStrings(op: CompareOp, left: StringNode, right: StringNode): BoolNode {
  return (b) => {
    const l = left(b);
    const r = right(b);
    if (typeof l === 'string' && typeof r === 'string') return scalarCompare(op, l, r);
    const out = new Uint8Array(b.length);
    for (let i = 0; i < out.length; i++) {
      const x = typeof l === 'string' ? l : l[i]!;
      const y = typeof r === 'string' ? r : r[i]!;
      out[i] = x === null || y === null ? UNKNOWN : scalarCompare(op, x, y) ? 1 : 0;
    }
    return out;
  };
}

function compareBools(op: CompareOp, left: BoolNode, right: BoolNode): BoolNode {
  return (b) => {
    const l = left(b);
    const r = right(b);
    if (typeof l === 'boolean' && typeof r === 'boolean') return scalarCompare(op, l, r);
    const out = new Uint8Array(b.length);
    for (let i = 0; i < out.length; i++) {
      const x = typeof l === 'boolean' ? (l ? 1 : 0) : l[i]!;
      const y = typeof r === 'boolean' ? (r ? 1 : 0) : r[i]!;
      out[i] = x === UNKNOWN || y === UNKNOWN ? UNKNOWN : (x === y) === (op === '==') ? 1 : 0;
    }
    return out;
  };
}

/** Three-valued `and` / `or` (SQL's): false and unknown is false, true or unknown is true. */
function logic(op: 'and' | 'or', left: BoolNode, right: BoolNode): BoolNode {
  return (b) => {
    const l = left(b);
    const r = right(b);
    if (typeof l === 'boolean' && typeof r === 'boolean') return op === 'and' ? l && r : l || r;
    const n = b.length;
    const out = new Uint8Array(n);
    const lv = typeof l === 'boolean' ? null : l;
    const rv = typeof r === 'boolean' ? null : r;
    const lc = typeof l === 'boolean' ? (l ? 1 : 0) : 0;
    const rc = typeof r === 'boolean' ? (r ? 1 : 0) : 0;
    if (op === 'and') {
      for (let i = 0; i < n; i++) {
        const x = lv ? lv[i]! : lc;
        const y = rv ? rv[i]! : rc;
        out[i] = x === 0 || y === 0 ? 0 : x === UNKNOWN || y === UNKNOWN ? UNKNOWN : 1;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const x = lv ? lv[i]! : lc;
        const y = rv ? rv[i]! : rc;
        out[i] = x === 1 || y === 1 ? 1 : x === UNKNOWN || y === UNKNOWN ? UNKNOWN : 0;
      }
    }
    return out;
  };
}

function negate(fn: BoolNode): BoolNode {
  return (b) => {
    const v = fn(b);
    if (typeof v === 'boolean') return !v;
    const out = new Uint8Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = v[i] === UNKNOWN ? UNKNOWN : 1 - v[i]!;
    return out;
  };
}

function member(arg: Compiled, set: ReadonlySet<number | string | boolean>): BoolNode {
  return (b) => {
    if (arg.type === 'number') {
      const v = arg.fn(b);
      if (typeof v === 'number') return set.has(v);
      const out = new Uint8Array(v.values.length);
      for (let i = 0; i < out.length; i++) out[i] = set.has(v.values[i]!) ? 1 : 0;
      return markUnknown(out, v.valid);
    }
    if (arg.type === 'string') {
      const v = arg.fn(b);
      if (typeof v === 'string') return set.has(v);
      const out = new Uint8Array(v.length);
      for (let i = 0; i < out.length; i++) {
        const s = v[i]!;
        out[i] = s === null ? UNKNOWN : set.has(s) ? 1 : 0;
      }
      return out;
    }
    const v = arg.fn(b);
    if (typeof v === 'boolean') return set.has(v);
    const out = new Uint8Array(v.length);
    for (let i = 0; i < out.length; i++) out[i] = v[i] === UNKNOWN ? UNKNOWN : set.has(v[i] === 1) ? 1 : 0;
    return out;
  };
}

/**
 * `column in ('a', 'b')` over a Utf8 column's bytes: each row's bytes against the literals' UTF-8
 * bytes, no string per row. Other column types take `fallback`.
 */
function stringColumnIn(name: string, values: ReadonlySet<string>, fallback: BoolNode): BoolNode {
  const encoder = new TextEncoder();
  const literals = [...values].map((v) => encoder.encode(v));
  return (b) => {
    const raw = b.utf8(name);
    if (!raw) return fallback(b);
    const { offsets, bytes, valid } = raw;
    const n = b.length;
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if (valid && !valid[i]) {
        out[i] = UNKNOWN;
        continue;
      }
      const start = offsets[i]!;
      const length = offsets[i + 1]! - start;
      for (const lit of literals) {
        if (lit.length !== length) continue;
        let k = 0;
        while (k < length && bytes[start + k] === lit[k]) k++;
        if (k === length) {
          out[i] = 1;
          break;
        }
      }
    }
    return out;
  };
}

/** `column is null` from the validity bitmap alone. */
function columnMissing(name: string): BoolNode {
  return (b) => {
    const valid = b.valid(name);
    const out = new Uint8Array(b.length);
    if (valid) for (let i = 0; i < out.length; i++) out[i] = 1 - valid[i]!;
    return out;
  };
}

/** `x is null`: never unknown. */
function isMissing(arg: Compiled): BoolNode {
  return (b) => {
    const n = b.length;
    const out = new Uint8Array(n);
    if (arg.type === 'number') {
      const v = arg.fn(b);
      if (typeof v === 'number') return false;
      if (v.valid) for (let i = 0; i < n; i++) out[i] = 1 - v.valid[i]!;
      return out;
    }
    if (arg.type === 'string') {
      const v = arg.fn(b);
      if (typeof v === 'string') return false;
      for (let i = 0; i < n; i++) out[i] = v[i] === null ? 1 : 0;
      return out;
    }
    const v = arg.fn(b);
    if (typeof v === 'boolean') return false;
    for (let i = 0; i < n; i++) out[i] = v[i] === UNKNOWN ? 1 : 0;
    return out;
  };
}
