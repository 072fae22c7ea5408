import type { SimilarCasesRequest } from '@taizhang/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { toInt } from '../../../core/validation';

/** A case being opened: what it says, its category and enterprise. */
export class SimilarCasesRequestDto implements SimilarCasesRequest {
  @ApiProperty({
    format: 'uuid',
    description: 'the enterprise the case is for: suggestions come from its town',
  })
  @IsUUID('all', { message: 'enterpriseId must be a UUID' })
  enterpriseId!: string;
  @ApiProperty({ example: 'labor' }) @IsString() @Length(1, 32) categoryCode!: string;
  @ApiProperty({ example: '返岗员工不足，急需招聘普工' })
  @IsString()
  @Matches(/\S/, { message: 'title must not be blank' })
  @Length(1, 200, { message: 'title must have 1–200 characters' })
  title!: string;
  @ApiPropertyOptional({ example: '外地员工返岗率仅60%' })
  @IsOptional()
  @IsString()
  @Length(0, 5000, { message: 'description must have at most 5000 characters' })
  description?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 50, default: 10 })
  @IsOptional()
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(50, { message: 'limit must be at most 50' })
  limit?: number;
}

export class SimilarCasesQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 50, default: 10 })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(50, { message: 'limit must be at most 50' })
  limit?: number;
}
