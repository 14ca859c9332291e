/**
 * What confab's elements take from the page around them, beyond what CSS inherits by itself:
 *
 * - **Sizes computed at the host.** Spacing, avatar and target sizes are `em` of the font size the
 *   element inherits. A custom property holding `1.75em` would be resolved wherever it is used (a
 *   button with smaller text would get a smaller target), so they are registered as lengths: a
 *   registered property computes to px where it is declared, on `:host`, and descendants inherit
 *   that. Unregistered (before this runs, or server-rendered), the same declarations still work,
 *   resolved per element.
 * - **The page's colour scheme and text colour.** A page in dark colours gets confab's dark
 *   colours whether or not it declares `color-scheme`, and a light-only page gets the light ones
 *   even when the reader's system is dark. The scheme is read from the text colour the element
 *   inherits (light text: a dark page), the way a reader sees it, and applied through a small
 *   stylesheet adopted by the element's shadow root (no attribute or style appears on the page's
 *   element). Only elements the page placed itself are read: confab's elements inside another's
 *   shadow root inherit from it. Read again when the system's preference changes, when `<html>` or
 *   `<body>` change attributes (a theme toggle), and when a stylesheet finishes loading.
 *
 * `theme="light|dark"` on an element and `--confab-color-scheme` / `--confab-color-text` on the
 * page still win (see tokens.ts).
 */

/** The lengths tokens.ts declares on `:host` and every descendant inherits as px. */
const HOST_LENGTHS: [name: string, syntax: string, initial: string][] = [
  ['--_confab-radius', '<length-percentage>', '8px'],
  ['--_confab-radius-small', '<length-percentage>', '6px'],
  ['--_confab-gap', '<length>', '16px'],
  ['--_confab-gap-small', '<length>', '8px'],
  ['--_confab-indent', '<length>', '20px'],
  ['--_confab-avatar-size', '<length>', '36px'],
  ['--_confab-target-size', '<length>', '28px'],
];

let registered = false;

/** Registers the host-computed lengths once per page (another copy of confab may have already). */
function registerHostLengths(): void {
  if (registered) return;
  registered = true;
  if (typeof CSS === 'undefined' || typeof CSS.registerProperty !== 'function') return;
  for (const [name, syntax, initialValue] of HOST_LENGTHS) {
    try {
      CSS.registerProperty({ name, syntax, inherits: true, initialValue });
    } catch {
      // already registered on this page
    }
  }
}

// ---- the page's colour scheme ---------------------------------------------------------------------

/**
 * Relative luminance above which text is light, so the page behind it is dark. Text readable at
 * 4.5:1 on white is at most 0.18, on black at least 0.175: 0.2 separates the two.
 */
const LIGHT_TEXT = 0.2;

interface PageColors {
  scheme: 'light' | 'dark';
  /** the page's text colour as computed (`rgb(…)`) */
  text: string;
}

/** Relative luminance (0..1) of a computed colour, or undefined for a form not read here. */
export function colorLuminance(color: string): number | undefined {
  // the channels, after the function's name and (for color()) the colour space's
  const channels = color.replace(/^[a-z-]+\(\s*(?:[a-z][\w-]*\s+)?/i, '');
  const numbers = (channels.match(/-?[\d.]+(?:e-?\d+)?/g) ?? []).map(Number);
  const linear = (channel: number): number => (channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4);
  const fromSrgb = (r: number, g: number, b: number): number => 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  if (/^rgba?\(/.test(color) && numbers.length >= 3) return fromSrgb(numbers[0] / 255, numbers[1] / 255, numbers[2] / 255);
  if (/^color\(srgb-linear /.test(color) && numbers.length >= 3) return 0.2126 * numbers[0] + 0.7152 * numbers[1] + 0.0722 * numbers[2];
  if (/^color\(xyz(-d50|-d65)? /.test(color) && numbers.length >= 3) return Math.min(1, Math.max(0, numbers[1]));
  // the other RGB spaces (display-p3, rec2020, …) are close enough to sRGB to tell light from dark
  if (/^color\(/.test(color) && numbers.length >= 3) return fromSrgb(numbers[0], numbers[1], numbers[2]);
  // perceptual lightness: Oklab L is about the cube root of luminance, CIE L* a scaled one
  if (/^ok(lab|lch)\(/.test(color) && numbers.length >= 1) return Math.min(1, Math.max(0, numbers[0])) ** 3;
  if (/^(lab|lch)\(/.test(color) && numbers.length >= 1) return Math.min(1, Math.max(0, (numbers[0] + 16) / 116)) ** 3;
  return undefined;
}

/** The colours of the page where `host` sits, read from the text colour it inherits. */
function pageColors(host: HTMLElement): PageColors | undefined {
  const parent = host.parentElement ?? ((host.getRootNode() as ShadowRoot).host as HTMLElement | undefined);
  if (!parent) return undefined;
  const text = getComputedStyle(parent).color;
  const luminance = colorLuminance(text);
  if (luminance === undefined) return undefined;
  return { scheme: luminance > LIGHT_TEXT ? 'dark' : 'light', text };
}

/** One adopted stylesheet per distinct page colour (a page has one or two). */
const sheets = new Map<string, CSSStyleSheet>();
const ours = new Set<CSSStyleSheet>();

function sheetFor({ scheme, text }: PageColors): CSSStyleSheet {
  const key = `${scheme} ${text}`;
  let sheet = sheets.get(key);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(`:host { --_confab-page-scheme: ${scheme}; --_confab-page-text: ${text}; }`);
    sheets.set(key, sheet);
    ours.add(sheet);
  }
  return sheet;
}

/** The elements the page placed itself (not inside another confab element's shadow root). */
const followed = new Set<HTMLElement>();
let stopWatching: (() => void) | undefined;

function apply(host: HTMLElement): void {
  const root = host.shadowRoot;
  if (!root || !('adoptedStyleSheets' in root)) return;
  const colors = pageColors(host);
  const current = root.adoptedStyleSheets.find((sheet) => ours.has(sheet));
  const wanted = colors ? sheetFor(colors) : undefined;
  if (current === wanted) return;
  const others = root.adoptedStyleSheets.filter((sheet) => !ours.has(sheet));
  root.adoptedStyleSheets = wanted ? [...others, wanted] : others;
}

let pending = false;
function applyAllSoon(): void {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    for (const host of followed) apply(host);
  });
}

function watchPage(): () => void {
  const media = matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', applyAllSoon);
  const observer = new MutationObserver(applyAllSoon);
  observer.observe(document.documentElement, { attributes: true });
  if (document.body) observer.observe(document.body, { attributes: true });
  // a stylesheet that arrives late (or is swapped by a theme switcher) changes the page's colours
  const onLoad = (event: Event): void => {
    if (event.target === window || (event.target as Element).localName === 'link') applyAllSoon();
  };
  document.addEventListener('load', onLoad, true);
  window.addEventListener('load', onLoad);
  return () => {
    media.removeEventListener('change', applyAllSoon);
    observer.disconnect();
    document.removeEventListener('load', onLoad, true);
    window.removeEventListener('load', onLoad);
  };
}

/**
 * Starts (`true`, on connect) or stops (`false`, on disconnect) taking the page's colours and
 * host-computed sizes for `host`. `isConfab` tells whether an element is one of confab's (an
 * element inside its shadow root inherits and is not read).
 */
export function followPage(host: HTMLElement, follow: boolean, isConfab: (element: Element) => boolean): void {
  if (typeof window === 'undefined') return;
  registerHostLengths();
  if (follow) {
    const root = host.getRootNode();
    if (root instanceof ShadowRoot && isConfab(root.host)) return;
    followed.add(host);
    stopWatching ??= watchPage();
    apply(host);
  } else if (followed.delete(host) && followed.size === 0) {
    stopWatching?.();
    stopWatching = undefined;
  }
}
