import { Logger } from '@nestjs/common';
import { UserEntity } from '@taizhang/db';
import { DataSource } from 'typeorm';
import { hashPassword } from '../auth/auth.service';

/** First start with an empty database: create the `admin` user with ADMIN_PASSWORD. */
export async function ensureAdminUser(ds: DataSource, password: string): Promise<boolean> {
  const repo = ds.getRepository(UserEntity);
  if ((await repo.count()) > 0) return false;
  const passwordHash = await hashPassword(password);
  const created: unknown[] = await ds.query(
    `INSERT INTO users (username, display_name, role, unit_id, password_hash)
     SELECT 'admin', '系统管理员', 'admin', NULL, $1 WHERE NOT EXISTS (SELECT 1 FROM users) ON CONFLICT DO NOTHING RETURNING id`,
    [passwordHash],
  );
  if (created.length) new Logger('Seed').log('Created the admin user (password from ADMIN_PASSWORD)');
  return created.length > 0;
}
