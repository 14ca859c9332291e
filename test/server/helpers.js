// Shared setup for the server tests: one database per test file (PGlite always, PostgreSQL too
// when DATABASE_URL is set), a server on a free loopback port, and a small HTTP client with a
// cookie jar per simulated browser.
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../server/dist/app.js';
import { loadConfig } from '../../server/dist/config.js';
import { createLogger } from '../../server/dist/log.js';

export const ADMIN_TOKEN = 'test-admin-token';
export const USER_TOKEN_SECRET = 'test-user-token-secret-0123456789abcdef';
export const SERVER_BIN = new URL('../../server/dist/bin.js', import.meta.url).pathname;

/** The storages to run against: PGlite always, PostgreSQL when DATABASE_URL is set. */
export function storages() {
  const list = [{ name: 'pglite', databaseUrl: null }];
  if (process.env.DATABASE_URL) list.push({ name: 'postgres', databaseUrl: process.env.DATABASE_URL });
  return list;
}

/**
 * A schema of its own on the shared PostgreSQL database, so test files (and runs) never see each
 * other's rows or NOTIFY channel. Returns the URL selecting it and a function dropping it.
 * @param {string} databaseUrl
 */
export async function isolatedSchema(databaseUrl) {
  const { default: pg } = await import('pg');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`create schema ${schema}`);
  await client.end();
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}

/**
 * Starts a server in this process.
 * @param {{ databaseUrl: string | null }} storage
 * @param {Record<string, string>} [env] extra environment variables
 */
export async function startServer(storage, env = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'confab-test-'));
  const schema = storage.databaseUrl ? await isolatedSchema(storage.databaseUrl) : null;
  const config = loadConfig({
    DATA_DIR: dataDir,
    ADMIN_TOKEN,
    USER_TOKEN_SECRET,
    LOG_LEVEL: 'silent',
    STATIC_DIR: '',
    DIST_DIR: '',
    ...(schema ? { DATABASE_URL: schema.url } : {}),
    ...env,
  });
  const app = await createApp(config, createLogger('silent'));
  const port = await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  return {
    app,
    base,
    api: `${base}/api`,
    config,
    async close() {
      await app.close();
      await schema?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A browser-like client: keeps its own cookies, sends JSON.
 * @param {string} api base URL of the API
 * @param {{ token?: string, origin?: string, ip?: string }} [options] `ip` is sent as
 *   X-Forwarded-For (the test servers trust it), so each client counts as its own network
 */
export function client(api, { token, origin, ip = `10.${rand()}.${rand()}.${rand()}` } = {}) {
  /** @type {Map<string, string>} */
  const cookies = new Map();
  /**
   * @param {string} method @param {string} path
   * @param {{ body?: unknown, headers?: Record<string, string>, raw?: string }} [options]
   */
  async function request(method, path, { body, headers = {}, raw } = {}) {
    /** @type {Record<string, string>} */
    const h = { ...headers };
    if (cookies.size > 0) h.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (token) h.authorization = `Bearer ${token}`;
    if (origin) h.origin = origin;
    h['x-forwarded-for'] = ip;
    if (body !== undefined || raw !== undefined) h['content-type'] ??= 'application/json';
    if (method !== 'GET' && method !== 'HEAD' && body === undefined && raw === undefined) {
      h['content-type'] ??= 'application/json';
    }
    const response = await fetch(api + path, {
      method,
      headers: h,
      body: raw ?? (body === undefined ? (method === 'GET' ? undefined : '{}') : JSON.stringify(body)),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: response.status, headers: response.headers, body: json };
  }
  let keys = 0;
  return {
    cookies,
    request,
    /** @param {string} threadId @param {Record<string, unknown>} [fields] @param {string} [key] */
    post(threadId, fields = {}, key = `k-${randomBytes(8).toString('hex')}-${keys++}`) {
      return request('POST', `/threads/${encodeURIComponent(threadId)}/comments`, {
        body: { body: 'A comment', author: { name: 'Ada' }, ...fields },
        headers: { 'idempotency-key': key },
      });
    },
    /** @param {string} threadId @param {string} [query] */
    list(threadId, query = '') {
      return request('GET', `/threads/${encodeURIComponent(threadId)}/comments${query}`);
    },
  };
}

const rand = () => Math.floor(Math.random() * 250) + 1;

/** @param {string} id @param {string} name @param {number} [ttlSeconds] */
export function userToken(id, name, ttlSeconds = 3600) {
  const payload = Buffer.from(JSON.stringify({ id, name, exp: Math.floor(Date.now() / 1000) + ttlSeconds })).toString('base64url');
  return `${payload}.${createHmac('sha256', USER_TOKEN_SECRET).update(payload).digest('base64url')}`;
}

/**
 * Reads server-sent events from a stream until `count` events arrived or `timeoutMs` passed.
 * @param {string} url @param {{ count: number, timeoutMs?: number, headers?: Record<string, string>, onOpen?: () => void | Promise<void> }} options
 * @returns {Promise<{ id: string, type: string, data: any }[]>}
 */
export async function readEvents(url, { count, timeoutMs = 5000, headers = {}, onOpen }) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const events = [];
  try {
    const response = await fetch(url, { headers, signal: controller.signal });
    if (response.status !== 200) throw new Error(`events answered ${response.status}`);
    const reader = /** @type {ReadableStream<Uint8Array>} */ (response.body).getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let opened = false;
    while (events.length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (!opened) {
          opened = true;
          await onOpen?.();
        }
        const id = /^id: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        const type = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
        if (id && data) events.push({ id, type, data: JSON.parse(data) });
      }
    }
    controller.abort();
  } catch (err) {
    if (!controller.signal.aborted) throw err;
  } finally {
    clearTimeout(timer);
  }
  return events;
}

/**
 * Runs `node server/dist/bin.js` as a child process and waits until /healthz answers.
 * @param {Record<string, string>} env
 */
export async function spawnServer(env) {
  const child = spawn(process.execPath, [SERVER_BIN], {
    // DATABASE_URL is never inherited: a PGlite test must not land on the CI's PostgreSQL.
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'info', HOST: '127.0.0.1', STATIC_DIR: '', DIST_DIR: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const base = `http://127.0.0.1:${env.PORT}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    // Our child's own word that it listens: another process that grabbed the port between
    // freePort() and the bind would answer /healthz just as well.
    if (output.includes('"msg":"confab server listening"')) {
      const response = await fetch(`${base}/healthz`).catch(() => null);
      if (response?.ok) break;
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { child, base, api: `${base}/api`, exited, output: () => output };
}

/** A free loopback port. */
export async function freePort() {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(address.port));
    });
  });
}
