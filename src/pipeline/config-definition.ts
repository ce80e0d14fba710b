import { describeRange, inRange, type NumberRange } from '../_util/number-range.js';
import { type ConfigReader, keyOf } from './config-reader.js';

/**
 * A small definition language for the pipeline config: each key is declared once, with what it
 * holds, whether it is required, its default and a line of documentation. From the declaration
 * come the TypeScript type of the checked config (`Output<typeof DEF>`), the checking itself (every
 * error names its key) and the key table of docs/pipeline.md (`definitionRows`).
 */

/** Reads one value; `parent` holds the keys of the enclosing object read so far (in definition order). */
type Reader<T> = (value: unknown, key: string, r: ConfigReader, parent: Readonly<Record<string, unknown>>) => T;

/** The keys below a key, for the docs table: written `key` + `prefix` + `.field` (`splits[].name`). */
interface Children {
  readonly prefix: string;
  readonly fields: Fields;
  /** Keys only some forms of the object have (see {@link tagged}), each form with what selects it. */
  readonly forms?: readonly { readonly when: string; readonly fields: Fields }[];
}

interface DefSpec<T> {
  /** What the value is, as the docs table says it ("a string", "one of csv, parquet"). */
  readonly kind: string;
  readonly doc: string;
  /** The default as the docs print it; absent when none. */
  readonly defaultText?: string;
  readonly children?: Children;
  readonly read: Reader<T>;
}

/** One key's definition. `O` is true when the key may be left out (it is then absent from the output). */
export class Def<T, O extends boolean = false> {
  constructor(
    readonly spec: DefSpec<T>,
    readonly optional: O,
  ) {}

  /** The line the docs table gives this key. */
  doc(text: string): Def<T, O> {
    return new Def({ ...this.spec, doc: text }, this.optional);
  }

  /** The key may be left out; the output then has no such key. `defaultText` says what that means. */
  opt(defaultText = 'none'): Def<T, true> {
    return new Def({ ...this.spec, defaultText }, true);
  }

  /** What leaving the key out means, for the docs (when `read` itself handles a missing value). */
  whenMissing(defaultText: string): Def<T, O> {
    return new Def({ ...this.spec, defaultText }, this.optional);
  }

  /**
   * The value used when the key is left out; an object or list default is given as a function
   * making a fresh one, so that no two configs share it.
   */
  default(value: T | (() => T), defaultText: string = JSON.stringify(value)): Def<T, false> {
    const read = this.spec.read;
    const make = typeof value === 'function' ? (value as () => T) : () => value;
    return new Def(
      { ...this.spec, defaultText, read: (v, key, r, parent) => (v === undefined ? make() : read(v, key, r, parent)) },
      false,
    );
  }

  /** A further check or conversion of the value read (cross-key rules, normal forms). */
  map<U>(then: (value: T, key: string, r: ConfigReader, parent: Readonly<Record<string, unknown>>) => U): Def<U, O> {
    const read = this.spec.read;
    return new Def(
      { ...this.spec, read: (v, key, r, parent) => then(read(v, key, r, parent), key, r, parent) },
      this.optional,
    );
  }

  /**
   * An object definition that also takes short forms (`"infer"` for `{ "infer": {} }`, `[min, max]`
   * for `{ "min", "max" }`): `short` returns what it reads from a short form, or undefined for a
   * value this definition reads as it is; `long` reads a value as this definition does (a short
   * form rewritten to the long one, so that errors name the long form's keys). `kind` describes
   * every form, for the docs (which still list the object's keys) and for the error on a value
   * that is neither a short form nor an object.
   */
  or<S>(
    kind: string,
    short: (value: unknown, key: string, r: ConfigReader, long: (value: unknown) => T) => S | undefined,
  ): Def<T | S, O> {
    const read = this.spec.read;
    return new Def(
      {
        ...this.spec,
        kind,
        read: (v, key, r, parent) => {
          const long = (value: unknown) => read(value, key, r, parent);
          const fromShort = short(v, key, r, long);
          if (fromShort !== undefined) return fromShort;
          if (v === null || typeof v !== 'object' || Array.isArray(v)) {
            r.fail(key, `expected ${kind.replaceAll('`', '')}, got ${r.describe(v)}`);
          }
          return long(v);
        },
      },
      this.optional,
    );
  }

  read(value: unknown, key: string, r: ConfigReader, parent: Readonly<Record<string, unknown>> = {}): T {
    return this.spec.read(value, key, r, parent);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: a field of any type; Output<> recovers each one.
type AnyDef = Def<any, boolean>;
export type Fields = Readonly<Record<string, AnyDef>>;

/** The type a definition yields. */
export type Output<D> = D extends Def<infer T, boolean> ? T : never;

type RequiredKeys<F extends Fields> = { [K in keyof F]: F[K] extends Def<unknown, true> ? never : K }[keyof F];
type OptionalKeys<F extends Fields> = Exclude<keyof F, RequiredKeys<F>>;

/** The object a set of fields yields: required keys always present, optional ones when given. */
export type ObjectOutput<F extends Fields> = {
  readonly [K in RequiredKeys<F>]: Output<F[K]>;
} & { readonly [K in OptionalKeys<F>]?: Output<F[K]> };

/** A value read by a function of its own (unions of forms, values checked against a registry). */
export function custom<T>(kind: string, read: Reader<T>): Def<T> {
  return new Def({ kind, doc: '', read }, false);
}

export function string(): Def<string> {
  return custom('a string', (v, key, r) => r.string(v, key));
}

/** A path, relative to the config file's directory unless absolute; the output is absolute. */
export function path(): Def<string> {
  return custom('a path', (v, key, r) => r.path(r.string(v, key)));
}

/** A string or a list of strings (the output is always a list). */
export function strings(allowEmptyItems = false): Def<string[]> {
  return custom('a string or a list of strings', (v, key, r) => r.strings(v, key, allowEmptyItems));
}

export function boolean(): Def<boolean> {
  return custom('true or false', (v, key, r) => r.boolean(v, key));
}

/** A number meeting `check`, described by `expected` ("an integer >= 0") in the docs and in errors. */
export function number(expected: string, check: (n: number) => boolean): Def<number> {
  return custom(expected, (v, key, r) => r.number(v, key, check, expected));
}

/** A number in `range`, described as the range says (`an integer >= 1`, `a number in (0, 1)`). */
export function numberIn(range: NumberRange): Def<number> {
  return number(describeRange(range), (n) => inRange(range, n));
}

/** An integer >= `min`. */
export function integerAtLeast(min: number): Def<number> {
  return numberIn({ integer: true, min });
}

/** One of a list of words; `expected` replaces "one of a, b, c" in the error. */
export function oneOf<const V extends string>(values: readonly V[], expected?: string): Def<V> {
  const text = expected ?? `one of ${values.join(', ')}`;
  return custom(`one of ${values.map((v) => `\`${v}\``).join(', ')}`, (v, key, r) => {
    if (!values.includes(v as V)) r.fail(key, `expected ${text}, got ${r.describe(v)}`);
    return v as V;
  });
}

/** An object with these keys and no others (`$schema` and `//` comment keys are ignored). */
export function object<F extends Fields>(fields: F, kind = 'an object'): Def<ObjectOutput<F>> {
  const names = Object.keys(fields);
  return new Def(
    {
      kind,
      doc: '',
      children: { prefix: '', fields },
      read: (value, key, r) => {
        const o = r.object(value, key, names);
        const out: Record<string, unknown> = {};
        for (const [name, def] of Object.entries(fields)) {
          const given = o[name];
          if (given === undefined && def.optional) continue;
          out[name] = def.read(given, keyOf(key, name), r, out);
        }
        return out as ObjectOutput<F>;
      },
    },
    false,
  );
}

/**
 * An object keyed by user text (feature names): each entry read by `entry`. The output has no
 * prototype, so a feature may be named `constructor` or `__proto__`.
 */
export function record<T>(entry: Def<T, boolean>, entryName = '<name>'): Def<Record<string, T>> {
  return new Def(
    {
      kind: 'an object',
      doc: '',
      children: { prefix: `.${entryName}`, fields: { '': entry.whenMissing('—') } },
      read: (value, key, r) => {
        const out: Record<string, T> = Object.create(null);
        for (const [name, given] of Object.entries(r.object(value, key, undefined))) {
          out[name] = entry.read(given, keyOf(key, name), r, out);
        }
        return out;
      },
    },
    false,
  );
}

/**
 * A list of at least one item (of any number with `allowEmpty`); `missing` and `notAList` are the
 * errors for a left-out key and a bad value (a value that is no list is described after it).
 */
export function list<T>(
  item: Def<T, boolean>,
  errors: { missing: string; notAList: string; hint?: string },
  allowEmpty = false,
): Def<T[]> {
  const children = item.spec.children;
  return new Def(
    {
      kind: 'a list',
      doc: '',
      children: { ...children, prefix: `[]${children?.prefix ?? ''}`, fields: children?.fields ?? {} },
      read: (value, key, r) => {
        if (value === undefined) return r.fail(key, errors.missing, errors.hint);
        if (!Array.isArray(value)) return r.fail(key, `${errors.notAList}, got ${r.describe(value)}`, errors.hint);
        if (value.length === 0 && !allowEmpty) return r.fail(key, errors.notAList, errors.hint);
        return value.map((v: unknown, i) => item.read(v, `${key}[${i}]`, r));
      },
    },
    false,
  );
}

/**
 * An object whose keys depend on the value of one of them, the tag (a monitoring rule's
 * `detector`): the tag is read first, by its definition in `shared`, then the whole object by the
 * definition of that value in `forms` (an {@link object} of the shared keys and its own, so that an
 * unknown key is refused with the keys of that form). The docs list the shared keys once and each
 * form's own keys with the tag value that allows them.
 */
export function tagged<T>(tag: string, shared: Fields, forms: Readonly<Record<string, Def<T>>>): Def<T> {
  const tagDef = shared[tag];
  if (!tagDef) throw new Error(`tagged: the shared keys lack the tag '${tag}'`);
  return new Def(
    {
      kind: 'an object',
      doc: '',
      children: {
        prefix: '',
        fields: shared,
        forms: Object.entries(forms).map(([value, form]) => ({
          when: `\`"${tag}": "${value}"\``,
          fields: Object.fromEntries(
            Object.entries(form.spec.children?.fields ?? {}).filter(([name]) => !Object.hasOwn(shared, name)),
          ),
        })),
      },
      read: (value, key, r) => {
        const o = r.object(value, key, undefined);
        const name: unknown = tagDef.read(o[tag], keyOf(key, tag), r);
        const form = typeof name === 'string' && Object.hasOwn(forms, name) ? forms[name] : undefined;
        if (!form) return r.fail(keyOf(key, tag), `expected one of ${Object.keys(forms).join(', ')}`);
        return form.read(value, key, r);
      },
    },
    false,
  );
}

/** One row of the docs table. */
export interface DefinitionRow {
  readonly key: string;
  readonly kind: string;
  readonly doc: string;
  readonly defaultText: string;
}

/** The documentation rows of an object definition's keys, nested keys after their parent. */
export function definitionRows(def: AnyDef, parent = ''): DefinitionRow[] {
  const children = def.spec.children;
  if (!children) return [];
  const rows = (fields: Fields, when?: string): DefinitionRow[] =>
    Object.entries(fields).flatMap(([name, field]) => {
      const key = `${parent}${children.prefix}${name ? `.${name}` : ''}`.replace(/^\./, '');
      const nested = definitionRows(field, key);
      if (!field.spec.doc && nested.length > 0) return nested;
      const row: DefinitionRow = {
        key,
        kind: field.spec.kind,
        doc: when ? `with ${when}: ${field.spec.doc}` : field.spec.doc,
        defaultText: field.spec.defaultText ?? (field.optional ? 'none' : 'required'),
      };
      return [row, ...nested];
    });
  return [...rows(children.fields), ...(children.forms ?? []).flatMap((form) => rows(form.fields, form.when))];
}

/** The docs table of a definition (Markdown): key, value, meaning, default. */
export function definitionTable(def: AnyDef): string {
  const cell = (text: string) => text.replaceAll('|', '\\|');
  const lines = ['| key | value | meaning | default |', '|---|---|---|---|'];
  for (const row of definitionRows(def)) {
    lines.push(`| \`${row.key}\` | ${cell(row.kind)} | ${cell(row.doc)} | ${cell(row.defaultText)} |`);
  }
  return `${lines.join('\n')}\n`;
}
