import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { UsageError } from '../_util/errors.js';
import { type PipelineConfig, parsePipelineConfig } from './pipeline-config.js';

/**
 * Reads a pipeline config file: JSON (`datavet.config.json`) or YAML (`.yaml`/`.yml`). Relative
 * paths inside it are resolved against the file's directory.
 * @throws UsageError when the file is missing, unparsable or invalid (the message names the key,
 *   the location its line).
 */
export async function loadPipelineConfig(path: string): Promise<PipelineConfig> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `no config file at ${file}` : `cannot read config ${file} (${code})`, {
      hint: 'pass the path of a datavet.config.json (or .yaml); see docs/pipeline.md',
    });
  }
  const yaml = ['.yaml', '.yml'].includes(extname(file).toLowerCase());
  let raw: unknown;
  try {
    raw = yaml ? parseYaml(text) : JSON.parse(text);
  } catch (cause) {
    const line = cause instanceof YAMLParseError ? cause.linePos?.[0] : undefined;
    throw new UsageError(`config is not valid ${yaml ? 'YAML' : 'JSON'}: ${(cause as Error).message.split('\n')[0]}`, {
      location: { file, ...(line ? { line: line.line, column: line.col } : {}) },
      hint: 'fix the syntax; see docs/pipeline.md for an example config',
    });
  }
  return parsePipelineConfig(raw, { file, baseDir: dirname(file), text });
}
