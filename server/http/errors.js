/**
 * An error that becomes the protocol's error response `{ error: { code, message, field? } }`.
 * Codes are those of `AdapterErrorCode` in src/model/adapter.ts.
 */
export class HttpError extends Error {
  /**
   * @param {400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 429 | 500 | 503} status
   * @param {string} code
   * @param {string} message
   * @param {string} [field]
   * @param {{ current?: object, retryAfter?: number }} [extra]
   */
  constructor(status, code, message, field, extra = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.extra = extra;
  }

  toJSON() {
    /** @type {Record<string, unknown>} */
    const error = { code: this.code, message: this.message };
    if (this.field) error.field = this.field;
    if (this.extra.current) error.current = this.extra.current;
    if (this.extra.retryAfter !== undefined) error.retryAfter = this.extra.retryAfter;
    return { error };
  }
}

/** @param {string} message @param {string} [field] */
export const invalid = (message, field) => new HttpError(400, 'validation', message, field);
