import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { AuthService } from './auth.service';
import { safeReturnUrl } from './auth.guard';

import { FORM_FIELD_DEFAULTS } from '../shared/form-field';

@Component({
  selector: 'app-sign-in',
  imports: [ReactiveFormsModule, MatButtonModule, MatCardModule, MatFormFieldModule, MatInputModule, MatProgressBarModule],
  providers: [FORM_FIELD_DEFAULTS],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="wrap">
      <mat-card appearance="outlined">
        <mat-card-header>
          <mat-card-title><h1>Sign in</h1></mat-card-title>
        </mat-card-header>
        <mat-card-content>
          @if (expired()) {
            <p class="note" role="status">Your session ended. Sign in again to go back where you were.</p>
          }
          <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
            <mat-form-field>
              <mat-label>Email</mat-label>
              <input matInput formControlName="email" type="email" autocomplete="username" required />
              @if (form.controls.email.touched && form.controls.email.invalid) {
                <mat-error>Enter your email address</mat-error>
              }
            </mat-form-field>
            <mat-form-field>
              <mat-label>Password</mat-label>
              <input matInput formControlName="password" type="password" autocomplete="current-password" required />
              @if (form.controls.password.touched && form.controls.password.invalid) {
                <mat-error>Enter your password</mat-error>
              }
            </mat-form-field>
            @if (error()) {
              <p class="form-error" role="alert">{{ error() }}</p>
            }
            @if (busy()) {
              <mat-progress-bar mode="indeterminate" aria-label="Signing in" />
            }
            <button mat-flat-button type="submit" [disabled]="busy()">Sign in</button>
          </form>
        </mat-card-content>
      </mat-card>
    </div>
  `,
  styles: `
    .wrap { display: flex; justify-content: center; padding: 48px 16px; }
    mat-card { width: 100%; max-width: 420px; }
    h1 { margin: 0; font: var(--mat-sys-headline-small); }
    form { display: flex; flex-direction: column; gap: 12px; margin-top: 16px; }
    .note { color: var(--mat-sys-on-surface-variant); }
  `,
})
export class SignInPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  /** Query parameters: where to go afterwards, and whether a session just ended. */
  readonly returnUrl = input<string>();
  readonly expired = input<string>();

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', Validators.required],
  });
  protected readonly busy = signal(false);
  protected readonly error = signal('');

  protected async submit(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.error.set('');
    const { email, password } = this.form.getRawValue();
    const failure = await this.auth.signIn(email.trim(), password);
    this.busy.set(false);
    if (failure) {
      this.error.set(failure);
      return;
    }
    await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
  }
}
