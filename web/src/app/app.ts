import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { MatToolbarModule } from '@angular/material/toolbar';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { filter, map } from 'rxjs';
import { AuthService } from './auth/auth.service';

/** The related entities' pages, grouped under one button of the toolbar. */
const SUPPLY_CHAIN = [
  { path: '/products', label: 'Products' },
  { path: '/suppliers', label: 'Suppliers' },
  { path: '/sites', label: 'Sites' },
];

@Component({
  selector: 'app-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, MatToolbarModule, MatButtonModule, MatIconModule],
  host: { '(document:click)': 'closeOutside($event)', '(document:keydown.escape)': 'supplyChainOpen.set(false)' },
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <a class="skip-link" href="#main" (click)="skip($event)">Skip to content</a>
    <header>
      <mat-toolbar class="toolbar">
        <a class="brand" routerLink="/risks">
          <mat-icon aria-hidden="true">shield</mat-icon>
          <span>Risk register</span>
        </a>
        @if (user(); as user) {
          <nav aria-label="Main">
            <a mat-button routerLink="/risks" routerLinkActive="active" [routerLinkActiveOptions]="{ exact: true }"
              ariaCurrentWhenActive="page">Register</a>
            @if (canCapture()) {
              <a mat-button routerLink="/risks/new" routerLinkActive="active" ariaCurrentWhenActive="page">Capture a risk</a>
              <a mat-button routerLink="/risks/import" routerLinkActive="active" ariaCurrentWhenActive="page">Import</a>
            }
            <a mat-button routerLink="/solutions" routerLinkActive="active" ariaCurrentWhenActive="page">Solutions</a>
            <a mat-button routerLink="/divisions" routerLinkActive="active" ariaCurrentWhenActive="page">Divisions</a>
            <div class="group" data-testid="supply-chain">
              <button mat-button type="button" aria-controls="supply-chain-pages" [attr.aria-expanded]="supplyChainOpen()"
                [class.active]="inSupplyChain()" (click)="supplyChainOpen.set(!supplyChainOpen())">
                Supply chain
                <mat-icon iconPositionEnd aria-hidden="true">{{ supplyChainOpen() ? 'arrow_drop_up' : 'arrow_drop_down' }}</mat-icon>
              </button>
              @if (supplyChainOpen()) {
                <ul id="supply-chain-pages" class="pages">
                  @for (page of supplyChain; track page.path) {
                    <li>
                      <a mat-button [routerLink]="page.path" routerLinkActive="active" ariaCurrentWhenActive="page"
                        (click)="supplyChainOpen.set(false)">{{ page.label }}</a>
                    </li>
                  }
                </ul>
              }
            </div>
            <a mat-button routerLink="/dashboards" routerLinkActive="active" ariaCurrentWhenActive="page">Dashboards</a>
            <a mat-button routerLink="/graph" routerLinkActive="active" ariaCurrentWhenActive="page">Graph</a>
          </nav>
          <span class="spacer"></span>
          <span class="who" data-testid="signed-in-user">
            <mat-icon aria-hidden="true">account_circle</mat-icon>
            <span>{{ user.email }}</span>
            <span class="role">{{ user.roles.join(', ') || 'no role' }}</span>
          </span>
          <button mat-stroked-button type="button" data-testid="sign-out" (click)="signOut()">
            <mat-icon aria-hidden="true">logout</mat-icon>
            Sign out
          </button>
        } @else {
          <span class="spacer"></span>
        }
      </mat-toolbar>
    </header>
    <main id="main" tabindex="-1">
      <router-outlet />
    </main>
  `,
  styles: `
    :host { display: block; min-height: 100%; }
    .toolbar {
      gap: 8px;
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
      flex-wrap: wrap;
      height: auto;
      min-height: 64px;
    }
    .brand {
      display: inline-flex; align-items: center; gap: 8px;
      color: inherit; text-decoration: none; font: var(--mat-sys-title-large); margin-right: 16px;
    }
    nav { display: flex; gap: 4px; }
    .group { position: relative; }
    .pages {
      position: absolute; top: 100%; left: 0; z-index: 20; margin: 4px 0 0; padding: 4px; list-style: none;
      display: flex; flex-direction: column; min-width: 160px;
      background: var(--mat-sys-surface-container); color: var(--mat-sys-on-surface);
      border-radius: 8px; box-shadow: var(--mat-sys-level2);
    }
    .pages a { width: 100%; justify-content: flex-start; color: inherit; }
    nav .active { background: color-mix(in srgb, var(--mat-sys-on-primary-container) 12%, transparent); }
    .spacer { flex: 1 1 auto; }
    .who { display: inline-flex; align-items: center; gap: 6px; font: var(--mat-sys-body-medium); }
    .role { padding: 0 8px; border-radius: 10px; background: var(--mat-sys-surface); color: var(--mat-sys-on-surface); }
    main:focus { outline: none; }
    .skip-link {
      position: absolute; left: 8px; top: -48px; z-index: 10; padding: 8px 12px;
      background: var(--mat-sys-surface); color: var(--mat-sys-primary); border-radius: 4px;
    }
    .skip-link:focus { top: 8px; }
  `,
})
export class App {
  private readonly auth = inject(AuthService);
  protected readonly user = this.auth.user;
  protected readonly canCapture = computed(() => this.auth.can('write-risks'));
  protected readonly supplyChain = SUPPLY_CHAIN;
  private readonly router = inject(Router);
  private readonly url = toSignal(
    this.router.events.pipe(
      filter((event) => event instanceof NavigationEnd),
      map(() => this.router.url),
    ),
    { initialValue: this.router.url },
  );
  /** The supply chain's pages, listed under its button while open (a disclosure, closed
   * by a choice, Escape or a click elsewhere). */
  protected readonly supplyChainOpen = signal(false);
  /** Whether one of the supply chain's pages is shown (its button is marked). */
  protected readonly inSupplyChain = computed(() => SUPPLY_CHAIN.some((page) => this.url().startsWith(page.path)));

  protected closeOutside(event: Event): void {
    const group = document.querySelector('[data-testid="supply-chain"]');
    if (group && !group.contains(event.target as Node)) this.supplyChainOpen.set(false);
  }

  protected signOut(): void {
    void this.auth.signOut();
  }

  protected skip(event: Event): void {
    event.preventDefault();
    document.getElementById('main')?.focus();
  }
}
