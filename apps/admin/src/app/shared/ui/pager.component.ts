import { ChangeDetectionStrategy, Component, input, model } from '@angular/core';
import { MatPaginatorModule } from '@angular/material/paginator';

/**
 * The pager under a list of fixed page size (administration pages, notifications): `page` counts from 1 and
 * is two-way bound (`[(page)]="page"`), so a page needs no handler of its own. The ledger and the enterprise
 * list, whose page size the user picks, keep their own paginator.
 */
@Component({
  selector: 'tz-pager',
  imports: [MatPaginatorModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host {
      display: block;
    }
  `,
  template: `
    <mat-paginator
      [length]="total()"
      [pageIndex]="page() - 1"
      [pageSize]="pageSize()"
      [hidePageSize]="true"
      (page)="page.set($event.pageIndex + 1)"
      [attr.data-testid]="testId()"
    />
  `,
})
export class PagerComponent {
  readonly total = input.required<number>();
  readonly pageSize = input.required<number>();
  /** the page shown, from 1 */
  readonly page = model.required<number>();
  readonly testId = input<string | null>(null);
}
