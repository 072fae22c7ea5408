import { CaseErrorCode, CommonProblemErrorCode, CreditCodeError, PasswordErrorCode } from '@taizhang/domain';

/** Every error code the API answers with, and its HTTP status: the one table. */
export const ERROR_STATUS = {
  'CASE.NOT_ALLOWED_IN_STATE': 409,
  'CASE.NOT_IN_JURISDICTION': 403,
  'CASE.FIELD_REQUIRED': 400,
  'CASE.TOP_LEVEL': 409,
  'CASE.NO_ROUTE': 409,
  'CASE.ASSIGNEE_NOT_IN_UNIT': 400,
  'CASE.NOTHING_TO_RETURN': 409,
  'CASE.EXTENSION_PENDING': 409,
  'CASE.EXTENSION_LIMIT': 409,
  'CASE.NO_EXTENSION_PENDING': 409,
  'CASE.EXTENSION_INVALID': 400,
  'CASE.STALE_VERSION': 409,
  'CASE.NOT_FOUND': 404,
  'CASE.CANNOT_OPEN': 403,
  'COMMON_PROBLEM.NOT_FOUND': 404,
  'COMMON_PROBLEM.CANNOT_GROUP': 403,
  'COMMON_PROBLEM.CASE_OUTSIDE_UNIT': 403,
  'COMMON_PROBLEM.CASE_FINISHED': 409,
  'COMMON_PROBLEM.CASE_IN_OTHER_GROUP': 409,
  'COMMON_PROBLEM.CASE_ALREADY_MEMBER': 409,
  'COMMON_PROBLEM.TOO_FEW': 400,
  'COMMON_PROBLEM.TOO_MANY': 400,
  'COMMON_PROBLEM.ACTION_NOT_FOR_GROUP': 400,
  'COMMON_PROBLEM.MEMBERS_REFUSED': 409,
  'COMMON_PROBLEM.NO_OPEN_MEMBERS': 409,
  'IDEMPOTENCY.KEY_REUSED': 422,
  'IDEMPOTENCY.IN_PROGRESS': 409,
  'IDEMPOTENCY.KEY_INVALID': 400,
  'ENTERPRISE.CREDIT_CODE_INVALID': 400,
  'ENTERPRISE.NOT_FOUND': 404,
  'ENTERPRISE.DUPLICATE': 409,
  'EXPORT.NOT_FOUND': 404,
  'VISIT.NOT_ALLOWED': 403,
  'VISIT.INVALID': 400,
  'EXPORT.NOT_READY': 409,
  'EXPORT.TOO_MANY': 429,
  'CONFIRMATION.NOT_FOUND': 404,
  'CONFIRMATION.USED': 410,
  'CONFIRMATION.EXPIRED': 410,
  'CONFIRMATION.THROTTLED': 429,
  'AUTH.INVALID_CREDENTIALS': 401,
  'AUTH.UNAUTHENTICATED': 401,
  'AUTH.FORBIDDEN': 403,
  'AUTH.THROTTLED': 429,
  'AUTH.PASSWORD_CHANGE_REQUIRED': 403,
  'AUTH.WRONG_PASSWORD': 400,
  'PASSWORD.TOO_SHORT': 400,
  'PASSWORD.TOO_LONG': 400,
  'PASSWORD.COMMON': 400,
  'PASSWORD.REPETITIVE': 400,
  'PASSWORD.CONTAINS_NAME': 400,
  'REQUEST.INVALID': 400,
  'REQUEST.NOT_FOUND': 404,
  'REQUEST.CONFLICT': 409,
  'REQUEST.TOO_LARGE': 413,
  'REQUEST.UNSUPPORTED_MEDIA_TYPE': 415,
  'REQUEST.METHOD_NOT_ALLOWED': 405,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const satisfies Record<
  CaseErrorCode | CommonProblemErrorCode | CreditCodeError | PasswordErrorCode | string,
  number
>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldError {
  field: string;
  message: string;
}

/** The only error the API's own code throws; the exception filter turns it into problem details. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extra: { errors?: FieldError[]; currentVersion?: number } = {},
  ) {
    super(detail);
    this.name = 'ApiError';
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }

  static invalid(field: string, message: string): ApiError {
    return new ApiError('REQUEST.INVALID', `${field}: ${message}`, { errors: [{ field, message }] });
  }
  static notFound(what: string): ApiError {
    return new ApiError('REQUEST.NOT_FOUND', `${what} not found`);
  }
}

/** A refusal from libs/domain, as an ApiError. */
export function fromRefusal(r: { code: string; message: string; field?: string }): ApiError {
  const code = (r.code in ERROR_STATUS ? r.code : 'REQUEST.INVALID') as ErrorCode;
  return new ApiError(code, r.message, r.field ? { errors: [{ field: r.field, message: r.message }] } : {});
}
