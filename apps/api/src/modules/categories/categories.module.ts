import { Module } from '@nestjs/common';
import { ReferenceModule } from '../reference/reference.module';
import { CategoriesController } from './categories.controller';
import { CategoriesService } from './categories.service';

@Module({ imports: [ReferenceModule], controllers: [CategoriesController], providers: [CategoriesService] })
export class CategoriesModule {}
