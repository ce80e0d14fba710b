import { dirname } from 'node:path';
import { resolveInputs } from '../io/resolve-inputs.js';
import type { ComponentSpec } from './component.js';
import { fingerprintFiles } from './fingerprint.js';
import type { SplitConfig } from './pipeline-config.js';

/** The directory shared by all paths (the file itself for one path). */
function commonUri(paths: readonly string[]): string {
  if (paths.length === 1) return paths[0] as string;
  let dir = dirname(paths[0] as string);
  while (!paths.every((p) => p.startsWith(`${dir}/`)) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** The span of the imported files; the version is asked for only when the importer runs (not cached). */
export interface ImportedSpan {
  readonly span: number;
  readonly version: () => Promise<number>;
}

/**
 * TFX's Importer for one split's input files: registers them as an external Examples artifact
 * (uri = the file, or their common directory; the exact list in custom property `files`). The
 * content fingerprint (SHA-256 of the files' bytes) is its cache key, so unchanged files map to
 * the same Examples artifact and everything downstream is reused.
 */
export function exampleImporter(split: SplitConfig, span?: ImportedSpan): ComponentSpec {
  let files: string[] | undefined;
  const resolveFiles = async () => {
    files ??= (await resolveInputs(split.inputs)).map((f) => f.path);
    return files;
  };
  return {
    kind: 'Importer',
    nodeId: `Importer.${split.name}`,
    inputs: {},
    outputs: { result: 'Examples' },
    externalOutputs: true,
    parameters: { split: split.name, source_uri: split.inputs, reimport: 0, ...(span ? { span: span.span } : {}) },
    async fingerprint() {
      const paths = await resolveFiles();
      // File paths are part of the key (which files), bytes are the content.
      return `${JSON.stringify(paths)}:${await fingerprintFiles(paths)}`;
    },
    async execute() {
      const paths = await resolveFiles();
      return {
        result: {
          uri: commonUri(paths),
          properties: {
            span: { intValue: span?.span ?? 0 },
            version: { intValue: span ? await span.version() : 0 },
            split_names: { stringValue: JSON.stringify([split.name]) },
          },
          customProperties: {
            files: { stringValue: JSON.stringify(paths) },
            file_format: { stringValue: split.format ?? 'auto' },
            is_external: { intValue: 1 },
          },
        },
      };
    },
  };
}
