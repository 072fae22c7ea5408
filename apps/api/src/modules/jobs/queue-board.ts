import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { JwtService } from '@nestjs/jwt';
import type { NextFunction, Request, Response } from 'express';
import { TokenClaims } from '../../core/auth';
import { ApiError } from '../../core/errors';
import { RETRY_AFTER_SECONDS, unavailableDependency } from '../../core/unavailable';
import { JobsService } from './jobs.service';

const COOKIE = 'tz_board';
const BOARD_PATH = '/api/admin/queues';

/**
 * The queue dashboard (bull-board) behind admin sign-in. A browser cannot send a Bearer header on a
 * link, so the admin app opens `/api/admin/queues?token=<jwt>` once: the token is checked, kept in an
 * HttpOnly cookie scoped to the board, and the address is cleaned.
 */
export function mountQueueBoard(
  app: { use: (path: string, ...handlers: unknown[]) => unknown },
  jobs: JobsService,
  jwt: JwtService,
  sessions: {
    get(userId: string): Promise<{ active: boolean; sessionVersion: number; role: string } | null>;
  },
): void {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(BOARD_PATH);
  createBullBoard({
    queues: jobs.queues.map((q) => new BullMQAdapter(q, { readOnlyMode: false })),
    serverAdapter: adapter,
  });
  // The board answers its own API's errors (500 for anything): Redis being down is a 503 there too. Read when
  // an error happens, so it is set after createBullBoard set the board's own.
  adapter.setErrorHandler((err: Error & { statusCode?: number }) => {
    const down = unavailableDependency(err);
    return {
      // bull-board's status type lists only the statuses it answers itself; express sends any
      status: (down ? 503 : (err.statusCode ?? 500)) as 500,
      body: {
        error: { key: 'ERRORS.INTERNAL_SERVER_ERROR' },
        message: down ? `${down} is not reachable right now: retry in a few seconds` : err.message,
      },
    };
  });
  const guard = async (req: Request, res: Response, next: NextFunction) => {
    const fromQuery = typeof req.query['token'] === 'string' ? req.query['token'] : null;
    const header = req.headers.authorization?.replace(/^Bearer /i, '') ?? null;
    const cookie =
      (req.headers.cookie ?? '')
        .split(';')
        .map((c) => c.trim())
        .find((c) => c.startsWith(`${COOKIE}=`))
        ?.slice(COOKIE.length + 1) ?? null;
    const token = fromQuery ?? header ?? cookie;
    const deny = (status: number, detail: string) =>
      res
        .status(status)
        .type('application/problem+json')
        .json({ type: 'about:blank', title: status === 401 ? 'Unauthorized' : 'Forbidden', status, detail });
    if (!token) return deny(401, 'Sign in as an admin first: open the queue dashboard from the admin app');
    let claims: TokenClaims;
    try {
      claims = await jwt.verifyAsync<TokenClaims>(token);
    } catch {
      return deny(401, 'The sign-in token is not valid or has expired: sign in again');
    }
    try {
      // as the API's guard: the user's row decides (a signed-out, disabled or demoted admin is refused)
      const state = await sessions.get(claims.sub); // bounded: 503 UNAVAILABLE while PostgreSQL hangs
      if (!state || !state.active || state.sessionVersion !== claims.sv)
        return deny(401, 'Your session has ended: sign in again');
      if (state.role !== 'admin') return deny(403, 'Only admins may see the queues');
    } catch (err) {
      // the database is down or hangs: not the token's fault
      if (!(err instanceof ApiError) && !unavailableDependency(err)) throw err;
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      return res.status(503).type('application/problem+json').json({
        type: 'about:blank',
        title: 'Service Unavailable',
        status: 503,
        code: 'UNAVAILABLE',
        detail: 'PostgreSQL is not answering right now: retry in a few seconds',
      });
    }
    if (fromQuery) {
      res.setHeader(
        'Set-Cookie',
        `${COOKIE}=${token}; Path=${BOARD_PATH}; HttpOnly; SameSite=Strict; Max-Age=3600`,
      );
      return res.redirect(302, BOARD_PATH);
    }
    return next();
  };
  app.use(BOARD_PATH, guard, adapter.getRouter());
}
