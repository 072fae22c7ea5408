import { Injectable } from '@nestjs/common';
import type { Page } from '@taizhang/contracts';
import { Assignee, assigneesOfUnit, unitWithin } from '@taizhang/db';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../core/auth';
import { ApiError } from '../../core/errors';
import { ListAssigneesQuery } from './dto/list-assignees.dto';

@Injectable()
export class AssigneesService {
  constructor(private readonly ds: DataSource) {}

  /**
   * The people of a unit a case can be assigned to, searchable, with their open cases. Jurisdiction: an admin
   * any unit, a coordinator or officer his own unit, a manager his unit and the units under it; any other unit
   * is a 404, as if it did not exist.
   */
  async list(user: AuthUser, unitId: string, q: ListAssigneesQuery): Promise<Page<Assignee>> {
    if (!(await this.mayList(user, unitId))) throw ApiError.notFound('Unit');
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { rows, total } = await assigneesOfUnit(
      this.ds.manager,
      unitId,
      q.q,
      pageSize,
      (page - 1) * pageSize,
    );
    return { items: rows, total, page, pageSize };
  }

  private async mayList(user: AuthUser, unitId: string): Promise<boolean> {
    if (user.role === 'admin') {
      return unitWithin(this.ds.manager, unitId, unitId);
    }
    if (!user.unitId) return false;
    if (user.role === 'coordinator' || user.role === 'bureau_officer') return user.unitId === unitId;
    if (user.role === 'manager') return unitWithin(this.ds.manager, unitId, user.unitId);
    return false;
  }
}
