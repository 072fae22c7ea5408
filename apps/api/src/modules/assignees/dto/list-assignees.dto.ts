import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { PageQuery } from '../../../core/page';

export class ListAssigneesQuery extends PageQuery({ pageSize: 20, max: 50 }) {
  @ApiPropertyOptional({ description: 'name or user name contains' })
  @IsOptional()
  @IsString()
  @Length(1, 100, { message: 'q must have 1–100 characters' })
  q?: string;
}
