// The readers of the server benchmark's fan-out (scripts/bench-server.mjs), in a process of their
// own: opens many live event streams, each on its own connection as each reader's browser would,
// and reports when a given comment reached each of them. Driven over IPC:
//   { open: [url…] }            -> { open, totalMs, p50, p99 }   (time to each stream's first bytes)
//   { watch: marker }           -> { watching }                  (start looking for the marker)
//   { collect: marker, timeoutMs } -> { times: [epoch ms…] }     (when every stream had it, or the timeout)
import { request } from 'node:http';

/** @type {{ tail: string, seen: Map<string, number> }[]} */
const streams = [];
/** @type {string | null} */
let watching = null;
let seenCount = 0;
/** @type {(() => void) | null} */
let allSeen = null;

process.on('message', async (message) => {
  if (message.open) process.send(await openAll(message.open));
  else if (message.watch) {
    watching = message.watch;
    seenCount = 0;
    process.send({ watching });
  } else if (message.collect) {
    const marker = message.collect;
    if (seenCount < streams.length) {
      await Promise.race([new Promise((resolve) => (allSeen = resolve)), new Promise((resolve) => setTimeout(resolve, message.timeoutMs))]);
    }
    allSeen = null;
    process.send({ times: streams.flatMap((stream) => (stream.seen.has(marker) ? [stream.seen.get(marker)] : [])) });
  }
});

/** Opens every stream, a few hundred at a time (as readers arrive, not as one burst of SYNs). */
async function openAll(urls) {
  const started = performance.now();
  const connectMs = [];
  let failed = 0;
  for (let i = 0; i < urls.length; i += 250) {
    const batch = urls.slice(i, i + 250).map((url) => open(url).then((ms) => connectMs.push(ms), () => (failed += 1)));
    await Promise.all(batch);
  }
  connectMs.sort((a, b) => a - b);
  const at = (q) => Math.round(connectMs[Math.min(connectMs.length - 1, Math.floor(q * connectMs.length))] ?? 0);
  return { open: connectMs.length, failed, totalMs: Math.round(performance.now() - started), p50: at(0.5), p99: at(0.99) };
}

/** One stream; resolves with the time to its first bytes. */
function open(url) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const stream = { tail: '', seen: new Map() };
    const req = request(url, { agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`status ${res.statusCode}`));
        res.resume();
        return;
      }
      res.setEncoding('utf8');
      let first = true;
      res.on('data', (chunk) => {
        if (first) {
          first = false;
          streams.push(stream);
          resolve(performance.now() - started);
        }
        const text = stream.tail + chunk;
        if (watching && !stream.seen.has(watching) && text.includes(watching)) {
          stream.seen.set(watching, Date.now());
          seenCount += 1;
          if (seenCount >= streams.length) allSeen?.();
        }
        stream.tail = text.slice(-200);
      });
    });
    req.on('error', reject);
    req.end();
  });
}
