import { HttpClient } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import type {
  ChangePasswordRequest,
  LoginRequest,
  LoginResponse,
  MeResponse,
  Role,
  UserDto,
} from '@taizhang/contracts';
import { Observable, catchError, finalize, map, of, tap } from 'rxjs';
import { API_BASE } from '../api/api-error';

export const TOKEN_STORAGE_KEY = 'tz.token';
export const USER_STORAGE_KEY = 'tz.user';

interface StoredSession {
  token: string;
  user: UserDto;
}

/** Seconds since the epoch at which a JWT expires, or null when it carries no readable `exp`. */
export function jwtExpiry(token: string): number | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp : null;
  } catch {
    return null;
  }
}

function readSession(): StoredSession | null {
  try {
    const token = localStorage.getItem(TOKEN_STORAGE_KEY);
    const user = localStorage.getItem(USER_STORAGE_KEY);
    if (!token || !user) return null;
    const exp = jwtExpiry(token);
    if (exp !== null && exp * 1000 <= Date.now()) return null;
    return { token, user: JSON.parse(user) as UserDto };
  } catch {
    return null;
  }
}

/** The signed-in user and their bearer token (kept in localStorage so a reload stays signed in). */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly session = signal<StoredSession | null>(readSession());

  readonly user = computed(() => this.session()?.user ?? null);
  readonly token = computed(() => this.session()?.token ?? null);
  readonly role = computed<Role | null>(() => this.session()?.user.role ?? null);
  readonly isAuthenticated = computed(() => this.session() !== null);
  /** An admin reset the password: nothing but the change-password page until it is changed. */
  readonly mustChangePassword = computed(() => this.session()?.user.mustChangePassword === true);

  login(request: LoginRequest): Observable<LoginResponse> {
    return this.http
      .post<LoginResponse>(`${API_BASE}/auth/login`, request)
      .pipe(tap((res) => this.store({ token: res.accessToken, user: res.user })));
  }

  /** Refresh who we are (roles, unit) from the API. */
  me(): Observable<MeResponse> {
    return this.http.get<MeResponse>(`${API_BASE}/auth/me`).pipe(
      tap((me) => {
        const token = this.token();
        if (token) this.store({ token, user: me });
      }),
    );
  }

  /** Change one's own password; the API ends every session and answers a fresh token, kept here. */
  changePassword(request: ChangePasswordRequest): Observable<LoginResponse> {
    return this.http
      .post<LoginResponse>(`${API_BASE}/auth/password`, request)
      .pipe(tap((res) => this.store({ token: res.accessToken, user: res.user })));
  }

  /** The API refused work until the password is changed (a reset since we signed in). */
  requirePasswordChange(): void {
    const s = this.session();
    if (s && !s.user.mustChangePassword) this.store({ ...s, user: { ...s.user, mustChangePassword: true } });
  }

  /**
   * Sign out: the API ends the session (every token of this user stops working), then the local copy goes.
   * Signed out locally even when the API cannot be reached.
   */
  signOut(): Observable<void> {
    if (!this.token()) return of(undefined);
    return this.http.post<void>(`${API_BASE}/auth/logout`, {}).pipe(
      map(() => undefined),
      catchError(() => of(undefined)),
      finalize(() => this.logout()),
    );
  }

  hasRole(...roles: Role[]): boolean {
    const role = this.role();
    return role !== null && roles.includes(role);
  }

  /** Forget the session on this device (the API already ended it, or is told by `signOut`). */
  logout(): void {
    try {
      localStorage.removeItem(TOKEN_STORAGE_KEY);
      localStorage.removeItem(USER_STORAGE_KEY);
    } catch {
      // ignore
    }
    this.session.set(null);
  }

  private store(session: StoredSession): void {
    try {
      localStorage.setItem(TOKEN_STORAGE_KEY, session.token);
      localStorage.setItem(USER_STORAGE_KEY, JSON.stringify(session.user));
    } catch {
      // storage unavailable: the session lasts for this page only
    }
    this.session.set(session);
  }
}

/** Where each role lands after signing in. */
export function homeFor(role: Role | null): string {
  switch (role) {
    case 'manager':
      return '/dashboard';
    case 'instructor':
    case 'coordinator':
    case 'bureau_officer':
    case 'admin':
      return '/cases';
    default:
      return '/login';
  }
}
