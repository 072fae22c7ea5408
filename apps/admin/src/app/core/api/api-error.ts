import { HttpErrorResponse } from '@angular/common/http';
import type { ProblemCode, ProblemDetails, ProblemFieldError } from '@taizhang/contracts';

/** Where the API lives: same origin, `/api` (the dev server proxies it to http://127.0.0.1:3000). */
export const API_BASE = '/api';

/**
 * Every failed API call surfaces as one of these: the RFC 9457 problem details of the response, or a
 * synthetic one for network failures and non-JSON bodies. `detail` is what a user may read.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly code: string | null;
  readonly errors: ProblemFieldError[];
  readonly currentVersion: number | null;

  constructor(problem: Partial<ProblemDetails> & { status: number }) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.title = problem.title ?? '';
    this.detail = problem.detail ?? '';
    this.code = problem.code ?? null;
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
    this.currentVersion = typeof problem.currentVersion === 'number' ? problem.currentVersion : null;
  }

  /** The network failed or the server did not answer (status 0). */
  get isNetwork(): boolean {
    return this.status === 0;
  }

  get isStaleVersion(): boolean {
    return this.status === 409 && this.code === 'CASE.STALE_VERSION';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
}

/** Map an `HttpErrorResponse` (problem details or anything else) to an `ApiError`. */
export function toApiError(response: HttpErrorResponse): ApiError {
  const body = parseBody(response.error);
  if (isRecord(body)) {
    // Nest's default error body is { statusCode, message, error }: accept it too while the API grows.
    const message = Array.isArray(body['message']) ? body['message'].join('; ') : body['message'];
    return new ApiError({
      status: typeof body['status'] === 'number' ? body['status'] : response.status,
      type: typeof body['type'] === 'string' ? body['type'] : 'about:blank',
      title:
        typeof body['title'] === 'string'
          ? body['title']
          : typeof body['error'] === 'string'
            ? body['error']
            : '',
      detail:
        typeof body['detail'] === 'string' ? body['detail'] : typeof message === 'string' ? message : '',
      code: typeof body['code'] === 'string' ? (body['code'] as ProblemCode) : undefined,
      errors: Array.isArray(body['errors']) ? (body['errors'] as ProblemFieldError[]) : undefined,
      currentVersion: typeof body['currentVersion'] === 'number' ? body['currentVersion'] : undefined,
    });
  }
  return new ApiError({ status: response.status, title: response.statusText ?? '', detail: '' });
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
