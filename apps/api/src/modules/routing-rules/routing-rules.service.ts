import { Injectable } from '@nestjs/common';
import type { RoutingRuleDto } from '@taizhang/contracts';
import { CategoryEntity, RoutingRuleEntity, UnitEntity } from '@taizhang/db';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../core/auth';
import { ApiError } from '../../core/errors';
import { AuditService } from '../audit/audit.service';
import { PutRoutingRulesDto } from './dto/routing-rules.dto';

/** Routing rules: (category, county or city) → the bureau an escalated case goes to. Replaced as a whole. */
@Injectable()
export class RoutingRulesService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<RoutingRuleDto[]> {
    const rows = await this.ds
      .getRepository(RoutingRuleEntity)
      .find({ order: { unitId: 'ASC', categoryCode: 'ASC' } });
    return rows.map(({ categoryCode, unitId, bureauId }) => ({ categoryCode, unitId, bureauId }));
  }

  async replace(actor: AuthUser, dto: PutRoutingRulesDto): Promise<RoutingRuleDto[]> {
    const units = new Map((await this.ds.getRepository(UnitEntity).find()).map((u) => [u.id, u]));
    const categories = new Set((await this.ds.getRepository(CategoryEntity).find()).map((c) => c.code));
    // Rules kept exactly as they are may still name a unit disabled since; a new or changed rule may not.
    const current = new Set(
      (await this.ds.getRepository(RoutingRuleEntity).find()).map(
        (r) => `${r.categoryCode}/${r.unitId}/${r.bureauId}`,
      ),
    );
    const seen = new Set<string>();
    dto.rules.forEach((r, i) => {
      const kept = current.has(`${r.categoryCode}/${r.unitId}/${r.bureauId}`);
      const at = `rules[${i}]`;
      if (!categories.has(r.categoryCode))
        throw ApiError.invalid(`${at}.categoryCode`, `no category ${r.categoryCode}`);
      const unit = units.get(r.unitId);
      if (!unit || (unit.kind !== 'county' && unit.kind !== 'city'))
        throw ApiError.invalid(`${at}.unitId`, 'must be a county or a city');
      const bureau = units.get(r.bureauId);
      if (!bureau || bureau.kind !== 'bureau' || bureau.parentId !== unit.id) {
        throw ApiError.invalid(`${at}.bureauId`, 'must be a bureau attached to that county or city');
      }
      if (!kept && !unit.active)
        throw ApiError.invalid(
          `${at}.unitId`,
          `${unit.name} is disabled: route for an enabled county or city`,
        );
      if (!kept && !bureau.active)
        throw ApiError.invalid(`${at}.bureauId`, `${bureau.name} is disabled: route to an enabled bureau`);
      const key = `${r.categoryCode}/${r.unitId}`;
      if (seen.has(key)) throw ApiError.invalid(`${at}`, 'a second rule for the same category and unit');
      seen.add(key);
    });
    await this.ds.transaction(async (m) => {
      const before = (
        await m.getRepository(RoutingRuleEntity).find({ order: { unitId: 'ASC', categoryCode: 'ASC' } })
      ).map(({ categoryCode, unitId, bureauId }) => ({ categoryCode, unitId, bureauId }));
      await m.createQueryBuilder().delete().from(RoutingRuleEntity).execute();
      if (dto.rules.length) await m.getRepository(RoutingRuleEntity).insert(dto.rules.map((r) => ({ ...r })));
      const after = dto.rules.map(({ categoryCode, unitId, bureauId }) => ({
        categoryCode,
        unitId,
        bureauId,
      }));
      await this.audit.record(m, actor, 'routing_rules', null, 'replace', before, after);
    });
    return this.list();
  }
}
