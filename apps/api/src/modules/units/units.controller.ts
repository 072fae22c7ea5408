import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { UnitDto } from '@taizhang/contracts';
import { Roles } from '../../core/auth';
import { CreateUnitDto } from './units.dto';
import { UnitsService } from './units.service';

@ApiTags('administration')
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Get()
  @ApiOperation({ summary: 'The unit tree (city → county → town → grid; bureaus under counties and cities)' })
  list(): Promise<UnitDto[]> {
    return this.units.list();
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Add a unit (admin)' })
  create(@Body() dto: CreateUnitDto): Promise<UnitDto> {
    return this.units.create(dto);
  }
}
