import { ApiProperty } from '@nestjs/swagger';
import { CountProp, UuidProp } from '../../../core/api-props';
import { PageOf } from '../../../core/page';

export class AssigneeOption {
  @UuidProp() id!: string;
  @ApiProperty({ example: '王芳' }) displayName!: string;
  @ApiProperty({ example: 'wangfang' }) username!: string;
  @ApiProperty({ enum: ['coordinator', 'bureau_officer'] }) role!: string;
  @CountProp({ description: 'pending cases (open, in progress, escalated) assigned to this person now' })
  openCases!: number;
}

export const AssigneePage = PageOf(AssigneeOption, 'AssigneePage');
