// `npm test`: type-check, lint, build, browser tests, node tests (server, end-to-end), then one
// plain "N passed, N failed" line that CI reads. Exits non-zero when anything fails.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, existsSync, readdirSync } from 'node:fs';

const totals = { passed: 0, failed: 0 };
const steps = [];

function run(name, command, args, { capture = false, env = {} } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, {
      stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
      env: { ...process.env, ...env },
    });
    let output = '';
    if (capture) {
      child.stdout.on('data', (chunk) => {
        output += chunk;
        process.stdout.write(chunk);
      });
    }
    child.on('close', (code) => {
      steps.push({ name, code, seconds: Math.round((Date.now() - started) / 1000) });
      resolve({ code: code ?? 1, output });
    });
  });
}

/** A gate that is not a test suite counts as one test: passed or failed. */
async function gate(name, command, args) {
  const { code } = await run(name, command, args);
  if (code === 0) totals.passed += 1;
  else totals.failed += 1;
  return code === 0;
}

/** node --test with the spec reporter; counts read from its summary lines. */
async function nodeTests(name, dir, env) {
  if (!existsSync(dir) || readdirSync(dir).length === 0) return;
  const { code, output } = await run(name, process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', dir + '/'], {
    capture: true,
    env,
  });
  const pass = Number(/^ℹ pass (\d+)/m.exec(output)?.[1] ?? 0);
  const fail = Number(/^ℹ fail (\d+)/m.exec(output)?.[1] ?? 0);
  totals.passed += pass;
  totals.failed += fail;
  if (code !== 0 && fail === 0) totals.failed += 1;
}

const npx = (bin) => ['node_modules/.bin/' + bin];

await gate('typecheck', 'npm', ['run', '--silent', 'typecheck']);
await gate('lint', 'npm', ['run', '--silent', 'lint']);
const built = await gate('build', 'npm', ['run', '--silent', 'build']);
if (built) await gate('size budget', 'npm', ['run', '--silent', 'size', '--', '--check']);
if (built) await gate('package checks (publint, attw)', 'npm', ['run', '--silent', 'check:package']);

rmSync('.test-results/browser.json', { force: true });
const wtr = await run('browser tests', npx('wtr')[0], []);
try {
  const counts = JSON.parse(readFileSync('.test-results/browser.json', 'utf8'));
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  if (wtr.code !== 0 && counts.failed === 0) totals.failed += 1;
} catch {
  totals.failed += 1;
}

await nodeTests('server tests', 'test/server');
// server rendering of the elements in plain Node (confab-comments/ssr)
if (built) await nodeTests('server-rendering tests', 'test/ssr');
if (built) await nodeTests('end-to-end tests', 'test/e2e');
if (built) await nodeTests('package tests', 'test/package');
// The examples built from the packed tarballs and used in Chromium (about 3 minutes here).
if (built) await gate('examples', 'npm', ['run', '--silent', 'examples']);

console.log('\nSteps:');
for (const step of steps) console.log(`  ${step.code === 0 ? 'ok  ' : 'FAIL'} ${step.name} (${step.seconds}s)`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 ? 1 : 0);
