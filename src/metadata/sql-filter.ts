import type { NodeKind, Relation, ResolvedExpr, ResolvedField, ResolvedFilter, ResolvedValue } from './filter-query.js';
import type { SqlDialect } from './sql-schema.js';

/** A SQL fragment with `?` placeholders and the values that fill them, in order. */
export interface SqlFragment {
  readonly sql: string;
  readonly params: unknown[];
}

/** Table and owner column of each node kind. */
export const NODE_TABLE: Readonly<Record<NodeKind, string>> = {
  artifact: 'Artifact',
  execution: 'Execution',
  context: 'Context',
};
export const PROPERTY_TABLE: Readonly<Record<NodeKind, { table: string; owner: string }>> = {
  artifact: { table: 'ArtifactProperty', owner: 'artifact_id' },
  execution: { table: 'ExecutionProperty', owner: 'execution_id' },
  context: { table: 'ContextProperty', owner: 'context_id' },
};

/** Node columns as filters name them (`state` is `last_known_state` for executions). */
function nodeColumn(alias: string, column: string): string {
  if (column === 'type') return `(SELECT ft.name FROM Type ft WHERE ft.id = ${alias}.type_id)`;
  return `${alias}.${column}`;
}

interface Join {
  readonly from: string;
  readonly correlate: string;
  /** Alias of the row whose columns the filter reads. */
  readonly target: string;
  readonly targetIsNode: boolean;
}

function relationJoin(kind: NodeKind, relation: Relation, i: number, node: string): Join {
  const r = `fr${i}`;
  const c = `fc${i}`;
  switch (relation) {
    case 'contexts':
      return kind === 'artifact'
        ? {
            from: `Attribution ${r} JOIN Context ${c} ON ${c}.id = ${r}.context_id`,
            correlate: `${r}.artifact_id = ${node}.id`,
            target: c,
            targetIsNode: true,
          }
        : {
            from: `Association ${r} JOIN Context ${c} ON ${c}.id = ${r}.context_id`,
            correlate: `${r}.execution_id = ${node}.id`,
            target: c,
            targetIsNode: true,
          };
    case 'artifacts':
      return {
        from: `Attribution ${r} JOIN Artifact ${c} ON ${c}.id = ${r}.artifact_id`,
        correlate: `${r}.context_id = ${node}.id`,
        target: c,
        targetIsNode: true,
      };
    case 'executions':
      return {
        from: `Association ${r} JOIN Execution ${c} ON ${c}.id = ${r}.execution_id`,
        correlate: `${r}.context_id = ${node}.id`,
        target: c,
        targetIsNode: true,
      };
    case 'parentContexts':
      return {
        from: `ParentContext ${r} JOIN Context ${c} ON ${c}.id = ${r}.parent_context_id`,
        correlate: `${r}.context_id = ${node}.id`,
        target: c,
        targetIsNode: true,
      };
    case 'childContexts':
      return {
        from: `ParentContext ${r} JOIN Context ${c} ON ${c}.id = ${r}.context_id`,
        correlate: `${r}.parent_context_id = ${node}.id`,
        target: c,
        targetIsNode: true,
      };
    case 'events':
      return {
        from: `Event ${c}`,
        correlate: `${c}.${kind === 'artifact' ? 'artifact_id' : 'execution_id'} = ${node}.id`,
        target: c,
        targetIsNode: false,
      };
  }
}

/**
 * Translates a resolved filter into a parameterized SQL condition on the node row `node`.
 * Every value the user wrote becomes a `?` parameter; only column and table names chosen by
 * the resolver (never user text) appear in the SQL. Aliases become one EXISTS over the joined
 * neighbour sets, so one alias names the same neighbour throughout the expression.
 */
export function compileFilter(filter: ResolvedFilter, dialect: SqlDialect, node = 'n'): SqlFragment {
  const params: unknown[] = [];
  const joins = new Map<string, Join>();
  filter.aliases.forEach((a, i) => {
    joins.set(`${a.relation}:${a.alias}`, relationJoin(filter.kind, a.relation, i, node));
  });
  const bind = (value: ResolvedValue) => {
    params.push(typeof value === 'boolean' && dialect !== 'postgres' ? (value ? 1 : 0) : value);
    return '?';
  };
  const column = (field: ResolvedField): string => {
    if (field.source === 'node') return nodeColumn(node, field.column);
    if (field.source === 'property') {
      const { table, owner } = PROPERTY_TABLE[filter.kind];
      params.push(field.name);
      params.push(dialect === 'postgres' ? field.custom : field.custom ? 1 : 0);
      return `(SELECT fp.${field.column} FROM ${table} fp WHERE fp.${owner} = ${node}.id AND fp.name = ? AND fp.is_custom_property = ?)`;
    }
    const join = joins.get(`${field.relation}:${field.alias}`) as Join;
    return join.targetIsNode ? nodeColumn(join.target, field.column) : `${join.target}.${field.column}`;
  };
  const visit = (expr: ResolvedExpr): string => {
    switch (expr.kind) {
      case 'and':
        return `(${visit(expr.left)} AND ${visit(expr.right)})`;
      case 'or':
        return `(${visit(expr.left)} OR ${visit(expr.right)})`;
      case 'not':
        return `(NOT ${visit(expr.expr)})`;
      case 'compare': {
        const left = column(expr.field);
        return `(${left} ${expr.op === '!=' ? '<>' : expr.op} ${bind(expr.value)})`;
      }
      case 'like': {
        const left = column(expr.field);
        const escapeClause = dialect === 'sqlite' ? " ESCAPE '\\'" : '';
        return `(${left} ${expr.negated ? 'NOT LIKE' : 'LIKE'} ${bind(expr.pattern)}${escapeClause})`;
      }
      case 'in': {
        const left = column(expr.field);
        return `(${left} ${expr.negated ? 'NOT IN' : 'IN'} (${expr.values.map(bind).join(', ')}))`;
      }
      case 'isNull':
        return `(${column(expr.field)} IS ${expr.negated ? 'NOT ' : ''}NULL)`;
    }
  };
  const predicate = visit(filter.expr);
  if (joins.size === 0) return { sql: predicate, params };
  const list = [...joins.values()];
  return {
    sql: `EXISTS (SELECT 1 FROM ${list.map((j) => j.from).join(', ')} WHERE ${list.map((j) => j.correlate).join(' AND ')} AND ${predicate})`,
    params,
  };
}
