import { AppConfig } from '@taizhang/config';

export const APP_CONFIG = Symbol('APP_CONFIG');
export type { AppConfig };
