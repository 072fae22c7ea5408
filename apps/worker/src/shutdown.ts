import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { DeadlinesProcessor } from './processors/deadlines.processor';
import { ExportsProcessor } from './processors/exports.processor';
import { NotificationsProcessor } from './processors/notifications.processor';
import { ReportsProcessor } from './processors/reports.processor';

/**
 * Graceful shutdown, in order: stop taking jobs and let the active ones finish (BullMQ `close()` waits
 * for them) before anything closes the database pool. A job cut off anyway (SIGKILL) is retried after its
 * lock expires, and the sweep finds its deadline in the database.
 */
@Injectable()
export class GracefulShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger(GracefulShutdown.name);

  constructor(
    private readonly deadlines: DeadlinesProcessor,
    private readonly notifications: NotificationsProcessor,
    private readonly reports: ReportsProcessor,
    private readonly exports: ExportsProcessor,
  ) {}

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.logger.log(`shutting down${signal ? ` (${signal})` : ''}: finishing active jobs`);
    await Promise.all([this.deadlines, this.notifications, this.reports, this.exports].map((p) => p.worker?.close()));
  }
}
