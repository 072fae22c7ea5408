import { Injectable } from '@nestjs/common';
import { activeCategoryCodes, loadCalendar, loadPolicy, type LockedCaseRow } from '@taizhang/db';
import type {
  CaseDeadlines,
  CaseEventDraft,
  CaseLevel,
  CasePriority,
  CaseSnapshot,
  DeadlinePolicy,
  WorkCalendar,
} from '@taizhang/domain';
import {
  computeDeadlines,
  effectivePriority,
  freshDeadlines,
  getsFreshDeadlines,
  shanghaiDate,
} from '@taizhang/domain';
import { DataSource } from 'typeorm';

const TTL_MS = 5_000;

/**
 * Reference data read on every case opening (deadline policies, the work calendar, category codes),
 * kept for a few seconds per process so intake does not re-read it each time. A change made through
 * the admin API is seen by every API process within TTL_MS.
 */
@Injectable()
export class ReferenceCache {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();

  constructor(private readonly ds: DataSource) {}

  /** Forget everything (after an admin changed policies, the calendar or categories through this process). */
  invalidate(): void {
    this.entries.clear();
  }

  private get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.value as Promise<T>;
    const value = load();
    this.entries.set(key, { at: Date.now(), value });
    value.catch(() => this.entries.delete(key));
    return value;
  }

  policy(level: CaseLevel, priority: CasePriority): Promise<DeadlinePolicy> {
    return this.get(`policy:${level}:${priority}`, () => loadPolicy(this.ds.manager, level, priority));
  }

  /** The calendar from the given local day on (keyed by day). */
  calendar(from: Date): Promise<WorkCalendar> {
    return this.get(`calendar:${shanghaiDate(from)}`, () => loadCalendar(this.ds.manager, from));
  }

  /** The codes of the categories open for new cases (active ones): a disabled category is not among them. */
  activeCategoryCodes(): Promise<Set<string>> {
    return this.get('categories', () => activeCategoryCodes(this.ds));
  }

  /** The policy for a case at `level`, by its priority (a key enterprise's case counts as urgent). */
  policyFor(
    row: Pick<LockedCaseRow, 'priority' | 'enterprise_key'>,
    level: CaseLevel,
  ): Promise<DeadlinePolicy> {
    return this.policy(level, effectivePriority(row.priority as CasePriority, Boolean(row.enterprise_key)));
  }

  /**
   * The deadlines after a decided change of the case `row` (`before` → `next` by `event`): the case's own, or,
   * when it arrives at a new unit or is reopened (the domain says which), fresh ones from `now` for its new
   * level, with `scheduled` the checks to queue and the event recording them.
   */
  async deadlinesAfter(
    row: Pick<LockedCaseRow, 'respond_by' | 'resolve_by' | 'priority' | 'enterprise_key'>,
    before: CaseSnapshot,
    next: CaseSnapshot,
    event: CaseEventDraft,
    now: Date,
  ): Promise<{ deadlines: CaseDeadlines; scheduled: CaseDeadlines | null; event: CaseEventDraft }> {
    const deadlines: CaseDeadlines = {
      respondBy: row.respond_by ? new Date(row.respond_by) : null,
      resolveBy: row.resolve_by ? new Date(row.resolve_by) : null,
    };
    if (!getsFreshDeadlines(before, next, event)) return { deadlines, scheduled: null, event };
    const [policy, calendar] = await Promise.all([this.policyFor(row, next.level), this.calendar(now)]);
    return freshDeadlines(before, event, next, deadlines, computeDeadlines(now, policy, calendar));
  }
}
