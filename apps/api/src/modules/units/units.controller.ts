import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Page, UnitDto } from '@taizhang/contracts';
import { AuthUser, CurrentUser, Roles } from '../../core/auth';
import { uuidPipe } from '../../core/pipes';
import { CreateUnitDto, UnitSearchQueryDto, UpdateUnitDto } from './units.dto';
import { UnitsService } from './units.service';

@ApiTags('administration')
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Get()
  @ApiOperation({
    summary:
      'The unit tree (city → county → town → grid; bureaus under counties and cities), disabled units too',
  })
  list(): Promise<UnitDto[]> {
    return this.units.list();
  }

  @Get('search')
  @ApiOperation({
    summary: 'Units by name or code, paged (for pickers: enabled units unless `active` says otherwise)',
  })
  search(@Query() query: UnitSearchQueryDto): Promise<Page<UnitDto>> {
    return this.units.search(query);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Add a unit (admin)' })
  create(@CurrentUser() actor: AuthUser, @Body() dto: CreateUnitDto): Promise<UnitDto> {
    return this.units.create(actor, dto);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary: "Rename, change a bureau's categories, or disable / enable a unit (admin); nothing is deleted",
  })
  update(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
    @Body() dto: UpdateUnitDto,
  ): Promise<UnitDto> {
    return this.units.update(actor, id, dto);
  }
}
