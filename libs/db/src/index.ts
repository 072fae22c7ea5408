export * from './entities';
export * from './data-source';
export * from './database';
export { MIGRATIONS } from './migrations';
export * from './case-store';
export * from './daily-reports';
export * from './ledger-export';
export * from './exports';
export * from './ids';
