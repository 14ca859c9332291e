import { invalid } from './errors.js';

/** An author's display name, in characters: the same limit as the in-browser adapters. */
export const MAX_NAME_LENGTH = 100;

// Control characters other than tab and newline, and bidirectional overrides that can make a
// comment's text render in a misleading order.
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

/**
 * Refuses a value that is not a plain object, or that has keys outside `allowed`.
 * @param {unknown} value @param {readonly string[]} allowed @param {string} [path]
 * @returns {Record<string, unknown>}
 */
export function object(value, allowed, path = '') {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`${path || 'The request body'} must be a JSON object.`, path || undefined);
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      const field = path ? `${path}.${key}` : key;
      throw invalid(`Unknown or read-only field "${field}".`, field);
    }
  }
  return /** @type {Record<string, unknown>} */ (value);
}

/**
 * A text field: type, trimming, length in characters, no control characters.
 * @param {unknown} value
 * @param {string} field
 * @param {{ max: number, min?: number, optional?: boolean, multiline?: boolean, trim?: boolean }} rules
 * @returns {string | null} null when optional and absent (or empty)
 */
export function text(value, field, { max, min = 1, optional = false, multiline = false, trim = true }) {
  if (value === undefined || value === null || (optional && value === '')) {
    if (optional) return null;
    throw invalid(`${label(field)} is required.`, field);
  }
  if (typeof value !== 'string') throw invalid(`${label(field)} must be a string.`, field);
  let result = multiline ? value.replace(/\r\n?/g, '\n') : value;
  if (trim) result = result.trim();
  if (!result.isWellFormed()) throw invalid(`${label(field)} contains invalid characters.`, field);
  if (FORBIDDEN_CHARS.test(result) || (!multiline && /[\n\t]/.test(result))) {
    throw invalid(`${label(field)} contains control characters.`, field);
  }
  const length = characterCount(result);
  if (length < min) throw invalid(min === 1 ? `${label(field)} must not be empty.` : `${label(field)} must be at least ${min} characters.`, field);
  if (length > max) throw invalid(`${label(field)} must be at most ${max} characters.`, field);
  if (optional && result === '') return null;
  return result;
}

/**
 * An absolute http(s) URL.
 * @param {unknown} value @param {string} field @param {{ optional?: boolean, max?: number }} [rules]
 */
export function httpUrl(value, field, { optional = true, max = 500 } = {}) {
  const raw = text(value, field, { max, optional });
  if (raw === null) return null;
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw invalid(`${label(field)} must be a full http(s) address.`, field);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid(`${label(field)} must start with http:// or https://.`, field);
  return raw;
}

/** An id from a path or a body: 1–200 characters, nothing invisible. @param {unknown} value @param {string} field */
export function identifier(value, field) {
  if (typeof value !== 'string') throw invalid(`${label(field)} must be a string.`, field);
  return /** @type {string} */ (text(value, field, { max: 200, trim: false }));
}

/**
 * A whole number from a query parameter, capped at `max`.
 * @param {string | null} value @param {string} field @param {{ min: number, max: number, fallback: number }} rules
 */
export function queryInteger(value, field, { min, max, fallback }) {
  if (value === null || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw invalid(`${field} must be a whole number of at least ${min}.`, field);
  // Above the maximum is no error: a client asking for more simply gets the most there is.
  return Math.min(n, max);
}

/**
 * @template {string} T
 * @param {unknown} value @param {string} field @param {readonly T[]} options
 * @returns {T}
 */
export function oneOf(value, field, options) {
  if (typeof value !== 'string' || !options.includes(/** @type {T} */ (value))) {
    throw invalid(`${label(field)} must be one of: ${options.join(', ')}.`, field);
  }
  return /** @type {T} */ (value);
}

/** @param {unknown} value @param {string} field */
export function timestamp(value, field) {
  if (typeof value !== 'string' || value.length > 40 || Number.isNaN(Date.parse(value))) {
    throw invalid(`${label(field)} must be an ISO 8601 date.`, field);
  }
  return new Date(value).toISOString();
}

/**
 * Characters as a reader counts them (code points) in a well-formed string. Counted in place:
 * spreading the string into an array of characters made validating one 5,000-comment import
 * allocate 7 MB more.
 * @param {string} value
 */
export function characterCount(value) {
  let count = value.length;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    // A high surrogate starts a pair (the string is well-formed): one character, two units.
    if (unit >= 0xd800 && unit <= 0xdbff) {
      count -= 1;
      i += 1;
    }
  }
  return count;
}

/** @param {string} field */
function label(field) {
  const name = field.split('.').at(-1) ?? field;
  return name.charAt(0).toUpperCase() + name.slice(1);
}
