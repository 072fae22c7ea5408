import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { CommonProblemsController, SimilarCasesController } from './common-problems.controller';
import { CommonProblemsService } from './common-problems.service';

@Module({
  imports: [CasesModule],
  controllers: [SimilarCasesController, CommonProblemsController],
  providers: [CommonProblemsService],
  exports: [CommonProblemsService],
})
export class CommonProblemsModule {}
