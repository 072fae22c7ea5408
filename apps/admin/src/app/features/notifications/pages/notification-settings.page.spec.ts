import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { TOKEN_STORAGE_KEY, USER_STORAGE_KEY } from '../../../core/auth/auth.service';
import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_KINDS,
  type NotificationPreferencesDto,
} from '@taizhang/contracts';
import { NotificationSettingsPage } from './notification-settings.page';

function preferences(): NotificationPreferencesDto {
  return {
    phone: '13800000001',
    email: null,
    items: NOTIFICATION_KINDS.flatMap((kind) =>
      NOTIFICATION_CHANNELS.map((channel) => ({
        kind,
        channel,
        enabled: channel !== 'sms' || kind === 'resolved',
        choosable: channel !== 'in_app',
      })),
    ),
  };
}

describe(NotificationSettingsPage.name, () => {
  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
  });

  /** The page, with the caller's preferences loaded from the API. */
  function open() {
    const fixture = TestBed.createComponent(NotificationSettingsPage);
    const http = TestBed.inject(HttpTestingController);
    fixture.detectChanges();
    http
      .expectOne((r) => r.url.endsWith('/api/notifications/preferences') && r.method === 'GET')
      .flush(preferences());
    return { fixture, http };
  }

  it("shows the grid from the API and saves one's choices and contact", async () => {
    const { fixture, http } = open();
    await fixture.whenStable();
    fixture.detectChanges();
    const el: HTMLElement = fixture.nativeElement;
    expect(el.querySelectorAll('[data-testid="prefs-grid"] tbody tr')).toHaveLength(
      NOTIFICATION_KINDS.length,
    );
    const inApp = el.querySelector('[data-testid="pref-resolved-in_app"] input') as HTMLInputElement;
    expect(inApp.disabled).toBe(true);
    expect((el.querySelector('[data-testid="pref-resolved-sms"] input') as HTMLInputElement).checked).toBe(
      true,
    );
    expect((el.querySelector('[data-testid="pref-opened-sms"] input') as HTMLInputElement).checked).toBe(
      false,
    );

    (el.querySelector('[data-testid="pref-opened-sms"] input') as HTMLInputElement).click();
    fixture.detectChanges();
    (el.querySelector('[data-testid="prefs-save"]') as HTMLButtonElement).click();
    const req = http.expectOne((r) => r.url.endsWith('/api/notifications/preferences') && r.method === 'PUT');
    expect(req.request.body.phone).toBe('13800000001');
    expect(req.request.body.items).toContainEqual({ kind: 'opened', channel: 'sms', enabled: true });
    expect(req.request.body.items.some((i: { channel: string }) => i.channel === 'in_app')).toBe(false);
    req.flush(preferences());
  });

  it("shows a coordinator his unit's robot with the key masked, and saving it unchanged sends the masked address back (kept)", async () => {
    localStorage.setItem(TOKEN_STORAGE_KEY, 'header.eyJzdWIiOiJ1MSJ9.sig');
    localStorage.setItem(
      USER_STORAGE_KEY,
      JSON.stringify({ id: 'u1', username: 'c', displayName: 'c', role: 'coordinator', unitId: 't1' }),
    );
    const masked = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=****89ab';
    const { fixture, http } = open();
    http
      .expectOne((r) => r.url.endsWith('/api/units/t1/webhook') && r.method === 'GET')
      .flush({ unitId: 't1', kind: 'wecom', url: masked, hasSecret: false });
    await fixture.whenStable();
    fixture.detectChanges();
    const el: HTMLElement = fixture.nativeElement;
    expect((el.querySelector('[data-testid="robot-url"]') as HTMLInputElement).value).toBe(masked);
    expect(el.querySelector('[data-testid="robot-url-kept"]')?.textContent).toContain('密钥已隐藏');
    (el.querySelector('[data-testid="robot-save"]') as HTMLButtonElement).click();
    const req = http.expectOne((r) => r.url.endsWith('/api/units/t1/webhook') && r.method === 'PUT');
    expect(req.request.body).toEqual({ kind: 'wecom', url: masked });
    req.flush({ unitId: 't1', kind: 'wecom', url: masked, hasSecret: false });
  });
});
