// Component and unit tests in Debian's headless Chromium (see README "Tests").
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import { summaryReporter } from './scripts/summary-reporter.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.mjs';
import { confabServerPlugin } from './scripts/wtr-confab-server.mjs';


export default {
  files: ['test/**/*.test.ts', '!test/e2e/**', '!test/server/**'],
  nodeResolve: true,
  // One page at a time: keyboard and focus tests need the focused tab.
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 600_000,
  browserStartTimeout: 120_000,
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'test/tsconfig.json' }), confabServerPlugin()],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: CHROMIUM_ARGS,
      },
    }),
  ],
  testFramework: { config: { timeout: 10_000 } },
  reporters: [defaultReporter(), summaryReporter()],
};
