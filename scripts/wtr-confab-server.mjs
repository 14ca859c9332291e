// A web-test-runner plugin that runs a confab server for browser tests of RestAdapter. It starts
// on the first request for /__confab-server.json (so test runs that do not need it pay nothing)
// and answers with the endpoint, an admin token and user tokens for the contract's two viewers.
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SERVER_BIN = new URL('../server/dist/bin.js', import.meta.url).pathname;
const VIEWERS = ['viewer-a', 'viewer-b'];

export function confabServerPlugin() {
  /** @type {Promise<object> | null} */
  let started = null;
  /** @type {import('node:child_process').ChildProcess | null} */
  let child = null;
  /** @type {string | null} */
  let dataDir = null;

  async function start() {
    const port = await freePort();
    const adminToken = randomBytes(24).toString('base64url');
    const userSecret = randomBytes(24).toString('base64url');
    dataDir = mkdtempSync(join(tmpdir(), 'confab-wtr-'));
    child = spawn(process.execPath, [SERVER_BIN], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        ADMIN_TOKEN: adminToken,
        USER_TOKEN_SECRET: userSecret,
        ALLOWED_ORIGINS: '*',
        // The contract seeds comments in the past and expects their authors to edit them.
        EDIT_WINDOW_MINUTES: '0',
        RATE_LIMIT_POSTS: '0',
        RATE_LIMIT_WRITES: '0',
        RATE_LIMIT_IP_WRITES: '0',
        RATE_LIMIT_NEW_VIEWERS: '0',
        SSE_MAX_PER_IP: '0',
        TEST_RESET: '1',
        LOG_LEVEL: 'warn',
        STATIC_DIR: '',
        DIST_DIR: '',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 180_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error('the confab test server exited during start');
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) throw new Error('the confab test server did not start in time');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const exp = Math.floor(Date.now() / 1000) + 24 * 3600;
    /** @type {Record<string, string>} */
    const userTokens = {};
    for (const id of VIEWERS) {
      const payload = Buffer.from(JSON.stringify({ id, exp })).toString('base64url');
      userTokens[id] = `${payload}.${createHmac('sha256', userSecret).update(payload).digest('base64url')}`;
    }
    return { endpoint: `${base}/api`, adminToken, userTokens };
  }

  return {
    name: 'confab-server',
    async serve(context) {
      if (context.path !== '/__confab-server.json') return undefined;
      started ??= start();
      return { body: JSON.stringify(await started), type: 'json' };
    },
    async serverStop() {
      if (child && child.exitCode === null) {
        const exited = new Promise((resolve) => child?.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
