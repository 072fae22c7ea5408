/**
 * Direct calls to the real API for the browser tests: set up a situation (a case in a given state),
 * change it behind the page's back, or look up demo data. Every helper fails loudly on an HTTP error.
 */
import {
  PENDING_STATUSES,
  type CaseAction,
  type CaseActionRequest,
  type CaseDto,
  type EnterpriseDto,
  type Page,
  type UserDto,
} from '@taizhang/contracts';
import { type Answer, type MethodOf, type RequestOf, typedFetch } from './client';
import type { ApiPaths } from '@taizhang/contracts';
import { ADMIN_PASSWORD, API, DEMO_PASSWORD } from './system';

const tokens = new Map<string, string>();

export interface Session {
  token: string;
  user: UserDto;
}

export async function login(
  username: string,
  password = username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD,
): Promise<Session> {
  const body = await typedFetch(API, null, 'post', '/api/auth/login', { body: { username, password } }).catch(
    (e: Error) => {
      throw new Error(`login ${username}: ${e.message}`);
    },
  );
  tokens.set(username, body.accessToken);
  return { token: body.accessToken, user: body.user };
}

async function tokenOf(username: string): Promise<string> {
  return tokens.get(username) ?? (await login(username)).token;
}

export async function call<T>(
  username: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const res = await fetch(`${API}/api${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await tokenOf(username)}`,
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} as ${username}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** One call of the API as `username`, typed by the OpenAPI document (path, parameters, body, answer). */
export async function typed<P extends keyof ApiPaths, M extends MethodOf<P>>(
  username: string,
  method: M,
  path: P,
  req: RequestOf<ApiPaths[P][M]>,
): Promise<Answer<ApiPaths[P][M]>> {
  return typedFetch(API, await tokenOf(username), method, path, req);
}

export async function getCase(username: string, id: string): Promise<CaseDto> {
  return typedFetch(API, await tokenOf(username), 'get', '/api/cases/{id}', { path: { id } });
}

export function listCases(
  username: string,
  query: Record<string, string | number | boolean> = {},
): Promise<Page<CaseDto>> {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  return call<Page<CaseDto>>(username, 'GET', `/cases${qs ? `?${qs}` : ''}`);
}

/** Act on the case at its current version (re-read first, so a worker's overdue mark cannot make it stale). */
export async function act(
  username: string,
  id: string,
  action: CaseAction,
  extra: Omit<CaseActionRequest, 'action' | 'version'> = {},
): Promise<CaseDto> {
  for (let attempt = 0; ; attempt++) {
    const current = await getCase(username, id);
    try {
      return await typedFetch(API, await tokenOf(username), 'post', '/api/cases/{id}/actions', {
        path: { id },
        body: { action, version: current.version, ...extra },
      });
    } catch (e) {
      if (attempt < 2 && /STALE_VERSION/.test(String(e))) continue;
      throw e;
    }
  }
}

/** The enterprises an instructor looks after (the API shows an instructor only his own). */
export async function enterprisesOf(username: string): Promise<EnterpriseDto[]> {
  const page = await typedFetch(API, await tokenOf(username), 'get', '/api/enterprises', {
    query: { pageSize: 50 },
  });
  return page.items;
}

/** Open a case through the API, as the instructor of the enterprise (or anyone who may). */
export async function openCase(
  username: string,
  enterpriseId: string,
  fields: { title: string; description?: string; categoryCode?: string; priority?: 'normal' | 'urgent' },
): Promise<CaseDto> {
  return typedFetch(API, await tokenOf(username), 'post', '/api/cases', {
    body: {
      enterpriseId,
      categoryCode: fields.categoryCode ?? 'labor',
      title: fields.title,
      description: fields.description ?? `${fields.title}（端到端测试）`,
      priority: fields.priority ?? 'normal',
    },
  });
}

/** A short unique tag, so a test finds its own cases among the demo world's (and its spec's other tests'). */
export function tag(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`.toUpperCase();
}

/**
 * Wait until the worker will leave the case alone for a while: its next deadline is minutes away, or it
 * is already marked overdue (a test of the spec may have shortened the town's deadlines to seconds). A
 * page that loads the case after this sees a version nobody else is about to change.
 */
export async function settled(username: string, id: string, timeoutMs = 30_000): Promise<CaseDto> {
  const t0 = Date.now();
  for (;;) {
    const c = await getCase(username, id);
    // the worker's deadline checks concern pending cases only: a resolved or closed one is left alone
    if (!(PENDING_STATUSES as readonly string[]).includes(c.status)) return c;
    const next = [c.respondBy, c.resolveBy].filter((d): d is string => !!d).map((d) => Date.parse(d));
    const soon = next.some((t) => t < Date.now() + 5 * 60_000);
    if (!soon || c.overdue) return c;
    if (Date.now() - t0 > timeoutMs)
      throw new Error(
        `case ${c.ledgerNo}: a deadline is due within minutes and the worker has not marked it`,
      );
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * A funding case of the enterprise, opened by its instructor zhidao and resolved by the town's service team
 * (zhuanban) through the API: it waits for the enterprise's answer.
 */
export async function resolvedCase(enterpriseId: string, label: string): Promise<CaseDto> {
  const coordinator = (await login('zhuanban')).user;
  const c = await openCase('zhidao', enterpriseId, {
    title: `[${tag()}] ${label}`,
    categoryCode: 'funding',
  });
  await act('zhuanban', c.id, 'assign', { assigneeId: coordinator.id });
  await act('zhuanban', c.id, 'resolve', {
    resolution: '已协调银行办理续贷 300 万元，企业资金周转恢复正常。',
  });
  await settled('zhidao', c.id);
  return c;
}
