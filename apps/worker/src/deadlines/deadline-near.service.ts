import { Inject, Injectable, Logger } from '@nestjs/common';
import { loadCalendar, notifyDeadlinesNear } from '@taizhang/db';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config';

/** Cases told per transaction. */
const NEAR_BATCH = 500;

/**
 * "Deadline near" (issue 13): the holder of a case and its leaders hear the lead of its deadline policy
 * (`near_lead_hours`, set by an admin; else NOTIFY_DEADLINE_LEAD_HOURS) in working hours before its
 * resolve-by. Run by the deadline sweep (every SWEEP_INTERVAL_MS), which asks the database for exactly the
 * cases whose remaining working time is within the lead, so a deadline that moves (a new unit, an
 * extension) needs no job rescheduled; each resolve-by is told once (deadline_near_marks).
 */
@Injectable()
export class DeadlineNearService {
  private readonly logger = new Logger(DeadlineNearService.name);

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async notifyNear(now = new Date()): Promise<number> {
    // the default lead; a deadline policy's own (set by an admin) wins for its cases
    const lead = this.config.deadlineNearLeadHours;
    let total = 0;
    for (;;) {
      const n = await this.ds.transaction(async (m) =>
        notifyDeadlinesNear(m, now, lead, await loadCalendar(m, now), NEAR_BATCH),
      );
      total += n;
      if (n < NEAR_BATCH) break;
    }
    if (total) this.logger.log(`deadline near: told the holders of ${total} cases`);
    return total;
  }
}
