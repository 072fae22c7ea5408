import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { AuthService } from '../../../core/auth/auth.service';
import { LoginPage } from './login.page';
import { clickAndWait, configurePageTestBed, typeInto } from '../../../../testing/page-test-bed';

describe(LoginPage.name, () => {
  let backend: HttpTestingController;
  let navigate: jest.SpyInstance;

  beforeEach(() => {
    backend = configurePageTestBed(LoginPage);
    navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
  });
  afterEach(() => backend.verify());

  async function submit(username: string, password: string) {
    const fixture = TestBed.createComponent(LoginPage);
    fixture.detectChanges();
    const el: HTMLElement = fixture.nativeElement;
    typeInto(el, 'login-username', username);
    typeInto(el, 'login-password', password);
    await clickAndWait(fixture, 'login-submit');
    return fixture;
  }

  it('shows the API error detail when sign-in fails', async () => {
    const fixture = await submit('zhang', 'wrong');
    const req = backend.expectOne('/api/auth/login');
    expect(req.request.body).toEqual({ username: 'zhang', password: 'wrong' });
    req.flush(
      { type: 'about:blank', title: 'Unauthorized', status: 401, detail: '用户名或密码错误' },
      { status: 401, statusText: 'Unauthorized' },
    );
    await fixture.whenStable();
    fixture.detectChanges();
    expect(fixture.nativeElement.querySelector('[data-testid="login-error"]').textContent).toContain(
      '用户名或密码错误',
    );
    expect(navigate).not.toHaveBeenCalled();
  });

  it.each([
    ['manager', '/dashboard'],
    ['instructor', '/cases'],
    ['coordinator', '/cases'],
    ['bureau_officer', '/cases'],
    ['admin', '/cases'],
  ])('signs a %s in and goes to %s', async (role, target) => {
    const fixture = await submit('u', 'p');
    backend.expectOne('/api/auth/login').flush({
      accessToken: 'a.b.c',
      tokenType: 'Bearer',
      expiresIn: 3600,
      user: { id: 'u1', username: 'u', displayName: 'U', role, unitId: null },
    });
    await fixture.whenStable();
    expect(TestBed.inject(AuthService).token()).toBe('a.b.c');
    expect(navigate).toHaveBeenCalledWith(target);
  });

  it('does not call the API with empty fields', async () => {
    await submit('', '');
    backend.expectNone('/api/auth/login');
  });
});
