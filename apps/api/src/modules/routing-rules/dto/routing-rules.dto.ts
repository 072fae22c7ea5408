import { ApiProperty } from '@nestjs/swagger';
import type { PutRoutingRulesRequest, RoutingRuleDto } from '@taizhang/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsString, IsUUID, ValidateNested } from 'class-validator';

export class RoutingRuleDtoClass implements RoutingRuleDto {
  @ApiProperty({ example: 'labor' }) @IsString() categoryCode!: string;
  @ApiProperty({ format: 'uuid', description: 'a county or city' })
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId!: string;
  @ApiProperty({ format: 'uuid', description: 'a bureau attached to that county or city' })
  @IsUUID('all', { message: 'bureauId must be a UUID' })
  bureauId!: string;
}

export class PutRoutingRulesDto implements PutRoutingRulesRequest {
  @ApiProperty({ type: [RoutingRuleDtoClass] })
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => RoutingRuleDtoClass)
  rules!: RoutingRuleDtoClass[];
}
