import { JOBS, JOB_QUEUE, QUEUES } from '@taizhang/queue';
import { ExportService } from '../exports/export.service';
import { ExportsProcessor } from './exports.processor';

describe(ExportsProcessor.name, () => {
  const build = jest.fn(async () => ({ result: 'done' as const, rows: 3, bytes: 100, chunks: 1, ms: 5 }));
  const processor = new ExportsProcessor({ build } as unknown as ExportService);
  const data = { exportId: '6f1c0c1e-0000-4000-8000-000000000001', requestId: 'r1' };

  beforeEach(() => build.mockClear());

  it('has exactly one handler for every job name on its queue', () => {
    const onThisQueue = Object.values(JOBS).filter((name) => JOB_QUEUE[name] === QUEUES.exports);
    expect(Object.keys(processor.handlers).sort()).toEqual([...onThisQueue].sort());
  });

  it('hands export.build to the export service, telling it whether this is the last attempt', async () => {
    await expect(
      processor.process({ name: JOBS.exportBuild, data, attemptsMade: 0, opts: { attempts: 5 } } as never),
    ).resolves.toMatchObject({
      result: 'done',
    });
    expect(build).toHaveBeenLastCalledWith(data, { lastAttempt: false });
    await processor.process({
      name: JOBS.exportBuild,
      data,
      attemptsMade: 4,
      opts: { attempts: 5 },
    } as never);
    expect(build).toHaveBeenLastCalledWith(data, { lastAttempt: true });
  });

  it('refuses a job name it has no handler for', async () => {
    await expect(processor.process({ name: 'nope', data: {} } as never)).rejects.toThrow(
      /no handler for job nope/,
    );
  });
});
