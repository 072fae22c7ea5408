import { AppConfig } from '@taizhang/config';

/** Injection token of the validated configuration (loaded once in main.ts or by the test harness). */
export const APP_CONFIG = Symbol('APP_CONFIG');
export type { AppConfig };
