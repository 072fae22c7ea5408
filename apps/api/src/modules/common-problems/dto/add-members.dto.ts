import type { AddCommonProblemMembersRequest } from '@taizhang/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { MAX_GROUP_MEMBERS } from '@taizhang/domain';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID } from 'class-validator';

export class AddCommonProblemMembersDto implements AddCommonProblemMembersRequest {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: MAX_GROUP_MEMBERS })
  @IsArray({ message: 'caseIds must be a list' })
  @ArrayMinSize(1, { message: 'caseIds: at least one case' })
  @ArrayMaxSize(MAX_GROUP_MEMBERS, { message: `caseIds: at most ${MAX_GROUP_MEMBERS}` })
  @IsUUID('all', { each: true, message: 'caseIds must be UUIDs' })
  caseIds!: string[];
}
