import { AsyncLocalStorage } from 'node:async_hooks';
import { ConsoleLogger, LogLevel } from '@nestjs/common';

/** The request a line of log belongs to (set per request after the body is read; see app.ts). */
export const requestContext = new AsyncLocalStorage<{ requestId: string }>();

/**
 * Nest's ConsoleLogger with the request id on every line written while a request is handled:
 * `text` puts `[req <id>]` after the context, `json` (LOG_FORMAT=json: one object per line, for a log
 * collector) adds a `requestId` field. Start-up failures stay the one readable line main.ts prints.
 */
export class RequestAwareLogger extends ConsoleLogger {
  protected override getJsonLogObject(
    message: unknown,
    options: {
      context: string;
      logLevel: LogLevel;
      writeStreamType?: 'stdout' | 'stderr';
      errorStack?: unknown;
    },
  ): ReturnType<ConsoleLogger['getJsonLogObject']> {
    const line = super.getJsonLogObject(message, options);
    const id = requestContext.getStore()?.requestId;
    return id ? Object.assign(line, { requestId: id }) : line;
  }

  protected override formatContext(context: string): string {
    const id = requestContext.getStore()?.requestId;
    const base = super.formatContext(context);
    return id ? `${base}[req ${id}] ` : base;
  }
}

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** LOG_LEVEL names the least severe level written. */
export function levelsFrom(level: LogLevel): LogLevel[] {
  return LEVELS.slice(0, LEVELS.indexOf(level) + 1);
}
