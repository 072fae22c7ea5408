import { EntityManager } from 'typeorm';
import type { CasesRow, LockedCaseRow } from '../cases/case-rows';
import { ConfirmationLinkSmsPayload, JOBS, JOB_QUEUE, confirmationLinkSmsJobId } from '@taizhang/queue';

/**
 * The one-time confirmation links of issue 13: stored by the SHA-256 of the token (never the token), one
 * answer each. The case itself changes only through `applyTransitions`; these statements keep the links.
 */
type Queryable = Pick<EntityManager, 'query'>;

/** What the API needs of a case to decide whether a link may be issued (and to whom an SMS goes). */
export interface CaseForLinkRow {
  ledgerNo: string;
  id: string;
  status: string;
  townId: string;
  enterpriseId: string;
  contactPhone: string;
  /** The caller is one of the case's enterprise's instructors. */
  mine: boolean;
}

export interface ConfirmationLinkRow {
  id: string;
  caseId: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

/** One line of the public timeline: a step, its time and the unit, never a person or an internal comment. */
export interface PublicStepRow {
  type: string;
  at: Date;
  toStatus: string;
  unitName: string;
}

/** The case as the enterprise's contact may see it. */
export interface PublicCaseRow {
  id: string;
  ledgerNo: string;
  title: string;
  description: string;
  status: string;
  resolution: string | null;
  enterpriseName: string;
  openedAt: Date;
  resolvedAt: Date | null;
  closedAt: Date | null;
  rating: number | null;
}

/** The case (any state) for the link endpoint, with the caller's relation to its enterprise. */
export async function caseForLink(
  q: Queryable,
  caseId: string,
  userId: string,
): Promise<CaseForLinkRow | null> {
  const rows: {
    id: string;
    ledger_no: string;
    status: string;
    town_id: string;
    enterprise_id: string;
    contact_phone: string | null;
    mine: boolean;
  }[] = await q.query(
    `SELECT c.id, c.ledger_no, c.status, c.town_id, c.enterprise_id, e.contact_phone,
            EXISTS (SELECT 1 FROM enterprise_instructors ei WHERE ei.enterprise_id = e.id AND ei.user_id = $2) AS mine
       FROM cases c JOIN enterprises e ON e.id = c.enterprise_id WHERE c.id = $1`,
    [caseId, userId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    ledgerNo: r.ledger_no,
    status: r.status,
    townId: r.town_id,
    enterpriseId: r.enterprise_id,
    contactPhone: r.contact_phone ?? '',
    mine: Boolean(r.mine),
  };
}

/**
 * Store a new link for the case and revoke the older unused ones (issuing a link invalidates the earlier
 * ones, so only the link last handed out works).
 */
export async function issueConfirmationLink(
  q: Queryable,
  link: {
    id: string;
    caseId: string;
    tokenHash: Buffer;
    createdById: string | null;
    expiresAt: Date;
    now: Date;
  },
): Promise<void> {
  await q.query(
    `UPDATE confirmation_links SET revoked_at = $2
      WHERE case_id = $1 AND used_at IS NULL AND revoked_at IS NULL`,
    [link.caseId, link.now],
  );
  await q.query(
    `INSERT INTO confirmation_links (id, case_id, token_hash, created_by_id, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [link.id, link.caseId, link.tokenHash, link.createdById, link.now, link.expiresAt],
  );
}

/** The link with this token hash; `lock`: FOR UPDATE, so two answers through one link are one after the other. */
export async function findConfirmationLink(
  q: Queryable,
  tokenHash: Buffer,
  lock = false,
): Promise<ConfirmationLinkRow | null> {
  const rows: {
    id: string;
    case_id: string;
    created_at: Date;
    expires_at: Date;
    used_at: Date | null;
    revoked_at: Date | null;
  }[] = await q.query(
    `SELECT id, case_id, created_at, expires_at, used_at, revoked_at FROM confirmation_links WHERE token_hash = $1${
      lock ? ' FOR UPDATE' : ''
    }`,
    [tokenHash],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    caseId: r.case_id,
    createdAt: new Date(r.created_at),
    expiresAt: new Date(r.expires_at),
    usedAt: r.used_at ? new Date(r.used_at) : null,
    revokedAt: r.revoked_at ? new Date(r.revoked_at) : null,
  };
}

/** The link took its one answer. */
/**
 * Whether a link still works at `now` (the SMS job asks before sending it): unused, not replaced, not expired,
 * and its case still resolved, not resolved again since the link was made.
 */
export async function confirmationLinkStillUsable(q: Queryable, linkId: string, now: Date): Promise<boolean> {
  const rows: unknown[] = await q.query(
    `SELECT 1 FROM confirmation_links l JOIN cases c ON c.id = l.case_id
      WHERE l.id = $1 AND l.used_at IS NULL AND l.revoked_at IS NULL AND l.expires_at > $2
        AND c.status = 'resolved' AND (c.resolved_at IS NULL OR c.resolved_at <= l.created_at)`,
    [linkId, now],
  );
  return rows.length > 0;
}

export async function markConfirmationLinkUsed(q: Queryable, id: string, at: Date): Promise<void> {
  await q.query(`UPDATE confirmation_links SET used_at = $2 WHERE id = $1`, [id, at]);
}

/** The case as its enterprise may see it (no people, no internal comments). */
export async function publicCase(q: Queryable, caseId: string): Promise<PublicCaseRow | null> {
  const rows: (Pick<
    CasesRow,
    | 'id'
    | 'ledger_no'
    | 'title'
    | 'description'
    | 'status'
    | 'resolution'
    | 'opened_at'
    | 'resolved_at'
    | 'closed_at'
    | 'rating'
  > & { enterprise_name: string })[] = await q.query(
    `SELECT c.id, c.ledger_no, c.title, c.description, c.status, c.resolution, c.opened_at, c.resolved_at,
            c.closed_at, c.rating, e.name AS enterprise_name
       FROM cases c JOIN enterprises e ON e.id = c.enterprise_id WHERE c.id = $1`,
    [caseId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    ledgerNo: r.ledger_no,
    title: r.title,
    description: r.description,
    status: r.status,
    resolution: r.resolution ?? null,
    enterpriseName: r.enterprise_name,
    openedAt: new Date(r.opened_at),
    resolvedAt: r.resolved_at ? new Date(r.resolved_at) : null,
    closedAt: r.closed_at ? new Date(r.closed_at) : null,
    rating: r.rating == null ? null : Number(r.rating),
  };
}

/**
 * The steps of a case for its enterprise: the moves only (opened, assigned, escalated, returned, resolved,
 * confirmed, reopened …), each with its time and the unit it left the case with. Comments, urges and
 * deadline marks are internal and left out; so are the people and every reason.
 */
export async function publicTimeline(q: Queryable, caseId: string): Promise<PublicStepRow[]> {
  const rows: { type: string; at: Date; to_status: string; unit_name: string }[] = await q.query(
    `SELECT ev.type, ev.at, ev.to_status, u.name AS unit_name
       FROM case_events ev JOIN units u ON u.id = ev.to_unit_id
      WHERE ev.case_id = $1 AND ev.type NOT IN ('comment', 'urge', 'overdue')
      ORDER BY ev.seq`,
    [caseId],
  );
  return rows.map((r) => ({
    type: r.type,
    at: new Date(r.at),
    toStatus: r.to_status,
    unitName: r.unit_name,
  }));
}

/** The case row (`cases.*`, with its enterprise's key flag) locked for a change through a link. */
export async function lockCaseRow(q: Queryable, caseId: string): Promise<LockedCaseRow | null> {
  const rows: LockedCaseRow[] = await q.query(
    `SELECT c.*, e.key AS enterprise_key FROM cases c JOIN enterprises e ON e.id = c.enterprise_id
      WHERE c.id = $1 FOR UPDATE OF c`,
    [caseId],
  );
  return rows[0] ?? null;
}

/** Queue the SMS that carries the link to the enterprise's contact (outbox → the notifications queue). */
export async function enqueueConfirmationLinkSms(
  q: Queryable,
  p: {
    linkId: string;
    caseId: string;
    ledgerNo: string;
    phone: string;
    url: string;
    expiresAt: Date;
    now: Date;
    requestId?: string;
  },
): Promise<void> {
  const payload: ConfirmationLinkSmsPayload = {
    linkId: p.linkId,
    caseId: p.caseId,
    ledgerNo: p.ledgerNo,
    phone: p.phone,
    url: p.url,
    expiresAt: p.expiresAt.toISOString(),
    ...(p.requestId ? { requestId: p.requestId } : {}),
  };
  await q.query(`INSERT INTO outbox (queue, name, job_id, payload, run_at) VALUES ($1, $2, $3, $4, $5)`, [
    JOB_QUEUE[JOBS.confirmationLinkSms],
    JOBS.confirmationLinkSms,
    confirmationLinkSmsJobId(p.linkId),
    JSON.stringify(payload),
    p.now,
  ]);
}
