import { Inject, Injectable } from '@nestjs/common';
import { Actor, CaseCommand, NO_RELATION, decide } from '@taizhang/domain';
import {
  applyTransitions,
  caseForLink,
  enqueueConfirmationLinkSms,
  findConfirmationLink,
  issueConfirmationLink,
  lockCaseRow,
  markConfirmationLinkUsed,
  publicCase,
  publicTimeline,
  rowToSnapshot,
} from '@taizhang/db';
import { v7 as uuidv7 } from 'uuid';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../../core/auth';
import { APP_CONFIG, AppConfig } from '../../core/config';
import { ApiError, fromRefusal } from '../../core/errors';
import { CasesService } from '../cases/cases.service';
import { ReferenceCache } from '../reference/reference-cache.service';
import { ConfirmationTokens } from './confirmation-token';
import { AnswerConfirmationDto } from './dto/answer-confirmation.dto';
import { CreateConfirmationLinkDto } from './dto/create-confirmation-link.dto';
import { ConfirmationAnswer, ConfirmationLink, PublicConfirmation } from './dto/confirmations.responses';

const DAY_MS = 24 * 3600_000;

/** The enterprise's contact, answering through a link: no account, so no user id (the event's actor is null). */
const ENTERPRISE: Actor = { id: 'enterprise-link', role: 'enterprise', relation: NO_RELATION };

/**
 * A link confirms the resolution it was issued for: if the case was reopened (by the instructor, the bureau
 * or a refusal) and resolved again since, the case's resolved_at is newer than the link, and the link is stale.
 */
function resolvedSince(linkCreatedAt: Date, resolvedAt: Date | null): boolean {
  return resolvedAt !== null && resolvedAt.getTime() > linkCreatedAt.getTime();
}

function unknownLink(): ApiError {
  return new ApiError('CONFIRMATION.NOT_FOUND', 'This confirmation link is not valid (链接无效)');
}

/**
 * The enterprise confirms by itself (issue 13): one-time links issued for a resolved case, the public view
 * behind them, and the answer, which goes through the same rules (`decide`) and the same write
 * (`applyTransitions`) as an instructor's confirm or reopen, with the enterprise as the actor.
 */
@Injectable()
export class ConfirmationsService {
  private readonly tokens: ConfirmationTokens;

  constructor(
    private readonly ds: DataSource,
    private readonly cases: CasesService,
    private readonly refs: ReferenceCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.tokens = new ConfirmationTokens(config.confirmLinkSecret, config.jwtSecret);
  }

  /**
   * A new link for a resolved case: for an instructor of the case's enterprise, a coordinator of its town, or
   * an admin. A case the caller cannot see is a 404, one he can see but not speak for a 403, one not resolved
   * a 409. The new link revokes the case's earlier unused ones.
   */
  async issue(
    user: AuthUser,
    caseId: string,
    dto: CreateConfirmationLinkDto,
    requestId?: string,
    now: Date = new Date(),
  ): Promise<ConfirmationLink> {
    const c = await caseForLink(this.ds, caseId, user.id);
    const may =
      !!c &&
      (user.role === 'admin' ||
        (user.role === 'instructor' && c.mine) ||
        (user.role === 'coordinator' && c.townId === user.unitId));
    if (!c || !may) {
      await this.cases.get(user, caseId); // 404 when the case is not in the caller's jurisdiction
      throw new ApiError(
        'CASE.NOT_IN_JURISDICTION',
        "Only an instructor of the case's enterprise or a coordinator of its town issues confirmation links",
      );
    }
    if (c.status !== 'resolved') {
      throw new ApiError(
        'CASE.NOT_ALLOWED_IN_STATE',
        `A confirmation link is issued for a resolved case only (this one is ${c.status})`,
      );
    }
    const phone = c.contactPhone.trim();
    if (dto.sendSms && !phone) {
      throw ApiError.invalid(
        'sendSms',
        'the enterprise has no contact phone: add one to the enterprise, or show the QR code',
      );
    }
    const { token, hash } = this.tokens.issue();
    const id = uuidv7();
    const expiresAt = new Date(now.getTime() + this.config.confirmLinkTtlDays * DAY_MS);
    const url = `${this.config.publicUrl}/confirm/${token}`;
    await this.ds.transaction(async (m) => {
      await issueConfirmationLink(m, { id, caseId, tokenHash: hash, createdById: user.id, expiresAt, now });
      if (dto.sendSms) {
        await enqueueConfirmationLinkSms(m, {
          linkId: id,
          caseId,
          ledgerNo: c.ledgerNo,
          phone,
          url,
          expiresAt,
          now,
          requestId,
        });
      }
    });
    return { url, token, expiresAt: expiresAt.toISOString(), smsQueued: Boolean(dto.sendSms) };
  }

  /** The public view behind a link: the problem, the resolution and the steps (units and times only). */
  async view(token: string, now: Date = new Date()): Promise<PublicConfirmation> {
    const { link, caseId } = await this.usableLink(this.ds.manager, token, now, false);
    const [c, steps] = await Promise.all([publicCase(this.ds, caseId), publicTimeline(this.ds, caseId)]);
    if (!c) throw unknownLink();
    if (c.status !== 'resolved') throw this.noLongerOpen();
    if (resolvedSince(link.createdAt, c.resolvedAt)) throw this.resolvedAgain();
    return {
      ledgerNo: c.ledgerNo,
      enterpriseName: c.enterpriseName,
      title: c.title,
      description: c.description,
      resolution: c.resolution,
      status: c.status as PublicConfirmation['status'],
      openedAt: c.openedAt.toISOString(),
      resolvedAt: c.resolvedAt?.toISOString() ?? null,
      expiresAt: link.expiresAt.toISOString(),
      steps: steps.map((s) => ({
        type: s.type as PublicConfirmation['steps'][number]['type'],
        at: s.at.toISOString(),
        status: s.toStatus as PublicConfirmation['steps'][number]['status'],
        unitName: s.unitName,
      })),
    };
  }

  /** The enterprise's one answer: accept → closed (销号); refuse (a reason needed) → reopened where it was resolved. */
  async answer(
    token: string,
    dto: AnswerConfirmationDto,
    requestId?: string,
    now: Date = new Date(),
  ): Promise<ConfirmationAnswer> {
    const comment = dto.comment?.trim() ?? '';
    if (!dto.accept && !comment) {
      throw ApiError.invalid('comment', 'say why the problem is not solved (a refusal needs a reason)');
    }
    return this.ds.transaction(async (m) => {
      const { link, caseId } = await this.usableLink(m, token, now, true);
      const row = await lockCaseRow(m, caseId);
      if (!row) throw unknownLink();
      if (row.status !== 'resolved') throw this.noLongerOpen();
      const resolvedAt = row.resolved_at ? new Date(row.resolved_at) : null;
      if (resolvedSince(link.createdAt, resolvedAt)) throw this.resolvedAgain();
      const command: CaseCommand = dto.accept
        ? { action: 'confirm', rating: dto.rating, comment }
        : { action: 'reopen', reason: comment, rating: dto.rating };
      const before = rowToSnapshot(row);
      const decision = decide(before, ENTERPRISE, command, now);
      if (!decision.ok) throw fromRefusal(decision);
      const { next } = decision;
      const { deadlines, scheduled, event } = await this.refs.deadlinesAfter(
        row,
        before,
        next,
        decision.event,
        now,
      );
      await applyTransitions(m, [
        { row, events: [event], next, actorId: null, at: now, deadlines, scheduled, requestId },
      ]);
      await markConfirmationLinkUsed(m, link.id, now);
      return { accepted: dto.accept, status: next.status, rating: dto.rating };
    });
  }

  /** The link behind a token, if it still works: unknown or tampered → 404; used, replaced or expired → 410. */
  private async usableLink(m: EntityManager, token: string, now: Date, lock: boolean) {
    const hash = this.tokens.verify(token);
    if (!hash) throw unknownLink();
    const link = await findConfirmationLink(m, hash, lock);
    if (!link) throw unknownLink();
    if (link.usedAt) {
      throw new ApiError('CONFIRMATION.USED', 'This confirmation link has already been used (已使用)');
    }
    if (link.revokedAt) {
      throw new ApiError(
        'CONFIRMATION.EXPIRED',
        'This confirmation link was replaced by a newer one (已失效)',
      );
    }
    if (link.expiresAt.getTime() <= now.getTime()) {
      throw new ApiError('CONFIRMATION.EXPIRED', 'This confirmation link has expired (已失效)');
    }
    return { link, caseId: link.caseId };
  }

  private resolvedAgain(): ApiError {
    return new ApiError(
      'CONFIRMATION.EXPIRED',
      'The case was reopened and resolved again after this link was issued: ask for a new link (已失效)',
    );
  }

  private noLongerOpen(): ApiError {
    return new ApiError(
      'CONFIRMATION.EXPIRED',
      'The case is no longer waiting for your confirmation: it was confirmed or reopened already (已失效)',
    );
  }
}
