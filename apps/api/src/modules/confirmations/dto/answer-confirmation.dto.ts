import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class AnswerConfirmationDto {
  @ApiProperty({
    description: 'true: the problem is solved (销号, the case is closed); false: refused (reopened)',
  })
  @IsBoolean({ message: 'accept must be true or false' })
  accept!: boolean;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: 5,
    description: 'how the handling is rated, 1 (poor) to 5 (very good)',
  })
  @IsInt({ message: 'rating must be a whole number from 1 to 5' })
  @Min(1, { message: 'rating must be a whole number from 1 to 5' })
  @Max(5, { message: 'rating must be a whole number from 1 to 5' })
  rating!: number;

  @ApiPropertyOptional({
    maxLength: 2000,
    description: 'a comment; required when refusing (why the problem is not solved)',
  })
  @IsOptional()
  @IsString({ message: 'comment must be text' })
  @Length(0, 2000, { message: 'comment must have at most 2000 characters' })
  comment?: string;
}
