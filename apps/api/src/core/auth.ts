import { CanActivate, ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '@taizhang/domain';
import type { Request } from 'express';
import { ApiError } from './errors';

/** Who is calling: from the verified token. */
export interface AuthUser {
  id: string;
  username: string;
  role: Role;
  unitId: string | null;
}

export interface TokenClaims {
  sub: string;
  username: string;
  role: Role;
  unitId: string | null;
}

const PUBLIC = 'tz:public';
const ROLES = 'tz:roles';
/** No sign-in needed. */
export const Public = () => SetMetadata(PUBLIC, true);
/** Only these roles (others get 403). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<Request & { user: AuthUser }>().user;
});

/** Global guard: a valid Bearer token on every route not marked @Public, and the role a route asks for. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const header = req.headers.authorization ?? '';
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw new ApiError('AUTH.UNAUTHENTICATED', 'Sign in first: send "Authorization: Bearer <token>" from POST /api/auth/login');
    }
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch (err) {
      const expired = (err as Error).name === 'TokenExpiredError';
      throw new ApiError('AUTH.UNAUTHENTICATED', expired ? 'Your sign-in has expired: sign in again' : 'The token is not valid: sign in again');
    }
    req.user = { id: claims.sub, username: claims.username, role: claims.role, unitId: claims.unitId };
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(claims.role)) {
      throw new ApiError('AUTH.FORBIDDEN', `Only ${roles.join(', ')} may do this`);
    }
    return true;
  }
}
