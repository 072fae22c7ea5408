import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { verify } from '@node-rs/argon2';
import type { LoginResponse, MeResponse } from '@taizhang/contracts';
import {
  ThrottlePolicy,
  UnitEntity,
  UserEntity,
  clearLoginAttempts,
  pruneLoginAttempts,
  refundLoginAttempts,
  takeLoginAttempts,
  writeAudit,
} from '@taizhang/db';
import { checkPassword } from '@taizhang/domain';
import type { Role } from '@taizhang/domain';
import { DataSource } from 'typeorm';
import { AuthUser, TokenClaims } from '../../core/auth';
import { APP_CONFIG, AppConfig } from '../../core/config';
import { ApiError, fromRefusal } from '../../core/errors';
import { SessionStates } from '../../core/sessions';
import { toUnitDto, toUserDto } from '../../core/account-dtos';
import { hashPassword } from '../../core/passwords';

const WINDOW_SECONDS = 15 * 60;
/** Per user name, across all addresses: 5 free attempts, then 1, 2, 4 … s between attempts, at most a minute. */
export const USER_THROTTLE: ThrottlePolicy = {
  freeAttempts: 5,
  maxDelaySeconds: 60,
  windowSeconds: WINDOW_SECONDS,
};
/**
 * Per client address, across user names (password spraying): more free attempts, since an office behind one
 * address shares it, and a successful sign-in gives its attempt back; then growing delays up to 5 minutes.
 */
export const ADDRESS_THROTTLE: ThrottlePolicy = {
  freeAttempts: 20,
  maxDelaySeconds: 300,
  windowSeconds: WINDOW_SECONDS,
};

// A real hash to verify against when the user does not exist, so timing does not tell names apart.
const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$N8318D913PmwDsAzbErGtg$d/28uj8Rg9uV19+CgiX+X9cUMUDmUcK82pXaQZ/DaA4';

/** A 429 that says how long to wait (the controller sends it as Retry-After too). */
export class ThrottledError extends ApiError {
  constructor(readonly retryAfterSeconds: number) {
    super('AUTH.THROTTLED', `Too many sign-in attempts: wait ${retryAfterSeconds} s and try again`);
  }
}

@Injectable()
export class AuthService {
  constructor(
    private readonly ds: DataSource,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionStates,
  ) {}

  /**
   * Sign in. Each attempt is counted, before the password is checked, on the user name and on the client
   * address in one statement (so concurrent guesses cannot pass the limit together); an attempt refused
   * by either waits, whether its password is right or not. Success forgets the name's count and gives the
   * address its attempt back.
   */
  async login(username: string, password: string, ip: string): Promise<LoginResponse> {
    const name = username.trim().toLowerCase();
    const userKey = { key: `u:${name}`, policy: USER_THROTTLE };
    const addressKey = { key: `a:${ip}`, policy: ADDRESS_THROTTLE };
    await this.takeAttempts([userKey, addressKey]);
    const user = await this.ds.getRepository(UserEntity).findOne({ where: { username: name } });
    const ok = await verify(user?.passwordHash ?? DUMMY_HASH, password).catch(() => false);
    if (!user || !ok) {
      if (Math.random() < 0.01) await pruneLoginAttempts(this.ds, WINDOW_SECONDS);
      throw new ApiError('AUTH.INVALID_CREDENTIALS', 'Wrong username or password');
    }
    if (!user.active)
      throw new ApiError('AUTH.INVALID_CREDENTIALS', 'This user is disabled: ask an administrator');
    await clearLoginAttempts(this.ds, userKey.key);
    await refundLoginAttempts(this.ds, [addressKey]);
    return this.issue(user);
  }

  async me(auth: AuthUser): Promise<MeResponse> {
    const user = await this.ds.getRepository(UserEntity).findOne({ where: { id: auth.id } });
    if (!user || !user.active)
      throw new ApiError('AUTH.UNAUTHENTICATED', 'This user no longer exists: sign in again');
    const unit = user.unitId
      ? await this.ds.getRepository(UnitEntity).findOne({ where: { id: user.unitId } })
      : null;
    return { ...toUserDto(user), unit: unit ? toUnitDto(unit) : null };
  }

  /**
   * Change one's own password: the current one proves it is you (wrong guesses count on the user name's
   * throttle). Ends every session of the user, this one included, and answers a fresh token.
   */
  async changePassword(auth: AuthUser, currentPassword: string, newPassword: string): Promise<LoginResponse> {
    const user = await this.ds.getRepository(UserEntity).findOne({ where: { id: auth.id } });
    if (!user || !user.active)
      throw new ApiError('AUTH.UNAUTHENTICATED', 'This user no longer exists: sign in again');
    const userKey = { key: `u:${user.username}`, policy: USER_THROTTLE };
    await this.takeAttempts([userKey]);
    if (!(await verify(user.passwordHash, currentPassword).catch(() => false))) {
      throw new ApiError('AUTH.WRONG_PASSWORD', 'currentPassword: this is not your current password', {
        errors: [{ field: 'currentPassword', message: 'this is not your current password' }],
      });
    }
    await clearLoginAttempts(this.ds, userKey.key);
    if (newPassword === currentPassword)
      throw ApiError.invalid('newPassword', 'must differ from the current password');
    const verdict = checkPassword(newPassword, user, 'newPassword');
    if (!verdict.ok) throw fromRefusal(verdict);
    const passwordHash = await hashPassword(newPassword);
    const updated = await this.ds.transaction(async (m) => {
      const repo = m.getRepository(UserEntity);
      await repo.update(user.id, {
        passwordHash,
        mustChangePassword: false,
        sessionVersion: () => 'session_version + 1',
      });
      await writeAudit(m, {
        actorId: user.id,
        actorUsername: user.username,
        entity: 'user',
        entityId: user.id,
        action: 'change_password',
        before: { username: user.username, mustChangePassword: user.mustChangePassword },
        after: { username: user.username, mustChangePassword: false },
      });
      return repo.findOneByOrFail({ id: user.id });
    });
    this.sessions.forget(user.id);
    return this.issue(updated);
  }

  /** Sign out: ends every session of the user (the session version moves on). */
  async logout(auth: AuthUser): Promise<void> {
    await this.ds.getRepository(UserEntity).increment({ id: auth.id }, 'sessionVersion', 1);
    this.sessions.forget(auth.id);
  }

  private async takeAttempts(keys: { key: string; policy: ThrottlePolicy }[]): Promise<void> {
    const answers = await takeLoginAttempts(this.ds, keys);
    const refused = answers.filter((a) => !a.allowed);
    if (!refused.length) return;
    // counted on the keys that let it through, but never tried: give those back
    const counted = new Set(answers.filter((a) => a.allowed).map((a) => a.key));
    await refundLoginAttempts(
      this.ds,
      keys.filter((k) => counted.has(k.key)),
    );
    throw new ThrottledError(Math.max(...refused.map((a) => a.retryAfterSeconds)));
  }

  private async issue(user: UserEntity): Promise<LoginResponse> {
    const claims: TokenClaims = {
      sub: user.id,
      username: user.username,
      role: user.role as Role,
      unitId: user.unitId,
      sv: user.sessionVersion,
    };
    const accessToken = await this.jwt.signAsync(claims);
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.jwtExpiresInSeconds,
      user: toUserDto(user),
    };
  }
}
