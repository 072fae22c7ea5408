import { FormControl } from '@angular/forms';
import { TestBed } from '@angular/core/testing';
import { I18nService } from '../i18n/i18n.service';
import { ApiError } from './api-error';
import { apiErrorText, applyFieldErrors } from './error-text';

describe('apiErrorText', () => {
  let i18n: I18nService;
  beforeEach(() => {
    localStorage.clear();
    i18n = TestBed.inject(I18nService);
  });

  it('says a known problem code in the user’s language, not the API’s English detail', () => {
    const err = new ApiError({
      status: 409,
      code: 'CASE.NOT_ALLOWED_IN_STATE',
      detail: 'Cannot resolve a case that is closed',
    });
    expect(apiErrorText(i18n, err)).toBe('当前状态下不能执行此操作');
    i18n.setLocale('en');
    expect(apiErrorText(i18n, err)).toBe("This action is not possible in the case's current state");
  });

  it('lists the fields of a validation failure', () => {
    const err = new ApiError({
      status: 400,
      code: 'REQUEST.INVALID',
      detail: 'password must have at least 8 characters',
      errors: [
        { field: 'password', message: 'password must have at least 8 characters' },
        { field: 'nickname', message: 'x' },
      ],
    });
    expect(apiErrorText(i18n, err)).toBe(
      '输入有误，请检查后重试：密码至少 10 位，不能是常见密码或包含用户名；格式不正确',
    );
  });

  it('keeps the detail of an error without a code, and names network failures', () => {
    expect(apiErrorText(i18n, new ApiError({ status: 401, detail: '用户名或密码错误' }))).toBe(
      '用户名或密码错误',
    );
    expect(apiErrorText(i18n, new ApiError({ status: 0 }))).toBe(i18n.t('errors.network'));
    expect(apiErrorText(i18n, new Error('boom'), 'errors.loadFailed')).toBe('加载失败');
  });
});

describe('applyFieldErrors', () => {
  it('puts each field error on its control as an i18n key', () => {
    const i18n = TestBed.inject(I18nService);
    const controls = { password: new FormControl('abc'), unitId: new FormControl(null) };
    const err = new ApiError({
      status: 400,
      code: 'REQUEST.INVALID',
      errors: [{ field: 'password', message: 'too short' }],
    });
    expect(applyFieldErrors(i18n, controls, err)).toBe(true);
    expect(controls.password.errors).toEqual({ api: 'fieldError.password' });
    expect(controls.password.touched).toBe(true);
    expect(controls.unitId.errors).toBeNull();
    expect(applyFieldErrors(i18n, controls, new ApiError({ status: 409, code: 'REQUEST.CONFLICT' }))).toBe(
      false,
    );
  });
});
