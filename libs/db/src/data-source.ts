import { DataSource, DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export const MIGRATIONS_TABLE = 'taizhang_migrations';

/** The one data source definition, shared by the CLI, the API, the worker and the tests. */
export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsRun: false,
    uuidExtension: 'pgcrypto',
    synchronize: false,
    logging: ['error'],
    // JIT compilation costs more than it saves on this OLTP workload (it made small dashboard queries slow).
    extra: { max: 10, application_name: 'taizhang', options: '-c jit=off' },
    ...extra,
  } as DataSourceOptions;
}

export function createDataSource(url: string, extra: Partial<DataSourceOptions> = {}): DataSource {
  return new DataSource(dataSourceOptions(url, extra));
}
