import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EnterpriseDto, Page } from '@taizhang/contracts';
import { AuthUser, CurrentUser, Roles } from '../../core/auth';
import { uuidPipe } from '../../core/pipes';
import { CreateEnterpriseDto, ListEnterprisesQuery, UpdateEnterpriseDto } from './enterprises.dto';
import { EnterprisesService } from './enterprises.service';

@ApiTags('enterprises')
@ApiBearerAuth()
@Controller('enterprises')
export class EnterprisesController {
  constructor(private readonly enterprises: EnterprisesService) {}

  @Get()
  @ApiOperation({ summary: 'Enterprise directory in your jurisdiction (filter q, unitId, scale, key; paged)' })
  list(@CurrentUser() user: AuthUser, @Query() query: ListEnterprisesQuery): Promise<Page<EnterpriseDto>> {
    return this.enterprises.list(user, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One enterprise' })
  get(@CurrentUser() user: AuthUser, @Param('id', uuidPipe('id')) id: string): Promise<EnterpriseDto> {
    return this.enterprises.get(user, id);
  }

  @Post()
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: 'Register an enterprise (admin, or a coordinator in his town)' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateEnterpriseDto): Promise<EnterpriseDto> {
    return this.enterprises.create(user, dto);
  }

  @Patch(':id')
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: 'Change an enterprise (e.g. resumption status, returned headcount)' })
  update(@CurrentUser() user: AuthUser, @Param('id', uuidPipe('id')) id: string, @Body() dto: UpdateEnterpriseDto): Promise<EnterpriseDto> {
    return this.enterprises.update(user, id, dto);
  }
}

