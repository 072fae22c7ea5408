import { Module } from '@nestjs/common';
import { EnterprisesService } from '../enterprises/enterprises.service';
import { VisitsController } from './visits.controller';
import { VisitsService } from './visits.service';

/** Visits (走访). EnterprisesService (stateless) answers who may see an enterprise: the same rule as its page. */
@Module({ controllers: [VisitsController], providers: [VisitsService, EnterprisesService] })
export class VisitsModule {}
