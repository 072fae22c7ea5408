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

      // 复工复产 (issue 15): 郭店镇's 83 above-size and 828 below-size enterprises, at every resumption status
      const scales: { scale: string; n: number }[] = await api.ds.query(
        `SELECT e.scale, count(*)::int AS n FROM enterprises e JOIN units t ON t.id = e.town_id
          WHERE t.name = '郭店镇' GROUP BY 1 ORDER BY 1`,
      );
      expect(scales).toEqual([
        { scale: 'above', n: 83 },
        { scale: 'below', n: 828 },
      ]);
      const statuses: { resumption: string; n: number }[] = await api.ds.query(
        `SELECT e.resumption, count(*)::int AS n FROM enterprises e JOIN units t ON t.id = e.town_id
          WHERE t.name = '郭店镇' GROUP BY 1 ORDER BY 1`,
      );
      expect(statuses.map((r) => r.resumption)).toEqual(['full_capacity', 'not_resumed', 'resumed']);
      for (const r of statuses) expect(r.n).toBeGreaterThan(50);
      // the counters the summary reads agree with the enterprises
      const [stats] = await api.ds.query(
        `SELECT sum(n) FILTER (WHERE scale = 'above')::int AS above, sum(n) FILTER (WHERE scale <> 'above')::int AS below
           FROM resumption_stats s JOIN units t ON t.id = s.unit_id WHERE t.name = '郭店镇'`,
      );
      expect(stats).toEqual({ above: 83, below: 828 });
      // visits over the past weeks (each of the last four weeks has some), some enterprises never visited
      const [v] = await api.ds.query(
        `SELECT count(DISTINCT floor(extract(epoch FROM now() - visited_at) / 604800))
                  FILTER (WHERE visited_at > now() - interval '28 days')::int AS weeks,
                (SELECT count(*)::int FROM enterprises WHERE last_visit_at IS NULL) AS never
           FROM visits`,
      );
      expect(v.weeks).toBe(4);
      expect(v.never).toBeGreaterThan(0);
    } finally {
      await api.close();
    }
  }, 300_000);
});
