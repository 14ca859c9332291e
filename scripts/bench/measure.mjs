// What the benchmark reads from Chromium, all through the DevTools protocol: renderer main-thread
// CPU time, JS heap after garbage collection, traces and CPU profiles.
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';

/**
 * Launch options for Debian's Chromium. The networking flags keep it from dialing hosts this
 * machine cannot reach; everything the benchmark loads comes from its own loopback server.
 */
export function launchOptions() {
  return {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  };
}

/** Turns the Performance domain on, with durations in thread time (CPU), not wall time. */
export async function enableMetrics(cdp) {
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
}

/** The renderer's counters now (seconds for times, bytes for heap). */
export async function readMetrics(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map(({ name, value }) => [name, value]));
}

/**
 * Main-thread cost between two `readMetrics` snapshots, in ms. `cpu` is the main thread's CPU time
 * (ThreadTime): what the page took from the machine, whatever else the machine was doing. `style`
 * and `layout` are the parts spent in style recalculation and layout; `rest` is everything else:
 * JavaScript (Chromium's ScriptDuration misses script run from microtasks, where Lit renders, so
 * it is not used), parsing, paint, garbage collection. `tasks` sums task durations.
 */
export function costBetween(before, after) {
  const ms = (name) => round((after[name] - before[name]) * 1000);
  const cpu = ms('ThreadTime');
  const style = ms('RecalcStyleDuration');
  const layout = ms('LayoutDuration');
  return {
    cpu,
    tasks: ms('TaskDuration'),
    style,
    layout,
    rest: round(cpu - style - layout),
    layouts: after.LayoutCount - before.LayoutCount,
    styleRecalcs: after.RecalcStyleCount - before.RecalcStyleCount,
  };
}

/** Bytes of JS heap in use after a full garbage collection. */
export async function heapAfterGc(cdp) {
  return (await heapUsageAfterGc(cdp)).js;
}

/**
 * Heap in use after a full garbage collection: `js`, the V8 heap (what "JS heap" means in the
 * targets), and `embedder`, Blink's own objects (DOM nodes, documents, style data), when reported.
 */
export async function heapUsageAfterGc(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  // a second pass frees what the first one's finalizers released
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  return { js: usage.usedSize, embedder: usage.embedderHeapUsedSize };
}

/** Trace events of one task of a thread's run loop ('toplevel' category; the first one is older). */
const TASK_EVENTS = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);

/**
 * Runs `action` while tracing and returns the CPU time (ms) of the renderer main thread that
 * emitted the user-timing mark `markName`: the sum of its top-level tasks' thread durations up to
 * that mark. Used where a navigation may move the page to another renderer process, which the
 * per-page Performance counters cannot follow.
 */
export async function traceMainThread(browserSession, action, markName) {
  await browserSession.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    traceConfig: { includedCategories: ['toplevel', 'blink.user_timing', '__metadata'] },
  });
  let result;
  let events;
  try {
    result = await action();
  } finally {
    events = await stopTracing(browserSession);
  }
  const mark = events.find((event) => event.name === markName);
  if (!mark) throw new Error(`trace has no "${markName}" mark`);
  const tasks = events
    .filter((event) => event.ph === 'X' && TASK_EVENTS.has(event.name) && event.pid === mark.pid && event.tid === mark.tid)
    .filter((event) => event.ts <= mark.ts)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  let cpu = 0;
  let wall = 0;
  let end = -Infinity;
  for (const task of tasks) {
    // a nested run loop reports tasks inside a task: count the outer one only
    if (task.ts < end) continue;
    end = task.ts + task.dur;
    cpu += task.tdur ?? task.dur;
    wall += task.dur;
  }
  return { result, cpu: round(cpu / 1000), tasks: round(wall / 1000) };
}

async function stopTracing(browserSession) {
  const complete = new Promise((resolve) => browserSession.once('Tracing.tracingComplete', resolve));
  await browserSession.send('Tracing.end');
  const { stream } = await complete;
  const chunks = [];
  for (;;) {
    const { data, eof, base64Encoded } = await browserSession.send('IO.read', { handle: stream, size: 1 << 20 });
    chunks.push(base64Encoded ? Buffer.from(data, 'base64').toString('utf8') : data);
    if (eof) break;
  }
  await browserSession.send('IO.close', { handle: stream });
  const parsed = JSON.parse(chunks.join(''));
  return Array.isArray(parsed) ? parsed : parsed.traceEvents;
}

/** Runs `action` under the sampling CPU profiler; returns the profile (DevTools `.cpuprofile`). */
export async function profileCpu(cdp, action, intervalUs = 100) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await cdp.send('Profiler.start');
  let stopped;
  try {
    await action();
  } finally {
    stopped = await cdp.send('Profiler.stop');
    await cdp.send('Profiler.disable');
  }
  return stopped.profile;
}

/**
 * Self time per function of a CPU profile, largest first: `{ functionName, url, line, selfMs }`.
 * Samples are spread over their time deltas, as DevTools does.
 */
export function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const delta = timeDeltas[i + 1] ?? 0;
    self.set(samples[i], (self.get(samples[i]) ?? 0) + delta);
  }
  const totals = new Map();
  for (const [id, us] of self) {
    const { callFrame } = byId.get(id);
    const key = `${callFrame.functionName}\u0000${callFrame.url}\u0000${callFrame.lineNumber}`;
    const entry = totals.get(key) ?? {
      functionName: callFrame.functionName || '(anonymous)',
      url: callFrame.url,
      line: callFrame.lineNumber + 1,
      selfMs: 0,
    };
    entry.selfMs += us / 1000;
    totals.set(key, entry);
  }
  return [...totals.values()].map((entry) => ({ ...entry, selfMs: round(entry.selfMs) })).sort((a, b) => b.selfMs - a.selfMs);
}

export function round(value, digits = 1) {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
