import type { CaseAction, CaseActionRequest } from '@taizhang/contracts';

/** The fields an action's dialog asks for (DESIGN §4, and the domain's `decide` requirements). */
export interface ActionFormSpec {
  action: CaseAction;
  /** Pick a user of the case's current unit (`assigneeId`). */
  assignee: boolean;
  /** `reason`: null = not asked, otherwise whether it is required. */
  reason: { required: boolean } | null;
  resolution: { required: boolean } | null;
  comment: { required: boolean } | null;
  /** Ask for the enterprise's 1–5 rating (`rating`): null = not asked, otherwise whether it is required. */
  rating: { required: boolean } | null;
  /** Shown in a warning colour: it ends or hands off the case. */
  destructive: boolean;
  /** Ask for a new resolve-by date (`until`, request_extension). */
  until?: boolean;
}

const base = {
  assignee: false,
  reason: null,
  resolution: null,
  comment: null,
  rating: null,
  destructive: false,
};

export const ACTION_FORMS: Record<CaseAction, ActionFormSpec> = {
  assign: { ...base, action: 'assign', assignee: true, reason: { required: false } },
  accept: { ...base, action: 'accept', reason: { required: false } },
  escalate: { ...base, action: 'escalate', reason: { required: true } },
  return: { ...base, action: 'return', reason: { required: true } },
  resolve: { ...base, action: 'resolve', resolution: { required: true } },
  confirm: { ...base, action: 'confirm', rating: { required: true }, comment: { required: false } },
  reopen: { ...base, action: 'reopen', reason: { required: true }, rating: { required: false } },
  comment: { ...base, action: 'comment', comment: { required: true } },
  urge: { ...base, action: 'urge', reason: { required: false } },
  cancel: { ...base, action: 'cancel', reason: { required: true }, destructive: true },
  request_extension: { ...base, action: 'request_extension', reason: { required: true }, until: true },
  approve_extension: { ...base, action: 'approve_extension', reason: { required: false } },
  deny_extension: { ...base, action: 'deny_extension', reason: { required: true }, destructive: true },
};

export function actionForm(action: CaseAction): ActionFormSpec {
  return ACTION_FORMS[action];
}

export interface ActionFormValue {
  assigneeId: string | null;
  reason: string;
  resolution: string;
  comment: string;
  /** 1–5, or null until the user picks (never pre-set). */
  rating: number | null;
  /** request_extension: the new resolve-by day, `YYYY-MM-DD` (the end of that working day in Shanghai is sent). */
  until?: string;
}

/** A day picked in the dialog as the end of its working day (17:30 Asia/Shanghai), in ISO 8601. */
export function untilOfDay(day: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const at = new Date(`${day}T17:30:00+08:00`);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** Build the request body: only the fields this action takes, trimmed, empty ones left out. */
export function buildActionRequest(
  action: CaseAction,
  version: number,
  value: ActionFormValue,
): CaseActionRequest {
  const spec = actionForm(action);
  const request: CaseActionRequest = { action, version };
  if (spec.assignee && value.assigneeId) request.assigneeId = value.assigneeId;
  if (spec.reason && value.reason.trim()) request.reason = value.reason.trim();
  if (spec.resolution && value.resolution.trim()) request.resolution = value.resolution.trim();
  if (spec.comment && value.comment.trim()) request.comment = value.comment.trim();
  if (spec.rating && value.rating !== null) request.rating = value.rating;
  if (spec.until && value.until) {
    const until = untilOfDay(value.until);
    if (until) request.until = until;
  }
  return request;
}
