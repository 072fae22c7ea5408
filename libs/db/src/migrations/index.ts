import type { MigrationInterface } from 'typeorm';
import { Init1764000000000 } from './1764000000000-Init';
import { LedgerGuards1764000000001 } from './1764000000001-LedgerGuards';
import { NotificationsCalendarReports1764000000100 } from './1764000000100-NotificationsCalendarReports';
import { LedgerSearchIndexes1764000000200 } from './1764000000200-LedgerSearchIndexes';
import { CaseStats1764000000300 } from './1764000000300-CaseStats';
import { Exports1764000000400 } from './1764000000400-Exports';
import { CaseUnitTotals1764000000500 } from './1764000000500-CaseUnitTotals';
import { Accounts1796038580907 } from './1796038580907-Accounts';
import { CaseRating1796051283605 } from './1796051283605-CaseRating';
import { NotificationChannels1796051548855 } from './1796051548855-NotificationChannels';
import { ConfirmationLinks1796051520886 } from './1796051520886-ConfirmationLinks';
import { CaseUnitDays1796051512589 } from './1796051512589-CaseUnitDays';
import { VisitsResumption1796051520292 } from './1796051520292-VisitsResumption';
import { Attachments1796051510471 } from './1796051510471-Attachments';
import { CommonProblems1796051581333 } from './1796051581333-CommonProblems';
import { CaseDeadlinesExtensions1796051589059 } from './1796051589059-CaseDeadlinesExtensions';
import { ExportsFilters1796051524870 } from './1796051524870-ExportsFilters';
import { ExtensionNotifications1796065773421 } from './1796065773421-ExtensionNotifications';
import { DeadlineNearLead1796076494893 } from './1796076494893-DeadlineNearLead';
import { VisitCounters1796078307573 } from './1796078307573-VisitCounters';
import { VisitTownCounters1796078625483 } from './1796078625483-VisitTownCounters';
import { LedgerNoPrefixIndex1796086504274 } from './1796086504274-LedgerNoPrefixIndex';
import { LedgerProvinceScale1796100579412 } from './1796100579412-LedgerProvinceScale';
import { TimeOrderedIds1796201201033 } from './1796201201033-TimeOrderedIds';

/** Every migration, oldest first. Never edit one that has landed: add a new one. */
export const MIGRATIONS: (new () => MigrationInterface)[] = [
  Init1764000000000,
  LedgerGuards1764000000001,
  NotificationsCalendarReports1764000000100,
  LedgerSearchIndexes1764000000200,
  CaseStats1764000000300,
  Exports1764000000400,
  CaseUnitTotals1764000000500,
  Accounts1796038580907,
  CaseRating1796051283605,
  NotificationChannels1796051548855,
  ConfirmationLinks1796051520886,
  CaseUnitDays1796051512589,
  VisitsResumption1796051520292,
  Attachments1796051510471,
  CommonProblems1796051581333,
  CaseDeadlinesExtensions1796051589059,
  ExportsFilters1796051524870,
  ExtensionNotifications1796065773421,
  DeadlineNearLead1796076494893,
  VisitCounters1796078307573,
  VisitTownCounters1796078625483,
  LedgerNoPrefixIndex1796086504274,
  LedgerProvinceScale1796100579412,
  TimeOrderedIds1796201201033,
];
