import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { I18nService } from '../i18n/i18n.service';
import { TPipe } from '../i18n/t.pipe';

/** Switch between 中文 and English; the button names the language it switches to. */
@Component({
  selector: 'tz-lang-switch',
  imports: [MatButtonModule, TPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button
      mat-button
      type="button"
      data-testid="lang-switch"
      [attr.lang]="i18n.otherLocale()"
      [attr.aria-label]="'lang.switchTo' | t"
      (click)="i18n.toggle()"
    >
      {{ 'lang.other' | t }}
    </button>
  `,
  styles: `
    /* the top bar's colour (Material's text-button colour would be dark on the blue bar) */
    button.mat-mdc-button {
      color: inherit;
    }
  `,
})
export class LangSwitchComponent {
  protected readonly i18n = inject(I18nService);
}
