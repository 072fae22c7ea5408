import type { CreateCommonProblemRequest } from '@taizhang/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { MAX_GROUP_MEMBERS } from '@taizhang/domain';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, IsUUID, Length, Matches } from 'class-validator';

export class CreateCommonProblemDto implements CreateCommonProblemRequest {
  @ApiProperty({ example: '郭店镇多家企业返岗员工不足', minLength: 1, maxLength: 200 })
  @IsString()
  @Matches(/\S/, { message: 'title must not be blank' })
  @Length(1, 200, { message: 'title must have 1–200 characters' })
  title!: string;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 2,
    maxItems: MAX_GROUP_MEMBERS,
    description: 'the cases to group (open, in your unit, in no other common problem)',
  })
  @IsArray({ message: 'caseIds must be a list' })
  @ArrayMinSize(2, { message: 'caseIds: a common problem groups at least 2 cases' })
  @ArrayMaxSize(MAX_GROUP_MEMBERS, { message: `caseIds: at most ${MAX_GROUP_MEMBERS}` })
  @IsUUID('all', { each: true, message: 'caseIds must be UUIDs' })
  caseIds!: string[];
}
