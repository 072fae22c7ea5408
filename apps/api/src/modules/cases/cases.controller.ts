import { Body, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { CaseDto, Page } from '@taizhang/contracts';
import type { Response } from 'express';
import { AuthUser, CurrentUser, SignedInController } from '../../core/auth';
import { uuidPipe } from '../../core/pipes';
import { ApiXlsxResponse } from '../../core/xlsx-download';
import { CasesExportService } from './cases.export';
import { BulkCaseActionDto, CaseActionDto, CreateCaseDto, ListCasesQuery } from './dto/cases.dto';
import { BulkActionResults, Case, CasePage, EscalationTarget } from './dto/cases.responses';
import { CasesService } from './cases.service';
import { IdempotencyService } from './idempotency.service';

@SignedInController('cases', 'cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly idempotency: IdempotencyService,
    private readonly exporter: CasesExportService,
  ) {}

  @Post()
  @ApiOperation({
    operationId: 'openCase',
    summary: 'Open a case (instructor for his enterprises, coordinator in his town, admin)',
  })
  @ApiCreatedResponse({
    type: Case,
    description: 'the new case (or, on a retry with the same Idempotency-Key, the first one)',
  })
  @ApiForbiddenResponse({ description: 'you cannot open cases' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'a retry with the same key returns the first result',
  })
  @ApiUnprocessableEntityResponse({ description: 'the Idempotency-Key was used with a different body' })
  @ApiConflictResponse({
    description: 'a request with this Idempotency-Key is still running (after a short wait for it)',
  })
  @ApiNotFoundResponse({ description: 'the enterprise is not one you can open cases for' })
  create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateCaseDto,
    @Headers('idempotency-key') key: string | undefined,
    @Headers('x-request-id') requestId: string | undefined,
  ): Promise<CaseDto> {
    return this.idempotency.run(user.id, key, dto, () => this.cases.prepareCreate(user, dto, requestId));
  }

  @Get()
  @ApiOperation({
    operationId: 'listCases',
    summary: 'The ledger in your jurisdiction, filtered, sorted and paged',
  })
  @ApiOkResponse({ type: CasePage })
  list(@CurrentUser() user: AuthUser, @Query() query: ListCasesQuery): Promise<Page<CaseDto>> {
    return this.cases.list(user, query);
  }

  @Get('export.xlsx')
  @ApiOperation({
    operationId: 'exportCases',
    summary: 'The ledger as an Excel workbook (台账), same filters as GET /api/cases',
  })
  @ApiXlsxResponse()
  async export(
    @CurrentUser() user: AuthUser,
    @Query() query: ListCasesQuery,
    @Res() res: Response,
  ): Promise<void> {
    await this.exporter.write(user, query, res);
  }

  @Post('bulk-actions')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'bulkActOnCases',
    summary: 'The same action (assign or urge) on up to 100 cases, each on its own: one result per case',
    description:
      'Each case is checked and written in its own transaction against the version read then; a refusal for one case ' +
      "(not yours, not allowed in its state, changed meanwhile) is its row's `ok: false` with `code` and `error`, and " +
      'does not stop the others.',
  })
  @ApiOkResponse({ type: BulkActionResults })
  bulk(
    @CurrentUser() user: AuthUser,
    @Body() dto: BulkCaseActionDto,
    @Headers('x-request-id') requestId: string | undefined,
  ): Promise<BulkActionResults> {
    return this.cases.bulk(user, dto, requestId);
  }

  @Get(':id/escalation-target')
  @ApiOperation({
    operationId: 'getEscalationTarget',
    summary: 'The unit an escalation would send the case to now, from the routing rules',
  })
  @ApiOkResponse({ type: EscalationTarget })
  @ApiNotFoundResponse({ description: 'no such case in your jurisdiction' })
  @ApiConflictResponse({
    description: 'CASE.TOP_LEVEL (a city bureau holds it) or CASE.NO_ROUTE (no rule names a bureau)',
  })
  escalationTarget(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
  ): Promise<EscalationTarget> {
    return this.cases.escalationTarget(user, id);
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getCase',
    summary: 'One case with its events timeline and the actions you may take now',
  })
  @ApiOkResponse({ type: Case })
  @ApiNotFoundResponse({ description: 'no such case in your jurisdiction' })
  get(@CurrentUser() user: AuthUser, @Param('id', uuidPipe('id')) id: string): Promise<CaseDto> {
    return this.cases.get(user, id);
  }

  @Post(':id/actions')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'actOnCase',
    summary:
      'Act on a case: assign, accept, escalate, return, resolve, confirm, reopen, comment, urge, cancel, request_extension, approve_extension, deny_extension',
    description:
      'Send the `version` you saw. 403: not yours to do; 409: stale version or not allowed in this state; 400: a field is missing or wrong.',
  })
  @ApiOkResponse({ type: Case, description: 'the case after the action' })
  @ApiForbiddenResponse({ description: 'not yours to do' })
  @ApiConflictResponse({
    description: 'stale version (currentVersion in the body) or not allowed in this state',
  })
  act(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
    @Body() dto: CaseActionDto,
    @Headers('x-request-id') requestId: string | undefined,
  ): Promise<CaseDto> {
    return this.cases.act(user, id, dto, requestId);
  }
}
