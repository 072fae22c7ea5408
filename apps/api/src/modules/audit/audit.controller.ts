import { Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { AuditLogEntryDto, Page } from '@taizhang/contracts';
import { Roles, SignedInController } from '../../core/auth';
import { AuditLogQueryDto } from './dto/audit.dto';
import { AuditService } from './audit.service';
import { AuditLogPage } from './dto/audit.responses';

@SignedInController('administration', 'audit-log')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: AuditLogPage })
  @ApiOperation({
    operationId: 'listAuditLog',
    summary: 'Administrative changes, newest first (admin): who, when, what, before → after',
  })
  list(@Query() query: AuditLogQueryDto): Promise<Page<AuditLogEntryDto>> {
    return this.audit.list(query);
  }
}
