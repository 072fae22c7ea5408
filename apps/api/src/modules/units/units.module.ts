import { Module } from '@nestjs/common';
import { ReferenceModule } from '../reference/reference.module';
import { UnitsController } from './units.controller';
import { UnitsService } from './units.service';

@Module({ imports: [ReferenceModule], controllers: [UnitsController], providers: [UnitsService] })
export class UnitsModule {}
