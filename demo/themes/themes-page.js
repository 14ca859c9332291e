// themes.html: a menu of the stylesheets in themes.js and the article shown in a frame under the
// one chosen. The choice is kept in the address (?theme=…&width=…), so it can be shared; without
// this script the form still submits to the same address.
import { articleUrl, findTheme, themes } from './themes.js';

const form = /** @type {HTMLFormElement} */ (document.getElementById('picker'));
const themeSelect = /** @type {HTMLSelectElement} */ (document.getElementById('theme'));
const widthSelect = /** @type {HTMLSelectElement} */ (document.getElementById('width'));
const frame = /** @type {HTMLIFrameElement} */ (document.getElementById('frame'));
const stage = /** @type {HTMLElement} */ (document.getElementById('stage'));
const open = /** @type {HTMLAnchorElement} */ (document.getElementById('open'));

const groups = { own: 'This demo', framework: 'Stylesheets from npm', hostile: 'Hostile pages' };
for (const [kind, label] of Object.entries(groups)) {
  const group = Object.assign(document.createElement('optgroup'), { label });
  for (const theme of themes.filter((entry) => entry.kind === kind)) group.append(new Option(theme.name, theme.id));
  themeSelect.append(group);
}

const params = new URLSearchParams(location.search);
const pick = (select, value) => {
  if ([...select.options].some((option) => option.value === value)) select.value = value;
};
pick(themeSelect, params.get('theme') ?? themes[0].id);
pick(widthSelect, params.get('width') ?? 'full');

function show() {
  const theme = findTheme(themeSelect.value) ?? themes[0];
  const url = articleUrl(theme);
  // A new address reloads the frame; the width only restyles it.
  if (frame.getAttribute('src') !== url) frame.src = url;
  frame.title = `The demo article under ${theme.name}`;
  open.href = url;
  stage.dataset.width = widthSelect.value;
  const query = new URLSearchParams({ theme: theme.id, width: widthSelect.value });
  history.replaceState(null, '', `?${query}`);
}

form.addEventListener('change', show);
form.addEventListener('submit', (event) => {
  event.preventDefault();
  show();
});
show();
