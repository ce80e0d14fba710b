// Child process for the store-creation crash test: opens (and so creates) the store at `url`.
// Prints `opening` once its modules are loaded, right before the open, and `opened` after it.
// Usage: node --import tsx open-store.ts URL
import { openMetadataStore } from '../../../src/metadata/open-metadata-store.js';

const [url] = process.argv.slice(2);
if (!url) {
  process.stderr.write('usage: open-store.ts URL\n');
  process.exit(2);
}
// Load the drivers before announcing, so the parent's delays fall on the creation itself.
if (url.startsWith('mysql:')) await import('../../../src/metadata/mysql-connection.js');
else if (url.startsWith('postgres:')) await import('../../../src/metadata/postgres-connection.js');
else await import('../../../src/metadata/sqlite-connection.js');
process.stdout.write('opening\n');
const store = await openMetadataStore({ url, busyTimeoutMs: 30_000 });
process.stdout.write('opened\n');
await store.close();
