import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { TPipe } from '../../core/i18n/t.pipe';
import { apiErrorText } from '../../core/api/error-text';
import { I18nService } from '../../core/i18n/i18n.service';

/**
 * The loading / error / empty states every data screen shows. Put the content inside; it is shown
 * only when there is data.
 */
@Component({
  selector: 'tz-load-state',
  imports: [MatProgressSpinnerModule, MatButtonModule, TPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (loading()) {
      <div class="state" role="status" aria-live="polite" data-testid="state-loading">
        <mat-spinner diameter="32" [attr.aria-label]="'common.loading' | t" />
        <span>{{ 'common.loading' | t }}</span>
      </div>
    } @else if (error()) {
      <div class="state error" role="alert" data-testid="state-error">
        <span>{{ errorText() || ('errors.loadFailed' | t) }}</span>
        <button mat-stroked-button type="button" (click)="retry.emit()">{{ 'common.retry' | t }}</button>
      </div>
    } @else if (empty()) {
      <div class="state" data-testid="state-empty">{{ emptyText() || ('common.empty' | t) }}</div>
    } @else {
      <ng-content />
    }
  `,
  styles: `
    .state {
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: 12px;
      padding: 32px 16px;
      color: var(--mat-sys-on-surface-variant);
      text-align: center;
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
})
export class LoadStateComponent {
  readonly loading = input(false);
  readonly error = input<unknown>(null);
  readonly empty = input(false);
  readonly emptyText = input('');
  readonly retry = output<void>();
  private readonly i18n = inject(I18nService);

  protected readonly errorText = computed(() => {
    const error = this.error();
    return error ? apiErrorText(this.i18n, error, 'errors.loadFailed') : '';
  });
}
