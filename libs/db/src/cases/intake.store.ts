import type { DataSource, EntityManager } from 'typeorm';
import { PgQueryable, prepared, queryPrepared } from '../prepared';
import { ALL_SCOPE, StatsDeltas, dailyParams, statsParams } from '../stats/case-counters.store';
import { openedNotificationParams } from './case-notify.store';
import { ENTERPRISE_FOR_OPENER, INTAKE_WRITE_NAME, INTAKE_WRITE_SQL } from './intake.sql';
import { OutboxDraft, outboxParams } from './case-writes';

/** Anything that runs SQL: a DataSource, an EntityManager, a QueryRunner. */
type Queryable = Pick<EntityManager, 'query'>;

/** The enterprise a case is opened for, as the opener sees it. */
export interface EnterpriseForOpenerRow {
  id: string;
  name: string;
  key: boolean;
  town_id: string;
  town_code: string;
  town_name: string;
  county_id: string | null;
  city_id: string | null;
  /** The opener is one of its instructors. */
  mine: boolean;
  actor_name: string | null;
}

/** What the intake statement answers: the enterprise, and what it wrote (no ledger number: nothing). */
export interface IntakeRow extends EnterpriseForOpenerRow {
  /** The deadline variant written: 0 plain, 1 key enterprise. */
  v: number | null;
  event_id: string | null;
  ledger_no: string | null;
}

/** The enterprise ($1) and the opener's ($2) relation to it, read on its own (a refusal before writing). */
export async function enterpriseForOpener(
  q: Queryable,
  enterpriseId: string,
  openerId: string,
): Promise<EnterpriseForOpenerRow | undefined> {
  const [row]: EnterpriseForOpenerRow[] = await q.query(ENTERPRISE_FOR_OPENER, [enterpriseId, openerId]);
  return row;
}

const INTAKE_WRITE = prepared(INTAKE_WRITE_NAME, INTAKE_WRITE_SQL);

/** One deadline variant of a new case: index 0 for a plain enterprise, 1 for a key one. */
export interface IntakeVariant {
  respondBy: Date;
  resolveBy: Date;
  /** The open event's payload. */
  payload: Record<string, unknown>;
}

/** Everything the intake statement writes, decided before it runs. */
export interface IntakeInput {
  enterpriseId: string;
  openerId: string;
  openerRole: string;
  openerUnitId: string | null;
  year: number;
  caseId: string;
  /** What follows the town code in the ledger number (`ledgerNoPrefix('', year)`). */
  ledgerNoPrefix: string;
  categoryCode: string;
  title: string;
  description: string;
  priority: string;
  openedAt: Date;
  /** The plain and the key enterprise's deadlines. */
  variants: [IntakeVariant, IntakeVariant];
  /** What opening the case adds to the counters, for ALL_SCOPE: written once for each unit of its scope. */
  template: StatsDeltas;
  /** The deadline outbox rows of both variants, each with its variant. */
  outbox: { row: OutboxDraft; v: number }[];
  /** The local day of `openedAt` (the scorecard's `received`). */
  localDay: string;
  requestId?: string;
}

/** Open a case (the intake statement), on the pool or on the connection of a transaction. */
export async function writeIntake(
  db: DataSource | PgQueryable,
  x: IntakeInput,
): Promise<IntakeRow | undefined> {
  const rows = await queryPrepared<IntakeRow>(db, INTAKE_WRITE, [
    x.enterpriseId,
    x.openerId,
    x.openerRole,
    x.openerUnitId,
    x.year,
    x.caseId,
    x.ledgerNoPrefix,
    x.categoryCode,
    x.title,
    x.description,
    x.priority,
    x.openedAt,
    x.variants.map((v) => v.respondBy),
    x.variants.map((v) => v.resolveBy),
    x.variants.map((v) => JSON.stringify(v.payload)),
    ALL_SCOPE,
    ...statsParams(x.template),
    ...dailyParams(x.template),
    ...outboxParams(x.outbox.map((o) => o.row)),
    x.outbox.map((o) => o.v),
    x.localDay,
    ...openedNotificationParams(x.title, x.requestId),
  ]);
  return rows[0];
}
