import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLOSE_MS, settleWithin } from './shutdown';

/** Closes the database pool when the application shuts down (given up after CLOSE_MS: PostgreSQL may be down). */
@Injectable()
export class DataSourceCloser implements OnApplicationShutdown {
  constructor(private readonly ds: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
    if (!this.ds.isInitialized) return;
    if ((await settleWithin(this.ds.destroy(), CLOSE_MS)) === 'timeout') {
      new Logger(DataSourceCloser.name).warn(
        `the PostgreSQL pool did not close within ${CLOSE_MS} ms: left to the process exit`,
      );
    }
  }
}
