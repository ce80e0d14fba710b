import type { AnomalyType } from '../tfmd/types.js';

/** A structured value carried by a finding (for reports and JSON output). */
export type FindingParam = string | number | bigint | boolean | readonly string[] | readonly number[];

/**
 * One reason why data does not fit a schema: a stable type (TFDV's AnomalyInfo.Type name, or a
 * code of datavet's own such as serving's INVALID_REQUEST), the parameters measured, and TFDV's
 * short and long descriptions rendered from them. Findings are values; validation never throws
 * them. The parameters of each type are typed by the message table (`messages.ts`): narrow on
 * `type` (see `AnomalyFinding`, `ParamsOf`).
 */
export interface Finding<
  T extends string = AnomalyType,
  P extends Readonly<Record<string, FindingParam | undefined>> = Readonly<Record<string, FindingParam | undefined>>,
> {
  readonly type: T;
  readonly shortDescription: string;
  readonly description: string;
  /** The numbers and values behind the texts; a key whose value is undefined is absent. */
  readonly params: Readonly<P>;
}

const NO_PARAMS = Object.freeze({});

/**
 * Builds a finding: the one constructor of message builders, batch and serving alike. Builders
 * leave out a parameter they do not have (no key set to undefined), so the value serializes the
 * way it reads; nothing is copied, since serving builds findings per request.
 */
export function finding<T extends string, P extends Record<string, FindingParam | undefined> = Record<never, never>>(
  type: T,
  shortDescription: string,
  description: string,
  params?: P,
): Finding<T, P> {
  return { type, shortDescription, description, params: params ?? (NO_PARAMS as P) };
}
