import type { ValueType } from './arrow-values.js';
import type { Expr } from './ast.js';
import { type CheckSource, checkError } from './check-error.js';
import { type DatasetContext, type KeySpec, keySpec } from './dataset-context.js';
import { epochSeconds, METRICS, type Metric } from './dataset-metrics.js';

/** A value of a dataset condition: a number, a truth value, or unknown (a metric that is not available). */
type Value = number | boolean | undefined;

/** Why a value is unknown, for the result's message. */
export interface Reading {
  /** The metric as written, e.g. `mean(fare)`. */
  readonly text: string;
  readonly value: number | undefined;
  /** Why there is no value (no previous statistics, not in the statistics). */
  readonly missing?: string;
  /** `previous(...)` and `change(...)` are skipped, not failed, without previous statistics. */
  readonly needsPrevious?: boolean;
  /** The value is a sketch's estimate. */
  readonly estimated?: boolean;
}

/** A compiled dataset condition: evaluate it, and what it needs from the pass. */
export interface DatasetCondition {
  readonly evaluate: (ctx: DatasetContext, readings: Reading[]) => boolean | undefined;
  /** The columns its metrics read, in order (the anomaly is reported under the first). */
  readonly columns: readonly string[];
  readonly needs: readonly (
    | { readonly kind: 'keys'; readonly key: KeySpec }
    | { readonly kind: 'max-string'; readonly column: string }
  )[];
}

type Node = (ctx: DatasetContext, readings: Reading[]) => Value;

/**
 * Type-checks and compiles a dataset condition: numbers, metrics (a fixed table), `previous(m)`
 * and `change(m)` of a statistics metric, `abs`, arithmetic, comparisons, `between`, `and`,
 * `or`, `not`. Strings, columns outside metrics and other functions are rejected here, before
 * any data is read.
 */
export function compileDatasetCondition(
  expr: Expr,
  types: ReadonlyMap<string, ValueType>,
  source: CheckSource,
): DatasetCondition {
  const needs: DatasetCondition['needs'][number][] = [];
  const allColumns: string[] = [];
  const fail = (at: number, message: string, hint?: string): never => {
    throw checkError('CHECK_TYPE', source, at, message, hint);
  };
  const metricList = () => [...METRICS.values()].map((m) => m.describe).join('; ');
  const text = (e: Expr): string => {
    if (e.kind === 'column') return e.name;
    if (e.kind === 'number') return String(e.value);
    if (e.kind === 'call') return `${e.fn}(${e.args.map(text).join(', ')})`;
    return '…';
  };

  const metric = (e: Expr & { kind: 'call' | 'column' }, m: Metric, name: string, previous: boolean): Node => {
    const args = e.kind === 'call' ? e.args : [];
    const columns: string[] = [];
    let q = 0.5;
    const expected = (m.columns === 'none' ? 0 : 1) + (m.number ? 1 : 0);
    if (m.columns === 'many' ? args.length < 1 : args.length !== expected) {
      fail(
        e.at,
        `${name} takes ${m.columns === 'many' ? 'one or more columns' : `${expected} argument(s)`}, got ${args.length}`,
        m.describe,
      );
    }
    args.forEach((a, i) => {
      if (m.number && i === args.length - 1) {
        if (a.kind !== 'number' || a.value < 0 || a.value > 1)
          fail(a.at, `${name}'s last argument is a number in [0, 1]`);
        q = (a as { value: number }).value;
        return;
      }
      if (a.kind !== 'column') fail(a.at, `${name} takes column names, this is not one`);
      const col = (a as { name: string }).name;
      const type = types.get(col);
      if (type === undefined) {
        fail(a.at, `unknown column '${col}'`, `known columns: ${[...types.keys()].slice(0, 30).join(', ')}`);
      }
      if (['mean', 'std_dev', 'min', 'max', 'median', 'quantile'].includes(name) && type !== 'number') {
        fail(a.at, `${name} needs a numeric column, '${col}' is a ${type}`);
      }
      columns.push(col);
      if (!allColumns.includes(col)) allColumns.push(col);
    });
    const label = text(e);
    // Freshness of a numeric column is the statistics' max; of a string column, the greatest string of the pass.
    const fromData =
      name === 'freshness' ? (types.get(columns[0]!) === 'string' ? 'max-string' : undefined) : m.fromData;
    if (previous && fromData !== undefined) {
      fail(e.at, `previous and change read statistics; ${name} is measured over the data only`);
    }
    if (fromData === 'distinct' || fromData === 'duplicates') {
      const key = keySpec(columns);
      needs.push({ kind: 'keys', key });
      return (ctx, readings) => {
        const k = ctx.keys?.get(key.id);
        const value = k === undefined ? undefined : fromData === 'distinct' ? k.distinct : k.duplicates;
        readings.push({
          text: label,
          value,
          ...(k === undefined ? { missing: 'measured only when the data is read (not from statistics alone)' } : {}),
          ...(k?.estimated ? { estimated: true } : {}),
        });
        return value;
      };
    }
    if (fromData === 'max-string') {
      const column = columns[0]!;
      needs.push({ kind: 'max-string', column });
      return (ctx, readings) => {
        const newest = ctx.maxStrings?.get(column);
        const seconds = newest === undefined || newest === null ? undefined : epochSeconds(newest);
        const value = seconds === undefined ? undefined : ctx.now - seconds;
        readings.push({
          text: label,
          value,
          ...(value === undefined
            ? {
                missing:
                  newest === undefined
                    ? 'measured only when the data is read (not from statistics alone)'
                    : newest === null
                      ? 'the column has no values'
                      : `'${newest}' is not a timestamp`,
              }
            : {}),
        });
        return value;
      };
    }
    // Freshness of a numeric column: now minus the statistics' max (epoch seconds).
    const read = (stats: DatasetContext['statistics'], now: number): number | undefined => {
      if (name !== 'freshness') return m.fromStatistics!(stats, columns, q);
      const max = METRICS.get('max')!.fromStatistics!(stats, columns, q);
      return max === undefined ? undefined : now - max;
    };
    return (ctx, readings) => {
      if (previous) {
        const prev = ctx.previous ? read(ctx.previous, ctx.now) : undefined;
        readings.push({
          text: `previous ${label}`,
          value: prev,
          ...(ctx.previous ? {} : { missing: 'no previous statistics were given', needsPrevious: true }),
        });
        return prev;
      }
      const value = read(ctx.statistics, ctx.now);
      readings.push({ text: label, value, ...(value === undefined ? { missing: 'not in the statistics' } : {}) });
      return value;
    };
  };

  const number = (e: Expr, previous = false): Node => {
    const node = compile(e, previous);
    if (node.type !== 'number')
      fail(e.at, `expected a number here, this is a ${node.type === 'bool' ? 'condition' : node.type}`);
    return node.fn;
  };
  const condition = (e: Expr): Node => {
    const node = compile(e, false);
    if (node.type !== 'bool') fail(e.at, 'expected a condition here (a comparison), this is a number');
    return node.fn;
  };

  function compile(e: Expr, previous: boolean): { type: 'number' | 'bool'; fn: Node } {
    switch (e.kind) {
      case 'number':
        return { type: 'number', fn: () => e.value };
      case 'bool':
        return { type: 'bool', fn: () => e.value };
      case 'string':
        return fail(e.at, 'a dataset check compares numbers; strings have no place here');
      case 'column': {
        const m = METRICS.get(e.name);
        if (m && m.columns === 'none') return { type: 'number', fn: metric(e, m, e.name, previous) };
        return fail(
          e.at,
          types.has(e.name)
            ? `'${e.name}' is a column; a dataset check reads metrics of it, e.g. mean(${e.name})`
            : `unknown metric '${e.name}'`,
          `metrics: ${metricList()}`,
        );
      }
      case 'call': {
        if (e.fn === 'previous' || e.fn === 'change') {
          if (e.args.length !== 1) fail(e.at, `${e.fn}() takes one metric`);
          const inner = number(e.args[0]!, true);
          if (e.fn === 'previous') return { type: 'number', fn: inner };
          const current = number(e.args[0]!);
          return {
            type: 'number',
            fn: (ctx, readings) => {
              const now = current(ctx, readings);
              const before = inner(ctx, readings);
              if (typeof now !== 'number' || typeof before !== 'number' || before === 0) return undefined;
              return (now - before) / Math.abs(before);
            },
          };
        }
        if (e.fn === 'abs') {
          if (e.args.length !== 1) fail(e.at, 'abs() takes one number');
          const inner = number(e.args[0]!, previous);
          return {
            type: 'number',
            fn: (ctx, r) => {
              const v = inner(ctx, r);
              return typeof v === 'number' ? Math.abs(v) : undefined;
            },
          };
        }
        const m = METRICS.get(e.fn);
        if (!m) {
          return fail(
            e.at,
            `unknown function '${e.fn}'`,
            `dataset checks may call: ${metricList()}; previous(m); change(m); abs(x)`,
          );
        }
        return { type: 'number', fn: metric(e, m, e.fn, previous) };
      }
      case 'negate': {
        const inner = number(e.arg, previous);
        return { type: 'number', fn: (c, r) => num(inner(c, r), (x) => -x) };
      }
      case 'arithmetic': {
        const l = number(e.left, previous);
        const r = number(e.right, previous);
        const f =
          e.op === '+'
            ? (x: number, y: number) => x + y
            : e.op === '-'
              ? (x: number, y: number) => x - y
              : e.op === '*'
                ? (x: number, y: number) => x * y
                : (x: number, y: number) => x / y;
        return {
          type: 'number',
          fn: (c, rd) => {
            const x = l(c, rd);
            const y = r(c, rd);
            return typeof x === 'number' && typeof y === 'number' ? f(x, y) : undefined;
          },
        };
      }
      case 'compare': {
        const l = number(e.left, previous);
        const r = number(e.right, previous);
        const op = e.op;
        return {
          type: 'bool',
          fn: (c, rd) => {
            const x = l(c, rd);
            const y = r(c, rd);
            if (typeof x !== 'number' || typeof y !== 'number') return undefined;
            return op === '=='
              ? x === y
              : op === '!='
                ? x !== y
                : op === '<'
                  ? x < y
                  : op === '<='
                    ? x <= y
                    : op === '>'
                      ? x > y
                      : x >= y;
          },
        };
      }
      case 'between': {
        const v = number(e.arg, previous);
        const lo = number(e.low, previous);
        const hi = number(e.high, previous);
        const negated = e.negated;
        return {
          type: 'bool',
          fn: (c, rd) => {
            const x = v(c, rd);
            const a = lo(c, rd);
            const b = hi(c, rd);
            if (typeof x !== 'number' || typeof a !== 'number' || typeof b !== 'number') return undefined;
            return (x >= a && x <= b) !== negated;
          },
        };
      }
      case 'logic': {
        const l = condition(e.left);
        const r = condition(e.right);
        const and = e.op === 'and';
        return {
          type: 'bool',
          fn: (c, rd) => {
            const x = l(c, rd);
            const y = r(c, rd);
            if (and) return x === false || y === false ? false : x === undefined || y === undefined ? undefined : true;
            return x === true || y === true ? true : x === undefined || y === undefined ? undefined : false;
          },
        };
      }
      case 'not': {
        const inner = condition(e.arg);
        return {
          type: 'bool',
          fn: (c, rd) => {
            const x = inner(c, rd);
            return x === undefined ? undefined : !x;
          },
        };
      }
      case 'in':
      case 'isNull':
      case 'matches':
        return fail(
          e.at,
          `'${e.kind === 'isNull' ? 'is null' : e.kind}' applies to rows; in a dataset check compare metrics`,
          'e.g. missing_count(col) == 0',
        );
    }
  }

  const root = compile(expr, false);
  if (root.type !== 'bool') fail(expr.at, 'a dataset check must be a condition, e.g. row_count >= 1000');
  const fn = root.fn;
  return {
    evaluate: (ctx, readings) => {
      const v = fn(ctx, readings);
      return typeof v === 'boolean' ? v : undefined;
    },
    columns: allColumns,
    needs,
  };
}

function num(v: Value, f: (x: number) => number): Value {
  return typeof v === 'number' ? f(v) : undefined;
}
