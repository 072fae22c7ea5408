import { Module } from '@nestjs/common';
import { CasesController } from './cases.controller';
import { CasesExportService } from './cases.export';
import { CasesService } from './cases.service';
import { IdempotencyService } from './idempotency.service';
import { ReferenceCache } from './reference-cache';

@Module({
  controllers: [CasesController],
  providers: [CasesService, IdempotencyService, CasesExportService, ReferenceCache],
  exports: [CasesService, ReferenceCache],
})
export class CasesModule {}
