const STATUS_CODES = /** @type {const} */ ({
  400: 'validation',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'unsupported',
  409: 'conflict',
  413: 'too_large',
  415: 'unsupported',
  429: 'rate_limited',
  500: 'server',
  503: 'server',
});

/**
 * An error that becomes the protocol's error response `{ error: { code, message, field? } }`.
 * Codes are those of `AdapterErrorCode` in src/model/adapter.ts.
 */
export class HttpError extends Error {
  /**
   * @param {keyof typeof STATUS_CODES} status
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
