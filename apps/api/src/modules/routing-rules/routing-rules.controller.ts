import { Body, Get, Put } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { RoutingRuleDto } from '@taizhang/contracts';
import { AuthUser, CurrentUser, Roles, SignedInController } from '../../core/auth';
import { ApiListOrWrappedBody, validateListOrWrapped } from '../../core/validation';
import { PutRoutingRulesDto, RoutingRuleDtoClass } from './dto/routing-rules.dto';
import { RoutingRulesService } from './routing-rules.service';

@SignedInController('administration', 'routing-rules')
@ApiExtraModels(PutRoutingRulesDto)
export class RoutingRulesController {
  constructor(private readonly rules: RoutingRulesService) {}

  @Get()
  @ApiOperation({
    operationId: 'listRoutingRules',
    summary: 'Routing rules: (category, county or city) → bureau',
    description: 'The whole set, as PUT takes it back.',
  })
  @ApiOkResponse({ type: RoutingRuleDtoClass, isArray: true })
  list(): Promise<RoutingRuleDto[]> {
    return this.rules.list();
  }

  @Put()
  @Roles('admin')
  @ApiOperation({
    operationId: 'replaceRoutingRules',
    summary: 'Replace all routing rules (admin)',
    description: 'Send the list as GET answers it (or wrapped, `{ rules: [...] }`).',
  })
  @ApiListOrWrappedBody(RoutingRuleDtoClass, PutRoutingRulesDto, 10_000)
  @ApiOkResponse({ type: RoutingRuleDtoClass, isArray: true })
  async replace(@CurrentUser() actor: AuthUser, @Body() body: unknown): Promise<RoutingRuleDto[]> {
    const dto = await validateListOrWrapped(PutRoutingRulesDto, 'rules', body);
    return this.rules.replace(actor, dto);
  }
}
