import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';
import { ScorecardService } from './scorecard.service';

/** The manager's dashboard (summary, scorecard and their downloads). */
@Module({
  controllers: [DashboardController],
  providers: [DashboardService, ScorecardService],
  exports: [DashboardService, ScorecardService],
})
export class DashboardModule {}
