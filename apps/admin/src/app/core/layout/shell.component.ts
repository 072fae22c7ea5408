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
import { MatButtonModule } from '@angular/material/button';
import { MatToolbarModule } from '@angular/material/toolbar';
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
    MatToolbarModule,
    MatButtonModule,
    TPipe,
    LangSwitchComponent,
    NotificationBellComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // Escape closes the drawer on a phone
  host: { '(keydown.escape)': 'closeOnPhone()' },
  template: `
    <a class="skip-link" href="#main">{{ 'nav.skipToContent' | t }}</a>
    <mat-toolbar class="toolbar" role="banner">
      @if (handset()) {
        <button
          mat-icon-button
          type="button"
          (click)="drawerOpen.set(!drawerOpen())"
          [attr.aria-expanded]="drawerOpen()"
          aria-controls="tz-sidenav"
          [attr.aria-label]="'nav.menu' | t"
          data-testid="nav-toggle"
        >
          <svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M3 6h18M3 12h18M3 18h18" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
          </svg>
        </button>
      }
      <a class="brand" routerLink="/">{{ 'app.title' | t }}</a>
      <span class="tz-spacer"></span>
      <tz-notification-bell />
      <tz-lang-switch />
      @if (auth.user(); as user) {
        <span class="user" data-testid="current-user">
          <span class="name">{{ user.displayName }}</span>
          <span class="role">{{ 'role.' + user.role | t }}</span>
        </span>
        <button mat-button type="button" (click)="logout()" data-testid="logout">
          {{ 'nav.logout' | t }}
        </button>
      }
    </mat-toolbar>
    <!-- a drawer of our own, not mat-sidenav (issue 18: it and its scrolling module were 40 kB of the
         initial bundle): a column beside the page on wide screens, sliding over it on phones -->
    <div class="container tz-shell-container" [class.handset]="handset()">
      @if (handset() && drawerOpen()) {
        <!-- the pointer's way out; the keyboard's is Escape (so it takes no tab stop) -->
        <button
          type="button"
          class="backdrop"
          tabindex="-1"
          [attr.aria-label]="'common.close' | t"
          (click)="drawerOpen.set(false)"
        ></button>
      }
      <aside
        #drawer
        id="tz-sidenav"
        class="sidenav tz-sidenav"
        [class.open]="drawerOpen()"
        [attr.inert]="handset() && !drawerOpen() ? '' : null"
        [attr.aria-label]="'nav.label' | t"
      >
        <nav>
          <!-- plain links, not mat-nav-list: Material's list brings @angular/forms into the initial bundle -->
          <div class="nav-list">
            @for (item of nav(); track item.path) {
              @if (item.external) {
                <a
                  class="nav-item"
                  [href]="queueBoardUrl()"
                  target="_blank"
                  rel="noopener noreferrer"
                  [attr.data-testid]="item.testId"
                  (click)="closeOnPhone()"
                  >{{ item.label | t }}<span class="ext" aria-hidden="true"> ↗</span
                  ><span class="tz-visually-hidden">{{ 'nav.newTab' | t }}</span></a
                >
              } @else {
                <a
                  class="nav-item"
                  [routerLink]="item.path"
                  routerLinkActive="active"
                  #rla="routerLinkActive"
                  [routerLinkActiveOptions]="{ exact: item.path === '/cases' }"
                  [attr.aria-current]="rla.isActive ? 'page' : null"
                  [attr.data-testid]="item.testId"
                  (click)="closeOnPhone()"
                  >{{ item.label | t }}</a
                >
              }
            }
          </div>
        </nav>
      </aside>
      <div class="content tz-shell-content">
        <main id="main" tabindex="-1">
          <router-outlet />
        </main>
      </div>
    </div>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      height: 100vh;
      height: 100dvh;
    }
    .toolbar {
      /* never squeezed by a long page: the page scrolls inside the container below */
      flex: 0 0 auto;
      gap: 8px;
      background: var(--mat-sys-primary);
      color: var(--mat-sys-on-primary);
      position: relative;
      z-index: 2;
    }
    .toolbar button,
    .toolbar a {
      color: var(--mat-sys-on-primary);
    }
    .brand {
      font: var(--mat-sys-title-large);
      text-decoration: none;
      white-space: nowrap;
    }
    .user {
      display: flex;
      flex-direction: column;
      line-height: 1.1;
      font: var(--mat-sys-body-small);
      text-align: right;
    }
    .user .name {
      font-weight: 600;
    }
    .container {
      flex: 1 1 auto;
      min-height: 0;
      display: flex;
      position: relative;
    }
    .sidenav {
      flex: 0 0 220px;
      width: 220px;
      overflow-y: auto;
      background: var(--mat-sys-surface);
      border-right: 1px solid var(--mat-sys-outline-variant);
    }
    .content {
      flex: 1 1 auto;
      min-width: 0;
      overflow: auto;
    }
    .handset .sidenav {
      position: absolute;
      top: 0;
      bottom: 0;
      left: 0;
      z-index: 3;
      max-width: 80vw;
      border-right: 0;
      transform: translateX(-100%);
      visibility: hidden;
      transition:
        transform 200ms ease-in,
        visibility 0s 200ms;
    }
    .handset .sidenav.open {
      transform: none;
      visibility: visible;
      box-shadow: var(--mat-sys-level3, 0 4px 12px rgba(0, 0, 0, 0.3));
      transition: transform 200ms ease-out;
    }
    .backdrop {
      position: absolute;
      inset: 0;
      z-index: 2;
      padding: 0;
      border: 0;
      background: rgba(0, 0, 0, 0.32);
    }
    .nav-list {
      padding: 8px 0;
    }
    .nav-item {
      display: flex;
      align-items: center;
      min-height: 48px;
      padding: 0 16px;
      margin: 0 8px;
      border-radius: 24px;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-label-large);
      text-decoration: none;
    }
    .nav-item:hover {
      background: var(--mat-sys-surface-container-high);
    }
    .nav-item:focus-visible {
      outline: 2px solid var(--mat-sys-primary);
      outline-offset: -2px;
    }
    .nav-item.active {
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    main:focus {
      outline: none;
    }
    .skip-link {
      position: absolute;
      left: -9999px;
      top: 0;
      z-index: 10;
      background: var(--mat-sys-surface);
      padding: 8px;
    }
    .skip-link:focus {
      left: 8px;
    }
    @media (max-width: 599px) {
      .user .role {
        display: none;
      }
    }
    @media (max-width: 419px) {
      .user {
        display: none;
      }
    }
    @media (max-width: 599px) {
      .brand {
        font: var(--mat-sys-title-medium);
      }
    }
  `,
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
