import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatSidenav, MatSidenavModule } from '@angular/material/sidenav';
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
    MatSidenavModule,
    MatToolbarModule,
    MatButtonModule,
    TPipe,
    LangSwitchComponent,
    NotificationBellComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <a class="skip-link" href="#main">{{ 'nav.skipToContent' | t }}</a>
    <mat-toolbar class="toolbar" role="banner">
      @if (handset()) {
        <button
          mat-icon-button
          type="button"
          (click)="drawer.toggle()"
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
    <mat-sidenav-container class="container">
      <mat-sidenav
        #drawer
        [mode]="handset() ? 'over' : 'side'"
        [opened]="!handset()"
        class="sidenav"
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
                  (click)="closeOnPhone(drawer)"
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
                  (click)="handset() && drawer.close()"
                  >{{ item.label | t }}</a
                >
              }
            }
          </div>
        </nav>
      </mat-sidenav>
      <mat-sidenav-content>
        <main id="main" tabindex="-1">
          <router-outlet />
        </main>
      </mat-sidenav-content>
    </mat-sidenav-container>
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
    }
    .sidenav {
      width: 220px;
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

  constructor() {
    inject(ReferenceDataService).ensureLoaded();
    // Refresh who we are (role, unit); a 401 here ends a stale session through the interceptor.
    this.auth.me().subscribe({ error: () => undefined });
  }

  /** Close the drawer on a phone. A void handler: a `false` from the template would cancel the link's default. */
  protected closeOnPhone(drawer: MatSidenav): void {
    if (this.handset()) void drawer.close();
  }

  /** Sign out at the API (the token stops working everywhere), then here. */
  protected logout(): void {
    this.notifications.reset();
    this.auth.signOut().subscribe({ complete: () => void this.router.navigate(['/login']) });
  }
}
