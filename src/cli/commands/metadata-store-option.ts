import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { UsageError } from '../../_util/errors.js';
import type { MetadataStore } from '../../metadata/metadata-store.js';
import { DEFAULT_METADATA_STORE, openMetadataStore } from '../../metadata/open-metadata-store.js';
import type { CliIo, OptionSpec } from '../command.js';

/** The `--store` option shared by the metadata commands. */
export const storeOption: OptionSpec = {
  type: 'string',
  valueName: 'URL',
  description: `Metadata store: a SQLite path, sqlite:PATH, postgres://…, mysql://… or memory:. Default: $DATAVET_METADATA_STORE, else ${DEFAULT_METADATA_STORE}.`,
};

/** The store a command uses: `--store`, else $DATAVET_METADATA_STORE, else the default location. */
export function storeUrlOf(option: string | undefined, io: CliIo): string {
  return option ?? io.env.DATAVET_METADATA_STORE ?? DEFAULT_METADATA_STORE;
}

/**
 * The SQLite file a store URL names, as written (`sqlite:` prefix dropped, not yet resolved
 * against the working directory); undefined for a server or `memory:` store.
 */
export function sqlitePathOf(url: string): string | undefined {
  if (/^(postgres(ql)?|mysql|mariadb):\/\//i.test(url) || url.startsWith('memory:')) return undefined;
  return url.replace(/^sqlite:(\/\/)?/i, '');
}

/**
 * Opens the store a read-only command should look at. A SQLite file that does not exist is a
 * usage error rather than silently creating an empty store.
 */
export async function openStoreForReading(option: string | undefined, io: CliIo): Promise<MetadataStore> {
  const url = storeUrlOf(option, io);
  const raw = sqlitePathOf(url);
  if (raw !== undefined) {
    const path = isAbsolute(raw) ? raw : resolve(io.cwd, raw);
    if (raw !== ':memory:' && !existsSync(path)) {
      throw new UsageError(`no metadata store at ${path}`, {
        hint: 'run a datavet pipeline first, or point --store (or DATAVET_METADATA_STORE) at an existing store',
      });
    }
    return openMetadataStore({ url: path, cwd: io.cwd });
  }
  return openMetadataStore({ url, cwd: io.cwd });
}
