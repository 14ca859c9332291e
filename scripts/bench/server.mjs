// The benchmark's web server: static files and generated pages over loopback only, on a port the
// system picks, so that the browser loads everything the way a site would serve it (HTTP, module
// scripts, separate chunks) without any network.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Starts the server. `mounts` maps a URL prefix (`/dist/`) to a folder; `page(path)` returns the
 * generated content of a path, or undefined for none. Resolves with `{ origin, close() }`.
 */
export async function startServer({ mounts = {}, page: pageAt = () => undefined }) {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    try {
      const page = pageAt(path);
      if (page !== undefined) {
        send(response, 200, typeOf(path), page);
        return;
      }
      for (const [prefix, folder] of Object.entries(mounts)) {
        if (!path.startsWith(prefix)) continue;
        const file = normalize(join(folder, path.slice(prefix.length)));
        // never serve anything outside the mounted folder
        if (file !== folder && !file.startsWith(folder.endsWith(sep) ? folder : folder + sep)) break;
        send(response, 200, typeOf(file), await readFile(file));
        return;
      }
      send(response, 404, 'text/plain', 'not found');
    } catch (error) {
      send(response, error?.code === 'ENOENT' ? 404 : 500, 'text/plain', String(error?.message ?? error));
    }
  });
  // Keep-alive sockets would hold `close()` open until they time out.
  server.keepAliveTimeout = 1000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

function typeOf(path) {
  return TYPES[extname(path)] ?? 'application/octet-stream';
}

function send(response, status, type, body) {
  // Every run must start cold: the page cache must not carry scripts between runs.
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(body);
}
