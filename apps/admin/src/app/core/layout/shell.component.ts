import { BreakpointObserver } from '@angular/cdk/layout';
import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  computed,
  effect,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { map } from 'rxjs';
import { AuthService } from '../auth/auth.service';
import { I18nService } from '../i18n/i18n.service';
import { TPipe } from '../i18n/t.pipe';
import { NotificationBellComponent } from '../notifications/notification-bell.component';
import { NotificationStore } from '../notifications/notification-store';
import { ReferenceDataService } from '../reference/reference-data.service';
import { LangSwitchComponent } from './lang-switch.component';
import { navFor, queueBoardUrl } from './nav';

/** The signed-in frame: top bar, role-based navigation (a drawer on phones), the page. */
@Component({
  selector: 'tz-shell',
  imports: [
    RouterOutlet,
    RouterLink,
    RouterLinkActive,
    TPipe,
    LangSwitchComponent,
    NotificationBellComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // Escape closes the drawer on a phone
  host: { '(keydown.escape)': 'closeOnPhone()' },
  templateUrl: './shell.component.html',
  styleUrl: './shell.component.scss',
})
export class ShellComponent {
  protected readonly auth = inject(AuthService);
  protected readonly i18n = inject(I18nService);
  private readonly router = inject(Router);
  private readonly notifications = inject(NotificationStore);
  protected readonly nav = computed(() => navFor(this.auth.role()));
  /** The queue dashboard takes the token once in its address (a link cannot send the Bearer header). */
  protected readonly queueBoardUrl = computed(() => queueBoardUrl(this.auth.token()) ?? '/');
  protected readonly handset = toSignal(
    inject(BreakpointObserver)
      .observe('(max-width: 959px)')
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );

  /** The drawer on a phone (on a wide screen the navigation is always shown). */
  protected readonly drawerOpen = signal(false);
  private readonly drawer = viewChild.required<ElementRef<HTMLElement>>('drawer');

  constructor() {
    // opened: the first link takes the focus (as mat-sidenav's focus trap did)
    effect(() => {
      if (this.handset() && this.drawerOpen())
        queueMicrotask(() => this.drawer().nativeElement.querySelector<HTMLElement>('a')?.focus());
    });
    inject(ReferenceDataService).ensureLoaded();
    // Refresh who we are (role, unit); a 401 here ends a stale session through the interceptor.
    this.auth.me().subscribe({ error: () => undefined });
  }

  /** Close the drawer on a phone. A void handler: a `false` from the template would cancel the link's default. */
  protected closeOnPhone(): void {
    if (this.handset()) this.drawerOpen.set(false);
  }

  /** Sign out at the API (the token stops working everywhere), then here. */
  protected logout(): void {
    this.notifications.reset();
    this.auth.signOut().subscribe({ complete: () => void this.router.navigate(['/login']) });
  }
}
