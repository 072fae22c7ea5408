import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  CaseTransition,
  DeadlineCase,
  applyTransitions,
  dueDeadlines,
  escalationTargets,
  loadCalendar,
  loadPolicies,
  lockCasesForDeadlineCheck,
  rowToSnapshot,
} from '@taizhang/db';
import {
  Actor,
  CaseDeadlines,
  DeadlinePolicy,
  NO_RELATION,
  WorkCalendar,
  autoEscalation,
  computeDeadlines,
  decide,
  effectivePriority,
  findPolicy,
  freshDeadlines,
  missedDeadline,
} from '@taizhang/domain';
import type { DeadlineCheckPayload } from '@taizhang/queue';
import { DataSource, EntityManager } from 'typeorm';
import { WorkerMetrics } from '../metrics/worker-metrics';

/** Batches of deadline checks the sweep runs at once, and the cases in each (one transaction per batch). */
const SWEEP_LANES = 3;
const SWEEP_BATCH = 200;

export const SYSTEM_ACTOR: Actor = { id: 'system', role: 'system', relation: NO_RELATION };

/** What a deadline check did: `done` changed the case; `skipped` means there was nothing (left) to do. */
export type CheckOutcome = { result: 'done'; events: string[] } | { result: 'skipped'; why: string };

/** One case's deadline check while it is worked out: the transition it writes, and where its outcome goes. */
interface Check {
  /** position in the items */
  i: number;
  p: DeadlineCheckPayload;
  c: DeadlineCase;
  t: CaseTransition;
  escalates: boolean;
}

/** What an automatic escalation reads besides the case: the deadline policies and the working calendar. */
interface EscalationReference {
  policies: DeadlinePolicy[];
  calendar: WorkCalendar;
}

/**
 * `wait: false`: skip a case whose row another check holds. `reference`: where the policies and calendar
 * come from (the sweep reads them once per pass); by default the check's transaction reads them.
 */
interface CheckOptions {
  wait?: boolean;
  reference?: () => Promise<EscalationReference>;
}

async function loadEscalationReference(m: EntityManager, now: Date): Promise<EscalationReference> {
  return { policies: await loadPolicies(m), calendar: await loadCalendar(m, now) };
}

/** Lets a test stop a check half-way (crash simulation); a no-op in production. */
export const CHECK_HOOK = Symbol('CHECK_HOOK');
export type CheckHook = (stage: 'before-commit', caseId: string) => Promise<void>;

@Injectable()
export class DeadlineService {
  private readonly logger = new Logger(DeadlineService.name);

  constructor(
    private readonly ds: DataSource,
    @Inject(CHECK_HOOK) private readonly hook: CheckHook,
    private readonly metrics: WorkerMetrics,
  ) {}

  /**
   * A deadline's alarm went off. Re-read the case under a row lock and act only if that deadline still
   * applies: mark it overdue (one event), and escalate a town case past its resolve-by to the bureau.
   * Running it again changes nothing, so a retried or duplicated job is harmless.
   */
  async check(p: DeadlineCheckPayload, now = new Date()): Promise<CheckOutcome> {
    return (await this.checkMany([p], now, { wait: true }))[0];
  }

  /**
   * `check` for many cases (one item per case) in one transaction, with set-based writes: the sweep hands
   * thousands of missed deadlines to it at once. With `wait: false` a case whose row another check holds
   * is skipped (that check is doing the same work); the outcomes are in the order of `items`.
   */
  async checkMany(
    items: DeadlineCheckPayload[],
    now = new Date(),
    opts: CheckOptions = {},
  ): Promise<CheckOutcome[]> {
    if (!items.length) return [];
    const outcomes = await this.checkInTransaction(items, now, opts);
    // lateness of every deadline this check handled (committed): its job's path, or the sweep's
    const path = opts.wait ? 'job' : 'sweep';
    outcomes.forEach((o, i) => {
      const p = items[i];
      if (o.result !== 'done' || !p) return;
      const late = (Date.now() - new Date(p.dueAt).getTime()) / 1000;
      this.metrics.deadlineLateness.observe({ kind: p.deadline, path }, Math.max(0, late));
    });
    return outcomes;
  }

  private checkInTransaction(
    items: DeadlineCheckPayload[],
    now: Date,
    opts: CheckOptions,
  ): Promise<CheckOutcome[]> {
    return this.ds.transaction(async (m) => {
      const locked = await lockCasesForDeadlineCheck(
        m,
        items.map((p) => p.caseId),
        { wait: Boolean(opts.wait) },
      );
      const byId = new Map(locked.map((c) => [c.id, c]));
      const requestId = items.length === 1 ? items[0]?.requestId : (items[0]?.requestId ?? 'sweep');
      const work: Check[] = [];
      const outcomes: CheckOutcome[] = items.map((p, i) => {
        const c = byId.get(p.caseId);
        if (!c)
          return {
            result: 'skipped',
            why: opts.wait ? 'no such case' : 'no such case, or another check holds it',
          };
        const due = p.deadline === 'respond' ? c.respondBy : c.resolveBy;
        if (!due || due.getTime() !== new Date(p.dueAt).getTime())
          return { result: 'skipped', why: 'the deadline has moved' };
        if (due.getTime() > now.getTime() + 1000) return { result: 'skipped', why: 'not due yet' };
        const missed = missedDeadline(rowToSnapshot(c.row), p.deadline, now);
        if (!missed.overdue && !missed.escalates) return { result: 'skipped', why: 'already handled' };
        const deadlines: CaseDeadlines = { respondBy: c.respondBy, resolveBy: c.resolveBy };
        work.push({
          i,
          p,
          c,
          escalates: missed.escalates,
          t: {
            row: c.row,
            events: missed.overdue ? [missed.overdue] : [],
            next: missed.next,
            actorId: null,
            at: now,
            deadlines,
            scheduled: null,
            requestId: p.requestId ?? requestId,
          },
        });
        return { result: 'done', events: [] };
      });

      // automatic escalations: targets, policies and the calendar read once for the batch
      const escalating = work.filter((w) => w.escalates);
      if (escalating.length) {
        const targets = await escalationTargets(
          m,
          escalating.map((w) => w.t.row),
        );
        const { policies, calendar } = await (opts.reference?.() ?? loadEscalationReference(m, now));
        escalating.forEach((w, i) => {
          const before = w.t.next;
          const decision = decide(before, SYSTEM_ACTOR, autoEscalation(targets[i] ?? null), now);
          if (!decision.ok) {
            this.logger.warn(`case ${w.p.caseId}: cannot escalate automatically: ${decision.message}`);
            return;
          }
          const policy = findPolicy(
            policies,
            decision.next.level,
            effectivePriority(w.c.priority, w.c.enterpriseKey),
          );
          const fresh = freshDeadlines(
            before,
            decision.event,
            decision.next,
            w.t.deadlines,
            computeDeadlines(now, policy, calendar),
          );
          w.t.events.push(fresh.event);
          w.t.next = decision.next;
          w.t.deadlines = fresh.deadlines;
          w.t.scheduled = fresh.scheduled;
        });
      }
      const changed = work.filter((w) => w.t.events.length);
      for (const w of work) {
        outcomes[w.i] = w.t.events.length
          ? { result: 'done', events: w.t.events.map((e) => e.type) }
          : { result: 'skipped', why: 'already handled' };
      }
      if (!changed.length) return outcomes;

      // The miss is told to the unit that missed it; an automatic escalation to the bureau it now sits at.
      await applyTransitions(
        m,
        changed.map((w) => w.t),
      );
      for (const w of changed) await this.hook('before-commit', w.p.caseId);
      if (changed.length === 1) {
        const w = changed[0];
        this.logger.log(
          `[${w.p.requestId ?? '-'}] case ${w.p.caseId}: ${w.p.deadline} deadline missed → ${w.t.events.map((e) => e.type).join(', ')}`,
        );
      } else {
        const moved = changed.filter((w) => w.t.scheduled).length;
        this.logger.log(
          `[${requestId ?? '-'}] ${changed.length} missed deadlines handled (${moved} escalated)`,
        );
      }
      return outcomes;
    });
  }

  /**
   * Safety net: deadlines that passed without their job having run (Redis flushed, jobs lost) are found
   * in the database, which is the truth, and handled the same way.
   */
  async sweep(now = new Date(), limit = 3000): Promise<number> {
    // the deadlines due that nothing handled (libs/db explains the two index range scans)
    const due = await dueDeadlines(this.ds, now, limit);
    // policies and calendar read once for all the batches of this pass (they hold for its `now`)
    let reference: Promise<EscalationReference> | null = null;
    const once = () => (reference ??= loadEscalationReference(this.ds.manager, now));
    let handled = 0;
    let next = 0;
    // batches of checks, a few at once (each batch locks only its own case rows, skipping rows a job holds)
    const lane = async () => {
      for (let from = next; from < due.length; from = next) {
        next += SWEEP_BATCH;
        const batch = due.slice(from, from + SWEEP_BATCH).map((d) => ({
          caseId: d.caseId,
          deadline: d.deadline,
          dueAt: d.dueAt.toISOString(),
          requestId: 'sweep',
        }));
        const outcomes = await this.checkMany(batch, now, { wait: false, reference: once });
        handled += outcomes.filter((o) => o.result === 'done').length;
      }
    };
    await Promise.all(Array.from({ length: SWEEP_LANES }, lane));
    return handled;
  }
}
