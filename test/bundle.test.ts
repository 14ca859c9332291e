import { bundleSuite, requireBuilt, type ConfabApi } from './helpers/bundle-suite.js';

const url = '/dist/confab.bundle.js';

bundleSuite('dist/confab.bundle.js (ES module)', async () => {
  await requireBuilt(url);
  return (await import(/* @vite-ignore */ url)) as ConfabApi;
});
