import { Body, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { Page, UnitDto } from '@taizhang/contracts';
import { AuthUser, CurrentUser, Roles, SignedInController } from '../../core/auth';
import { pageOf } from '../../core/page';
import { uuidPipe } from '../../core/pipes';
import {
  CreateUnitDto,
  ListUnitsQuery,
  UNIT_PAGE_SIZE,
  UnitSearchQueryDto,
  UpdateUnitDto,
} from './dto/units.dto';
import { Unit, UnitPage } from './dto/units.responses';
import { UnitsService } from './units.service';

@SignedInController('administration', 'units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Get()
  @ApiOperation({
    operationId: 'listUnits',
    summary:
      'The unit tree (city → county → town → grid; bureaus under counties and cities), disabled units too',
  })
  @ApiOkResponse({ type: UnitPage })
  async list(@Query() query: ListUnitsQuery): Promise<Page<UnitDto>> {
    return pageOf(await this.units.list(), query, UNIT_PAGE_SIZE);
  }

  @Get('search')
  @ApiOperation({
    operationId: 'searchUnits',
    summary: 'Units by name or code, paged (for pickers: enabled units unless `active` says otherwise)',
  })
  @ApiOkResponse({ type: UnitPage })
  search(@Query() query: UnitSearchQueryDto): Promise<Page<UnitDto>> {
    return this.units.search(query);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ operationId: 'createUnit', summary: 'Add a unit (admin)' })
  @ApiCreatedResponse({ type: Unit })
  @ApiConflictResponse({ description: 'a unit with this code exists' })
  create(@CurrentUser() actor: AuthUser, @Body() dto: CreateUnitDto): Promise<UnitDto> {
    return this.units.create(actor, dto);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    operationId: 'updateUnit',
    summary: "Rename, change a bureau's categories, or disable / enable a unit (admin); nothing is deleted",
  })
  @ApiOkResponse({ type: Unit })
  update(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
    @Body() dto: UpdateUnitDto,
  ): Promise<UnitDto> {
    return this.units.update(actor, id, dto);
  }
}
