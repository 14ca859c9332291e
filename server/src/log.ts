import { pino, type Logger as PinoLogger } from 'pino';
import type { LogLevel } from './config.js';

/** What the server's modules log through: pino's calls, `logger.warn({ err }, 'message')`. */
export type Logger = Pick<PinoLogger, 'debug' | 'info' | 'warn' | 'error'>;

/**
 * Structured logs: one JSON object per line on stdout (`{"level":"info","time":"…","msg":"…"}`),
 * so any log collector can parse them. The same pino logger Fastify logs requests through.
 */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): PinoLogger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ fd: 1, sync: true }),
  );
}
