// Public API of datavet: re-exports only, grouped by concept.
export { DatavetError, InputError, UsageError } from './_util/errors.js';
