import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { I18nService } from '../i18n/i18n.service';
import { TPipe } from '../i18n/t.pipe';

/** Switch between 中文 and English; the button names the language it switches to. */
@Component({
  selector: 'tz-lang-switch',
  imports: [TPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button
      class="tz-bar-button"
      type="button"
      data-testid="lang-switch"
      [attr.lang]="i18n.otherLocale()"
      [attr.aria-label]="'lang.switchTo' | t"
      (click)="i18n.toggle()"
    >
      {{ 'lang.other' | t }}
    </button>
  `,
})
export class LangSwitchComponent {
  protected readonly i18n = inject(I18nService);
}
