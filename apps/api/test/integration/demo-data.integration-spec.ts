import { loadConfig } from '@taizhang/config';
import { seedDemoData } from '../../src/modules/seed/demo-data';
import { startApi } from './harness';

/**
 * The demo world loads through the real services. It loads only into a database without units, so this
 * runs it in a database of its own only when the run's database is still empty (the spec run alone).
 */
describe('demo data', () => {
  it('loads common problems grouping several 郭店镇 enterprises', async () => {
    const api = await startApi();
    try {
      const loaded = await seedDemoData(api.app, loadConfig(process.env), { cases: 10 });
      if (!loaded) return; // another spec filled this database first
      const groups: { title: string; members: number; enterprises: number; statuses: string[] }[] =
        await api.ds.query(
          `SELECT g.title, count(*)::int AS members, count(DISTINCT c.enterprise_id)::int AS enterprises,
                array_agg(DISTINCT c.status) AS statuses
           FROM common_problems g JOIN common_problem_members m ON m.common_problem_id = g.id JOIN cases c ON c.id = m.case_id
          GROUP BY g.id ORDER BY g.created_at, g.title`,
        );
      expect(groups.length).toBe(3);
      for (const g of groups) expect(g.enterprises).toBeGreaterThanOrEqual(4);
      expect(
        groups
          .map((g) => g.statuses)
          .flat()
          .sort(),
      ).toEqual(['escalated', 'open', 'resolved']);
    } finally {
      await api.close();
    }
  }, 300_000);
});
