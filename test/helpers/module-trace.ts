import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes into `dir` a module that, given to `node --import`, registers a resolve hook appending the URL
 * of every module the process resolves to the file named by the DATAVET_TRACE environment variable.
 * Returns the module's path.
 */
export function writeModuleTracer(dir: string): string {
  writeFileSync(
    join(dir, 'trace-hook.mjs'),
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.DATAVET_TRACE, result.url + '\\n');
  return result;
}
`,
  );
  const tracer = join(dir, 'trace.mjs');
  writeFileSync(tracer, "import { register } from 'node:module';\nregister('./trace-hook.mjs', import.meta.url);\n");
  return tracer;
}

/** The URLs a traced process resolved, in order. */
export function tracedUrls(trace: string): string[] {
  return readFileSync(trace, 'utf8').trim().split('\n');
}
