// The TFMD message model and its codecs (binary, text format, proto3 JSON, files).
export * from './codec.js';
export { tfmdRegistry, tfmdTypeName } from './descriptors.js';
export { editTextFormat } from './edit-text-format.js';
export * from './message-file.js';
export * from './message-types.js';
export type * from './types.js';
