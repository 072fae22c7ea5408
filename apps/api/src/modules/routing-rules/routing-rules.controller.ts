import { Body, Controller, Get, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { RoutingRuleDto } from '@taizhang/contracts';
import { AuthUser, CurrentUser, Roles } from '../../core/auth';
import { validateBody } from '../../core/validation';
import { PutRoutingRulesDto, RoutingRuleDtoClass } from './dto/routing-rules.dto';
import { RoutingRulesService } from './routing-rules.service';

@ApiTags('administration')
@ApiBearerAuth()
@ApiExtraModels(PutRoutingRulesDto)
@Controller('routing-rules')
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
  @ApiBody({
    schema: {
      oneOf: [
        { type: 'array', maxItems: 10_000, items: { $ref: getSchemaPath(RoutingRuleDtoClass) } },
        { $ref: getSchemaPath(PutRoutingRulesDto) },
      ],
    },
  })
  @ApiOkResponse({ type: RoutingRuleDtoClass, isArray: true })
  async replace(@CurrentUser() actor: AuthUser, @Body() body: unknown): Promise<RoutingRuleDto[]> {
    const dto = await validateBody(PutRoutingRulesDto, body, (v) => (Array.isArray(v) ? { rules: v } : v));
    return this.rules.replace(actor, dto);
  }
}
