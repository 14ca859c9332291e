/**
 * URL checks shared by the markdown renderer and the sanitizer. Every URL confab renders came from
 * an adapter or a user, so a URL is only ever used when it parses as an absolute address with an
 * allowed scheme; anything else (relative, protocol-relative, `javascript:`, `data:`, …) is dropped.
 */

/** Schemes a link in a comment body may use. */
export const LINK_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:']);

/** Schemes an author's website or avatar may use. */
export const WEB_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:']);

// Longer than any real link; bounds the work spent on hostile input.
const MAX_URL_LENGTH = 4096;

// C0 controls, DEL and C1 controls: the URL parser would silently drop some of them, so a value
// holding any is not the address it appears to be.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The normalized absolute URL when `value` is one with a scheme from `protocols`, else undefined.
 * URLs carrying credentials (`https://bank.example@evil.example`) are refused: in a comment they
 * only ever serve to disguise where a link goes.
 */
export function checkUrl(value: unknown, protocols: ReadonlySet<string>): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (!trimmed || trimmed.length > MAX_URL_LENGTH || CONTROL_CHARACTERS.test(trimmed)) return undefined;
  let url: URL;
  try {
    // no base: a relative or protocol-relative URL throws here instead of resolving against the page
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (!protocols.has(url.protocol)) return undefined;
  if (url.username || url.password) return undefined;
  if (url.protocol !== 'mailto:' && !url.hostname) return undefined;
  return url.href;
}
