import type { ArithmeticOp, CompareOp, Expr } from './ast.js';
import { type CheckSource, checkError } from './check-error.js';
import { type Token, tokenize } from './tokenizer.js';

/**
 * The grammar, lowest precedence first (a hand-written recursive-descent parser):
 *
 *   expr       := and ('or' and)*
 *   and        := not ('and' not)*
 *   not        := 'not' not | predicate
 *   predicate  := sum [ compare-op sum
 *                     | ['not'] 'between' sum 'and' sum
 *                     | ['not'] 'in' '(' literal (',' literal)* ')'
 *                     | ['not'] 'matches' string
 *                     | 'is' ['not'] 'null' ]
 *   sum        := product (('+' | '-') product)*
 *   product    := unary (('*' | '/') unary)*
 *   unary      := '-' unary | primary
 *   primary    := number | string | 'true' | 'false' | name | name '(' [expr (',' expr)*] ')' | '(' expr ')'
 *
 * There is no member access, indexing or statement: a name is a column (or, followed by `(`, a
 * function of the language, checked later against a fixed table).
 */
export function parseExpression(text: string, source: CheckSource = {}): Expr {
  const parser = new Parser(tokenize(text, source), source);
  if (parser.peek().kind === 'end') {
    throw checkError('CHECK_SYNTAX', source, 0, 'empty expression', 'write a condition, e.g. fare >= 0');
  }
  const expr = parser.expr();
  const rest = parser.peek();
  if (rest.kind !== 'end') parser.fail(rest, "an operator, 'and', 'or' or the end of the expression");
  return expr;
}

const compareOps: Readonly<Record<string, CompareOp>> = {
  '==': '==',
  '=': '==',
  '!=': '!=',
  '<>': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

function describe(token: Token): string {
  if (token.kind === 'end') return 'the end of the expression';
  if (token.kind === 'string') return `the string ${token.text}`;
  if (token.kind === 'number') return `the number ${token.text}`;
  return `'${token.text}'`;
}

class Parser {
  private pos = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly source: CheckSource,
  ) {}

  peek(): Token {
    return this.tokens[this.pos]!;
  }

  private next(): Token {
    const t = this.tokens[this.pos]!;
    if (t.kind !== 'end') this.pos++;
    return t;
  }

  fail(token: Token, expected: string): never {
    throw checkError('CHECK_SYNTAX', this.source, token.at, `expected ${expected}, found ${describe(token)}`);
  }

  private isKeyword(word: string, offset = 0): boolean {
    const t = this.tokens[this.pos + offset];
    return t?.kind === 'keyword' && t.value === word;
  }

  private isOp(op: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.value === op;
  }

  private expectOp(op: string, expected = `'${op}'`): Token {
    const t = this.peek();
    if (t.kind !== 'op' || t.value !== op) this.fail(t, expected);
    return this.next();
  }

  private expectKeyword(word: string): void {
    if (!this.isKeyword(word)) this.fail(this.peek(), `'${word}'`);
    this.next();
  }

  expr(): Expr {
    let left = this.and();
    while (this.isKeyword('or')) {
      this.next();
      left = { kind: 'logic', op: 'or', left, right: this.and(), at: left.at };
    }
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.isKeyword('and')) {
      this.next();
      left = { kind: 'logic', op: 'and', left, right: this.not(), at: left.at };
    }
    return left;
  }

  private not(): Expr {
    if (this.isKeyword('not')) {
      const at = this.next().at;
      return { kind: 'not', arg: this.not(), at };
    }
    return this.predicate();
  }

  private predicate(): Expr {
    const left = this.sum();
    const t = this.peek();
    if (t.kind === 'op' && compareOps[t.value] !== undefined) {
      this.next();
      return { kind: 'compare', op: compareOps[t.value]!, left, right: this.sum(), at: left.at };
    }
    if (this.isKeyword('is')) {
      this.next();
      const negated = this.isKeyword('not');
      if (negated) this.next();
      if (!this.isKeyword('null')) this.fail(this.peek(), negated ? "'null'" : "'null' or 'not null'");
      this.next();
      return { kind: 'isNull', arg: left, negated, at: left.at };
    }
    const negated = this.isKeyword('not') && ['between', 'in', 'matches'].some((w) => this.isKeyword(w, 1));
    if (negated) this.next();
    if (this.isKeyword('between')) {
      this.next();
      const low = this.sum();
      this.expectKeyword('and');
      const high = this.sum();
      return { kind: 'between', arg: left, low, high, negated, at: left.at };
    }
    if (this.isKeyword('in')) {
      this.next();
      this.expectOp('(', "'(' and a list of values");
      const list: (Expr & { kind: 'number' | 'string' | 'bool' })[] = [this.literal()];
      while (this.isOp(',')) {
        this.next();
        list.push(this.literal());
      }
      this.expectOp(')', "',' or ')'");
      return { kind: 'in', arg: left, list, negated, at: left.at };
    }
    if (this.isKeyword('matches')) {
      this.next();
      const p = this.peek();
      if (p.kind !== 'string') this.fail(p, 'a quoted regular expression');
      this.next();
      return { kind: 'matches', arg: left, pattern: p.value, negated, at: left.at };
    }
    return left;
  }

  private literal(): Expr & { kind: 'number' | 'string' | 'bool' } {
    const t = this.peek();
    let sign = 1;
    if (t.kind === 'op' && t.value === '-') {
      this.next();
      sign = -1;
      const n = this.peek();
      if (n.kind !== 'number') this.fail(n, 'a number');
    }
    const v = this.next();
    if (v.kind === 'number') return { kind: 'number', value: sign * v.value, at: t.at };
    if (v.kind === 'string') return { kind: 'string', value: v.value, at: v.at };
    if (v.kind === 'keyword' && (v.value === 'true' || v.value === 'false'))
      return { kind: 'bool', value: v.value === 'true', at: v.at };
    return this.fail(v, 'a number, a quoted string, true or false');
  }

  private sum(): Expr {
    let left = this.product();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.next().value as ArithmeticOp;
      left = { kind: 'arithmetic', op, left, right: this.product(), at: left.at };
    }
    return left;
  }

  private product(): Expr {
    let left = this.unary();
    while (this.isOp('*') || this.isOp('/')) {
      const op = this.next().value as ArithmeticOp;
      left = { kind: 'arithmetic', op, left, right: this.unary(), at: left.at };
    }
    return left;
  }

  private unary(): Expr {
    if (this.isOp('-')) {
      const at = this.next().at;
      const arg = this.unary();
      if (arg.kind === 'number') return { kind: 'number', value: -arg.value, at };
      return { kind: 'negate', arg, at };
    }
    return this.primary();
  }

  private primary(): Expr {
    const t = this.peek();
    switch (t.kind) {
      case 'number':
        this.next();
        return { kind: 'number', value: t.value, at: t.at };
      case 'string':
        this.next();
        return { kind: 'string', value: t.value, at: t.at };
      case 'keyword':
        if (t.value === 'true' || t.value === 'false') {
          this.next();
          return { kind: 'bool', value: t.value === 'true', at: t.at };
        }
        if (t.value === 'null') {
          throw checkError(
            'CHECK_SYNTAX',
            this.source,
            t.at,
            "null is not a value: write 'x is null' or 'x is not null'",
          );
        }
        return this.fail(t, 'a column, a number, a string or (');
      case 'name': {
        this.next();
        if (this.isOp('(') && !t.text.startsWith('`')) {
          this.next();
          const args: Expr[] = [];
          if (!this.isOp(')')) {
            args.push(this.expr());
            while (this.isOp(',')) {
              this.next();
              args.push(this.expr());
            }
          }
          this.expectOp(')', "',' or ')'");
          return { kind: 'call', fn: t.value, args, at: t.at };
        }
        return { kind: 'column', name: t.value, at: t.at };
      }
      case 'op':
        if (t.value === '(') {
          this.next();
          const inner = this.expr();
          this.expectOp(')', "')'");
          return inner;
        }
        return this.fail(t, 'a column, a number, a string or (');
      default:
        return this.fail(t, 'a column, a number, a string or (');
    }
  }
}
