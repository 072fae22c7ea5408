import {
  CanActivate,
  Controller,
  ExecutionContext,
  Injectable,
  SetMetadata,
  applyDecorators,
  createParamDecorator,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '@taizhang/domain';
import type { Request } from 'express';
import { ApiError } from './errors';
import { SessionStates } from './sessions';

/** Who is calling: the verified token's user, with role and unit from the user's row (not the token). */
export interface AuthUser {
  id: string;
  username: string;
  role: Role;
  unitId: string | null;
}

export interface TokenClaims {
  sub: string;
  username: string;
  /** Informational: the guard reads role and unit from the user's row. */
  role: Role;
  unitId: string | null;
  /** The user's session version when the token was made; a different one in the row ends the session. */
  sv: number;
}

const PUBLIC = 'tz:public';
const ROLES = 'tz:roles';
const PENDING_PASSWORD_OK = 'tz:pending-password-ok';
/** No sign-in needed. */
export const Public = () => SetMetadata(PUBLIC, true);
/** Open to a user who must change his password first (changing it, who am I, sign-out). */
export const AllowPendingPasswordChange = () => SetMetadata(PENDING_PASSWORD_OK, true);
/** Only these roles (others get 403). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

/**
 * A controller of routes for signed-in users (what the AuthGuard asks unless a route is `@Public()`): filed
 * under `tag` in the OpenAPI document, each route with the bearer token scheme.
 */
export const SignedInController = (tag: string, path?: string): ClassDecorator =>
  applyDecorators(ApiTags(tag), ApiBearerAuth(), path === undefined ? Controller() : Controller(path));

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<Request & { user: AuthUser }>().user;
});

/**
 * Tokens verified a moment ago, so a busy client's next request skips the HMAC and the JSON parse. Keyed by
 * the whole token (only tokens that passed verification get in), each kept until its own `exp`, at most
 * `max` of them (the oldest go first). Revocation is not this cache's business: every request still checks
 * the token's session version against the user's row (SessionStates, a cache of a few seconds).
 */
export class VerifiedTokens {
  private readonly map = new Map<string, { claims: TokenClaims; expMs: number }>();
  constructor(private readonly max = 10_000) {}

  get(token: string, nowMs = Date.now()): TokenClaims | undefined {
    const hit = this.map.get(token);
    if (!hit) return undefined;
    if (nowMs >= hit.expMs) {
      this.map.delete(token);
      return undefined;
    }
    return hit.claims;
  }

  set(token: string, claims: TokenClaims & { exp?: number }): void {
    if (typeof claims.exp !== 'number') return; // a token without an expiry is not remembered
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
    this.map.set(token, { claims, expMs: claims.exp * 1000 });
  }

  get size(): number {
    return this.map.size;
  }
}

/**
 * Global guard: a valid Bearer token on every route not marked @Public, whose user is still active with the
 * same session version, and the role a route asks for. Role and unit come from the user's row (through
 * SessionStates), so a disabled, signed-out or moved user is refused or re-scoped within seconds.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
    private readonly sessions: SessionStates,
  ) {}

  private readonly verified = new VerifiedTokens();

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const header = req.headers.authorization ?? '';
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw new ApiError(
        'AUTH.UNAUTHENTICATED',
        'Sign in first: send "Authorization: Bearer <token>" from POST /api/auth/login',
      );
    }
    let claims = this.verified.get(token);
    if (!claims) {
      try {
        claims = await this.jwt.verifyAsync<TokenClaims & { exp?: number }>(token);
        this.verified.set(token, claims);
      } catch (err) {
        const expired = (err as Error).name === 'TokenExpiredError';
        throw new ApiError(
          'AUTH.UNAUTHENTICATED',
          expired ? 'Your sign-in has expired: sign in again' : 'The token is not valid: sign in again',
        );
      }
    }
    // bounded by SessionStates: a hung database answers 503, not a request held forever
    const state = await this.sessions.get(claims.sub);
    if (!state || !state.active || state.sessionVersion !== claims.sv) {
      throw new ApiError(
        'AUTH.UNAUTHENTICATED',
        'Your session has ended (signed out, disabled or changed by an admin): sign in again',
      );
    }
    req.user = { id: state.id, username: state.username, role: state.role, unitId: state.unitId };
    if (
      state.mustChangePassword &&
      !this.reflector.getAllAndOverride<boolean>(PENDING_PASSWORD_OK, targets)
    ) {
      throw new ApiError(
        'AUTH.PASSWORD_CHANGE_REQUIRED',
        'Your password was reset: change it with POST /api/auth/password first',
      );
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(state.role)) {
      throw new ApiError('AUTH.FORBIDDEN', `Only ${roles.join(', ')} may do this`);
    }
    return true;
  }
}
