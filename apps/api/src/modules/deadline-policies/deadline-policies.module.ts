import { Module } from '@nestjs/common';
import { ReferenceModule } from '../reference/reference.module';
import { DeadlinePoliciesController } from './deadline-policies.controller';
import { DeadlinePoliciesService } from './deadline-policies.service';

@Module({
  imports: [ReferenceModule],
  controllers: [DeadlinePoliciesController],
  providers: [DeadlinePoliciesService],
})
export class DeadlinePoliciesModule {}
