/**
 * Read replicas (issue 18): a real streaming replica, made with pg_basebackup on a spare port from a primary
 * cluster of the spec's own (initdb, processes.ts: the machine's shared PostgreSQL holds gigabytes of other
 * runs' databases, which a base backup would copy), and the API pointed at both with DATABASE_URL and
 * DATABASE_READ_URLS. Lists and dashboards must be read there; a user must read back their own write at once;
 * a replica too far behind is not read from; exports wait for the replica to replay their request; the API
 * keeps answering when the replica dies or was never there.
 *
 * Needs root (the clusters run as the `postgres` OS user via runuser) and the PostgreSQL server binaries;
 * without either the real-replica part is skipped, saying why.
 */
import type { ExportDto } from '@taizhang/contracts';
import { buildExport, ensureDatabase, replicaCounters } from '@taizhang/db';
import { PrivatePostgres, freePort, startPrivatePostgres, until } from '@taizhang/testing';
import ExcelJS from 'exceljs';
import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ReadRouting } from '../../src/core/read-routing';
import { Http, World, bearer, buildWorld, openCase, startApi, binary } from './harness';

/** The ledger numbers in a done export's workbook, as its owner downloads it. */
async function exportedLedgerNos(http: Http, token: string, exportId: string): Promise<string[]> {
  const res = await http
    .get(`/api/exports/${exportId}/download`)
    .set(bearer(token))
    .buffer(true)
    .parse(binary)
    .expect(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.body);
  const nos: string[] = [];
  wb.getWorksheet('问题台账')?.eachRow((row, n) => n > 1 && nos.push(String(row.getCell(1).value)));
  return nos;
}

/**
 * A configured replica that is not there (nothing listens on its port): the API starts on the primary,
 * serves reads from it, and says so on readiness and /metrics. Needs no replica, so it runs everywhere.
 */
describe('read replica unreachable at start-up', () => {
  let api: Awaited<ReturnType<typeof startApi>>;

  afterAll(async () => {
    await api?.close();
  });

  it('starts, answers lists and dashboards from the primary, and shows the replica down', async () => {
    const nowhere = `postgres://postgres@127.0.0.1:${await freePort()}/${dbName}`;
    api = await startApi({ DATABASE_READ_URLS: nowhere, DATABASE_READ_MAX_LAG_MS: '1500', METRICS_TOKEN });
    const w = await buildWorld(api.http);
    const c = await openCase(api.http, w.tokens.instructor, w.enterprise.id, { title: '副本未起' });
    const routing = api.app.get(ReadRouting);
    expect(routing.replicaState).toBe('down');
    const before = { ...replicaCounters };
    const list = await api.http.get('/api/cases?pageSize=50').set(bearer(w.tokens.manager)).expect(200);
    expect((list.body as { items: { id: string }[] }).items.map((i) => i.id)).toContain(c.id);
    await api.http
      .get(`/api/dashboard/summary?unitId=${w.county.id}`)
      .set(bearer(w.tokens.manager))
      .expect(200);
    expect(replicaCounters.replicaStatements).toBe(before.replicaStatements);
    const ready = await api.http.get('/api/health/ready').expect(200);
    expect(ready.body).toEqual({ status: 'ok', db: 'up', replicas: 'down' });
    const text = (await api.http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200))
      .text;
    expect(text).toMatch(/^taizhang_db_replica_up 0$/m);
    expect(text).toMatch(/^taizhang_db_replica_staleness_seconds \+Inf$/m);
    // an export asked for now is built from the primary
    const e = (await api.http.post('/api/exports').set(bearer(w.tokens.instructor)).send({}).expect(202))
      .body as ExportDto;
    expect(await buildExport(api.ds, e.id, { replica: { waitMs: 200 } })).toMatchObject({
      result: 'done',
      readFrom: 'primary',
    });
    expect(await exportedLedgerNos(api.http, w.tokens.instructor, e.id)).toContain(c.ledgerNo);
  }, 120_000);
});

// each test well under 30 s. The set-up makes a cluster, migrates the API's database in it and copies it
// (pg_basebackup): seconds on a quiet machine, longer on a loaded shared one, hence its own bound
jest.setTimeout(30_000);
const SETUP_MS = 180_000;
const METRICS_TOKEN = 'replica-metrics-token-0123456789';

const versions = existsSync('/usr/lib/postgresql')
  ? readdirSync('/usr/lib/postgresql').filter((v) => existsSync(`/usr/lib/postgresql/${v}/bin/pg_ctl`))
  : [];
const BIN = versions.length
  ? `/usr/lib/postgresql/${versions.sort((a, b) => Number(b) - Number(a))[0]}/bin`
  : '';
const dbName = new URL(process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/x').pathname.slice(
  1,
);

/** Why the real-replica part cannot run here (null: it can). */
function cannotRun(): string | null {
  if (userInfo().uid !== 0) return 'not root: the clusters must run as the postgres OS user (runuser)';
  if (!BIN) return 'no PostgreSQL server binaries in /usr/lib/postgresql/*/bin';
  return null;
}
const why = cannotRun();
if (why) console.warn(`read-replica spec skipped: ${why}`);
const maybe = why ? describe.skip : describe;

function check(r: SpawnSyncReturns<Buffer>, what: string): void {
  if (r.status !== 0)
    throw new Error(`${what} failed (${r.status}): ${r.stderr?.toString()}${r.stdout?.toString()}`);
}
const asPostgres = (cmd: string, args: string[]) =>
  spawnSync('runuser', ['-u', 'postgres', '--', `${BIN}/${cmd}`, ...args]);

maybe('read replica', () => {
  const MAX_LAG_MS = 1500;
  let dir = '';
  let data = '';
  let port = 0;
  let replica: Client;
  let api: Awaited<ReturnType<typeof startApi>>;
  let http: Http;
  let w: World;
  let routing: ReadRouting;
  let primary: PrivatePostgres | undefined;

  beforeAll(async () => {
    // the primary: a cluster of the spec's own (initdb allows replication connections from 127.0.0.1)
    primary = await startPrivatePostgres();
    const primaryUrl = new URL(primary.url(dbName));
    // the API's database exists before the copy, so the replica has it from the start
    await ensureDatabase(primaryUrl.toString());
    dir = mkdtempSync(join(tmpdir(), 'taizhang-replica-'));
    data = join(dir, 'data');
    const uid = Number(spawnSync('id', ['-u', 'postgres']).stdout.toString());
    const gid = Number(spawnSync('id', ['-g', 'postgres']).stdout.toString());
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
    // a shared server may end the backup's connection (another run's pg_terminate_backend): try again
    let backup: SpawnSyncReturns<Buffer> | undefined;
    for (let attempt = 0; attempt < 3 && backup?.status !== 0; attempt++) {
      rmSync(data, { recursive: true, force: true });
      backup = asPostgres('pg_basebackup', [
        '-h',
        '127.0.0.1',
        '-p',
        primaryUrl.port || '5432',
        '-U',
        'postgres',
        '-D',
        data,
        '-R',
        '-X',
        'stream',
        '--no-sync',
        '--checkpoint=fast',
      ]);
    }
    check(backup as SpawnSyncReturns<Buffer>, 'pg_basebackup');
    // Debian keeps the cluster's configuration outside its data directory: the replica gets its own
    port = await freePort();
    const conf = (name: string, text: string) => {
      writeFileSync(join(data, name), text);
      chownSync(join(data, name), uid, gid);
    };
    conf(
      'postgresql.conf',
      `port = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\nhot_standby = on\n` +
        `shared_buffers = 16MB\nfsync = off\nhot_standby_feedback = on\n`,
    );
    conf('pg_hba.conf', 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
    conf('pg_ident.conf', '');
    const started = asPostgres('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-W', 'start']);
    if (started.status !== 0)
      throw new Error(
        `pg_ctl start failed: ${existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8').slice(-1500) : String(started.stderr)}`,
      );
    const replicaUrl = `postgres://postgres@127.0.0.1:${port}/${dbName}`;
    replica = new Client({ connectionString: replicaUrl });
    await until(
      'the replica to accept connections in recovery',
      async () => {
        try {
          if (!(replica as unknown as { _connected?: boolean })._connected) await replica.connect();
          const { rows } = await replica.query('SELECT pg_is_in_recovery() AS r');
          return rows[0].r === true;
        } catch {
          replica = new Client({ connectionString: replicaUrl });
          return false;
        }
      },
      SETUP_MS / 2,
    );
    api = await startApi({
      DATABASE_URL: primaryUrl.toString(),
      DATABASE_READ_URLS: replicaUrl,
      DATABASE_READ_MAX_LAG_MS: String(MAX_LAG_MS),
      METRICS_TOKEN,
    });
    http = api.http;
    routing = api.app.get(ReadRouting);
    w = await buildWorld(http);
  }, SETUP_MS);

  afterAll(async () => {
    await replica?.end().catch(() => undefined);
    await api?.close();
    if (data && existsSync(join(data, 'postmaster.pid')))
      asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    if (dir) rmSync(dir, { recursive: true, force: true });
    primary?.destroy();
  });

  /** The replica's connections from the API (application_name taizhang) to the test's database. */
  const apiConnectionsOnReplica = async () =>
    Number(
      (
        await replica.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'taizhang'`,
          [dbName],
        )
      ).rows[0].n,
    );
  const fresh = () =>
    until(
      'the replica to be within its lag bound',
      () => Date.now() - routing.freshAsOf < MAX_LAG_MS / 2,
      10_000,
    );
  /** Statements answered by the replica while `work` ran. */
  async function onReplicaCount(work: () => Promise<unknown>): Promise<number> {
    const before = replicaCounters.replicaStatements;
    await work();
    return replicaCounters.replicaStatements - before;
  }
  const list = (token: string) => http.get('/api/cases?pageSize=50').set(bearer(token)).expect(200);

  it('answers lists and dashboards from the replica', async () => {
    await fresh();
    const c = await openCase(http, w.tokens.instructor, w.enterprise.id, { title: '副本读取' });
    // the manager has written nothing: once the replica has replayed the case, the manager reads it there
    await until('the replica to replay the new case', async () => {
      const { rows } = await replica.query('SELECT 1 FROM cases WHERE id = $1', [c.id]);
      return rows.length === 1 && routing.replayLsn !== null;
    });
    await fresh();
    let body: { items: { id: string }[] } = { items: [] };
    const listed = await onReplicaCount(async () => {
      body = (await list(w.tokens.manager)).body;
    });
    expect(listed).toBeGreaterThan(0);
    expect(body.items.map((i) => i.id)).toContain(c.id);
    await fresh(); // on a loaded machine the list alone may take longer than the lag bound
    const dashboard = await onReplicaCount(() =>
      http.get(`/api/dashboard/summary?unitId=${w.county.id}`).set(bearer(w.tokens.manager)).expect(200),
    );
    expect(dashboard).toBeGreaterThan(0);
    // seen from the replica's side too: the API holds connections to it
    expect(await apiConnectionsOnReplica()).toBeGreaterThan(0);
    // a case's detail (what a user just changed) never comes from the replica
    expect(
      await onReplicaCount(() => http.get(`/api/cases/${c.id}`).set(bearer(w.tokens.manager)).expect(200)),
    ).toBe(0);
  });

  it('reads back a user’s own write at once, and never reads a replica beyond the lag bound', async () => {
    await fresh();
    // the replica stops replaying: from now on it falls behind the primary
    await replica.query('SELECT pg_wal_replay_pause()');
    try {
      const c = await openCase(http, w.tokens.instructor, w.enterprise.id, { title: '读己之写' });
      // the writer's list right after the write: from the primary (the replica has not got the case)
      let mine: { items: { id: string }[] } = { items: [] };
      expect(
        await onReplicaCount(async () => {
          mine = (await list(w.tokens.instructor)).body;
        }),
      ).toBe(0);
      expect(mine.items.map((i) => i.id)).toContain(c.id);
      // another user, once the replica is further behind than the bound, reads from the primary too
      await until(
        'the replica to fall beyond the lag bound',
        () => Date.now() - routing.freshAsOf > MAX_LAG_MS,
        10_000,
      );
      let theirs: { items: { id: string }[] } = { items: [] };
      expect(
        await onReplicaCount(async () => {
          theirs = (await list(w.tokens.manager)).body;
        }),
      ).toBe(0);
      expect(theirs.items.map((i) => i.id)).toContain(c.id);
    } finally {
      await replica.query('SELECT pg_wal_replay_resume()');
    }
    // replaying again: the writer's reads go back to the replica once it has passed the write
    await until('the replica to catch up', async () => {
      await fresh();
      return routing.replicaMayAnswer((w.users['instructor'] as { id: string }).id);
    });
    expect(await onReplicaCount(() => list(w.tokens.instructor))).toBeGreaterThan(0);
  });

  it('shows the replicas on /metrics: their pool, their staleness, and the statements they answered', async () => {
    await fresh();
    await list(w.tokens.manager);
    const text = (await http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200))
      .text;
    const value = (series: string) => {
      const line = text.split('\n').find((l) => l.startsWith(`${series} `));
      return line === undefined ? undefined : Number(line.slice(series.length + 1));
    };
    expect(value('taizhang_db_replica_pool_connections{replica="0",state="total"}')).toBeGreaterThan(0);
    expect(value('taizhang_db_replica_up')).toBe(1);
    expect((await http.get('/api/health/ready').expect(200)).body).toEqual({
      status: 'ok',
      db: 'up',
      replicas: 'up',
    });
    const staleness = value('taizhang_db_replica_staleness_seconds');
    expect(staleness).toBeGreaterThanOrEqual(0);
    expect(staleness).toBeLessThan(MAX_LAG_MS / 1000);
    expect(value('taizhang_db_replica_statements_total{outcome="replica"}')).toBe(
      replicaCounters.replicaStatements,
    );
    expect(replicaCounters.replicaStatements).toBeGreaterThan(0);
  });
  it('builds an export from the replica once it has replayed the request, the requester’s last write in it', async () => {
    await fresh();
    await replica.query('SELECT pg_wal_replay_pause()');
    let resumed = false;
    try {
      // written and asked for while the replica replays nothing: the replica lacks both
      const c = await openCase(http, w.tokens.instructor, w.enterprise.id, { title: '导出读副本' });
      const e = (await http.post('/api/exports').set(bearer(w.tokens.instructor)).send({}).expect(202))
        .body as ExportDto;
      const building = buildExport(api.ds, e.id, { replica: { waitMs: 20_000 } });
      // the build waits for the replica instead of reading it behind: seen on the replica, its connection
      // asking how far replay has got (the API's own checks ask without a position)
      await until('the build to poll the replica’s replay position', async () => {
        const { rows } = await replica.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE application_name = 'taizhang' AND query LIKE '%pg_last_wal_replay_lsn() >= $1::pg_lsn%'`,
        );
        return rows[0].n > 0;
      });
      await replica.query('SELECT pg_wal_replay_resume()');
      resumed = true;
      expect(await building).toMatchObject({ result: 'done', readFrom: 'replica' });
      expect(await exportedLedgerNos(http, w.tokens.instructor, e.id)).toContain(c.ledgerNo);
    } finally {
      if (!resumed) await replica.query('SELECT pg_wal_replay_resume()');
    }
  });

  it('builds an export from the primary when the replica stays behind longer than it may wait', async () => {
    await fresh();
    await replica.query('SELECT pg_wal_replay_pause()');
    try {
      const c = await openCase(http, w.tokens.instructor, w.enterprise.id, { title: '导出回主库' });
      const e = (await http.post('/api/exports').set(bearer(w.tokens.instructor)).send({}).expect(202))
        .body as ExportDto;
      expect(await buildExport(api.ds, e.id, { replica: { waitMs: 300 } })).toMatchObject({
        result: 'done',
        readFrom: 'primary',
      });
      expect(await exportedLedgerNos(http, w.tokens.instructor, e.id)).toContain(c.ledgerNo);
    } finally {
      await replica.query('SELECT pg_wal_replay_resume()');
    }
  });

  // last: it stops the replica
  it('keeps answering (from the primary) when the replica dies while the API runs', async () => {
    await fresh();
    const c = await openCase(http, w.tokens.instructor, w.enterprise.id, { title: '副本宕机' });
    await replica.end().catch(() => undefined);
    check(asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']), 'pg_ctl stop');
    // at once, before any check has noticed: statements sent to the replica are answered by the primary
    const mine = await http.get('/api/cases?pageSize=50').set(bearer(w.tokens.manager)).expect(200);
    expect((mine.body as { items: { id: string }[] }).items.map((i) => i.id)).toContain(c.id);
    await http.get(`/api/dashboard/summary?unitId=${w.county.id}`).set(bearer(w.tokens.manager)).expect(200);
    await http.get('/api/cases/export.xlsx').set(bearer(w.tokens.manager)).expect(200);
    await until('the replica check to see it down', () => routing.replicaState === 'down');
    expect((await http.get('/api/health/ready').expect(200)).body).toEqual({
      status: 'ok',
      db: 'up',
      replicas: 'down',
    });
    const statements = replicaCounters.replicaStatements;
    await http.get('/api/cases?pageSize=50').set(bearer(w.tokens.manager)).expect(200);
    expect(replicaCounters.replicaStatements).toBe(statements);
    const e = (await http.post('/api/exports').set(bearer(w.tokens.instructor)).send({}).expect(202))
      .body as ExportDto;
    expect(await buildExport(api.ds, e.id, { replica: { waitMs: 1000 } })).toMatchObject({
      result: 'done',
      readFrom: 'primary',
    });
  });
});
