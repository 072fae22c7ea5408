import { Module } from '@nestjs/common';
import { CasesController } from './cases.controller';
import { CasesExportService } from './cases.export';
import { CasesService } from './cases.service';
import { IdempotencyService } from './idempotency.service';
import { ReferenceModule } from '../reference/reference.module';

@Module({
  imports: [ReferenceModule],
  controllers: [CasesController],
  providers: [CasesService, IdempotencyService, CasesExportService],
  exports: [CasesService],
})
export class CasesModule {}
