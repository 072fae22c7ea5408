import { Logger } from '@nestjs/common';
import { UserEntity, createFirstAdmin } from '@taizhang/db';
import { DataSource } from 'typeorm';
import { hashPassword } from '../../core/passwords';

/** First start with an empty database: create the `admin` user with ADMIN_PASSWORD. */
export async function ensureAdminUser(ds: DataSource, password: string): Promise<boolean> {
  const repo = ds.getRepository(UserEntity);
  if ((await repo.count()) > 0) return false;
  const passwordHash = await hashPassword(password);
  const created = await createFirstAdmin(ds, passwordHash);
  if (created) new Logger('Seed').log('Created the admin user (password from ADMIN_PASSWORD)');
  return created;
}
