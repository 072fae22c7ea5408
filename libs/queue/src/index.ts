export * from './queues';
export * from './connection';
