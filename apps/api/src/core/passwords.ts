import { hash } from '@node-rs/argon2';

/** argon2id (the library's default algorithm) with its recommended memory and time cost. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}
