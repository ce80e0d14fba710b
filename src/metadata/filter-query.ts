import { own } from '../_util/own.js';
import { InvalidArgumentError } from './errors.js';
import { ARTIFACT_STATES, EVENT_TYPES, EXECUTION_STATES } from './types.js';

// MLMD's `filter_query` language (docs/metadata.md): a boolean expression over node attributes,
// properties and neighbours. This file tokenizes and parses it into an AST and resolves every
// field against the node kind being listed, so that backends only ever see typed column
// references and literal values: user text is never spliced into SQL.

/** The node kinds a filter can list. */
export type NodeKind = 'artifact' | 'execution' | 'context';

type TokenKind = 'ident' | 'string' | 'number' | 'op' | 'lparen' | 'rparen' | 'comma' | 'dot' | 'end';
interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** Strings: the unescaped value; quoted identifiers: the name. */
  readonly value: string;
  readonly quoted: boolean;
  readonly pos: number;
}

function fail(query: string, pos: number, message: string): never {
  throw new InvalidArgumentError(`invalid filter_query at offset ${pos}: ${message}`, {
    hint: `filter_query was: ${query}`,
  });
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '`': '`',
  '?': '?',
  '%': '\\%',
  _: '\\_',
};

/** Splits a filter into tokens; anything outside the grammar (`;`, comments, ...) is an error. */
export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, text: string, value = text, quoted = false, pos = i) =>
    tokens.push({ kind, text, value, quoted, pos });
  while (i < query.length) {
    const c = query[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (/[A-Za-z_]/.test(c)) {
      while (i < query.length && /[A-Za-z0-9_]/.test(query[i] as string)) i++;
      push('ident', query.slice(start, i), query.slice(start, i), false, start);
    } else if (/[0-9]/.test(c)) {
      while (i < query.length && /[0-9]/.test(query[i] as string)) i++;
      if (query[i] === '.' && /[0-9]/.test(query[i + 1] ?? '')) {
        i++;
        while (i < query.length && /[0-9]/.test(query[i] as string)) i++;
      }
      if (/[eE]/.test(query[i] ?? '') && /[-+0-9]/.test(query[i + 1] ?? '')) {
        i += 2;
        while (i < query.length && /[0-9]/.test(query[i] as string)) i++;
      }
      if (/[A-Za-z_]/.test(query[i] ?? '')) fail(query, i, 'a number runs into a name');
      push('number', query.slice(start, i), query.slice(start, i), false, start);
    } else if (c === "'" || c === '"' || c === '`') {
      i++;
      let value = '';
      let closed = false;
      while (i < query.length) {
        const d = query[i] as string;
        if (d === '\\') {
          const next = query[i + 1];
          if (next === undefined) break;
          const mapped = own(SIMPLE_ESCAPES, next);
          if (mapped === undefined) fail(query, i, `unknown escape \\${next}`);
          value += mapped;
          i += 2;
          continue;
        }
        if (d === c) {
          closed = true;
          i++;
          break;
        }
        value += d;
        i++;
      }
      if (!closed) fail(query, start, 'unterminated quoted text');
      if (c === '`') push('ident', query.slice(start, i), value, true, start);
      else push('string', query.slice(start, i), value, true, start);
    } else if (c === '(') {
      push('lparen', c);
      i++;
    } else if (c === ')') {
      push('rparen', c);
      i++;
    } else if (c === ',') {
      push('comma', c);
      i++;
    } else if (c === '.') {
      push('dot', c);
      i++;
    } else if (c === '-' && /[0-9]/.test(query[i + 1] ?? '') && !query.startsWith('--', i)) {
      // A negative number literal.
      i++;
      while (i < query.length && /[0-9.]/.test(query[i] as string)) i++;
      push('number', query.slice(start, i), query.slice(start, i), false, start);
    } else {
      const two = query.slice(i, i + 2);
      if (two === '!=' || two === '<>' || two === '<=' || two === '>=') {
        push('op', two === '<>' ? '!=' : two, two, false, start);
        i += 2;
      } else if (c === '=' || c === '<' || c === '>') {
        push('op', c);
        i++;
      } else {
        fail(query, i, `unexpected character '${c}'`);
      }
    }
  }
  tokens.push({ kind: 'end', text: '', value: '', quoted: false, pos: query.length });
  return tokens;
}

/** A literal in a filter. Enum names stay symbolic until resolution. */
export type Literal =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'double'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'enum'; readonly value: string };

/** Comparison operators. */
export type CompareOp = '=' | '!=' | '<' | '>' | '<=' | '>=';

/** The parsed (unresolved) expression: fields are dotted paths. */
export type FilterExpr<F = readonly string[]> =
  | { readonly kind: 'and' | 'or'; readonly left: FilterExpr<F>; readonly right: FilterExpr<F> }
  | { readonly kind: 'not'; readonly expr: FilterExpr<F> }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly field: F; readonly value: Literal }
  | { readonly kind: 'like'; readonly field: F; readonly pattern: string; readonly negated: boolean }
  | { readonly kind: 'in'; readonly field: F; readonly values: readonly Literal[]; readonly negated: boolean }
  | { readonly kind: 'isNull'; readonly field: F; readonly negated: boolean };

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'LIKE', 'IN', 'IS', 'NULL', 'TRUE', 'FALSE']);

class Parser {
  private pos = 0;
  constructor(
    private readonly query: string,
    private readonly tokens: Token[],
  ) {}

  private peek(): Token {
    return this.tokens[this.pos] as Token;
  }
  private next(): Token {
    return this.tokens[this.pos++] as Token;
  }
  private isKeyword(word: string, token = this.peek()): boolean {
    return token.kind === 'ident' && !token.quoted && token.value.toUpperCase() === word;
  }
  private expectKeyword(word: string): void {
    if (!this.isKeyword(word)) this.error(`expected ${word}`);
    this.pos++;
  }
  private error(message: string): never {
    const token = this.peek();
    fail(this.query, token.pos, `${message}${token.kind === 'end' ? ' at end of input' : `, found '${token.text}'`}`);
  }

  parse(): FilterExpr {
    if (this.peek().kind === 'end') this.error('empty expression');
    const expr = this.or();
    if (this.peek().kind !== 'end') this.error('unexpected text after the expression');
    return expr;
  }
  private or(): FilterExpr {
    let left = this.and();
    while (this.isKeyword('OR')) {
      this.pos++;
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }
  private and(): FilterExpr {
    let left = this.not();
    while (this.isKeyword('AND')) {
      this.pos++;
      left = { kind: 'and', left, right: this.not() };
    }
    return left;
  }
  private not(): FilterExpr {
    if (this.isKeyword('NOT')) {
      this.pos++;
      return { kind: 'not', expr: this.not() };
    }
    return this.primary();
  }
  private primary(): FilterExpr {
    if (this.peek().kind === 'lparen') {
      this.pos++;
      const inner = this.or();
      if (this.peek().kind !== 'rparen') this.error("expected ')'");
      this.pos++;
      return inner;
    }
    const field = this.field();
    const token = this.peek();
    if (token.kind === 'op') {
      this.pos++;
      return { kind: 'compare', op: token.text as CompareOp, field, value: this.literal() };
    }
    if (this.isKeyword('IS')) {
      this.pos++;
      const negated = this.isKeyword('NOT');
      if (negated) this.pos++;
      this.expectKeyword('NULL');
      return { kind: 'isNull', field, negated };
    }
    let negated = false;
    if (this.isKeyword('NOT')) {
      negated = true;
      this.pos++;
    }
    if (this.isKeyword('LIKE')) {
      this.pos++;
      const pattern = this.literal();
      if (pattern.kind !== 'string') fail(this.query, token.pos, 'LIKE needs a quoted pattern');
      return { kind: 'like', field, pattern: pattern.value, negated };
    }
    if (this.isKeyword('IN')) {
      this.pos++;
      if (this.peek().kind !== 'lparen') this.error("expected '(' after IN");
      this.pos++;
      const values = [this.literal()];
      while (this.peek().kind === 'comma') {
        this.pos++;
        values.push(this.literal());
      }
      if (this.peek().kind !== 'rparen') this.error("expected ')' to close IN");
      this.pos++;
      return { kind: 'in', field, values, negated };
    }
    this.error('expected a comparison (=, !=, <, >, <=, >=, LIKE, IN, IS NULL)');
  }
  private field(): string[] {
    const first = this.next();
    if (first.kind !== 'ident' || (!first.quoted && KEYWORDS.has(first.value.toUpperCase()))) {
      this.pos--;
      this.error('expected a field name');
    }
    const parts = [first.value];
    while (this.peek().kind === 'dot') {
      this.pos++;
      const part = this.next();
      if (part.kind !== 'ident') {
        this.pos--;
        this.error('expected a name after "."');
      }
      parts.push(part.value);
    }
    return parts;
  }
  private literal(): Literal {
    const token = this.next();
    if (token.kind === 'string') return { kind: 'string', value: token.value };
    if (token.kind === 'number') {
      const value = Number(token.text);
      if (!Number.isFinite(value)) fail(this.query, token.pos, `bad number '${token.text}'`);
      return /[.eE]/.test(token.text) ? { kind: 'double', value } : { kind: 'int', value };
    }
    if (token.kind === 'ident' && !token.quoted) {
      const upper = token.value.toUpperCase();
      if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'bool', value: upper === 'TRUE' };
      if (!KEYWORDS.has(upper)) return { kind: 'enum', value: token.value };
    }
    this.pos--;
    this.error('expected a value');
  }
}

/** Parses a filter_query into an unresolved AST; syntax errors are InvalidArgumentError. */
export function parseFilterQuery(query: string): FilterExpr {
  return new Parser(query, tokenize(query)).parse();
}

/** What a resolved field holds, deciding which literals it accepts. */
export type ValueType = 'int' | 'double' | 'string' | 'bool' | 'artifactState' | 'executionState' | 'eventType';

/** Neighbour sets a filter can reach through an alias (`contexts_a.name`). */
export type Relation = 'contexts' | 'artifacts' | 'executions' | 'parentContexts' | 'childContexts' | 'events';

/** A field resolved against the listed node kind. */
export type ResolvedField =
  | { readonly source: 'node'; readonly column: string; readonly valueType: ValueType }
  | {
      readonly source: 'property';
      readonly name: string;
      readonly custom: boolean;
      readonly column: 'int_value' | 'double_value' | 'string_value' | 'bool_value';
      readonly valueType: ValueType;
    }
  | {
      readonly source: 'relation';
      readonly relation: Relation;
      readonly alias: string;
      readonly column: string;
      readonly valueType: ValueType;
    };

/** A resolved literal: enums became numbers, and the type was checked against the field. */
export type ResolvedValue = number | string | boolean;

export type ResolvedExpr =
  | { readonly kind: 'and' | 'or'; readonly left: ResolvedExpr; readonly right: ResolvedExpr }
  | { readonly kind: 'not'; readonly expr: ResolvedExpr }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly field: ResolvedField; readonly value: ResolvedValue }
  | { readonly kind: 'like'; readonly field: ResolvedField; readonly pattern: string; readonly negated: boolean }
  | {
      readonly kind: 'in';
      readonly field: ResolvedField;
      readonly values: readonly ResolvedValue[];
      readonly negated: boolean;
    }
  | { readonly kind: 'isNull'; readonly field: ResolvedField; readonly negated: boolean };

/** A parsed and resolved filter plus the aliases it uses, in first-use order. */
export interface ResolvedFilter {
  readonly kind: NodeKind;
  readonly expr: ResolvedExpr;
  readonly aliases: ReadonlyArray<{ readonly relation: Relation; readonly alias: string }>;
}

const COMMON_NODE_COLUMNS: Readonly<Record<string, ValueType>> = {
  id: 'int',
  type_id: 'int',
  type: 'string',
  name: 'string',
  external_id: 'string',
  create_time_since_epoch: 'int',
  last_update_time_since_epoch: 'int',
};

const NODE_COLUMNS: Readonly<Record<NodeKind, Readonly<Record<string, ValueType>>>> = {
  artifact: { ...COMMON_NODE_COLUMNS, uri: 'string', state: 'artifactState' },
  execution: { ...COMMON_NODE_COLUMNS, last_known_state: 'executionState' },
  context: COMMON_NODE_COLUMNS,
};

const RELATION_COLUMNS: Readonly<Record<Relation, Readonly<Record<string, ValueType>>>> = {
  contexts: {
    id: 'int',
    type_id: 'int',
    name: 'string',
    type: 'string',
    external_id: 'string',
    create_time_since_epoch: 'int',
    last_update_time_since_epoch: 'int',
  },
  artifacts: NODE_COLUMNS.artifact,
  executions: NODE_COLUMNS.execution,
  parentContexts: { id: 'int', name: 'string', type: 'string' },
  childContexts: { id: 'int', name: 'string', type: 'string' },
  events: { type: 'eventType', milliseconds_since_epoch: 'int', execution_id: 'int', artifact_id: 'int' },
};

/** Which relations each node kind has, and the prefix that names them in a filter. */
const RELATION_PREFIXES: ReadonlyArray<readonly [string, Relation]> = [
  ['parent_contexts_', 'parentContexts'],
  ['child_contexts_', 'childContexts'],
  ['contexts_', 'contexts'],
  ['artifacts_', 'artifacts'],
  ['executions_', 'executions'],
  ['events_', 'events'],
];
const RELATIONS_OF: Readonly<Record<NodeKind, ReadonlySet<Relation>>> = {
  artifact: new Set(['contexts', 'events']),
  execution: new Set(['contexts', 'events']),
  context: new Set(['artifacts', 'executions', 'parentContexts', 'childContexts']),
};

/**
 * Enum names the filter accepts, mapped to their numbers. As in MLMD's resolver, ABANDONED and
 * REFERENCE (artifact states) and PENDING_OUTPUT (event type) are not accepted.
 */
const ENUMS: Readonly<Record<'artifactState' | 'executionState' | 'eventType', ReadonlyMap<string, number>>> = {
  artifactState: new Map(
    ARTIFACT_STATES.map((s, i) => [s, i] as const).filter(([s]) => s !== 'ABANDONED' && s !== 'REFERENCE'),
  ),
  executionState: new Map(EXECUTION_STATES.map((s, i) => [s, i] as const)),
  eventType: new Map(EVENT_TYPES.map((s, i) => [s, i] as const).filter(([s]) => s !== 'PENDING_OUTPUT')),
};

const PROPERTY_COLUMNS: Readonly<Record<string, ValueType>> = {
  int_value: 'int',
  double_value: 'double',
  string_value: 'string',
  bool_value: 'bool',
};

function resolveField(
  kind: NodeKind,
  path: readonly string[],
  aliases: Array<{ relation: Relation; alias: string }>,
): ResolvedField {
  const text = path.join('.');
  const unknown = () =>
    new InvalidArgumentError(`invalid filter_query: unknown field '${text}' for ${kind}s`, {
      hint: 'see docs/metadata.md#filter_query for the fields each node kind has',
    });
  const [head, second, third] = path;
  if (path.length === 1 && head !== undefined) {
    const valueType = own(NODE_COLUMNS[kind], head);
    if (!valueType) throw unknown();
    return { source: 'node', column: head, valueType };
  }
  if (path.length === 3 && (head === 'properties' || head === 'custom_properties') && second && third) {
    const valueType = own(PROPERTY_COLUMNS, third);
    if (!valueType) throw unknown();
    return {
      source: 'property',
      name: second,
      custom: head === 'custom_properties',
      column: third as 'int_value' | 'double_value' | 'string_value' | 'bool_value',
      valueType,
    };
  }
  if (path.length === 2 && head !== undefined && second !== undefined) {
    for (const [prefix, relation] of RELATION_PREFIXES) {
      if (!head.startsWith(prefix) || head.length === prefix.length) continue;
      if (!RELATIONS_OF[kind].has(relation)) {
        throw new InvalidArgumentError(`invalid filter_query: '${head}' does not apply when listing ${kind}s`);
      }
      let valueType = own(RELATION_COLUMNS[relation], second);
      if (relation === 'events' && (second === 'execution_id' || second === 'artifact_id')) {
        // An artifact's events lead to executions and vice versa.
        const allowed = kind === 'artifact' ? 'execution_id' : 'artifact_id';
        if (second !== allowed) valueType = undefined;
      }
      if (!valueType) throw unknown();
      const alias = head.slice(prefix.length);
      if (!aliases.some((a) => a.relation === relation && a.alias === alias)) aliases.push({ relation, alias });
      return { source: 'relation', relation, alias, column: second, valueType };
    }
  }
  throw unknown();
}

function resolveLiteral(field: ResolvedField, literal: Literal, text: string): ResolvedValue {
  const mismatch = () =>
    new InvalidArgumentError(`invalid filter_query: value ${JSON.stringify(literal.value)} does not match ${text}`);
  switch (field.valueType) {
    case 'int':
      if (literal.kind !== 'int') throw mismatch();
      return literal.value;
    case 'double':
      if (literal.kind !== 'int' && literal.kind !== 'double') throw mismatch();
      return literal.value;
    case 'string':
      if (literal.kind !== 'string') throw mismatch();
      return literal.value;
    case 'bool':
      if (literal.kind !== 'bool') throw mismatch();
      return literal.value;
    default: {
      if (literal.kind === 'int') return literal.value;
      if (literal.kind !== 'enum') throw mismatch();
      const number = ENUMS[field.valueType].get(literal.value.toUpperCase());
      if (number === undefined) {
        throw new InvalidArgumentError(`invalid filter_query: '${literal.value}' is not a value usable for ${text}`);
      }
      return number;
    }
  }
}

function isEnum(field: ResolvedField): boolean {
  return field.valueType === 'artifactState' || field.valueType === 'executionState' || field.valueType === 'eventType';
}

/**
 * Parses and resolves a filter for listing nodes of `kind`. Enum `!=` and `NOT IN` also match
 * NULL, as MLMD rewrites them to `(... OR col IS NULL)`.
 */
export function resolveFilterQuery(kind: NodeKind, query: string): ResolvedFilter {
  const aliases: Array<{ relation: Relation; alias: string }> = [];
  const visit = (expr: FilterExpr): ResolvedExpr => {
    switch (expr.kind) {
      case 'and':
      case 'or':
        return { kind: expr.kind, left: visit(expr.left), right: visit(expr.right) };
      case 'not':
        return { kind: 'not', expr: visit(expr.expr) };
      case 'compare': {
        const field = resolveField(kind, expr.field, aliases);
        const value = resolveLiteral(field, expr.value, expr.field.join('.'));
        const node: ResolvedExpr = { kind: 'compare', op: expr.op, field, value };
        return expr.op === '!=' && isEnum(field)
          ? { kind: 'or', left: node, right: { kind: 'isNull', field, negated: false } }
          : node;
      }
      case 'like': {
        const field = resolveField(kind, expr.field, aliases);
        if (field.valueType !== 'string') {
          throw new InvalidArgumentError(`invalid filter_query: LIKE needs a text field, not ${expr.field.join('.')}`);
        }
        return { kind: 'like', field, pattern: expr.pattern, negated: expr.negated };
      }
      case 'in': {
        const field = resolveField(kind, expr.field, aliases);
        const values = expr.values.map((v) => resolveLiteral(field, v, expr.field.join('.')));
        const node: ResolvedExpr = { kind: 'in', field, values, negated: expr.negated };
        return expr.negated && isEnum(field)
          ? { kind: 'or', left: node, right: { kind: 'isNull', field, negated: false } }
          : node;
      }
      case 'isNull':
        return { kind: 'isNull', field: resolveField(kind, expr.field, aliases), negated: expr.negated };
    }
  };
  const expr = visit(parseFilterQuery(query));
  return { kind, expr, aliases };
}
