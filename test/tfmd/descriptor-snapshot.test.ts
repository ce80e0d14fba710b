import { describe, expect, it } from 'vitest';
import { defineProtoFiles } from '../../src/proto/define-proto-file.js';
import { ProtoRegistry } from '../../src/proto/descriptor.js';
import { registryFromSnapshot, snapshotRegistry } from '../../src/proto/descriptor-snapshot.js';
import { tfmdDescriptorSnapshot } from '../../src/tfmd/descriptors.generated.js';
import { tfmdRegistry } from '../../src/tfmd/descriptors.js';
import { tfmdRegistryFromProtoText } from '../../src/tfmd/tfmd-proto-files.js';

/** Every descriptor of a registry, lookup tables included, in registration order. */
function contents(registry: ProtoRegistry) {
  return {
    messages: registry.messageNames().map((name) => registry.message(name)),
    enums: registry.enumNames().map((name) => registry.enum(name)),
  };
}

describe('TFMD descriptor snapshot', () => {
  const fromText = tfmdRegistryFromProtoText();

  it('is what the proto text reads as (else run `npm run generate:tfmd-descriptors`)', () => {
    expect(JSON.parse(JSON.stringify(snapshotRegistry(fromText)))).toEqual(tfmdDescriptorSnapshot);
  });

  it('rebuilds the same registry as the proto text, lookup tables and order included', () => {
    expect(contents(tfmdRegistry)).toEqual(contents(fromText));
    expect(tfmdRegistry.messageNames()).toEqual(fromText.messageNames());
    expect(tfmdRegistry.enumNames()).toEqual(fromText.enumNames());
    const schema = tfmdRegistry.message('tensorflow.metadata.v0.Schema');
    expect(schema.fieldsByNumber.get(1)?.name).toBe('feature');
  });

  it('keeps defaults JSON cannot hold', () => {
    const registry = new ProtoRegistry();
    defineProtoFiles(registry, [
      {
        package: 't',
        syntax: 'proto2',
        source:
          'message M { optional double a = 1 [default = inf]; optional float b = 2 [default = -inf]; optional double c = 3 [default = nan]; optional int32 d = 4 [default = 7]; }',
      },
    ]);
    const rebuilt = registryFromSnapshot(JSON.parse(JSON.stringify(snapshotRegistry(registry))));
    expect(rebuilt.message('t.M').fields.map((f) => f.defaultValue)).toEqual([
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
      7,
    ]);
    expect(contents(rebuilt)).toEqual(contents(registry));
  });
});
