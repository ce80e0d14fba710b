import type { ProtoRegistry } from '../proto/descriptor.js';
import { registryFromSnapshot } from '../proto/descriptor-snapshot.js';
import { tfmdDescriptorSnapshot } from './descriptors.generated.js';

/**
 * The TFMD descriptors, rebuilt from the snapshot the build generated from the proto text in
 * tfmd-proto-files.ts (test/tfmd/descriptor-snapshot.test.ts checks they are the same). Reading the
 * text at every start took ~30-40 CPU-ms of a CLI command; the snapshot takes about one
 * (docs/benchmarks.md, CLI start).
 */

const PACKAGE = 'tensorflow.metadata.v0';

/** The registry holding every TFMD (and TFDV configuration) message and enum. */
export const tfmdRegistry: ProtoRegistry = registryFromSnapshot(tfmdDescriptorSnapshot);

/** Full protobuf name of a TFMD message given its short name (`Schema`, `Feature`, `AnomalyInfo`). */
export function tfmdTypeName(name: string): string {
  if (tfmdRegistry.hasMessage(name)) return name;
  for (const prefix of [`${PACKAGE}.`, 'tensorflow.data_validation.']) {
    if (tfmdRegistry.hasMessage(prefix + name)) return prefix + name;
  }
  throw new Error(`unknown TFMD message type '${name}'`);
}
