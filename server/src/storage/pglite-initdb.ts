// Creates a PGlite database cluster in the folder given as the only argument, then exits. Run as
// a child process by db.ts so initdb's WebAssembly heap is freed with this process.
import { PGlite } from '@electric-sql/pglite';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: pglite-initdb.js <folder>\n');
  process.exit(2);
}
const pg = await PGlite.create(dir);
await pg.close();
