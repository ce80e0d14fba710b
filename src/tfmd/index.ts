// The TFMD message model and its codecs (binary, text format, proto3 JSON, files).

// Displays of proto `float` fields (a float domain's bounds) print them as the files do.
export { shortestFloat32 } from '../proto/float-format.js';
export * from './codec.js';
export { tfmdRegistry, tfmdTypeName } from './descriptors.js';
export { editTextFormat } from './edit-text-format.js';
export * from './int64.js';
export * from './message-file.js';
export * from './message-serialization.js';
export * from './message-types.js';
export * from './tfdv-io.js';
export type * from './types.js';
export * from './vocabulary.js';
