import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import type { CaseDto, ConfirmationLinkDto } from '@taizhang/contracts';
import { apiErrorText } from '../../../core/api/error-text';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TPipe, TzDatePipe } from '../../../core/i18n/t.pipe';
import { qrDataUrl } from '../../../shared/qr/qr-code';
import { CasesApi } from '../data/cases.api';

/**
 * 生成确认链接: on a resolved case, a one-time link for the enterprise's contact, with a QR code the
 * instructor can show on the phone and, if asked, an SMS to the contact's phone.
 */
@Component({
  selector: 'tz-confirmation-link',
  imports: [MatButtonModule, MatCheckboxModule, TPipe, TzDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './confirmation-link.component.html',
  styleUrl: './confirmation-link.component.scss',
})
export class ConfirmationLinkComponent {
  readonly case = input.required<CaseDto>();

  private readonly api = inject(CasesApi);
  private readonly i18n = inject(I18nService);

  protected readonly link = signal<ConfirmationLinkDto | null>(null);
  protected readonly qr = signal('');
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  protected readonly sendSms = signal(false);
  protected readonly copied = signal(false);

  protected generate(): void {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set('');
    this.copied.set(false);
    this.api.confirmationLink(this.case().id, this.sendSms()).subscribe({
      next: (link) => {
        this.link.set(link);
        void this.drawQr(link.url); // never rejects: a code that cannot be drawn leaves the link alone
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.error.set(apiErrorText(this.i18n, err));
      },
    });
  }

  private async drawQr(url: string): Promise<void> {
    try {
      this.qr.set(await qrDataUrl(url));
    } catch {
      this.qr.set('');
    }
    this.busy.set(false);
  }

  protected async copy(): Promise<void> {
    const link = this.link();
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link.url);
      this.copied.set(true);
    } catch {
      this.copied.set(false);
    }
  }
}
