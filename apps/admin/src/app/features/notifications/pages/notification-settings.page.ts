import {
  ChangeDetectionStrategy,
  Component,
  type WritableSignal,
  computed,
  effect,
  inject,
  signal,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_KINDS,
  type ChannelChoiceDto,
  type NotificationChannelName,
  type NotificationKind,
  type NotificationPreferencesDto,
  type UnitWebhookDto,
} from '@taizhang/contracts';
import { of } from 'rxjs';
import { AuthService } from '../../../core/auth/auth.service';
import { NotificationSettingsApi } from '../../../core/notifications/notification-settings.api';
import { DATA_PAGE_IMPORTS } from '../../../shared/ui/data-page';
import { SaveButtonComponent } from '../../../shared/ui/save-button.component';
import { saveState } from '../../../shared/ui/save-state';

/** The roles that set their own unit's group robot here (an admin picks any unit). */
const ROBOT_ROLES = ['coordinator', 'bureau_officer', 'manager'];

/**
 * One's own notification settings: phone and e-mail, which channels bring which kinds (in-app always), and
 * for unit staff and admins the unit's group robot (企业微信 / 钉钉).
 */
@Component({
  selector: 'tz-notification-settings-page',
  imports: [
    ...DATA_PAGE_IMPORTS,
    SaveButtonComponent,
    FormsModule,
    RouterLink,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './notification-settings.page.html',
  styleUrl: './notification-settings.page.scss',
})
export class NotificationSettingsPage {
  private readonly api = inject(NotificationSettingsApi);
  private readonly auth = inject(AuthService);

  protected readonly kinds = NOTIFICATION_KINDS;
  protected readonly channels = NOTIFICATION_CHANNELS;

  protected readonly prefs = rxResource({ stream: () => this.api.preferences() });
  protected readonly phone = signal('');
  protected readonly email = signal('');
  /** The contact fields, in order: label (i18n key), input type, value, test id. */
  protected readonly contacts = [
    { label: 'user.phone', type: 'tel', value: this.phone, testId: 'prefs-phone' },
    { label: 'notifySettings.email', type: 'email', value: this.email, testId: 'prefs-email' },
  ] as const;
  /** kind|channel → on */
  protected readonly grid = signal<Record<string, boolean>>({});
  protected readonly saving = saveState();
  /** Whether the user changed anything since the form was last filled from the server. */
  private edited = false;

  protected readonly isAdmin = computed(() => this.auth.role() === 'admin');
  protected readonly showsRobot = computed(
    () => this.isAdmin() || ROBOT_ROLES.includes(this.auth.role() ?? ''),
  );
  protected readonly units = rxResource({
    params: () => this.isAdmin(),
    stream: ({ params }) => (params ? this.api.units() : of([])),
  });
  protected readonly robotUnitId = signal<string | null>(this.auth.user()?.unitId ?? null);
  protected readonly robot = rxResource({
    params: () => (this.showsRobot() ? this.robotUnitId() : null),
    stream: ({ params }) => (params ? this.api.unitWebhook(params) : of(null)),
  });
  protected readonly robotKind = signal<'wecom' | 'dingtalk' | null>(null);
  protected readonly robotUrl = signal('');
  protected readonly robotSecret = signal('');
  protected readonly robotSaving = saveState();

  constructor() {
    // The stored settings fill the form once they arrive; after that the form is the user's until he saves
    // (a late or repeated load must not undo a box he has just ticked).
    effect(() => {
      if (this.prefs.hasValue() && !this.edited) this.take(this.prefs.value());
    });
    effect(() => {
      const r = this.robot.hasValue() ? this.robot.value() : null;
      this.robotKind.set(r?.kind ?? null);
      this.robotUrl.set(r?.url ?? '');
      this.robotSecret.set('');
    });
  }

  private take(p: NotificationPreferencesDto): void {
    this.edited = false;
    this.phone.set(p.phone ?? '');
    this.email.set(p.email ?? '');
    this.grid.set(Object.fromEntries(p.items.map((i) => [`${i.kind}|${i.channel}`, i.enabled])));
  }

  protected key(kind: NotificationKind, channel: NotificationChannelName): string {
    return `${kind}|${channel}`;
  }

  protected setContact(field: WritableSignal<string>, v: string): void {
    this.edited = true;
    field.set(v);
  }

  protected toggle(kind: NotificationKind, channel: NotificationChannelName, on: boolean): void {
    this.edited = true;
    this.grid.update((g) => ({ ...g, [this.key(kind, channel)]: on }));
  }

  protected save(): void {
    const items: ChannelChoiceDto[] = [];
    for (const kind of this.kinds) {
      for (const channel of this.channels) {
        if (channel === 'in_app') continue;
        items.push({
          kind,
          channel,
          enabled: this.grid()[this.key(kind, channel)] ?? false,
          choosable: true,
        });
      }
    }
    const body = {
      phone: this.phone().trim() || null,
      email: this.email().trim() || null,
      items: items.map(({ kind, channel, enabled }) => ({ kind, channel, enabled })),
    };
    this.saving.run(this.api.savePreferences(body), { done: (p) => this.take(p) });
  }

  protected saveRobot(): void {
    const unitId = this.robotUnitId();
    if (!unitId) return;
    const kind = this.robotKind();
    const secret = this.robotSecret().trim();
    const body = kind ? { kind, url: this.robotUrl().trim(), ...(secret ? { secret } : {}) } : { kind: null };
    this.robotSaving.run(this.api.saveUnitWebhook(unitId, body), {
      done: (r: UnitWebhookDto) => this.robot.set(r),
    });
  }
}
