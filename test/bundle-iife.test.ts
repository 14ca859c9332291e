import { bundleSuite, requireBuilt, type ConfabApi } from './helpers/bundle-suite.js';

declare global {
  interface Window {
    Confab?: ConfabApi;
  }
}

const url = '/dist/confab.iife.js';

bundleSuite('dist/confab.iife.js (classic script)', async () => {
  await requireBuilt(url);
  const script = document.createElement('script');
  script.src = url;
  const loaded = new Promise((resolve, reject) => {
    script.onload = resolve;
    script.onerror = reject;
  });
  document.head.append(script);
  await loaded;
  return window.Confab!;
});
