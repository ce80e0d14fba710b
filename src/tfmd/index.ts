export * from './codec.js';
export { tfmdRegistry, tfmdTypeName } from './descriptors.js';
export * from './message-types.js';
export type * from './types.js';
