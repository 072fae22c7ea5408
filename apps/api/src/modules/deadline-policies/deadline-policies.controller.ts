import { Body, Get, Put } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { DeadlinePolicyDto } from '@taizhang/contracts';
import { AuthUser, CurrentUser, Roles, SignedInController } from '../../core/auth';
import { ApiListOrWrappedBody, validateListOrWrapped } from '../../core/validation';
import { DeadlinePolicyItem, PutDeadlinePoliciesDto } from './dto/deadline-policies.dto';
import { DeadlinePoliciesService } from './deadline-policies.service';

@SignedInController('administration', 'deadline-policies')
@ApiExtraModels(PutDeadlinePoliciesDto)
export class DeadlinePoliciesController {
  constructor(private readonly policies: DeadlinePoliciesService) {}

  @Get()
  @ApiOperation({
    operationId: 'listDeadlinePolicies',
    summary: 'Deadline policies per level and priority',
    description: 'The whole set, as PUT takes it back.',
  })
  @ApiOkResponse({ type: DeadlinePolicyItem, isArray: true })
  list(): Promise<DeadlinePolicyDto[]> {
    return this.policies.list();
  }

  @Put()
  @Roles('admin')
  @ApiOperation({
    operationId: 'updateDeadlinePolicies',
    summary:
      'Change deadline policies (admin); policies not listed stay as they are. Applies to cases opened or moved afterwards.',
    description: 'Send the list as GET answers it (or wrapped, `{ policies: [...] }`).',
  })
  @ApiListOrWrappedBody(DeadlinePolicyItem, PutDeadlinePoliciesDto, 6)
  @ApiOkResponse({ type: DeadlinePolicyItem, isArray: true })
  async put(@CurrentUser() actor: AuthUser, @Body() body: unknown): Promise<DeadlinePolicyDto[]> {
    const dto = await validateListOrWrapped(PutDeadlinePoliciesDto, 'policies', body);
    return this.policies.update(actor, dto);
  }
}
