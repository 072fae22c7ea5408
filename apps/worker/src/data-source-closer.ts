import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { settledWithin } from './bounded';

/** How long closing the pool may take (it waits for connections still in use, e.g. an export cut off). */
const CLOSE_MS = 2_000;

/** Closes the database pool when the application shuts down, without waiting longer than CLOSE_MS. */
@Injectable()
export class DataSourceCloser implements OnApplicationShutdown {
  private readonly logger = new Logger(DataSourceCloser.name);
  constructor(private readonly ds: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
    if (!this.ds.isInitialized) return;
    if (!(await settledWithin(this.ds.destroy(), CLOSE_MS))) {
      this.logger.warn(
        `the database pool did not close within ${CLOSE_MS / 1000} s (a query still running, or PostgreSQL unreachable)`,
      );
    }
  }
}
