import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/**
 * The audit log of administrative changes: its list (admin) and `AuditService.record`, which every feature
 * that changes reference data or accounts calls in its own transaction. Global: one service for all of them.
 */
@Global()
@Module({ controllers: [AuditController], providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
