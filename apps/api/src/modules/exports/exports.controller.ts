import { Body, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { ExportDto, Page } from '@taizhang/contracts';
import type { Response } from 'express';
import { AuthUser, CurrentUser, SignedInController } from '../../core/auth';
import { uuidPipe } from '../../core/pipes';
import { CreateExportDto } from './dto/create-export.dto';
import { PageQuery } from '../../core/page';
import { ApiXlsxResponse } from '../../core/xlsx-download';
import { Export, ExportPage } from './dto/export.response';
import { ExportsService, RECENT_EXPORTS } from './exports.service';

export class ListExportsQuery extends PageQuery({ pageSize: RECENT_EXPORTS, max: 100 }) {}

@SignedInController('exports', 'exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    operationId: 'createExport',
    summary: 'Export the ledger to Excel as a worker job (same filters as GET /api/cases, your jurisdiction)',
    description:
      'Poll GET /api/exports/:id for progress; download from GET /api/exports/:id/download once `status` is `done`.',
  })
  @ApiAcceptedResponse({ type: Export, description: 'the export, queued' })
  @ApiTooManyRequestsResponse({ description: 'you already have 3 exports queued or running' })
  create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateExportDto,
    @Headers('x-request-id') requestId: string | undefined,
  ): Promise<ExportDto> {
    return this.exports.create(user, dto, requestId);
  }

  @Get()
  @ApiOperation({ operationId: 'listExports', summary: 'Your exports, newest first, paged' })
  @ApiOkResponse({ type: ExportPage })
  list(@CurrentUser() user: AuthUser, @Query() query: ListExportsQuery): Promise<Page<ExportDto>> {
    return this.exports.list(user, query);
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getExport',
    summary: 'One of your exports: status, total, doneRows, percent',
  })
  @ApiOkResponse({ type: Export })
  @ApiNotFoundResponse({ description: 'no export of yours with this id' })
  get(@CurrentUser() user: AuthUser, @Param('id', uuidPipe('id')) id: string): Promise<ExportDto> {
    return this.exports.get(user, id);
  }

  @Get(':id/download')
  @ApiOperation({ operationId: 'downloadExport', summary: 'The finished workbook (问题台账-<date>.xlsx)' })
  @ApiXlsxResponse()
  @ApiNotFoundResponse({ description: 'no export of yours with this id' })
  @ApiConflictResponse({ description: 'not done yet (or failed)' })
  async download(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.exports.download(user, id, res);
  }
}
