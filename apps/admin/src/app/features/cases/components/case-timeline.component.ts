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
  template: `
    @if (sorted().length === 0) {
      <p class="empty">{{ 'timeline.empty' | t }}</p>
    } @else {
      <ol class="timeline" [attr.aria-label]="'timeline.title' | t">
        @for (e of sorted(); track e.id) {
          <li class="event" data-testid="timeline-event" [attr.data-type]="e.type">
            <div class="dot" aria-hidden="true"></div>
            <div class="body">
              <div class="line">
                <strong class="type">{{ 'event.' + e.type | t }}</strong>
                <time class="at" [attr.datetime]="e.at">{{ e.at | tzDate }}</time>
              </div>
              <div class="meta">
                <span data-testid="timeline-actor">{{
                  e.actorId ? e.actorName || ('timeline.unknownActor' | t) : ('timeline.system' | t)
                }}</span>
                @if (e.fromStatus && e.fromStatus !== e.toStatus) {
                  · {{ 'status.' + e.fromStatus | t }} → {{ 'status.' + e.toStatus | t }}
                }
                @if (e.fromUnitId && e.fromUnitId !== e.toUnitId) {
                  · {{ ref.unitName(e.fromUnitId) || ('timeline.unit' | t) }} → {{ ref.unitName(e.toUnitId) || ('timeline.unit' | t) }}
                }
              </div>
              @if (!e.actorId) {
                <!-- the system's own reasons are bilingual strings: say it in the user's language instead -->
                @if (systemNote(e); as note) {
                  <p class="text" data-testid="timeline-system-note">{{ note | t }}</p>
                }
              } @else if (e.reason) {
                <p class="text"><span class="k">{{ 'timeline.reason' | t }}{{ 'timeline.colon' | t }}</span>{{ e.reason }}</p>
              }
              @if (text(e, 'resolution'); as r) {
                <p class="text"><span class="k">{{ 'timeline.resolution' | t }}{{ 'timeline.colon' | t }}</span>{{ r }}</p>
              }
              @if (text(e, 'comment'); as c) {
                <p class="text"><span class="k">{{ 'timeline.comment' | t }}{{ 'timeline.colon' | t }}</span>{{ c }}</p>
              }
              @if (satisfied(e); as s) {
                <p class="text">
                  <span class="k">{{ 'timeline.satisfied' | t }}{{ 'timeline.colon' | t }}</span
                  >{{ (s === 'yes' ? 'common.yes' : 'common.no') | t }}
                </p>
              }
            </div>
          </li>
        }
      </ol>
    }
  `,
  styles: `
    .timeline {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .event {
      display: grid;
      grid-template-columns: 16px 1fr;
      gap: 12px;
      padding-bottom: 16px;
      position: relative;
    }
    .event:not(:last-child)::before {
      content: '';
      position: absolute;
      left: 7px;
      top: 16px;
      bottom: 0;
      width: 2px;
      background: var(--mat-sys-outline-variant);
    }
    .dot {
      width: 16px;
      height: 16px;
      border-radius: 50%;
      background: var(--mat-sys-primary);
      margin-top: 2px;
    }
    .event[data-type='overdue'] .dot,
    .event[data-type='urge'] .dot {
      background: #c62828;
    }
    .line {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 12px;
      align-items: baseline;
    }
    .at,
    .meta {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .text {
      margin: 4px 0 0;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .k {
      color: var(--mat-sys-on-surface-variant);
    }
    .empty {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class CaseTimelineComponent {
  readonly events = input.required<readonly CaseEventDto[]>();
  protected readonly ref = inject(ReferenceDataService);
  protected readonly i18n = inject(I18nService);
  protected readonly sorted = computed(() => chronological(this.events()));

  protected satisfied(event: CaseEventDto): 'yes' | 'no' | null {
    const value = event.payload?.['satisfied'];
    return value === true ? 'yes' : value === false ? 'no' : null;
  }

  /** The i18n key that says what the system did (deadline missed, automatic escalation), or ''. */
  protected systemNote(event: CaseEventDto): string {
    if (event.type === 'overdue') {
      const deadline = this.text(event, 'deadline');
      return deadline === 'respond' || deadline === 'resolve' ? `timeline.deadline.${deadline}` : 'event.overdue';
    }
    if (event.type === 'escalate') return 'timeline.autoEscalate';
    return '';
  }

  protected text(event: CaseEventDto, key: string): string {
    const value = event.payload?.[key];
    return typeof value === 'string' ? value : '';
  }
}
