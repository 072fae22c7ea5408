import type { AppConfig } from '@taizhang/config';
import * as db from '@taizhang/db';
import type { DataSource } from 'typeorm';
import type { WorkerMetrics } from '../metrics/worker-metrics';
import { ExportService } from './export.service';

jest.mock('@taizhang/db', () => ({
  ...jest.requireActual('@taizhang/db'),
  buildExport: jest.fn(),
  pruneExports: jest.fn(async () => 0),
}));

/** ExportService hands buildExport the replica option exactly when the data source has read replicas. */
describe(ExportService.name, () => {
  const buildExport = db.buildExport as jest.MockedFunction<typeof db.buildExport>;
  const metrics = { exportDuration: { observe: jest.fn() } } as unknown as WorkerMetrics;
  const config = { databaseReadMaxLagMs: 4321 } as AppConfig;
  const exportId = '6f1c0c1e-0000-4000-8000-000000000001';
  const dataSource = (slaves: unknown[]) => ({ driver: { slaves } }) as unknown as DataSource;

  beforeEach(() => {
    buildExport.mockReset();
    buildExport.mockResolvedValue({
      result: 'done',
      rows: 1,
      bytes: 10,
      chunks: 1,
      ms: 1,
      readFrom: 'primary',
    });
  });

  it('reads from a replica (waiting up to DATABASE_READ_MAX_LAG_MS) when DATABASE_READ_URLS opened some', async () => {
    const ds = dataSource([{}]);
    await new ExportService(ds, metrics, config).build({ exportId }, { lastAttempt: true });
    expect(buildExport).toHaveBeenCalledWith(ds, exportId, {
      lastAttempt: true,
      replica: { waitMs: 4321 },
    });
  });

  it('reads from the primary without replicas', async () => {
    const ds = dataSource([]);
    await new ExportService(ds, metrics, config).build({ exportId }, { lastAttempt: false });
    expect(buildExport).toHaveBeenCalledWith(ds, exportId, { lastAttempt: false });
  });
});
