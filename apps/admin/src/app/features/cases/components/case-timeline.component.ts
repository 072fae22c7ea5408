import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import type { CaseEventDto } from '@taizhang/contracts';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TPipe, TzDatePipe } from '../../../core/i18n/t.pipe';
import { ReferenceDataService } from '../../../core/reference/reference-data.service';

/** Sort events oldest first (the order they happened in, like the paper ledger). */
export function chronological(events: readonly CaseEventDto[]): CaseEventDto[] {
  return [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** The case's audit ledger, oldest first, newest at the bottom. */
@Component({
  selector: 'tz-case-timeline',
  imports: [TPipe, TzDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './case-timeline.component.html',
  styleUrl: './case-timeline.component.scss',
})
export class CaseTimelineComponent {
  readonly events = input.required<readonly CaseEventDto[]>();
  protected readonly ref = inject(ReferenceDataService);
  protected readonly i18n = inject(I18nService);
  protected readonly sorted = computed(() => chronological(this.events()));

  /** The enterprise's 1–5 rating recorded with a confirm or reopen, or 0. */
  protected rating(event: CaseEventDto): number {
    const value = event.payload?.['rating'];
    return typeof value === 'number' && value >= 1 && value <= 5 ? value : 0;
  }

  protected stars(n: number): string {
    return '★'.repeat(n) + '☆'.repeat(5 - n);
  }

  protected satisfied(event: CaseEventDto): 'yes' | 'no' | null {
    const value = event.payload?.['satisfied'];
    return value === true ? 'yes' : value === false ? 'no' : null;
  }

  /** The i18n key that says what the system did (deadline missed, automatic escalation), or ''. */
  protected systemNote(event: CaseEventDto): string {
    if (event.type === 'overdue') {
      const deadline = this.text(event, 'deadline');
      return deadline === 'respond' || deadline === 'resolve'
        ? `timeline.deadline.${deadline}`
        : 'event.overdue';
    }
    if (event.type === 'escalate') return 'timeline.autoEscalate';
    return '';
  }

  protected text(event: CaseEventDto, key: string): string {
    const value = event.payload?.[key];
    return typeof value === 'string' ? value : '';
  }
}
