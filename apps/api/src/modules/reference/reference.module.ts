import { Module } from '@nestjs/common';
import { ReferenceCache } from './reference-cache.service';

/**
 * Shared reference data (deadline policies, the work calendar, the active categories) as read by every case
 * opening, cached per process; the features that change it (calendar, categories, deadline policies, units)
 * import this module to invalidate the cache. One instance per process.
 */
@Module({ providers: [ReferenceCache], exports: [ReferenceCache] })
export class ReferenceModule {}
