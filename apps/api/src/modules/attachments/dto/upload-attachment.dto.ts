import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The multipart/form-data body of POST /api/cases/{id}/attachments (documentation; read by readUpload). */
export class UploadAttachmentDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description:
      'the file: an image (JPEG, PNG, WebP, GIF, HEIC), a PDF, an Office document or plain text; at most 20 MB',
  })
  file!: unknown;

  @ApiPropertyOptional({ format: 'uuid', description: 'the event of this case the file goes with' })
  eventId?: string;

  @ApiPropertyOptional({ maxLength: 500, description: 'a short note on the file' })
  note?: string;
}
