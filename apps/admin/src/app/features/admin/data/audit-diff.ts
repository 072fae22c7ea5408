/** One changed field of an audit log row: its name and its values before and after, as short text. */
export interface AuditChange {
  field: string;
  before: string;
  after: string;
}

function text(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What an audit row changed, field by field. Records (a user, a unit, a category) list the fields whose
 * values differ; lists (routing rules, policies, the calendar) how many entries were added and removed.
 */
export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  if (Array.isArray(before) || Array.isArray(after)) {
    const b = new Set((Array.isArray(before) ? before : []).map((x) => JSON.stringify(x)));
    const a = new Set((Array.isArray(after) ? after : []).map((x) => JSON.stringify(x)));
    const added = [...a].filter((x) => !b.has(x));
    const removed = [...b].filter((x) => !a.has(x));
    return [
      ...removed.map((x) => ({ field: '−', before: x, after: '—' })),
      ...added.map((x) => ({ field: '+', before: '—', after: x })),
    ];
  }
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .filter((k) => text(b[k]) !== text(a[k]))
    .map((k) => ({ field: k, before: before === null ? '—' : text(b[k]), after: text(a[k]) }));
}
