import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { ProblemDetails } from '@taizhang/contracts';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { ApiError, ERROR_STATUS, ErrorCode } from './errors';
import { RETRY_AFTER_SECONDS, unavailableDependency } from './unavailable';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Every error leaves the API as RFC 9457 problem details; nothing caused by user input becomes a 500. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request>();
    const problem = this.toProblem(exception);
    problem.instance = req.originalUrl;
    if (problem.status === 503) {
      // A dependency is down (not a fault of ours or of the request): one line, no stack, on each request.
      this.logger.warn(
        `[${String(req.headers['x-request-id'] ?? '-')}] ${req.method} ${req.originalUrl}: 503 ${problem.detail}`,
      );
    } else if (problem.status >= 500) {
      this.logger.error(
        `[${String(req.headers['x-request-id'] ?? '-')}] ${req.method} ${req.originalUrl}: ${String((exception as Error)?.stack ?? exception)}`,
      );
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    if (problem.status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    res.status(problem.status).type('application/problem+json').json(problem);
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof ApiError) {
      return this.make(exception.status, exception.code, exception.detail, exception.extra);
    }
    const down = unavailableDependency(exception);
    if (down) {
      return this.make(
        503,
        'UNAVAILABLE',
        `${down} is not reachable right now, so this request could not be served: retry in a few seconds`,
      );
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse() as { message?: unknown } | string;
      let detail =
        typeof body === 'string'
          ? body
          : Array.isArray(body.message)
            ? body.message.join('; ')
            : String(body.message ?? exception.message);
      if (status === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE)/.test(detail))
        detail = `No such endpoint: ${detail.replace(/^Cannot /, '')}`;
      if (
        status === 400 &&
        /in JSON at position|Unexpected (token|end of JSON)|is not valid JSON/.test(detail)
      ) {
        detail = `The request body is not valid JSON: ${detail}`;
      }
      const code: ErrorCode =
        status === 404
          ? 'REQUEST.NOT_FOUND'
          : status === 413
            ? 'REQUEST.TOO_LARGE'
            : status === 401
              ? 'AUTH.UNAUTHENTICATED'
              : status === 403
                ? 'AUTH.FORBIDDEN'
                : status === 429
                  ? 'AUTH.THROTTLED'
                  : status === 503
                    ? 'UNAVAILABLE'
                    : status < 500
                      ? 'REQUEST.INVALID'
                      : 'INTERNAL';
      return this.make(status, code, detail);
    }
    // Body that is not JSON, or too large (body-parser errors carry a status).
    const e = exception as { type?: string; status?: number; message?: string };
    if (e && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      const detail =
        e.type === 'entity.parse.failed'
          ? `The request body is not valid JSON: ${e.message}`
          : e.type === 'entity.too.large'
            ? 'The request body is too large'
            : (e.message ?? 'Bad request');
      const code =
        e.status === 413
          ? 'REQUEST.TOO_LARGE'
          : e.status === 415
            ? 'REQUEST.UNSUPPORTED_MEDIA_TYPE'
            : 'REQUEST.INVALID';
      return this.make(e.status, code, detail);
    }
    if (exception instanceof QueryFailedError) {
      const pg = exception.driverError as { code?: string; detail?: string; constraint?: string };
      if (pg.code === '23505')
        return this.make(
          409,
          'REQUEST.CONFLICT',
          `Already exists: ${pg.detail ?? pg.constraint ?? ''}`.trim(),
        );
      if (pg.code === '23503')
        return this.make(
          409,
          'REQUEST.CONFLICT',
          `Refers to something that does not exist or is still in use: ${pg.detail ?? ''}`.trim(),
        );
      // 22021/22P05: text PostgreSQL cannot store (e.g. a NUL character) — user input, not a server fault.
      if (pg.code === '22021' || pg.code === '22P05') {
        return this.make(
          400,
          'REQUEST.INVALID',
          `A text value contains a character that cannot be stored (such as NUL): ${exception.message}`,
        );
      }
      if (pg.code === '22P02' || pg.code === '22003' || pg.code === '22007' || pg.code === '22008') {
        return this.make(400, 'REQUEST.INVALID', `A value has the wrong form: ${exception.message}`);
      }
    }
    return this.make(
      HttpStatus.INTERNAL_SERVER_ERROR,
      'INTERNAL',
      'An unexpected error occurred; it has been logged.',
    );
  }

  private make(
    status: number,
    code: ErrorCode,
    detail: string,
    extra: Partial<ProblemDetails> = {},
  ): ProblemDetails {
    const known = code in ERROR_STATUS;
    return {
      type: `https://taizhang.dev/problems/${(known ? code : 'INTERNAL').toLowerCase().replace(/[._]/g, '-')}`,
      title: TITLES[status] ?? 'Error',
      status,
      detail,
      code,
      ...extra,
    };
  }
}
