import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { PageQuery } from '../../../core/page';

export class ListCommonProblemsQuery extends PageQuery({ pageSize: 20, max: 100 }) {
  @ApiPropertyOptional({ description: 'title contains' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;
}
