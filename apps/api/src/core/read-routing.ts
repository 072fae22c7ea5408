import {
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  Logger,
  NestInterceptor,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import {
  onReplica,
  primaryWalLsn,
  readReplicasConfigured,
  replicaPools,
  replicaReplayLsn,
  replicaStartupFailures,
} from '@taizhang/db';
import type { Request } from 'express';
import { Redis } from 'ioredis';
import { from, mergeMap, Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { AuthUser } from './auth';
import { APP_CONFIG, AppConfig } from './config';
import { REDIS } from './redis';

/**
 * Reads that may come from a replica (GET only): the dashboard's summary and scorecard (and its workbook),
 * the ledger list and its export. Everything else — a case's detail (what a user just changed), sign-in and
 * the permission checks of the guard, every write — stays on the primary.
 */
export const REPLICA_ROUTES = [
  /^\/api\/dashboard\/(summary|scorecard|scorecard\.xlsx)$/,
  /^\/api\/cases$/,
  /^\/api\/cases\/export\.xlsx$/,
];

/** A WAL position ('16/B374D848') as a number that compares. */
export function lsnValue(lsn: string | null | undefined): bigint | null {
  const m = /^([0-9A-F]+)\/([0-9A-F]+)$/i.exec(lsn ?? '');
  return m ? (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`) : null;
}

/** How often the replicas' replay position is compared with the primary's. */
export const REPLICA_CHECK_MS = 500;

/**
 * Decides, per request, whether the replica may answer (docs/read-replicas.md):
 * - **bounded staleness**: every REPLICA_CHECK_MS the primary's WAL position is sampled and each replica's
 *   replay position read; a replica is "fresh as of" the newest sample it has replayed. Reads go to the
 *   replicas only while that is within DATABASE_READ_MAX_LAG_MS of now (checks failing: not at all);
 * - **read-your-writes**: after a user's write succeeds, the primary's WAL position then (which is past the
 *   write's commit) is kept in Redis under the user, for every API instance to see; until the replicas have
 *   replayed past it, that user's reads go to the primary. Redis unreachable: the primary answers.
 */
@Injectable()
export class ReadRouting implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('ReadRouting');
  private readonly enabled: boolean;
  private readonly samples: { at: number; lsn: bigint }[] = [];
  private timer?: NodeJS.Timeout;
  /** The replicas' (smallest) replay position, and since when they hold every commit (ms, process clock). */
  replayLsn: bigint | null = null;
  freshAsOf = 0;
  /** Whether the last check reached every replica (false before the first, and while one is unreachable). */
  reachable = false;

  constructor(
    private readonly ds: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.enabled = readReplicasConfigured(ds);
  }

  get configured(): boolean {
    return this.enabled;
  }

  onModuleInit(): void {
    if (!this.enabled) return;
    for (const f of replicaStartupFailures)
      this.log.warn(
        `read replica ${f.url} unreachable at start-up (${f.message}): reads stay on the primary`,
      );
    // A timer's callback: the check's failure is caught here, so nothing waits for (or drops) the promise.
    // Said once when the replicas become unreachable and once when they are back, not every REPLICA_CHECK_MS.
    let failing: string | null = null;
    const tick = (): void => {
      void this.check()
        .then(() => {
          if (failing !== null) this.log.log('read replicas reachable again');
          failing = null;
        })
        .catch((err) => {
          this.freshAsOf = 0;
          this.reachable = false;
          const message = (err as Error).message;
          if (failing === null)
            this.log.warn(`replica check failed: ${message} — reads stay on the primary until it passes`);
          failing = message;
        })
        .finally(() => {
          if (this.timer !== undefined) this.timer = setTimeout(tick, REPLICA_CHECK_MS).unref();
        });
    };
    this.timer = setTimeout(tick, 0).unref();
  }

  onModuleDestroy(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One comparison of the replicas' replay position with the primary's (sampled first). */
  async check(): Promise<void> {
    const at = Date.now();
    const primary = lsnValue(await primaryWalLsn(this.ds));
    if (primary === null) throw new Error('no WAL position from the primary');
    this.samples.push({ at, lsn: primary });
    const horizon = at - Math.max(60_000, this.config.databaseReadMaxLagMs * 2);
    while (this.samples.length > 1 && this.samples[0].at < horizon) this.samples.shift();
    let replay: bigint | null = null;
    for (const pool of replicaPools(this.ds)) {
      const lsn = lsnValue(await replicaReplayLsn(pool));
      if (lsn === null) throw new Error('a read replica is not replaying WAL (not in recovery?)');
      replay = replay === null || lsn < replay ? lsn : replay;
    }
    this.replayLsn = replay;
    this.reachable = true;
    let fresh = 0;
    for (const s of this.samples) if (replay !== null && s.lsn <= replay) fresh = s.at;
    this.freshAsOf = fresh;
  }

  /**
   * What readiness reports of the replicas (undefined without them): `up` (reachable, within the lag bound:
   * answering reads), `behind` (reachable, beyond the bound) or `down` (a check failed, or none passed yet).
   * Either of the last two only moves reads to the primary; the API stays ready.
   */
  get replicaState(): 'up' | 'behind' | 'down' | undefined {
    if (!this.enabled) return undefined;
    if (!this.reachable) return 'down';
    return Date.now() - this.freshAsOf > this.config.databaseReadMaxLagMs ? 'behind' : 'up';
  }

  private key(userId: string): string {
    return `${this.config.redisPrefix}:read-your-writes:${userId}`;
  }

  /** Whether this user's read may be answered by a replica now. */
  async replicaMayAnswer(userId: string | undefined): Promise<boolean> {
    if (!this.enabled || !userId || this.replayLsn === null) return false;
    if (Date.now() - this.freshAsOf > this.config.databaseReadMaxLagMs) return false;
    try {
      const last = lsnValue(await this.redis.get(this.key(userId)));
      return last === null || last <= this.replayLsn;
    } catch {
      return false;
    }
  }

  /** After a user's successful write: the primary's WAL position now, kept for read-your-writes. */
  async noteWrite(userId: string): Promise<void> {
    if (!this.enabled) return;
    try {
      const lsn = await primaryWalLsn(this.ds);
      if (lsn === null) throw new Error('no WAL position from the primary');
      const ttl = Math.max(60_000, this.config.databaseReadMaxLagMs * 2);
      await this.redis.set(this.key(userId), lsn, 'PX', ttl);
    } catch (err) {
      // without the mark this user's next list may miss the write for up to the replica's lag: said, not hidden
      this.log.warn(`read-your-writes mark for ${userId} not kept: ${(err as Error).message}`);
    }
  }
}

/** Routes the REPLICA_ROUTES to a replica when ReadRouting allows it, and marks every successful write. */
@Injectable()
export class ReadRoutingInterceptor implements NestInterceptor {
  constructor(private readonly routing: ReadRouting) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.routing.configured || context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const userId = req.user?.id;
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (!REPLICA_ROUTES.some((r) => r.test(req.path))) return next.handle();
      return from(this.routing.replicaMayAnswer(userId)).pipe(
        mergeMap((replica) => (replica ? onReplica(() => next.handle()) : next.handle())),
      );
    }
    if (!userId) return next.handle();
    return next.handle().pipe(
      mergeMap(async (value) => {
        await this.routing.noteWrite(userId);
        return value;
      }),
    );
  }
}
