import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';

/**
 * The whole shutdown (SIGTERM → exit) fits in this, whatever is down: main.ts exits the process if it has not
 * ended by then. Orchestrators usually wait 10 s before SIGKILL.
 */
export const SHUTDOWN_DEADLINE_MS = 9000;
/** How long requests in flight may finish after SIGTERM before their connections are closed. */
export const DRAIN_MS = 4000;
/** How long each client (PostgreSQL pool, Redis, queues) may take to close before it is dropped. */
export const CLOSE_MS = 1500;

/** How `p` ended within `ms` (the wait never keeps the process alive). Never rejects. */
export async function settleWithin(p: Promise<unknown>, ms: number): Promise<'done' | 'failed' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
    timer.unref();
  });
  try {
    return await Promise.race([
      p.then(
        () => 'done' as const,
        () => 'failed' as const,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Stops taking connections at shutdown and lets the requests in flight finish for DRAIN_MS, then closes
 * what is left (a download a client reads slowly, a request waiting on a dependency that is down), so the
 * HTTP server's close — which waits for every connection — cannot hold the process.
 */
@Injectable()
export class HttpDrain implements BeforeApplicationShutdown {
  private readonly logger = new Logger(HttpDrain.name);

  constructor(private readonly host: HttpAdapterHost) {}

  async beforeApplicationShutdown(): Promise<void> {
    const server = this.host.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server?.listening) return;
    server.close();
    const t0 = Date.now();
    for (;;) {
      server.closeIdleConnections(); // kept-alive connections between requests
      const open = await new Promise<number>((resolve) =>
        server.getConnections((err, n) => resolve(err ? 0 : n)),
      );
      if (open === 0) return;
      if (Date.now() - t0 >= DRAIN_MS) {
        this.logger.warn(`closing ${open} connection(s) still open ${DRAIN_MS} ms after the shutdown began`);
        server.closeAllConnections();
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
