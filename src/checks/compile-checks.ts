import type { RecordBatch } from 'apache-arrow/recordbatch';
import type { Schema } from '../tfmd/types.js';
import { columnsOf as batchColumns, type ValueType, valueTypeOf } from './arrow-values.js';
import { type Expr, columnsOf as exprColumns } from './ast.js';
import type { CheckDefinition, CheckSet } from './check-definition.js';
import { type CheckSource, checkError } from './check-error.js';
import { compileDatasetCondition, type DatasetCondition } from './compile-dataset.js';
import { type KeySpec, keySpec } from './dataset-context.js';

export type { DatasetContext, KeySpec } from './dataset-context.js';

import { compileRowPredicate, type RowPredicate } from './compile-row.js';
import { parseExpression } from './parser.js';

/** Column name → how it reads in checks. A Map, so that any column name is just a key. */
export type ColumnTypes = ReadonlyMap<string, ValueType>;

/** Column types from a schema: INT and FLOAT read as numbers, BYTES as strings (STRUCT is not readable). */
export function columnTypesFromSchema(schema: Schema): ColumnTypes {
  const out = new Map<string, ValueType>();
  for (const f of schema.feature ?? []) {
    if (f.name === undefined) continue;
    if (f.type === 'INT' || f.type === 'FLOAT') out.set(f.name, 'number');
    else if (f.type === 'BYTES') out.set(f.name, 'string');
  }
  return out;
}

/** Column types of a batch's Arrow schema (list, struct and other columns are left out). */
export function columnTypesFromBatch(batch: RecordBatch): ColumnTypes {
  const out = new Map<string, ValueType>();
  for (const [name, data] of batchColumns(batch)) {
    const t = valueTypeOf(data);
    if (t !== undefined) out.set(name, t);
  }
  return out;
}

/** A row check ready to run: its condition, its optional filter, and the columns shown in examples. */
export interface CompiledRowCheck {
  readonly definition: CheckDefinition;
  readonly predicate: RowPredicate;
  readonly when?: RowPredicate;
  readonly columns: readonly string[];
}

/** A dataset check ready to evaluate on statistics (and the data metrics measured in the pass). */
export interface CompiledDatasetCheck {
  readonly definition: CheckDefinition;
  readonly condition: DatasetCondition;
}

/** Checks compiled against column types: what the pass runs and what is evaluated afterwards. */
export interface CompiledChecks {
  readonly set: CheckSet;
  readonly row: readonly CompiledRowCheck[];
  readonly unique: readonly { readonly definition: CheckDefinition; readonly key: KeySpec }[];
  readonly dataset: readonly CompiledDatasetCheck[];
  /** Key accumulators the pass keeps (shared by unique checks and metrics over the same columns). */
  readonly keys: readonly KeySpec[];
  /** String columns whose greatest value the pass keeps (freshness of string timestamps). */
  readonly maxStrings: readonly string[];
}

function sourceOf(set: CheckSet, name: string, part: 'expression' | 'when' | 'definition'): CheckSource {
  return set.sources.byName.get(name)?.[part] ?? { where: name };
}

/**
 * Parses and type-checks every check against `types` and compiles it. Throws the first
 * CheckError, with its location, before any data is read.
 */
export function compileChecks(set: CheckSet, types: ColumnTypes): CompiledChecks {
  const row: CompiledRowCheck[] = [];
  const unique: { definition: CheckDefinition; key: KeySpec }[] = [];
  const dataset: CompiledDatasetCheck[] = [];
  const keys = new Map<string, KeySpec>();
  const maxStrings = new Set<string>();
  const scope = { columns: types };
  for (const def of set.checks) {
    const source = sourceOf(set, def.name, 'expression');
    if (def.kind === 'row') {
      const expr = parseExpression(def.expression!, source);
      const predicate = compileRowPredicate(expr, scope, source);
      let when: RowPredicate | undefined;
      let whenExpr: Expr | undefined;
      if (def.when !== undefined) {
        const whenSource = sourceOf(set, def.name, 'when');
        whenExpr = parseExpression(def.when, whenSource);
        when = compileRowPredicate(whenExpr, scope, whenSource);
      }
      const columns = whenExpr ? exprColumns(whenExpr, exprColumns(expr)) : exprColumns(expr);
      row.push({ definition: def, predicate, ...(when ? { when } : {}), columns });
    } else if (def.kind === 'unique') {
      for (const column of def.columns!) {
        if (!types.has(column)) {
          throw checkError(
            'CHECK_TYPE',
            source,
            undefined,
            `unknown column '${column}'`,
            `known columns: ${[...types.keys()].slice(0, 30).join(', ')}`,
          );
        }
      }
      const key = keySpec(def.columns!);
      keys.set(key.id, key);
      unique.push({ definition: def, key });
    } else {
      const expr = parseExpression(def.expression!, source);
      const condition = compileDatasetCondition(expr, types, source);
      for (const need of condition.needs) {
        if (need.kind === 'keys') keys.set(need.key.id, need.key);
        else maxStrings.add(need.column);
      }
      dataset.push({ definition: def, condition });
    }
  }
  return { set, row, unique, dataset, keys: [...keys.values()], maxStrings: [...maxStrings] };
}
