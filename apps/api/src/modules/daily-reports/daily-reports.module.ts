import { Module } from '@nestjs/common';
import { DailyReportsController } from './daily-reports.controller';
import { DailyReportTodayService } from './daily-report-today.service';
import { DailyReportsService } from './daily-reports.service';

@Module({ controllers: [DailyReportsController], providers: [DailyReportsService, DailyReportTodayService] })
export class DailyReportsModule {}
