import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { PagerComponent } from '../../../shared/ui/pager.component';
import { MatSelectModule } from '@angular/material/select';
import { AUDIT_ENTITIES, type AuditEntity, type AuditLogEntryDto } from '@taizhang/contracts';
import { TzDatePipe } from '../../../core/i18n/t.pipe';
import { DATA_PAGE_IMPORTS } from '../../../shared/ui/data-page';
import { TableStateComponent } from '../../../shared/ui/table-state.component';
import { TableComponent } from '../../../shared/ui/table.component';
import { AdminApi } from '../data/admin.api';
import { AuditChange, auditChanges } from '../data/audit-diff';
import { pageItems, pagedList } from '../../../shared/util/paged';

const PAGE_SIZE = 20;

/** A calendar day in Beijing time as the instant it starts (the API takes ISO 8601 with an offset). */
function dayStart(day: string): string | undefined {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day}T00:00:00+08:00` : undefined;
}
function nextDayStart(day: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const d = new Date(`${day}T00:00:00+08:00`);
  return new Date(d.getTime() + 24 * 3600_000).toISOString();
}

/** Who changed what in the administration, and when: filter by kind of object, by who, by dates. */
@Component({
  selector: 'tz-audit-log-page',
  imports: [
    ...DATA_PAGE_IMPORTS,
    TableStateComponent,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    PagerComponent,
    MatSelectModule,
    TzDatePipe,
    TableComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './audit-log.page.html',
  styleUrl: './audit-log.page.scss',
})
export class AuditLogPage {
  private readonly api = inject(AdminApi);
  protected readonly entities = AUDIT_ENTITIES;
  protected readonly entity = signal<AuditEntity | ''>('');
  protected readonly actorId = signal('');
  protected readonly from = signal('');
  protected readonly to = signal('');
  /** The two day filters, each a date field (`audit.from` / `audit.to`, test ids `audit-from` / `audit-to`). */
  protected readonly days = [
    { end: 'from', day: this.from },
    { end: 'to', day: this.to },
  ] as const;

  /** Who can make administrative changes: the admins (disabled ones too, for old rows). */
  private readonly adminUsers = rxResource({
    stream: () => this.api.users({ role: 'admin', active: 'all', pageSize: 100 }),
  });
  protected readonly admins = pageItems(this.adminUsers);

  protected readonly paged = pagedList(
    PAGE_SIZE,
    () => ({
      entity: this.entity() || undefined,
      actorId: this.actorId() || undefined,
      from: dayStart(this.from()),
      to: nextDayStart(this.to()),
    }),
    (query) => this.api.auditLog(query),
  );
  protected readonly rows = computed<{ entry: AuditLogEntryDto; changes: AuditChange[]; label: string }[]>(
    () =>
      this.paged.items().map((entry) => ({
        entry,
        changes: auditChanges(entry.before, entry.after),
        label: labelOf(entry),
      })),
  );

  protected actionLabel(action: string): string {
    return `auditAction.${action}`;
  }
}

/** A readable name for the changed object: a user's username, a unit's name, a category's code. */
function labelOf(entry: AuditLogEntryDto): string {
  const v = (entry.after ?? entry.before) as Record<string, unknown> | null;
  if (!v || Array.isArray(v)) return '';
  const name = v['username'] ?? v['name'] ?? v['code'];
  return typeof name === 'string' ? name : (entry.entityId ?? '');
}
