import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { ExportDto } from '@taizhang/contracts';
import type { Response } from 'express';
import { AuthUser, CurrentUser } from '../../core/auth';
import { uuidPipe } from '../../core/pipes';
import { CreateExportDto } from './dto/create-export.dto';
import { ExportsService } from './exports.service';

@ApiTags('exports')
@ApiBearerAuth()
@Controller('exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Export the ledger to Excel as a worker job (same filters as GET /api/cases, your jurisdiction)',
    description:
      'Poll GET /api/exports/:id for progress; download from GET /api/exports/:id/download once `status` is `done`.',
  })
  @ApiAcceptedResponse({ description: 'the export, queued' })
  @ApiTooManyRequestsResponse({ description: 'you already have 3 exports queued or running' })
  create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateExportDto,
    @Headers('x-request-id') requestId: string | undefined,
  ): Promise<ExportDto> {
    return this.exports.create(user, dto, requestId);
  }

  @Get()
  @ApiOperation({ summary: 'Your recent exports, newest first' })
  list(@CurrentUser() user: AuthUser): Promise<ExportDto[]> {
    return this.exports.list(user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of your exports: status, total, doneRows, percent' })
  @ApiNotFoundResponse({ description: 'no export of yours with this id' })
  get(@CurrentUser() user: AuthUser, @Param('id', uuidPipe('id')) id: string): Promise<ExportDto> {
    return this.exports.get(user, id);
  }

  @Get(':id/download')
  @ApiOperation({ summary: 'The finished workbook (问题台账-<date>.xlsx)' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
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
