import { Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Page } from '@taizhang/contracts';
import { ATTACHMENT_CONTENT_TYPES } from '@taizhang/domain';
import type { Request, Response } from 'express';
import { AuthUser, CurrentUser, SignedInController } from '../../core/auth';
import { PageQuery } from '../../core/page';
import { uuidPipe } from '../../core/pipes';
import { ATTACHMENT_MAX_BYTES, AttachmentsService } from './attachments.service';
import { contentDisposition } from '../../core/content-disposition';
import { Attachment, AttachmentPage } from './dto/attachment.response';
import { UploadAttachmentDto } from './dto/upload-attachment.dto';
import { readUpload } from './multipart';

export class ListAttachmentsQuery extends PageQuery({ pageSize: 100, max: 200 }) {}

const BINARY = { schema: { type: 'string', format: 'binary' } };
/** Every type a download is served with (the one judged at upload). */
const SERVED_TYPES = Object.fromEntries(
  Object.values(ATTACHMENT_CONTENT_TYPES).map((t) => [t.split(';')[0], BINARY]),
);

@SignedInController('attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Post('cases/:id/attachments')
  @HttpCode(201)
  @ApiOperation({
    operationId: 'uploadAttachment',
    summary: 'Attach a file to a case (multipart/form-data, field `file`; at most 20 MB)',
    description:
      'Images (JPEG, PNG, WebP, GIF, HEIC), PDF, Office documents (docx, xlsx, pptx, doc, xls, ppt) and plain text, ' +
      'judged by their bytes, not their name. Images get a 320 px JPEG thumbnail. Anyone who may see the case may attach.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadAttachmentDto })
  @ApiCreatedResponse({ type: Attachment, description: 'the attachment' })
  @ApiNotFoundResponse({ description: 'no such case in your jurisdiction' })
  @ApiPayloadTooLargeResponse({ description: 'the file is larger than 20 MB' })
  @ApiUnsupportedMediaTypeResponse({
    description: 'not multipart/form-data, or a kind of file that is not accepted',
  })
  async upload(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
    @Req() req: Request,
  ): Promise<Attachment> {
    // the jurisdiction first: a foreign case's upload is not read at all
    await this.attachments.requireCase(user, id);
    const upload = await readUpload(req, 'file', ATTACHMENT_MAX_BYTES);
    return this.attachments.upload(user, id, upload);
  }

  @Get('cases/:id/attachments')
  @ApiOperation({ operationId: 'listAttachments', summary: 'The files of a case, oldest first' })
  @ApiOkResponse({ type: AttachmentPage })
  @ApiNotFoundResponse({ description: 'no such case in your jurisdiction' })
  list(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
    @Query() query: ListAttachmentsQuery,
  ): Promise<Page<Attachment>> {
    return this.attachments.list(user, id, query);
  }

  @Get('attachments/:id')
  @ApiOperation({
    operationId: 'downloadAttachment',
    summary: 'The bytes of an attachment (Content-Disposition: attachment, with the file name)',
  })
  @ApiOkResponse({ description: 'the file', content: SERVED_TYPES })
  @ApiNotFoundResponse({ description: 'no such attachment on a case in your jurisdiction' })
  async download(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const row = await this.attachments.find(user, id);
    const data = await this.attachments.bytes(row, 'file');
    send(res, data, row.contentType, contentDisposition(row.fileName));
  }

  @Get('attachments/:id/thumbnail')
  @ApiOperation({
    operationId: 'attachmentThumbnail',
    summary: 'The 320 px JPEG thumbnail of an image attachment',
  })
  @ApiOkResponse({ description: 'the thumbnail', content: { 'image/jpeg': BINARY } })
  @ApiNotFoundResponse({ description: 'no such attachment in your jurisdiction, or it has no thumbnail' })
  async thumbnail(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const row = await this.attachments.find(user, id);
    const data = await this.attachments.bytes(row, 'thumbnail');
    const base = row.fileName.replace(/\.[^.]*$/, '');
    send(res, data, 'image/jpeg', contentDisposition(`${base}.thumb.jpg`, 'inline'));
  }
}

/** A stored file: the type judged at upload, never sniffed by the browser, never shown as a page. */
function send(res: Response, data: Buffer, contentType: string, disposition: string): void {
  res.status(200);
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Disposition', disposition);
  res.setHeader('Content-Length', String(data.length));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  res.setHeader('Cache-Control', 'private, no-store');
  res.end(data);
}
