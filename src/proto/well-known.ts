import { defineProtoFiles } from './define-proto-file.js';
import type { ProtoRegistry } from './descriptor.js';

/** Full name of `google.protobuf.Any`, which the text format and JSON mapping treat specially. */
export const ANY_TYPE_NAME = 'google.protobuf.Any';

/** Adds the well-known types the TFMD protos import (`google.protobuf.Any`) to a registry. */
export function defineWellKnownTypes(registry: ProtoRegistry): void {
  if (registry.hasMessage(ANY_TYPE_NAME)) return;
  defineProtoFiles(registry, [
    {
      package: 'google.protobuf',
      syntax: 'proto3',
      source: 'message Any { string type_url = 1; bytes value = 2; }',
    },
  ]);
}
