import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { ReferenceModule } from '../reference/reference.module';
import { ConfirmationLinksController, PublicConfirmationsController } from './confirmations.controller';
import { ConfirmationsService } from './confirmations.service';
import { ConfirmRateLimitGuard } from './rate-limit';

@Module({
  imports: [CasesModule, ReferenceModule],
  controllers: [ConfirmationLinksController, PublicConfirmationsController],
  providers: [ConfirmationsService, ConfirmRateLimitGuard],
})
export class ConfirmationsModule {}
