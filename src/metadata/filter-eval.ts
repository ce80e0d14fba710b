import type { Relation, ResolvedExpr, ResolvedField, ResolvedFilter, ResolvedValue } from './filter-query.js';

/** How the evaluator reads one candidate node and its neighbours (memory backend). */
export interface FilterEnv {
  /** A node column, with `type` = the type's name. */
  node(column: string): unknown;
  /** A property's value column, or undefined/null when the node has no such property. */
  property(name: string, custom: boolean, column: string): unknown;
  /** The neighbours reached through `relation`, each as a column reader. */
  related(relation: Relation): ReadonlyArray<(column: string) => unknown>;
}

/** SQL's three-valued logic: null = unknown. */
type Truth = boolean | null;

function likeToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) {
      source += (pattern[++i] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (c === '%') source += '[\\s\\S]*';
    else if (c === '_') source += '[\\s\\S]';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function compare(a: unknown, op: string, b: ResolvedValue): Truth {
  if (a === null || a === undefined) return null;
  const left = typeof a === 'boolean' && typeof b === 'number' ? Number(a) : a;
  switch (op) {
    case '=':
      return left === b;
    case '!=':
      return left !== b;
    case '<':
      return (left as number) < (b as number);
    case '>':
      return (left as number) > (b as number);
    case '<=':
      return (left as number) <= (b as number);
    default:
      return (left as number) >= (b as number);
  }
}

/**
 * Evaluates a resolved filter for one node with SQL semantics: NULL comparisons are unknown,
 * and aliases range over the node's neighbours (a node matches if some binding of every alias
 * satisfies the expression, as the inner joins of the SQL translation do).
 */
export function matchesFilter(filter: ResolvedFilter, env: FilterEnv): boolean {
  const regexps = new Map<string, RegExp>();
  const lists = filter.aliases.map((a) => env.related(a.relation));
  if (lists.some((list) => list.length === 0)) return false;
  const binding = new Map<string, (column: string) => unknown>();
  const read = (field: ResolvedField): unknown => {
    if (field.source === 'node') return env.node(field.column);
    if (field.source === 'property') return env.property(field.name, field.custom, field.column);
    return binding.get(`${field.relation}:${field.alias}`)?.(field.column);
  };
  const evaluate = (expr: ResolvedExpr): Truth => {
    switch (expr.kind) {
      case 'and': {
        const l = evaluate(expr.left);
        if (l === false) return false;
        const r = evaluate(expr.right);
        if (r === false) return false;
        return l === null || r === null ? null : true;
      }
      case 'or': {
        const l = evaluate(expr.left);
        if (l === true) return true;
        const r = evaluate(expr.right);
        if (r === true) return true;
        return l === null || r === null ? null : false;
      }
      case 'not': {
        const v = evaluate(expr.expr);
        return v === null ? null : !v;
      }
      case 'compare':
        return compare(read(expr.field), expr.op, expr.value);
      case 'like': {
        const v = read(expr.field);
        if (v === null || v === undefined) return null;
        let re = regexps.get(expr.pattern);
        if (!re) {
          re = likeToRegExp(expr.pattern);
          regexps.set(expr.pattern, re);
        }
        return re.test(String(v)) !== expr.negated;
      }
      case 'in': {
        const v = read(expr.field);
        if (v === null || v === undefined) return null;
        const found = expr.values.some((value) => compare(v, '=', value) === true);
        return found !== expr.negated;
      }
      case 'isNull': {
        const v = read(expr.field);
        return (v === null || v === undefined) !== expr.negated;
      }
    }
  };
  const search = (index: number): boolean => {
    if (index === filter.aliases.length) return evaluate(filter.expr) === true;
    const alias = filter.aliases[index]!;
    for (const reader of lists[index]!) {
      binding.set(`${alias.relation}:${alias.alias}`, reader);
      if (search(index + 1)) return true;
    }
    return false;
  };
  return search(0);
}
