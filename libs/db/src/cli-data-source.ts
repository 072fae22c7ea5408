// Data source for the TypeORM CLI (`npx nx run db:migration-generate`). Not exported from the library.
import { loadConfig } from '@taizhang/config';
import { createDataSource } from './data-source';

export default createDataSource(loadConfig().databaseUrl);
