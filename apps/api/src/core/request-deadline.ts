import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Observable } from 'rxjs';
import { ApiError } from './errors';

/** A request not answered in this time (a dependency hangs) gets 503 UNAVAILABLE instead of waiting on. */
export const REQUEST_DEADLINE_MS = 20_000;

/** `work`, or 503 UNAVAILABLE if it has not settled within `ms` (the work itself goes on and ends on its own). */
export function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ApiError(
            'UNAVAILABLE',
            `No answer within ${ms / 1000} s: a service this request needs is not answering; retry in a few seconds`,
          ),
        ),
      ms,
    );
    timer.unref();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Bounds every request: if nothing has been sent after REQUEST_DEADLINE_MS, the client gets 503 with
 * Retry-After (the work behind it ends on its own, bounded by the pool's connection timeout). A response
 * already under way (a download) is left to finish.
 */
@Injectable()
export class RequestDeadline implements NestInterceptor {
  private readonly ms = REQUEST_DEADLINE_MS;

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const res = context.switchToHttp().getResponse<Response>();
    const req = context.switchToHttp().getRequest<Request>();
    return new Observable((subscriber) => {
      let timer: NodeJS.Timeout | undefined;
      const start = () => {
        timer = setTimeout(() => {
          if (!res.headersSent) {
            subscriber.error(
              new ApiError(
                'UNAVAILABLE',
                `No answer within ${this.ms / 1000} s: a service this request needs is not answering; retry in a few seconds`,
              ),
            );
          }
        }, this.ms);
        timer.unref();
      };
      // An upload (multipart) may take a phone longer than the deadline to send: its clock starts once the
      // body is in (Node's requestTimeout bounds the sending itself).
      if (req.is?.('multipart/form-data') && !req.complete) req.once('end', start);
      else start();
      const inner = next.handle().subscribe({
        next: (v) => subscriber.next(v),
        error: (e: unknown) => {
          clearTimeout(timer);
          subscriber.error(e);
        },
        complete: () => {
          clearTimeout(timer);
          subscriber.complete();
        },
      });
      return () => {
        req.off?.('end', start);
        clearTimeout(timer);
        inner.unsubscribe();
      };
    });
  }
}
