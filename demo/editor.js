// The editors' side of the demo: the typo reports readers sent from the article, read from the
// reference server's admin endpoints (`GET /api/admin/typos`, `PATCH /api/admin/typos/:id`).
// Report text comes from readers and is untrusted: every piece of it reaches the page through
// `textContent` or an attribute, never as markup.

const API = new URL('api/', location.href);
const TOKEN_KEY = 'confab-demo-admin-token';

const STATUS_LABEL = { open: 'Open', fixed: 'Fixed', rejected: 'Rejected' };
const DONE_MESSAGE = { open: 'Reopened', fixed: 'Marked fixed', rejected: 'Rejected' };

const signIn = /** @type {HTMLFormElement} */ (document.getElementById('sign-in'));
const tokenField = /** @type {HTMLInputElement} */ (document.getElementById('admin-token'));
const signInError = /** @type {HTMLElement} */ (document.getElementById('sign-in-error'));
const reports = /** @type {HTMLElement} */ (document.getElementById('reports'));
const filter = /** @type {HTMLSelectElement} */ (document.getElementById('status-filter'));
const listStatus = /** @type {HTMLElement} */ (document.getElementById('list-status'));
const listError = /** @type {HTMLElement} */ (document.getElementById('list-error'));
const listErrorText = /** @type {HTMLElement} */ (document.getElementById('list-error-text'));
const list = /** @type {HTMLOListElement} */ (document.getElementById('report-list'));

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** @type {AbortController | undefined} */
let loading;

/** A failed request, with the server's error code when it sent one. */
class RequestError extends Error {
  /** @param {string} message @param {string} code */
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

// ---- talking to the server -----------------------------------------------------------------------

function token() {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/**
 * One admin request. Resolves with the JSON body; rejects with a `RequestError` whose message is
 * fit to show (the server's own message when it sent one).
 * @param {string} path @param {RequestInit} [init]
 */
async function adminRequest(path, init = {}) {
  let response;
  try {
    response = await fetch(new URL(path, API), {
      ...init,
      headers: { Authorization: `Bearer ${token()}`, ...(init.body ? { 'Content-Type': 'application/json' } : {}) },
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new RequestError('The server did not answer. Check that it is running.', 'network');
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = typeof body?.error?.message === 'string' ? body.error.message : `The server answered ${response.status}.`;
    throw new RequestError(message, typeof body?.error?.code === 'string' ? body.error.code : 'server');
  }
  return body;
}

// ---- states --------------------------------------------------------------------------------------

function showSignIn(message = '') {
  loading?.abort();
  sessionStorage.removeItem(TOKEN_KEY);
  reports.hidden = true;
  list.replaceChildren();
  signIn.hidden = false;
  signInError.textContent = message;
  tokenField.value = '';
  tokenField.setAttribute('aria-invalid', message ? 'true' : 'false');
  tokenField.focus();
}

function showReports() {
  signIn.hidden = true;
  signInError.textContent = '';
  reports.hidden = false;
  void loadReports();
}

/** Loads the list for the chosen status. A refresh keeps the old list on screen until it is done. */
async function loadReports() {
  loading?.abort();
  const controller = (loading = new AbortController());
  const status = filter.value;
  list.setAttribute('aria-busy', 'true');
  listError.hidden = true;
  listStatus.textContent = 'Loading reports…';
  try {
    const { typos } = await adminRequest(`admin/typos?status=${encodeURIComponent(status)}`, { signal: controller.signal });
    if (controller.signal.aborted) return;
    list.replaceChildren(...typos.map(renderReport));
    listStatus.textContent =
      typos.length === 0 ? `No ${STATUS_LABEL[status].toLowerCase()} reports.` : `${plural(typos.length, 'report')}, ${STATUS_LABEL[status].toLowerCase()}.`;
  } catch (error) {
    if (controller.signal.aborted) return;
    if (error instanceof RequestError && error.code === 'unauthorized') {
      showSignIn('The server did not accept this token.');
      return;
    }
    listStatus.textContent = '';
    listErrorText.textContent = `The reports could not be loaded. ${error instanceof Error ? error.message : ''}`;
    listError.hidden = false;
  } finally {
    if (loading === controller) {
      loading = undefined;
      list.setAttribute('aria-busy', 'false');
    }
  }
}

/**
 * Sets a report's status and shows the result in place: the report stays in the list (so a wrong
 * click can be undone with Reopen) until the next refresh.
 * @param {HTMLElement} item @param {{ id: string, quote: { exact: string } }} report @param {string} status
 */
async function setStatus(item, report, status) {
  const buttons = /** @type {HTMLButtonElement[]} */ ([...item.querySelectorAll('.report-actions button')]);
  if (buttons.some((button) => button.getAttribute('aria-disabled') === 'true')) return;
  for (const button of buttons) button.setAttribute('aria-disabled', 'true');
  const problem = /** @type {HTMLElement} */ (item.querySelector('.report-problem'));
  problem.textContent = '';
  try {
    const updated = await adminRequest(`admin/typos/${encodeURIComponent(report.id)}`, {
      method: 'PATCH',
      body: JSON.stringify({ status }),
    });
    const next = renderReport(updated);
    item.replaceWith(next);
    listStatus.textContent = `${DONE_MESSAGE[updated.status]}: “${report.quote.exact}”.`;
    // the pressed button is gone; keep the keyboard in the same report
    /** @type {HTMLButtonElement | null} */ (next.querySelector('.report-actions button'))?.focus();
  } catch (error) {
    for (const button of buttons) button.setAttribute('aria-disabled', 'false');
    if (error instanceof RequestError && error.code === 'unauthorized') {
      showSignIn('The server did not accept this token.');
      return;
    }
    problem.textContent = `Not saved. ${error instanceof Error ? error.message : ''}`;
  }
}

// ---- rendering -----------------------------------------------------------------------------------

/** @param {number} count @param {string} noun */
function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * @param {keyof HTMLElementTagNameMap} tag @param {string} [className] @param {string} [text]
 */
function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** @param {HTMLElement} terms @param {string} term @param {Node | string} value */
function addDetail(terms, term, value) {
  const definition = element('dd');
  definition.append(value);
  terms.append(element('dt', undefined, term), definition);
}

/** A link only for http(s) addresses; anything else stays plain text. */
function pageLink(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return url;
  const link = element('a', undefined, parsed.href);
  link.href = parsed.href;
  return link;
}

/** @param {string} iso */
function timeOf(iso) {
  const time = element('time', undefined, dateFormat.format(new Date(iso)));
  time.dateTime = iso;
  return time;
}

/**
 * One report as a list item.
 * @param {{ id: string, url: string, quote: { exact: string, prefix: string, suffix: string },
 *   suggestion: string | null, count: number, comments: string[], status: string, createdAt: string,
 *   updatedAt: string }} report
 */
function renderReport(report) {
  const item = element('li', 'report');
  item.dataset.status = report.status;
  const titleId = `report-${report.id}-title`;
  const article = element('article');
  article.setAttribute('aria-labelledby', titleId);

  const title = element('h3', 'report-title');
  title.id = titleId;
  title.append(element('span', 'report-exact', `“${report.quote.exact}”`));
  if (report.suggestion) {
    title.append(element('span', 'report-arrow', ' → '), element('span', 'report-suggestion', `“${report.suggestion}”`));
  }

  // The sentence around the error, as the reader saw it; dir=auto for text in any script.
  const context = element('blockquote', 'report-context');
  context.dir = 'auto';
  context.append(
    `…${report.quote.prefix}`,
    element('mark', undefined, report.quote.exact),
    `${report.quote.suffix}…`,
  );

  const details = element('dl', 'report-details');
  addDetail(details, 'Suggestion', report.suggestion || 'none given');
  addDetail(details, 'Reported by', plural(report.count, 'reader'));
  addDetail(details, 'Status', STATUS_LABEL[report.status] ?? report.status);
  addDetail(details, 'Page', pageLink(report.url));
  addDetail(details, 'First reported', timeOf(report.createdAt));
  if (report.comments.length > 0) {
    const comments = element('ul', 'report-comments');
    for (const comment of report.comments) {
      const entry = element('li', undefined, comment);
      entry.dir = 'auto';
      comments.append(entry);
    }
    addDetail(details, report.comments.length === 1 ? 'Reader comment' : 'Reader comments', comments);
  }

  const actions = element('div', 'report-actions');
  const choices = report.status === 'open' ? [['fixed', 'Mark fixed'], ['rejected', 'Reject']] : [['open', 'Reopen']];
  for (const [status, label] of choices) {
    const button = element('button', status === 'rejected' ? 'secondary' : undefined, label);
    button.type = 'button';
    // the same label repeats in every report; the title tells a screen reader which one
    button.setAttribute('aria-describedby', titleId);
    button.addEventListener('click', () => void setStatus(item, report, status));
    actions.append(button);
  }
  const problem = element('p', 'editor-error report-problem');
  problem.setAttribute('role', 'alert');

  article.append(title, context, details, actions, problem);
  item.append(article);
  return item;
}

// ---- wiring --------------------------------------------------------------------------------------

signIn.addEventListener('submit', (event) => {
  event.preventDefault();
  const value = tokenField.value.trim();
  if (!value) {
    signInError.textContent = 'Enter the admin token.';
    tokenField.setAttribute('aria-invalid', 'true');
    tokenField.focus();
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, value);
  tokenField.value = '';
  showReports();
  filter.focus();
});

filter.addEventListener('change', () => void loadReports());
document.getElementById('refresh')?.addEventListener('click', () => void loadReports());
document.getElementById('retry')?.addEventListener('click', () => void loadReports());
document.getElementById('sign-out')?.addEventListener('click', () => showSignIn());

if (token()) showReports();
else showSignIn();
