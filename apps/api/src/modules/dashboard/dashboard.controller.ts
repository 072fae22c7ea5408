import { Controller, Get, Module, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { DashboardSummaryResponse } from './dashboard.responses';
import type { DashboardSummary } from '@taizhang/contracts';
import { IsOptional, IsUUID } from 'class-validator';
import { AuthUser, CurrentUser } from '../../core/auth';
import { DashboardService } from './dashboard.service';

export class SummaryQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'a unit within your jurisdiction (default: all of it)',
  })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;
}

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get('summary')
  @ApiOkResponse({ type: DashboardSummaryResponse })
  @ApiNotFoundResponse({ description: 'unitId is not a unit in your jurisdiction' })
  @ApiOperation({
    operationId: 'getDashboardSummary',
    summary: 'Solved vs pending, overdue, by status/category/unit/level, 30-day trend, median hours to solve',
  })
  async summary(@CurrentUser() user: AuthUser, @Query() query: SummaryQuery): Promise<DashboardSummary> {
    const summary = await this.dashboard.summary(user, query.unitId);
    // 共性问题 (issue 15): groups and member cases in the same unit's area (after summary's jurisdiction check)
    const commonProblems = await this.dashboard.commonProblems(
      query.unitId ?? (user.role === 'admin' ? null : user.unitId),
    );
    return { ...summary, commonProblems };
  }
}

@Module({ controllers: [DashboardController], providers: [DashboardService], exports: [DashboardService] })
export class DashboardModule {}
