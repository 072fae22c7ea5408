import { ChangeDetectionStrategy, Component, booleanAttribute, input, output } from '@angular/core';
import { PageHeaderComponent } from './page-header.component';
import { SaveButtonComponent } from './save-button.component';
import type { SaveState } from './save-state';

/**
 * The head of an editing page that saves all at once (calendar, deadlines, routing): the page header with its
 * save button on the right, after any other buttons put inside.
 */
@Component({
  selector: 'tz-save-header',
  imports: [PageHeaderComponent, SaveButtonComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host {
      display: block;
    }
  `,
  template: `
    <tz-page-header [title]="title()" [hint]="hint()">
      <ng-content />
      <tz-save-button [saving]="saving()" [disabled]="disabled()" [testId]="testId()" (save)="save.emit()" />
    </tz-page-header>
  `,
})
export class SaveHeaderComponent {
  /** Already translated. */
  readonly title = input.required<string>();
  readonly hint = input('');
  readonly saving = input.required<SaveState>();
  /** of the save button */
  readonly testId = input.required<string>();
  /** Nothing to save yet (besides a save running). */
  readonly disabled = input(false, { transform: booleanAttribute });
  readonly save = output<void>();
}
