import type { CommonProblemActionRequest } from '@taizhang/contracts';
import { OmitType } from '@nestjs/swagger';
import { CaseActionDto } from '../../cases/dto/cases.dto';

/**
 * The body of a case action without `version`: a group's action is decided for each member as it is now
 * (rows locked), all or none. Actions: assign, escalate, resolve, comment, urge.
 */
export class CommonProblemActionDto
  extends OmitType(CaseActionDto, ['version'] as const)
  implements CommonProblemActionRequest {}
