import { CASE_ERROR_CODES } from '@taizhang/domain';
import { ApiError, ERROR_STATUS, fromRefusal } from './errors';

describe('ERROR_STATUS', () => {
  it('gives every domain refusal code an HTTP status', () => {
    for (const code of CASE_ERROR_CODES) expect(ERROR_STATUS[code]).toBeGreaterThanOrEqual(400);
  });

  it.each([
    ['CASE.NOT_ALLOWED_IN_STATE', 409],
    ['CASE.NOT_IN_JURISDICTION', 403],
    ['CASE.FIELD_REQUIRED', 400],
    ['CASE.STALE_VERSION', 409],
    ['IDEMPOTENCY.KEY_REUSED', 422],
    ['ENTERPRISE.CREDIT_CODE_INVALID', 400],
  ] as const)('maps %s to %i', (code, status) => {
    expect(new ApiError(code, 'x').status).toBe(status);
  });
});

describe(fromRefusal.name, () => {
  it('keeps the field of a refusal as a field error', () => {
    const e = fromRefusal({ code: 'CASE.FIELD_REQUIRED', message: 'reason is required', field: 'reason' });
    expect(e.status).toBe(400);
    expect(e.extra.errors).toEqual([{ field: 'reason', message: 'reason is required' }]);
  });
});
