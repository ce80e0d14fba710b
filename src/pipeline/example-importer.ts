import { copyFile, link, mkdir, symlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { detectFormat } from '../io/detect-format.js';
import type { InputFormat } from '../io/read-options.js';
import { resolveInputs } from '../io/resolve-inputs.js';
import type { Properties } from '../metadata/types.js';
import { artifactLayout } from './artifact-layout.js';
import type { ComponentSpec } from './component.js';
import { engineImporter } from './engine-importer.js';
import { fingerprintFiles } from './fingerprint.js';
import type { SplitConfig } from './pipeline-config.js';

/**
 * TFX's `file_format` and `payload_format` custom properties for the files of a split. TFX reads
 * gzipped TFRecord files of tf.Example and Parquet; for anything else `file_format` names our
 * format ('csv', 'jsonl', 'arrow', 'tfrecord' for uncompressed TFRecord files), which TFX refuses
 * as unsupported instead of misreading the files as TFRecord (its default).
 */
export function tfxFormatProperties(paths: readonly string[], format: InputFormat | undefined): Properties {
  const formats = new Set(paths.map((p) => format ?? detectFormat(p)));
  const only = formats.size === 1 ? [...formats][0] : undefined;
  if (only === 'tfrecord' && paths.every((p) => p.endsWith('.gz'))) {
    return { file_format: { stringValue: 'tfrecords_gzip' }, payload_format: { stringValue: 'FORMAT_TF_EXAMPLE' } };
  }
  if (only === 'parquet') {
    return { file_format: { stringValue: 'FILE_FORMAT_PARQUET' }, payload_format: { stringValue: 'FORMAT_PARQUET' } };
  }
  return { file_format: { stringValue: [...formats].sort().join(',') } };
}

/** Links `target` at `path`: a symbolic link, else a hard link, else a copy (file systems without links). */
async function linkFile(target: string, path: string): Promise<void> {
  try {
    await symlink(target, path);
  } catch {
    try {
      await link(target, path);
    } catch {
      await copyFile(target, path);
    }
  }
}

/** The span of the imported files; the version is asked for only when the importer runs (not cached). */
export interface ImportedSpan {
  readonly span: number;
  readonly version: () => Promise<number>;
}

/**
 * TFX's Importer for one split's input files: an Examples artifact laid out as ExampleGen's,
 * `{uri}/Split-<split>/` holding a link to each input file, so TFX components can read the split;
 * the exact list of files is in custom property `files`. The content fingerprint (SHA-256 of the
 * files' bytes) is its cache key, so unchanged files map to the same Examples artifact and
 * everything downstream is reused.
 */
export function exampleImporter(split: SplitConfig, span?: ImportedSpan): ComponentSpec {
  if (split.source !== undefined) return engineImporter(split, split.source);
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
    async execute({ outputUris }) {
      const paths = await resolveFiles();
      const uri = outputUris.result as string;
      const dir = artifactLayout.split(uri, split.name);
      await mkdir(dir, { recursive: true });
      const names = new Set<string>();
      for (const [index, path] of paths.entries()) {
        // Two inputs with one name (a/x.csv, b/x.csv) get distinct link names.
        const name = names.has(basename(path)) ? `${index}-${basename(path)}` : basename(path);
        names.add(name);
        await linkFile(path, join(dir, name));
      }
      return {
        result: {
          properties: {
            span: { intValue: span?.span ?? 0 },
            version: { intValue: span ? await span.version() : 0 },
            split_names: { stringValue: JSON.stringify([split.name]) },
          },
          customProperties: {
            files: { stringValue: JSON.stringify(paths) },
            ...tfxFormatProperties(paths, split.format),
          },
        },
      };
    },
  };
}
