/** Comparison operators of the check language (`=` and `<>` are read as `==` and `!=`). */
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type ArithmeticOp = '+' | '-' | '*' | '/';

/**
 * A parsed check expression. `at` is the offset of the node's first character in the expression
 * text, for messages. The tree is plain data: evaluation is a walk over it, never generated code.
 */
export type Expr =
  | { readonly kind: 'number'; readonly value: number; readonly at: number }
  | { readonly kind: 'string'; readonly value: string; readonly at: number }
  | { readonly kind: 'bool'; readonly value: boolean; readonly at: number }
  | { readonly kind: 'column'; readonly name: string; readonly at: number }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly Expr[]; readonly at: number }
  | { readonly kind: 'negate'; readonly arg: Expr; readonly at: number }
  | { readonly kind: 'not'; readonly arg: Expr; readonly at: number }
  | {
      readonly kind: 'arithmetic';
      readonly op: ArithmeticOp;
      readonly left: Expr;
      readonly right: Expr;
      readonly at: number;
    }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: Expr; readonly right: Expr; readonly at: number }
  | {
      readonly kind: 'logic';
      readonly op: 'and' | 'or';
      readonly left: Expr;
      readonly right: Expr;
      readonly at: number;
    }
  | {
      readonly kind: 'between';
      readonly arg: Expr;
      readonly low: Expr;
      readonly high: Expr;
      readonly negated: boolean;
      readonly at: number;
    }
  | {
      readonly kind: 'in';
      readonly arg: Expr;
      readonly list: readonly (Expr & { kind: 'number' | 'string' | 'bool' })[];
      readonly negated: boolean;
      readonly at: number;
    }
  | { readonly kind: 'isNull'; readonly arg: Expr; readonly negated: boolean; readonly at: number }
  | {
      readonly kind: 'matches';
      readonly arg: Expr;
      readonly pattern: string;
      readonly negated: boolean;
      readonly at: number;
    };

/** The column names an expression reads, in first-use order (function names are not columns). */
export function columnsOf(expr: Expr, out: string[] = []): string[] {
  switch (expr.kind) {
    case 'column':
      if (!out.includes(expr.name)) out.push(expr.name);
      break;
    case 'call':
      for (const a of expr.args) columnsOf(a, out);
      break;
    case 'negate':
    case 'not':
    case 'isNull':
    case 'matches':
      columnsOf(expr.arg, out);
      break;
    case 'arithmetic':
    case 'compare':
    case 'logic':
      columnsOf(expr.left, out);
      columnsOf(expr.right, out);
      break;
    case 'between':
      columnsOf(expr.arg, out);
      columnsOf(expr.low, out);
      columnsOf(expr.high, out);
      break;
    case 'in':
      columnsOf(expr.arg, out);
      break;
    default:
      break;
  }
  return out;
}
