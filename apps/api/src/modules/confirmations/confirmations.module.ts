import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { ConfirmationLinksController, PublicConfirmationsController } from './confirmations.controller';
import { ConfirmationsService } from './confirmations.service';
import { ConfirmRateLimitGuard } from './rate-limit';

@Module({
  imports: [CasesModule],
  controllers: [ConfirmationLinksController, PublicConfirmationsController],
  providers: [ConfirmationsService, ConfirmRateLimitGuard],
})
export class ConfirmationsModule {}
