import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  escalationTarget,
  insertEvent,
  loadCalendar,
  loadPolicy,
  moveHop,
  recordCaseChangeStats,
  notify,
  rowToSnapshot,
  scheduleDeadlines,
} from '@taizhang/db';
import {
  Actor,
  CaseEventDraft,
  CasePriority,
  NO_RELATION,
  PENDING_STATUSES,
  applyEvent,
  computeDeadlines,
  decide,
  effectivePriority,
  markOverdue,
} from '@taizhang/domain';
import type { DeadlineCheckPayload } from '@taizhang/queue';
import { DataSource } from 'typeorm';

/** Deadline checks the sweep runs at once. */
const SWEEP_LANES = 8;

export const SYSTEM_ACTOR: Actor = { id: 'system', role: 'system', relation: NO_RELATION };

/** What a deadline check did: `done` changed the case; `skipped` means there was nothing (left) to do. */
export type CheckOutcome = { result: 'done'; events: string[] } | { result: 'skipped'; why: string };

/** Lets a test stop a check half-way (crash simulation); a no-op in production. */
export const CHECK_HOOK = Symbol('CHECK_HOOK');
export type CheckHook = (stage: 'before-commit', caseId: string) => Promise<void>;

@Injectable()
export class DeadlineService {
  private readonly logger = new Logger(DeadlineService.name);

  constructor(
    private readonly ds: DataSource,
    @Inject(CHECK_HOOK) private readonly hook: CheckHook,
  ) {}

  /**
   * A deadline's alarm went off. Re-read the case under a row lock and act only if that deadline still
   * applies: mark it overdue (one event), and escalate a town case past its resolve-by to the bureau.
   * Running it again changes nothing, so a retried or duplicated job is harmless.
   */
  async check(p: DeadlineCheckPayload, now = new Date()): Promise<CheckOutcome> {
    return this.ds.transaction(async (m) => {
      const rows: Record<string, unknown>[] = await m.query(
        `SELECT c.*, e.key AS enterprise_key FROM cases c JOIN enterprises e ON e.id = c.enterprise_id WHERE c.id = $1 FOR UPDATE OF c`,
        [p.caseId],
      );
      const row = rows[0];
      if (!row) return { result: 'skipped', why: 'no such case' };
      const dueRaw = p.deadline === 'respond' ? row['respond_by'] : row['resolve_by'];
      const due = dueRaw ? new Date(dueRaw as string) : null;
      if (!due || due.getTime() !== new Date(p.dueAt).getTime())
        return { result: 'skipped', why: 'the deadline has moved' };
      if (due.getTime() > now.getTime() + 1000) return { result: 'skipped', why: 'not due yet' };

      const snapshot = rowToSnapshot(row);
      const events: CaseEventDraft[] = [];
      let next = snapshot;
      const overdue = markOverdue(snapshot, p.deadline);
      if (overdue) {
        events.push(overdue);
        next = applyEvent(next, overdue, now.toISOString());
      }
      let respondBy = row['respond_by'] ? new Date(row['respond_by'] as string) : null;
      let resolveBy =
        due && p.deadline === 'resolve'
          ? due
          : row['resolve_by']
            ? new Date(row['resolve_by'] as string)
            : null;
      let moved = false;
      if (p.deadline === 'resolve' && next.level === 0 && PENDING_STATUSES.includes(next.status)) {
        const target = await escalationTarget(m, row);
        const decision = decide(
          next,
          SYSTEM_ACTOR,
          {
            action: 'escalate',
            reason: '乡镇办结时限已过，系统自动上报 (resolve-by passed at the town: escalated automatically)',
            target,
          },
          now,
        );
        if (decision.ok) {
          const policy = await loadPolicy(
            m,
            decision.next.level,
            effectivePriority(row['priority'] as CasePriority, Boolean(row['enterprise_key'])),
          );
          ({ respondBy, resolveBy } = computeDeadlines(now, policy, await loadCalendar(m, now)));
          decision.event.payload = {
            ...decision.event.payload,
            respondBy: respondBy.toISOString(),
            resolveBy: resolveBy.toISOString(),
          };
          events.push(decision.event);
          next = decision.next;
          moved = true;
        } else {
          this.logger.warn(`case ${p.caseId}: cannot escalate automatically: ${decision.message}`);
        }
      }
      if (!events.length) return { result: 'skipped', why: 'already handled' };

      await m.query(
        `UPDATE cases SET status = $2, level = $3, unit_id = $4, assignee_id = $5, return_unit_ids = $6, overdue = $7,
                respond_by = $8, resolve_by = $9, updated_at = $10, version = version + 1 WHERE id = $1`,
        [
          p.caseId,
          next.status,
          next.level,
          next.unitId,
          next.assigneeId,
          next.returnUnitIds,
          next.overdue,
          respondBy,
          resolveBy,
          now,
        ],
      );
      for (const e of events) await insertEvent(m, p.caseId, null, now, e);
      await recordCaseChangeStats(m, row, next);
      // The miss is told to the unit that missed it; an automatic escalation to the bureau it now sits at.
      if (overdue)
        await notify(m, row, 'deadline_missed', null, now, { deadline: p.deadline, requestId: p.requestId });
      if (moved)
        await notify(
          m,
          { ...row, unit_id: next.unitId, assignee_id: next.assigneeId },
          'escalated_to_unit',
          null,
          now,
          { requestId: p.requestId },
        );
      if (moved) {
        await moveHop(m, p.caseId, next.unitId, next.level, now);
        await scheduleDeadlines(m, p.caseId, next.status, respondBy, resolveBy, p.requestId);
      }
      await this.hook('before-commit', p.caseId);
      this.logger.log(
        `[${p.requestId ?? '-'}] case ${p.caseId}: ${p.deadline} deadline missed → ${events.map((e) => e.type).join(', ')}`,
      );
      return { result: 'done', events: events.map((e) => e.type) };
    });
  }

  /**
   * Safety net: deadlines that passed without their job having run (Redis flushed, jobs lost) are found
   * in the database, which is the truth, and handled the same way.
   */
  async sweep(now = new Date(), limit = 1000): Promise<number> {
    const due: { id: string; respond_by: Date | null; resolve_by: Date | null; respond_due: boolean }[] =
      await this.ds.query(
        `SELECT id, respond_by, resolve_by, (respond_by <= $1 AND NOT overdue AND status IN ('open','escalated')) AS respond_due
         FROM cases
        WHERE status IN ('open','in_progress','escalated')
          AND ((respond_by <= $1 AND NOT overdue AND status IN ('open','escalated'))
            OR (resolve_by <= $1 AND (NOT overdue OR level = 0)))
        ORDER BY resolve_by LIMIT $2`,
        [now, limit],
      );
    let handled = 0;
    let next = 0;
    // several checks at once (each locks only its own case row), fewer than the pool has connections
    const lane = async () => {
      for (let i = next++; i < due.length; i = next++) {
        const c = due[i] as (typeof due)[number];
        const kind = c.respond_due ? 'respond' : 'resolve';
        const at = (kind === 'respond' ? c.respond_by : c.resolve_by) as Date;
        const out = await this.check({ caseId: c.id, deadline: kind, dueAt: new Date(at).toISOString(), requestId: 'sweep' }, now);
        if (out.result === 'done') handled++;
      }
    };
    await Promise.all(Array.from({ length: SWEEP_LANES }, lane));
    return handled;
  }
}
