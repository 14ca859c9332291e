const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/**
 * @typedef {{ debug: LogFn, info: LogFn, warn: LogFn, error: LogFn }} Logger
 * @typedef {(msg: string, fields?: Record<string, unknown>) => void} LogFn
 */

/**
 * Structured logs: one JSON object per line on stdout, so any log collector can parse them.
 * @param {keyof typeof LEVELS} level
 * @param {(line: string) => void} [write]
 * @returns {Logger}
 */
export function createLogger(level, write = (line) => process.stdout.write(line + '\n')) {
  const threshold = LEVELS[level];
  /** @param {keyof typeof LEVELS} name @returns {LogFn} */
  const at = (name) => (msg, fields = {}) => {
    if (LEVELS[name] < threshold) return;
    const entry = { time: new Date().toISOString(), level: name, msg, ...fields };
    if (fields.err instanceof Error) entry.err = { message: fields.err.message, stack: fields.err.stack };
    write(JSON.stringify(entry));
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
