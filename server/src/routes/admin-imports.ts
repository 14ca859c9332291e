import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { AdapterError } from 'confab-comments/model';
import { Type } from 'typebox';
import type { AdminSessions } from '../http/admin-session.js';
import { HttpError } from '../http/errors.js';
import { runImport } from '../import/cli.js';
import { ImportError } from '../import/sources.js';
import { errors, Nullable } from '../schemas/common.js';
import type { Api, Services } from './services.js';

/** The upload route: its body is the file itself (`application/octet-stream`), not JSON. */
export const IMPORT_UPLOAD_ROUTE = '/admin/imports';
const FORMATS = ['disqus', 'wxr', 'json'] as const;
type Format = (typeof FORMATS)[number];
const tags = ['admin'];
const security = [{ adminToken: [] }];

/** An upload and the import that follows: one at a time per server process. */
export interface ImportJob {
  id: string;
  name: string;
  format: Format | null;
  state: 'uploading' | 'importing' | 'done' | 'failed';
  bytes: number;
  /** comments read so far, stored so far, and the line of the file reached */
  read: number;
  imported: number;
  line: number;
  startedAt: string;
  finishedAt: string | null;
  result: { imported: number; skipped: number; spam: number; droppedPlaceholders: number; reparented: number; threads: number; typos: number } | null;
  /** why it stopped (nothing of it was kept), and where in the file, when the file said */
  error: { message: string; line: number | null } | null;
}

const Job = Type.Object({
  id: Type.String(),
  name: Type.String(),
  format: Nullable(Type.Enum([...FORMATS])),
  state: Type.Enum(['uploading', 'importing', 'done', 'failed']),
  bytes: Type.Integer(),
  read: Type.Integer(),
  imported: Type.Integer(),
  line: Type.Integer(),
  startedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
  result: Nullable(
    Type.Object({
      imported: Type.Integer(),
      skipped: Type.Integer(),
      spam: Type.Integer(),
      droppedPlaceholders: Type.Integer(),
      reparented: Type.Integer(),
      threads: Type.Integer(),
      typos: Type.Integer(),
    }),
  ),
  error: Nullable(Type.Object({ message: Type.String(), line: Nullable(Type.Integer()) })),
});

/** The format of a file, from its first bytes: JSON, or the root element of the XML. */
export async function detectFormat(file: string): Promise<Format | null> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(8192), 0, 8192, 0);
    const head = buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
    if (/^\s*[[{]/.test(head)) return 'json';
    // the first element that is not the XML declaration, a comment or a doctype
    const root = /<([A-Za-z_][\w.:-]*)[\s>/]/.exec(head.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<![^>]*>/g, ''))?.[1];
    if (root === 'disqus') return 'disqus';
    if (root === 'rss' && /wordpress\.org\/export\//.test(head)) return 'wxr';
    return null;
  } finally {
    await handle.close();
  }
}

/**
 * Importing from /admin: the file is streamed to a temporary file (never held in memory, at most
 * IMPORT_UPLOAD_LIMIT_BYTES), then imported by the same importer as `confab-server import`, in
 * this process, while `GET /admin/imports/current` tells how far it got. The import is one
 * transaction: a failure keeps nothing of it; a re-run adds nothing (ids are remembered).
 */
export async function adminImportRoutes(app: Api, { storage, config, sessions }: Services & { sessions: AdminSessions }): Promise<void> {
  // A session found live lately is enough here: on PGlite the import holds the database, and its
  // progress (and the refusal of a second one) must still answer.
  app.addHook('onRequest', async (request) => sessions.gate(request, { cached: true }));
  // The body is the file: handed on as the stream it is, read by the route.
  app.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));

  let job: ImportJob | null = null;
  let running: Promise<void> | null = null;
  app.addHook('onClose', async () => {
    // The database closes after this: an import cut short is rolled back, as after a crash.
    await running?.catch(() => {});
  });

  app.get(
    `${IMPORT_UPLOAD_ROUTE}/current`,
    {
      schema: {
        summary: 'The last import from /admin: how far it got, what it did, or why it stopped',
        tags,
        security,
        response: { 200: Type.Object({ job: Nullable(Job) }), ...errors },
      },
    },
    async () => ({ job }),
  );

  app.post(
    IMPORT_UPLOAD_ROUTE,
    {
      // Checked here against Content-Length, and while the file streams to disk.
      bodyLimit: config.importUploadLimitBytes,
      schema: {
        summary: 'Upload a Disqus XML, WordPress WXR or confab JSON file and import it (one import at a time)',
        description: `The body is the file (\`Content-Type: application/octet-stream\`), at most IMPORT_UPLOAD_LIMIT_BYTES (${config.importUploadLimitBytes} here). \`format\` \`auto\` (the default) tells the format from the file's start. Answers 202 once the file is stored; the import runs on, followed with \`GET /admin/imports/current\`. 409 while another import runs.`,
        tags,
        security,
        consumes: ['application/octet-stream'],
        querystring: Type.Object({
          format: Type.Optional(Type.Enum(['auto', ...FORMATS])),
          name: Type.Optional(Type.String({ maxLength: 300, description: 'the file name, shown in the dashboard' })),
        }),
        response: { 202: Type.Object({ job: Job }), ...errors },
      },
    },
    async (request, reply) => {
      if (job && (job.state === 'uploading' || job.state === 'importing')) {
        throw new HttpError(409, 'conflict', `An import is running already (${job.name}: ${job.read.toLocaleString('en')} comments read so far). Wait for it to end.`);
      }
      const limit = config.importUploadLimitBytes;
      const tooLarge = () => new HttpError(413, 'too_large', `The file is larger than the limit of ${Math.floor(limit / 1048576)} MB (IMPORT_UPLOAD_LIMIT_BYTES).`);
      const declared = Number(request.headers['content-length'] ?? Number.NaN);
      if (declared > limit) {
        request.raw.resume();
        throw tooLarge();
      }
      const body = request.body as Readable | undefined;
      if (!body || typeof body.pipe !== 'function') throw new AdapterError('validation', 'Send the file as the request body, with Content-Type: application/octet-stream.');
      const asked = request.query.format ?? 'auto';
      const current: ImportJob = {
        id: `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`,
        name: (request.query.name ?? '').trim().slice(0, 300) || 'upload',
        format: asked === 'auto' ? null : asked,
        state: 'uploading',
        bytes: 0,
        read: 0,
        imported: 0,
        line: 0,
        startedAt: new Date().toISOString(),
        finishedAt: null,
        result: null,
        error: null,
      };
      const previous = job;
      job = current;
      const dir = await mkdtemp(join(tmpdir(), 'confab-upload-'));
      const file = join(dir, 'import');
      const cleanUp = () => rm(dir, { recursive: true, force: true });
      try {
        const count = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            current.bytes += chunk.length;
            if (current.bytes > limit) done(tooLarge());
            else done(null, chunk);
          },
        });
        await pipeline(body, count, createWriteStream(file));
        if (current.bytes === 0) throw new AdapterError('validation', 'The file is empty.');
        current.format ??= await detectFormat(file);
        if (!current.format) {
          throw new AdapterError('validation', 'This is neither a Disqus export, a WordPress export (WXR) nor a confab JSON file. Choose its format if it is one.');
        }
      } catch (err) {
        // Not an import: the last one stays what the dashboard shows.
        job = previous;
        await cleanUp();
        if (err instanceof AdapterError) throw err;
        // The browser went away, or the disk failed: nothing was imported.
        throw new AdapterError('validation', `The upload did not complete: ${(err as Error).message}`);
      }
      current.state = 'importing';
      const format = current.format;
      running = (async () => {
        try {
          const result = await runImport(storage.db, format, file, {
            onProgress: (read, imported, line) => {
              current.read = read;
              current.imported = imported;
              current.line = line;
            },
          });
          current.result = result;
          current.imported = result.imported;
          current.state = 'done';
        } catch (err) {
          current.state = 'failed';
          if (err instanceof ImportError) current.error = { message: err.message, line: err.line };
          else {
            request.log.error({ err }, 'import failed');
            current.error = { message: `The import failed: ${(err as Error).message}`, line: null };
          }
        } finally {
          current.finishedAt = new Date().toISOString();
          // What was imported shows at once: cached pages, closed threads.
          storage.invalidate(null);
          storage.access.forget();
          await cleanUp();
          running = null;
        }
      })();
      return reply.code(202).send({ job: current });
    },
  );
}
