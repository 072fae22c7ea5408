import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { hash, verify } from '@node-rs/argon2';
import type { LoginResponse, MeResponse } from '@taizhang/contracts';
import { UnitEntity, UserEntity } from '@taizhang/db';
import type { Role } from '@taizhang/domain';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { AuthUser, TokenClaims } from '../../core/auth';
import { APP_CONFIG, AppConfig } from '../../core/config';
import { ApiError } from '../../core/errors';
import { REDIS } from '../../core/redis';
import { toUnitDto, toUserDto } from '../users/users.mapper';

/** argon2id (the library's default algorithm) with its recommended memory and time cost. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

const MAX_FAILURES = 5;
const WINDOW_SECONDS = 15 * 60;
// A real hash to verify against when the user does not exist, so timing does not tell names apart.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$N8318D913PmwDsAzbErGtg$d/28uj8Rg9uV19+CgiX+X9cUMUDmUcK82pXaQZ/DaA4';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async login(username: string, password: string, ip: string): Promise<LoginResponse> {
    const name = username.trim().toLowerCase();
    const throttleKey = `${this.config.redisPrefix}:login-fail:${name}:${ip}`;
    const failures = await this.redis.get(throttleKey).catch(() => null);
    if (failures !== null && Number(failures) >= MAX_FAILURES) {
      const ttl = await this.redis.ttl(throttleKey).catch(() => WINDOW_SECONDS);
      throw new ApiError('AUTH.THROTTLED', `Too many failed sign-ins: try again in ${Math.ceil(Math.max(ttl, 1) / 60)} minutes`);
    }
    const user = await this.ds.getRepository(UserEntity).findOne({ where: { username: name } });
    const ok = await verify(user?.passwordHash ?? DUMMY_HASH, password).catch(() => false);
    if (!user || !ok || !user.active) {
      await this.redis
        .multi()
        .incr(throttleKey)
        .expire(throttleKey, WINDOW_SECONDS)
        .exec()
        .catch((err) => this.logger.warn(`login throttle not recorded (Redis): ${(err as Error).message}`));
      throw new ApiError('AUTH.INVALID_CREDENTIALS', 'Wrong username or password');
    }
    await this.redis.del(throttleKey).catch(() => undefined);
    const claims: TokenClaims = { sub: user.id, username: user.username, role: user.role as Role, unitId: user.unitId };
    const accessToken = await this.jwt.signAsync(claims);
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.jwtExpiresInSeconds, user: toUserDto(user) };
  }

  async me(auth: AuthUser): Promise<MeResponse> {
    const user = await this.ds.getRepository(UserEntity).findOne({ where: { id: auth.id } });
    if (!user || !user.active) throw new ApiError('AUTH.UNAUTHENTICATED', 'This user no longer exists: sign in again');
    const unit = user.unitId ? await this.ds.getRepository(UnitEntity).findOne({ where: { id: user.unitId } }) : null;
    return { ...toUserDto(user), unit: unit ? toUnitDto(unit) : null };
  }
}
