import { Module } from '@nestjs/common';
import { attachmentStorageFor } from '@taizhang/db';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../core/config';
import { AttachmentsController } from './attachments.controller';
import { ATTACHMENT_STORAGE, AttachmentsService } from './attachments.service';

@Module({
  controllers: [AttachmentsController],
  providers: [
    AttachmentsService,
    {
      provide: ATTACHMENT_STORAGE,
      inject: [APP_CONFIG, DataSource],
      useFactory: (config: AppConfig, ds: DataSource) => attachmentStorageFor(config.attachments, ds),
    },
  ],
})
export class AttachmentsModule {}
