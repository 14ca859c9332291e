// index.html?theme=<id>: shows the article under one of the stylesheets in themes.js instead of the
// demo's own, as themes.html does in its frame. Marks `<html data-demo-theme="<id>">` once the
// stylesheets have loaded (the end-to-end tests wait for it).
import { findTheme } from './themes.js';

const id = new URLSearchParams(location.search).get('theme');
const theme = id ? findTheme(id) : undefined;
// Not awaited: the page's widgets start loading their data meanwhile.
if (theme) void applyTheme(theme);

/** @param {import('./themes.js').DemoTheme} theme */
async function applyTheme(theme) {
  const root = document.documentElement;
  const links = theme.stylesheets.map(({ href, media }) => Object.assign(document.createElement('link'), { rel: 'stylesheet', href, media: media ?? '' }));
  const loaded = links.map(
    (link) =>
      new Promise((resolve) => {
        link.addEventListener('load', resolve, { once: true });
        link.addEventListener('error', () => resolve(console.error(`demo: the stylesheet ${link.href} did not load`)), { once: true });
      }),
  );
  const own = document.querySelector('link[rel="stylesheet"][href="article.css"]');
  if (own) own.replaceWith(...links);
  else document.head.append(...links);

  // Bootstrap's dark mode is switched by script, as its colour-mode toggler does: follow the system.
  if (theme.darkAttribute) {
    const [name, value] = theme.darkAttribute;
    const dark = matchMedia('(prefers-color-scheme: dark)');
    const follow = () => (dark.matches ? root.setAttribute(name, value) : root.removeAttribute(name));
    follow();
    dark.addEventListener('change', follow);
  }
  await Promise.all(loaded);
  root.dataset.demoTheme = theme.id;
}
