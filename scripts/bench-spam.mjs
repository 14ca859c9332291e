// `node scripts/bench-spam.mjs [seconds]` (after `npm run build`): what SPAM_CHALLENGE=pow costs a
// bot and a reader, on this machine's CPU.
//  1. A scripted bot from one address posts as fast as it can for `seconds`, each post a new guest,
//     first without the challenge, then with it (solving every challenge with Node's SHA-256,
//     which is faster than a browser), then with it but not solving. Rate limits are off, so the
//     figures show what the challenge alone does; with the default limits one address gets at most
//     RATE_LIMIT_NEW_VIEWERS (10) new guests a minute whatever it does.
//  2. A reader's solve time in Chromium: the bundle's own solver chunk solving 20 challenges of the
//     default difficulty (min / median / max).
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createApp } from '../server/dist/app.js';
import { loadConfig } from '../server/dist/config.js';
import { createLogger } from '../server/dist/log.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';

const seconds = Number(process.argv[2] ?? 20);
const MAX_NUMBER = 100_000; // the default SPAM_CHALLENGE_MAX_NUMBER

async function server(env) {
  const dataDir = mkdtempSync(join(tmpdir(), 'confab-bench-spam-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    STATIC_DIR: '',
    RATE_LIMIT_POSTS: '0',
    RATE_LIMIT_WRITES: '0',
    RATE_LIMIT_IP_WRITES: '0',
    RATE_LIMIT_NEW_VIEWERS: '0',
    ...env,
  });
  const app = await createApp(config, createLogger('silent'));
  const port = await app.listen(0, '127.0.0.1');
  return { api: `http://127.0.0.1:${port}/api`, base: `http://127.0.0.1:${port}`, close: async () => (await app.close(), rmSync(dataDir, { recursive: true, force: true })) };
}

function solve(challenge) {
  for (let n = 0; n <= challenge.maxnumber; n++) {
    if (createHash('sha256').update(challenge.salt + n).digest('hex') === challenge.challenge) {
      const { algorithm, salt, signature } = challenge;
      return Buffer.from(JSON.stringify({ algorithm, challenge: challenge.challenge, number: n, salt, signature })).toString('base64');
    }
  }
  throw new Error('no solution');
}

async function bot(api, mode) {
  const end = Date.now() + seconds * 1000;
  let accepted = 0;
  let refused = 0;
  while (Date.now() < end) {
    const body = { body: `Cheap watches ${randomUUID()}`, author: { name: 'Bot' } };
    if (mode === 'solve') body.challenge = solve(await (await fetch(`${api}/challenge`)).json());
    if (mode === 'fake') body.challenge = Buffer.from(JSON.stringify({ algorithm: 'SHA-256', challenge: 'x', number: 1, salt: 'x', signature: 'x' })).toString('base64');
    const response = await fetch(`${api}/threads/bench/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify(body),
    });
    await response.arrayBuffer();
    if (response.status === 201) accepted += 1;
    else refused += 1;
  }
  return { accepted, refused, perMinute: Math.round((accepted * 60) / seconds) };
}

const plain = await server({});
const without = await bot(plain.api, 'none');
await plain.close();
const pow = await server({ SPAM_CHALLENGE: 'pow', SPAM_CHALLENGE_MAX_NUMBER: String(MAX_NUMBER) });
const solving = await bot(pow.api, 'solve');
const notSolving = await bot(pow.api, 'fake');

console.log(`Bot from one address, ${seconds} s each, rate limits off:`);
console.log(`  without the challenge:             ${without.accepted} accepted (${without.perMinute}/min)`);
console.log(`  SPAM_CHALLENGE=pow, solving each:  ${solving.accepted} accepted (${solving.perMinute}/min)`);
console.log(`  SPAM_CHALLENGE=pow, not solving:   ${notSolving.accepted} accepted, ${notSolving.refused} refused`);

// A reader's browser: the bundle's solver chunk, imported from the server like the page does.
const chunk = readdirSync(new URL('../dist/chunks/', import.meta.url)).find((name) => name.startsWith('pow-solver-'));
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
try {
  const page = await browser.newPage();
  await page.goto(`${pow.base}/healthz`);
  const times = await page.evaluate(
    async ({ api, chunk }) => {
      const { solvePow } = await import(`/dist/chunks/${chunk}`);
      const list = [];
      for (let i = 0; i < 20; i++) {
        const challenge = await (await fetch(`${api}/challenge`)).json();
        const started = performance.now();
        await solvePow(challenge);
        list.push(performance.now() - started);
      }
      return list;
    },
    { api: pow.api, chunk },
  );
  times.sort((a, b) => a - b);
  const ms = (value) => `${Math.round(value)} ms`;
  console.log(`A reader's solve in Chromium (maxnumber ${MAX_NUMBER}, 20 challenges): min ${ms(times[0])}, median ${ms(times[10])}, max ${ms(times[19])}`);
} finally {
  await browser.close();
  await pow.close();
}
