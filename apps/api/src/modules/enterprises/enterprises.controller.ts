import { Body, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { EnterpriseDto, Page } from '@taizhang/contracts';
import { AuthUser, CurrentUser, Roles, SignedInController } from '../../core/auth';
import { uuidPipe } from '../../core/pipes';
import { CreateEnterpriseDto, ListEnterprisesQuery, UpdateEnterpriseDto } from './dto/enterprises.dto';
import { EnterprisesService } from './enterprises.service';
import { Enterprise, EnterprisePage } from './dto/enterprises.responses';

@SignedInController('enterprises', 'enterprises')
export class EnterprisesController {
  constructor(private readonly enterprises: EnterprisesService) {}

  @Get()
  @ApiOkResponse({ type: EnterprisePage })
  @ApiOperation({
    operationId: 'listEnterprises',
    summary: 'Enterprise directory in your jurisdiction (filter q, unitId, scale, key; paged)',
  })
  list(@CurrentUser() user: AuthUser, @Query() query: ListEnterprisesQuery): Promise<Page<EnterpriseDto>> {
    return this.enterprises.list(user, query);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getEnterprise', summary: 'One enterprise' })
  @ApiOkResponse({ type: Enterprise })
  get(@CurrentUser() user: AuthUser, @Param('id', uuidPipe('id')) id: string): Promise<EnterpriseDto> {
    return this.enterprises.get(user, id);
  }

  @Post()
  @Roles('admin', 'coordinator')
  @ApiCreatedResponse({ type: Enterprise })
  @ApiConflictResponse({ description: 'an enterprise with this credit code exists' })
  @ApiOperation({
    operationId: 'createEnterprise',
    summary: 'Register an enterprise (admin, or a coordinator in his town)',
  })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateEnterpriseDto): Promise<EnterpriseDto> {
    return this.enterprises.create(user, dto);
  }

  @Patch(':id')
  @Roles('admin', 'coordinator')
  @ApiOkResponse({ type: Enterprise })
  @ApiConflictResponse({ description: 'an enterprise with this credit code exists' })
  @ApiOperation({
    operationId: 'updateEnterprise',
    summary: 'Change an enterprise (e.g. resumption status, returned headcount)',
  })
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
    @Body() dto: UpdateEnterpriseDto,
  ): Promise<EnterpriseDto> {
    return this.enterprises.update(user, id, dto);
  }
}
