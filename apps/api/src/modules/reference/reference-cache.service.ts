import { Injectable } from '@nestjs/common';
import { activeCategoryCodes, loadCalendar, loadPolicy } from '@taizhang/db';
import type { CaseLevel, CasePriority, DeadlinePolicy, WorkCalendar } from '@taizhang/domain';
import { shanghaiDate } from '@taizhang/domain';
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
}
