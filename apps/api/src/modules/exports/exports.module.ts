import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

@Module({
  imports: [CasesModule],
  controllers: [ExportsController],
  providers: [ExportsService],
})
export class ExportsModule {}
