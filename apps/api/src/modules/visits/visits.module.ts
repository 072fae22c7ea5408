import { Module } from '@nestjs/common';
import { EnterprisesModule } from '../enterprises/enterprises.module';
import { VisitsController } from './visits.controller';
import { VisitsService } from './visits.service';

/** Visits (走访). EnterprisesService answers who may see an enterprise: the same rule as its page. */
@Module({ imports: [EnterprisesModule], controllers: [VisitsController], providers: [VisitsService] })
export class VisitsModule {}
