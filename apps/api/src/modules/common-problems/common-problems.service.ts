import { Injectable } from '@nestjs/common';
import {
  CaseStatus,
  CaseLevel,
  FINISHED_STATUSES,
  GroupAction,
  mayActOnGroup,
  MemberRefusal,
  groupActionRefusal,
  groupUnitFor,
  mayGroup,
  mayManageGroup,
  memberCountRefusal,
  memberRefusals,
  rankSimilar,
  SIMILARITY_THRESHOLD,
} from '@taizhang/domain';
import {
  caseVisibility,
  CaseTransition,
  CommonProblemRow,
  applyTransitions,
  commonProblemMemberIds,
  commonProblemMembers,
  deleteCommonProblemMember,
  enterpriseTown,
  findCommonProblem,
  insertCommonProblem,
  insertCommonProblemMembers,
  listCommonProblems,
  memberCandidates,
  similarCandidates,
  similarityProbe,
} from '@taizhang/db';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../../core/auth';
import { ApiError, ErrorCode, FieldError, fromRefusal } from '../../core/errors';
import { CasesService } from '../cases/cases.service';
import type { AddCommonProblemMembersDto } from './dto/add-members.dto';
import type { CommonProblemActionDto } from './dto/common-problem-action.dto';
import type { CreateCommonProblemDto } from './dto/create-common-problem.dto';
import type { ListCommonProblemsQuery } from './dto/list-common-problems.query';
import type { SimilarCasesRequestDto } from './dto/similar-cases.dto';
import type { CommonProblem, CommonProblemDetail, SimilarCase } from './dto/common-problems.responses';

/** How many of the newest pending cases of the category and holder the similarity is computed over. */
export const SIMILAR_CANDIDATES = 500;

interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

function toDto(g: CommonProblemRow): CommonProblem {
  return {
    id: g.id,
    title: g.title,
    unitId: g.unitId,
    unitName: g.unitName,
    createdById: g.createdById,
    createdByName: g.createdByName,
    createdAt: g.createdAt.toISOString(),
    updatedAt: g.updatedAt.toISOString(),
    memberCount: g.members,
    pendingCount: g.pending,
    enterpriseCount: g.enterprises,
  };
}

const notFound = () =>
  new ApiError('COMMON_PROBLEM.NOT_FOUND', 'No common problem with this id in your jurisdiction');

/** Refusals of several cases as one answer: the shared code if they share one, else MEMBERS_REFUSED (409). */
function refusedMembers(refusals: (MemberRefusal & { ledgerNo?: string })[], what: string): ApiError {
  const codes = new Set(refusals.map((r) => r.code));
  const code = (codes.size === 1 ? [...codes][0] : 'COMMON_PROBLEM.MEMBERS_REFUSED') as ErrorCode;
  const errors: FieldError[] = refusals.map((r) => ({
    field: `caseIds.${r.caseId}`,
    message: `${r.ledgerNo ? `${r.ledgerNo}: ` : ''}${r.code}: ${r.message}`,
  }));
  return new ApiError(code, `${refusals.length} case(s) ${what}: nothing was changed`, { errors });
}

/**
 * 共性问题: similar-case suggestions, grouping cases into a common problem, and acting on all its members at
 * once through the one write path (each member decided by the cases module's rules, written together).
 */
@Injectable()
export class CommonProblemsService {
  constructor(
    private readonly ds: DataSource,
    private readonly cases: CasesService,
  ) {}

  // ------------------------------------------------------------ suggestions
  /** Similar pending cases for a case being opened: same category, held by the enterprise's town, visible to you. */
  async similarForNew(user: AuthUser, dto: SimilarCasesRequestDto): Promise<Paged<SimilarCase>> {
    if ((await this.cases.categoryForNewCase(dto.categoryCode)) === 'unknown') {
      throw ApiError.invalid('categoryCode', `no category "${dto.categoryCode}" (see GET /api/categories)`);
    }
    const town = await enterpriseTown(this.ds.manager, dto.enterpriseId);
    const limit = dto.limit ?? 10;
    // an enterprise that does not exist gives nothing (and one you cannot see gives nothing you cannot see)
    if (!town) return { items: [], total: 0, page: 1, pageSize: limit };
    return this.similar(user, { ...dto, holderUnitId: town }, limit);
  }

  /** Similar pending cases for a case: same category, held by the same unit, visible to you. 404: not yours. */
  async similarForCase(user: AuthUser, id: string, limit = 10): Promise<Paged<SimilarCase>> {
    const params: unknown[] = [];
    const probe = await similarityProbe(this.ds.manager, id, caseVisibility(user, params), params);
    if (!probe) throw new ApiError('CASE.NOT_FOUND', 'No case with this id in your jurisdiction');
    return this.similar(user, { ...probe, holderUnitId: probe.unitId, excludeCaseId: id }, limit);
  }

  private async similar(
    user: AuthUser,
    probe: {
      title: string;
      description?: string;
      categoryCode: string;
      holderUnitId: string;
      excludeCaseId?: string;
    },
    limit: number,
  ): Promise<Paged<SimilarCase>> {
    const params: unknown[] = [];
    const visibleWhere = caseVisibility(user, params);
    const candidates = await similarCandidates(this.ds.manager, {
      visibleWhere,
      params,
      categoryCode: probe.categoryCode,
      holderUnitId: probe.holderUnitId,
      excludeCaseId: probe.excludeCaseId,
      limit: SIMILAR_CANDIDATES,
    });
    const ranked = rankSimilar(probe, candidates, limit, SIMILARITY_THRESHOLD);
    return {
      items: ranked.map(({ item, score }) => ({
        id: item.id,
        ledgerNo: item.ledgerNo,
        title: item.title,
        status: item.status as CaseStatus,
        enterpriseId: item.enterpriseId,
        enterpriseName: item.enterpriseName,
        categoryCode: item.categoryCode,
        openedAt: item.openedAt.toISOString(),
        score: Math.round(score * 1000) / 1000,
        commonProblemId: item.commonProblemId,
      })),
      total: ranked.length,
      page: 1,
      pageSize: limit,
    };
  }

  // ------------------------------------------------------------ groups
  async list(user: AuthUser, q: ListCommonProblemsQuery): Promise<Paged<CommonProblem>> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { items, total } = await listCommonProblems(this.ds.manager, user, {
      page,
      pageSize,
      q: q.q?.trim(),
    });
    return { items: items.map(toDto), total, page, pageSize };
  }

  async get(user: AuthUser, id: string, m: EntityManager = this.ds.manager): Promise<CommonProblemDetail> {
    const g = await findCommonProblem(m, user, id);
    if (!g) throw notFound();
    const params: unknown[] = [];
    const visibleWhere = caseVisibility(user, params);
    const members = await commonProblemMembers(m, id, visibleWhere, params);
    return {
      ...toDto(g),
      members: members.map((x) => ({
        caseId: x.caseId,
        ledgerNo: x.ledgerNo,
        title: x.title,
        status: x.status as CaseStatus,
        level: x.level as CaseLevel,
        unitId: x.unitId,
        unitName: x.unitName,
        enterpriseId: x.enterpriseId,
        enterpriseName: x.enterpriseName,
        version: x.version,
        resolveBy: x.resolveBy?.toISOString() ?? null,
        overdue: x.overdue,
        addedAt: x.addedAt.toISOString(),
      })),
    };
  }

  async create(
    user: AuthUser,
    dto: CreateCommonProblemDto,
    clock: Date = new Date(),
  ): Promise<CommonProblemDetail> {
    if (!mayGroup(user)) {
      throw new ApiError(
        'COMMON_PROBLEM.CANNOT_GROUP',
        'Only town coordinators, bureau officers and admins group cases',
      );
    }
    const ids = [...new Set(dto.caseIds.map((x) => x.toLowerCase()))];
    const count = memberCountRefusal(ids.length);
    if (count) throw fromRefusal(count);
    const id = await this.ds.transaction(async (m) => {
      await this.checkNewMembers(m, user, null, ids);
      const gid = await insertCommonProblem(m, {
        title: dto.title.trim(),
        unitId: groupUnitFor(user),
        createdById: user.id,
        at: clock,
      });
      await this.insertMembers(m, gid, ids, user, clock);
      return gid;
    });
    return this.get(user, id);
  }

  async addMembers(
    user: AuthUser,
    id: string,
    dto: AddCommonProblemMembersDto,
    clock: Date = new Date(),
  ): Promise<CommonProblemDetail> {
    const ids = [...new Set(dto.caseIds.map((x) => x.toLowerCase()))];
    await this.ds.transaction(async (m) => {
      const g = await this.managedGroup(m, user, id);
      const count = memberCountRefusal(g.members + ids.length);
      if (count?.code === 'COMMON_PROBLEM.TOO_MANY') throw fromRefusal(count);
      await this.checkNewMembers(m, user, id, ids);
      await this.insertMembers(m, id, ids, user, clock);
    });
    return this.get(user, id);
  }

  async removeMember(
    user: AuthUser,
    id: string,
    caseId: string,
    clock: Date = new Date(),
  ): Promise<CommonProblemDetail> {
    await this.ds.transaction(async (m) => {
      await this.managedGroup(m, user, id);
      if (!(await deleteCommonProblemMember(m, id, caseId, clock))) {
        throw new ApiError('CASE.NOT_FOUND', 'This case is not a member of this common problem');
      }
    });
    return this.get(user, id);
  }

  /**
   * One action for every member, in ONE transaction through `applyTransitions`: each member case gets its own
   * event (its own ledger entry, its own notifications, and later its own enterprise confirmation). Members
   * already closed or cancelled are left as they are; every other member must be able to take the action, or
   * nothing is written and the answer names each refused case (409).
   */
  async act(
    user: AuthUser,
    id: string,
    dto: CommonProblemActionDto,
    requestId?: string,
    clock: Date = new Date(),
  ): Promise<CommonProblemDetail> {
    const wrongAction = groupActionRefusal(dto.action);
    if (wrongAction) throw fromRefusal(wrongAction);
    await this.ds.transaction(async (m) => {
      await this.managedGroup(m, user, id, dto.action as GroupAction);
      const memberIds = await commonProblemMemberIds(m, id);
      if (!memberIds.length) {
        throw new ApiError(
          'COMMON_PROBLEM.NO_OPEN_MEMBERS',
          'This common problem has no members (all were removed): add cases to it first',
        );
      }
      const rows = await this.cases.lockVisible(m, user, memberIds);
      const seen = new Set(rows.map((r) => r.id));
      const refusals: (MemberRefusal & { ledgerNo?: string })[] = memberIds
        .filter((x) => !seen.has(x))
        .map((caseId) => ({
          ok: false,
          caseId,
          code: 'CASE.NOT_FOUND' as never,
          message: 'not in your jurisdiction',
        }));
      const transitions: CaseTransition[] = [];
      for (const row of rows) {
        if (FINISHED_STATUSES.includes(row.status as CaseStatus)) continue;
        const decided = await this.cases.transitionFor(m, user, row, dto, clock, requestId);
        if (decided.ok) transitions.push(decided.transition);
        else
          refusals.push({
            ok: false,
            caseId: row.id,
            ledgerNo: row.ledger_no,
            code: decided.code as never,
            message: decided.message,
          });
      }
      if (refusals.length) throw refusedMembers(refusals, `cannot take "${dto.action}"`);
      if (!transitions.length) {
        throw new ApiError(
          'COMMON_PROBLEM.NO_OPEN_MEMBERS',
          'Every member is closed or cancelled: nothing to act on',
        );
      }
      const written = await applyTransitions(m, transitions);
      if (written.size !== transitions.length) {
        // rows are locked, so this means a bug, not a race: roll everything back
        throw new ApiError(
          'REQUEST.CONFLICT',
          'Some members changed while acting: nothing was changed, try again',
        );
      }
    });
    return this.get(user, id);
  }

  /** The group, locked, if the user may see and change it (404 / 403 otherwise). */
  private async managedGroup(
    m: EntityManager,
    user: AuthUser,
    id: string,
    action?: GroupAction,
  ): Promise<CommonProblemRow> {
    const g = await findCommonProblem(m, user, id, { lock: true });
    if (!g) throw notFound();
    const owner = { unitId: g.unitId, holderUnitIds: g.holderUnitIds };
    if (!(action ? mayActOnGroup(user, owner, action) : mayManageGroup(user, owner))) {
      throw new ApiError('COMMON_PROBLEM.CANNOT_GROUP', 'This common problem is not yours to change');
    }
    return g;
  }

  /** 404 for cases you cannot see; the domain's refusals (outside your unit, finished, in a group) as one 4xx. */
  private async checkNewMembers(
    m: EntityManager,
    user: AuthUser,
    groupId: string | null,
    ids: string[],
  ): Promise<void> {
    const params: unknown[] = [];
    const visibleWhere = caseVisibility(user, params);
    const found = await memberCandidates(m, ids, visibleWhere, params);
    const seen = new Set(found.map((c) => c.id));
    const missing = ids.filter((x) => !seen.has(x));
    if (missing.length) {
      throw new ApiError('CASE.NOT_FOUND', `${missing.length} case(s) not found in your jurisdiction`, {
        errors: missing.map((x) => ({
          field: `caseIds.${x}`,
          message: 'no case with this id in your jurisdiction',
        })),
      });
    }
    const refusals = memberRefusals(
      user,
      groupId,
      found.map((c) => ({ ...c, status: c.status as CaseStatus })),
    ).map((r) => ({ ...r, ledgerNo: found.find((c) => c.id === r.caseId)?.ledgerNo }));
    if (refusals.length) throw refusedMembers(refusals, 'cannot join');
  }

  private async insertMembers(
    m: EntityManager,
    gid: string,
    ids: string[],
    user: AuthUser,
    at: Date,
  ): Promise<void> {
    const added = await insertCommonProblemMembers(m, gid, ids, user.id, at);
    if (added.length !== ids.length) {
      throw new ApiError(
        'COMMON_PROBLEM.CASE_IN_OTHER_GROUP',
        'A case was put in another common problem just now: nothing was changed, reload and try again',
      );
    }
  }
}
