import { AdapterError, characterCount, checkHttpUrl, checkId, checkText, MAX_NAME_LENGTH } from 'confab-comments/model';
import { HttpError, invalid } from './errors.js';

// The rules themselves (lengths, characters, what an e-mail or URL is) live in the shared model,
// `confab-comments/model`, which the in-browser adapters use too. This module adapts them to HTTP.
export { characterCount, MAX_NAME_LENGTH };

/**
 * Runs a check of the shared model and turns its refusal into the protocol's error: `validation`
 * is 400, `too_large` 413.
 * @template T
 * @param {() => T} check
 * @returns {T}
 */
export function rule(check) {
  try {
    return check();
  } catch (err) {
    if (err instanceof AdapterError && (err.code === 'validation' || err.code === 'too_large')) {
      throw new HttpError(err.code === 'too_large' ? 413 : 400, err.code, err.message, err.field);
    }
    throw err;
  }
}

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
export function text(value, field, rules) {
  return rule(() => checkText(value, field, rules));
}

/**
 * An absolute http(s) URL.
 * @param {unknown} value @param {string} field @param {{ optional?: boolean }} [rules]
 */
export function httpUrl(value, field, { optional = true } = {}) {
  return rule(() => checkHttpUrl(value, field, { optional }));
}

/** An id from a path or a body: 1–200 characters, nothing invisible. @param {unknown} value @param {string} field */
export function identifier(value, field) {
  return rule(() => checkId(value, field));
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

/** @param {string} field */
function label(field) {
  const name = field.split('.').at(-1) ?? field;
  return name.charAt(0).toUpperCase() + name.slice(1);
}
