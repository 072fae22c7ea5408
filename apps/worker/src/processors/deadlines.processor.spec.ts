import { JOBS, JOB_QUEUE, QUEUES } from '@taizhang/queue';
import { DeadlineService } from '../deadlines/deadline.service';
import { DeadlinesProcessor } from './deadlines.processor';

describe(DeadlinesProcessor.name, () => {
  const processor = new DeadlinesProcessor({} as DeadlineService);

  it('has exactly one handler for every job name on its queue', () => {
    const onThisQueue = Object.values(JOBS).filter((name) => JOB_QUEUE[name] === QUEUES.deadlines);
    expect(Object.keys(processor.handlers).sort()).toEqual([...onThisQueue].sort());
  });

  it('refuses a job name it has no handler for', async () => {
    await expect(processor.process({ name: 'nope', data: {} } as never)).rejects.toThrow(/no handler for job nope/);
  });
});
