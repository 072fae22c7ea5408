import { Injectable } from '@nestjs/common';
import { UserEntity } from '@taizhang/db';
import type { Role } from '@taizhang/domain';
import { DataSource } from 'typeorm';
import { REQUEST_DEADLINE_MS, within } from './request-deadline';

/** What the guard needs of a user's row: read through a short cache on every request. */
export interface SessionState {
  id: string;
  username: string;
  role: Role;
  unitId: string | null;
  active: boolean;
  sessionVersion: number;
  mustChangePassword: boolean;
}

/** How long a user's row is believed: a disabled or moved user is refused or re-scoped within this time. */
export const SESSION_STATE_TTL_MS = 2_000;

/**
 * A bounded, short-lived cache of users' rows (at most `max` entries, each for `ttlMs`). Concurrent misses
 * for the same user share one query, so a burst of requests of a user whose entry just expired costs one
 * read. A change made by this process drops the entry at once (`forget`); other processes see it within
 * `ttlMs`.
 */
export class SessionStateCache {
  private readonly map = new Map<string, { state: SessionState | null; expiresAt: number }>();
  private readonly pending = new Map<string, Promise<SessionState | null>>();

  constructor(
    private readonly load: (userId: string) => Promise<SessionState | null>,
    private readonly ttlMs = SESSION_STATE_TTL_MS,
    private readonly max = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(userId: string): Promise<SessionState | null> {
    const hit = this.fresh(userId);
    if (hit) return Promise.resolve(hit.state);
    const inFlight = this.pending.get(userId);
    if (inFlight) return inFlight;
    const p = this.load(userId)
      .then((state) => {
        this.map.delete(userId); // re-inserted last: the oldest entries go first when full
        if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
        this.map.set(userId, { state, expiresAt: this.now() + this.ttlMs });
        return state;
      })
      .finally(() => this.pending.delete(userId));
    this.pending.set(userId, p);
    return p;
  }

  /** The user's entry while it is believed (a read that needs no query), else undefined. */
  protected fresh(userId: string): { state: SessionState | null } | undefined {
    const hit = this.map.get(userId);
    return hit && hit.expiresAt > this.now() ? hit : undefined;
  }

  forget(userId: string): void {
    this.map.delete(userId);
  }

  get size(): number {
    return this.map.size;
  }
}

/*
 * The guard reads the row before interceptors run, so RequestDeadline does not bound this read: while
 * PostgreSQL hangs (accepts connections, answers nothing) a request would wait for minutes on a pooled
 * connection. So SessionStates bounds the read itself with `within` (503 UNAVAILABLE after the request
 * deadline; the query goes on and ends on its own, and concurrent requests still share it).
 */

@Injectable()
export class SessionStates extends SessionStateCache {
  override get(userId: string): Promise<SessionState | null> {
    // a cached row is answered at once: no deadline timer for it (nearly every request)
    const hit = this.fresh(userId);
    if (hit) return Promise.resolve(hit.state);
    return within(super.get(userId), REQUEST_DEADLINE_MS);
  }

  constructor(ds: DataSource) {
    super(async (id) => {
      const u = await ds.getRepository(UserEntity).findOne({
        where: { id },
        select: {
          id: true,
          username: true,
          role: true,
          unitId: true,
          active: true,
          sessionVersion: true,
          mustChangePassword: true,
        },
      });
      return u
        ? {
            id: u.id,
            username: u.username,
            role: u.role as Role,
            unitId: u.unitId,
            active: u.active,
            sessionVersion: u.sessionVersion,
            mustChangePassword: u.mustChangePassword,
          }
        : null;
    });
  }
}
