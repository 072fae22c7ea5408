/** The domain never throws for a business rule: it answers with a result carrying a stable code. */
export type Ok<T> = { ok: true } & T;
export interface Refusal<C extends string = string> {
  ok: false;
  code: C;
  message: string;
  field?: string;
}
export type Result<T, C extends string = string> = Ok<T> | Refusal<C>;

export function refuse<C extends string>(code: C, message: string, field?: string): Refusal<C> {
  return field === undefined ? { ok: false, code, message } : { ok: false, code, message, field };
}
