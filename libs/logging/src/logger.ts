import { AsyncLocalStorage } from 'node:async_hooks';
import { ConsoleLogger, LogLevel, LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Level, Logger as Pino } from 'pino';

/** The request a log line belongs to (the API runs each request inside it; see apps/api/src/app.ts). */
export const requestContext = new AsyncLocalStorage<{ requestId: string }>();

const currentRequestId = (): string | undefined => requestContext.getStore()?.requestId;

const NEST_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** LOG_LEVEL names the least severe level written. */
export function levelsFrom(level: LogLevel): LogLevel[] {
  return NEST_LEVELS.slice(0, Math.max(0, NEST_LEVELS.indexOf(level)) + 1);
}

/**
 * `LOG_FORMAT=text`: Nest's ConsoleLogger, one readable line per message, with `[req <id>]` after the context
 * on every line written while a request is handled.
 */
export class RequestAwareConsoleLogger extends ConsoleLogger {
  protected override formatContext(context: string): string {
    const id = currentRequestId();
    const base = super.formatContext(context);
    return id ? `${base}[req ${id}] ` : base;
  }
}

const PINO_LEVEL: Record<LogLevel, Level> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/**
 * `LOG_FORMAT=json`: a Nest LoggerService over pino. One JSON object per line: `level` (pino's label),
 * `time` (ISO), `pid`, `service`, `context`, `msg`, `requestId` while a request is handled, and `err` for
 * errors. Written synchronously, so the last lines before an exit are not lost.
 */
export class PinoNestLogger implements LoggerService {
  readonly pino: Pino;

  constructor(opts: { level: LogLevel; service: string }, destination?: DestinationStream) {
    this.pino = pino(
      {
        level: PINO_LEVEL[opts.level],
        base: { pid: process.pid, service: opts.service },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        mixin: () => {
          const id = currentRequestId();
          return id ? { requestId: id } : {};
        },
      },
      destination ?? pino.destination({ dest: 1, sync: true }),
    );
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }
  /** Nest calls `error(message, stack?, context?)`. */
  error(message: unknown, ...rest: unknown[]): void {
    const strings = rest.filter((r): r is string => typeof r === 'string');
    const stack = strings.length >= 2 ? strings[0] : undefined;
    this.write('error', message, stack ? rest.slice(1) : rest, stack);
  }

  setLogLevels(levels: LogLevel[]): void {
    const least = NEST_LEVELS.filter((l) => levels.includes(l)).pop();
    if (least) this.pino.level = PINO_LEVEL[least];
  }

  private write(level: Level, message: unknown, rest: unknown[], stack?: string): void {
    if (!this.pino.isLevelEnabled(level)) return;
    // Nest passes the logger's context as the last argument
    const last = rest[rest.length - 1];
    const context = typeof last === 'string' ? last : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    if (stack) fields['stack'] = stack;
    if (message instanceof Error) this.pino[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'object' && message !== null)
      this.pino[level]({ ...fields, data: message }, '');
    else this.pino[level](fields, String(message));
  }
}

/** The process's logger for LOG_LEVEL and LOG_FORMAT. */
export function createLogger(
  config: { logLevel: LogLevel; logFormat: 'text' | 'json' },
  service: string,
  destination?: DestinationStream,
): LoggerService {
  return config.logFormat === 'json'
    ? new PinoNestLogger({ level: config.logLevel, service }, destination)
    : new RequestAwareConsoleLogger({ logLevels: levelsFrom(config.logLevel) });
}
