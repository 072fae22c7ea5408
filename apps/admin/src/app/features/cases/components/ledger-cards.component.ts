import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { CaseDto } from '@taizhang/contracts';
import { TPipe, TzDatePipe } from '../../../core/i18n/t.pipe';
import { ReferenceDataService } from '../../../core/reference/reference-data.service';
import { StatusBadgeComponent } from '../../../shared/ui/status-badge.component';
import { DeadlineStateComponent } from './deadline-state.component';

/** The ledger as a list of cards (phones): each links to its case. */
@Component({
  selector: 'tz-ledger-cards',
  imports: [RouterLink, TPipe, TzDatePipe, StatusBadgeComponent, DeadlineStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './ledger-cards.component.html',
  styleUrl: './ledger-cards.component.scss',
})
export class LedgerCardsComponent {
  protected readonly ref = inject(ReferenceDataService);
  readonly rows = input.required<CaseDto[]>();
}
