import { ApiProperty } from '@nestjs/swagger';
import { CountProp, NullableStringProp, NullableUuidProp, TimeProp, UuidProp } from '../../../core/api-props';
import { PageOf } from '../../../core/page';
import type { AttachmentDto } from '@taizhang/contracts';
import { ATTACHMENT_CONTENT_TYPES, AttachmentKind } from '@taizhang/domain';

export class Attachment implements AttachmentDto {
  @UuidProp() id!: string;
  @UuidProp() caseId!: string;
  @NullableUuidProp({ description: 'the case event (comment, resolve, …) it was sent with' })
  eventId!: string | null;
  @ApiProperty({ example: '现场照片.jpg' }) fileName!: string;
  @ApiProperty({ example: 'image/jpeg', description: 'judged from the bytes, not from the name' })
  contentType!: string;
  @ApiProperty({ enum: Object.keys(ATTACHMENT_CONTENT_TYPES) })
  kind!: AttachmentKind;
  @CountProp({ description: 'bytes' }) size!: number;
  @ApiProperty({ description: 'an image with a thumbnail at GET /api/attachments/{id}/thumbnail' })
  hasThumbnail!: boolean;
  @NullableStringProp() note!: string | null;
  @NullableUuidProp() uploadedBy!: string | null;
  @NullableStringProp() uploaderName!: string | null;
  @TimeProp() createdAt!: string;
}

export const AttachmentPage = PageOf(Attachment, 'AttachmentPage');
