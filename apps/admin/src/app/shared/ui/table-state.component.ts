import { ChangeDetectionStrategy, Component } from '@angular/core';
import { LoadStateComponent, LoadStateInputs } from './load-state.component';

/**
 * A table that loads: the load states of `tz-load-state` (the same inputs), then, once there is data, the table
 * put inside in its scrolling frame (`.tz-table-wrap`), and what is marked `tzUnderTable` under it.
 */
@Component({
  selector: 'tz-table-state',
  imports: [LoadStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <tz-load-state
      [resource]="resource()"
      [loading]="loading()"
      [error]="error()"
      [empty]="empty()"
      [emptyText]="emptyText()"
      (retry)="retry.emit()"
    >
      <div class="tz-table-wrap">
        <ng-content />
      </div>
      <ng-content select="[tzUnderTable]" />
    </tz-load-state>
  `,
})
export class TableStateComponent extends LoadStateInputs {}
