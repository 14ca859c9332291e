// Chooses the demo's data adapter. By default the page talks to the reference server it is served
// from (`npm start`); `?adapter=local` keeps everything in this browser instead, seeded with a few
// sample comments on the first visit, so the page also works from any static file host.
import { configure, LocalStorageAdapter, RestAdapter } from '../dist/confab.bundle.js';
import { seedComments } from './seed-comments.js';

const params = new URLSearchParams(location.search);

if (params.get('adapter') === 'local') {
  const adapter = new LocalStorageAdapter({ namespace: 'confab-demo' });
  adapter.seed(seedComments, { overwrite: false });
  configure({ adapter });
} else {
  configure({ adapter: new RestAdapter({ endpoint: new URL('api', location.href).href }) });
}
