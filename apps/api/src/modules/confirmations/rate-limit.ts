import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '../../core/config';
import { ApiError } from '../../core/errors';

/**
 * A fixed one-minute window per client address, in this process (several API processes each count their
 * own: the limit is per process, which is enough to stop a client from trying tokens by the thousand). The
 * address is express's `req.ip` under `trust proxy`, as the sign-in throttle reads it.
 */
export class FixedWindowLimiter {
  private readonly windows = new Map<string, { start: number; n: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly maxKeys = 50_000,
  ) {}

  /** 0: allowed (and counted); otherwise the seconds to wait. */
  take(key: string, now = Date.now()): number {
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (!w && this.windows.size >= this.maxKeys) this.prune(now);
      w = { start: now, n: 0 };
      this.windows.set(key, w);
    }
    if (w.n >= this.limit) return Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000));
    w.n++;
    return 0;
  }

  private prune(now: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
    // still full of live windows: forget the oldest half rather than grow without bound
    if (this.windows.size >= this.maxKeys) {
      let drop = Math.floor(this.windows.size / 2);
      for (const k of this.windows.keys()) {
        if (drop-- <= 0) break;
        this.windows.delete(k);
      }
    }
  }
}

/** The public confirmation endpoints: CONFIRM_RATE_LIMIT requests a minute per address, then 429 + Retry-After. */
@Injectable()
export class ConfirmRateLimitGuard implements CanActivate {
  private readonly limiter: FixedWindowLimiter;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limiter = new FixedWindowLimiter(config.confirmRateLimitPerMinute);
  }

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<Request>();
    const wait = this.limiter.take(req.ip ?? req.socket.remoteAddress ?? '-');
    if (wait > 0) {
      ctx.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(wait));
      throw new ApiError(
        'CONFIRMATION.THROTTLED',
        `Too many requests from your address: wait ${wait} s and try again`,
      );
    }
    return true;
  }
}
