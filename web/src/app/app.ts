import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { MatToolbarModule } from '@angular/material/toolbar';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { AuthService } from './auth/auth.service';

@Component({
  selector: 'app-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, MatToolbarModule, MatButtonModule, MatIconModule],
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
            <a mat-button routerLink="/products" routerLinkActive="active" ariaCurrentWhenActive="page">Products</a>
            <a mat-button routerLink="/suppliers" routerLinkActive="active" ariaCurrentWhenActive="page">Suppliers</a>
            <a mat-button routerLink="/sites" routerLinkActive="active" ariaCurrentWhenActive="page">Sites</a>
            <a mat-button routerLink="/dashboards" routerLinkActive="active" ariaCurrentWhenActive="page">Dashboards</a>
            <a mat-button routerLink="/graph" routerLinkActive="active" ariaCurrentWhenActive="page">Graph</a>
          </nav>
          <span class="spacer"></span>
          <span class="who" data-testid="signed-in-user">
            <mat-icon aria-hidden="true">account_circle</mat-icon>
            <span>{{ user.email }}</span>
            <span class="role">{{ user.roles.join(', ') || 'no role' }}</span>
          </span>
          <button mat-stroked-button type="button" (click)="signOut()">
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
    nav a.active { background: color-mix(in srgb, var(--mat-sys-on-primary-container) 12%, transparent); }
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

  protected signOut(): void {
    void this.auth.signOut();
  }

  protected skip(event: Event): void {
    event.preventDefault();
    document.getElementById('main')?.focus();
  }
}
