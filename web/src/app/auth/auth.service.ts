import { Injectable, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { AppConfig } from '../core/config';
import { Role, can, Action, rolesFrom } from './roles';

export interface SignedInUser {
  email: string;
  roles: Role[];
}

/** Sign-in with Cognito through Amplify Auth (SRP). The only difference between the local
 * stack and AWS is configuration: locally `userPoolEndpoint` points at the emulator
 * through the same-origin proxy. Amplify keeps the tokens and refreshes them when they
 * expire; the APIs get the ID token (their Cognito authorizers read its groups). */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly router = inject(Router);
  readonly user = signal<SignedInUser | null>(null);
  readonly roles = computed(() => this.user()?.roles ?? []);
  /** Counts sessions: a new one starts at each sign-in, sign-out and expiry. */
  readonly session = signal(0);

  private amplify?: Promise<typeof import('./amplify')>;
  private expiring = false;

  /** Loads Amplify Auth and configures it for this stage. */
  configure(config: AppConfig): Promise<void> {
    this.amplify = import('./amplify').then((lib) => {
      lib.configure(config, globalThis.location.origin);
      return lib;
    });
    return this.amplify.then(() => undefined);
  }

  private lib(): Promise<typeof import('./amplify')> {
    if (!this.amplify) throw new Error('AuthService.configure was not called');
    return this.amplify;
  }

  can(action: Action): boolean {
    return can(this.roles(), action);
  }

  /** The current ID token (refreshed by Amplify when expired), or null when signed out. */
  async idToken(forceRefresh = false): Promise<string | null> {
    try {
      const { fetchAuthSession } = await this.lib();
      const session = await fetchAuthSession({ forceRefresh });
      const token = session.tokens?.idToken;
      if (!token) {
        this.user.set(null);
        return null;
      }
      const payload = token.payload;
      const user = { email: String(payload['email'] ?? ''), roles: rolesFrom(payload['cognito:groups']) };
      const now = this.user();
      if (!now || now.email !== user.email || now.roles.join() !== user.roles.join()) this.user.set(user);
      return token.toString();
    } catch {
      this.user.set(null);
      return null;
    }
  }

  async restore(): Promise<boolean> {
    return (await this.idToken()) !== null;
  }

  /** Signs in with SRP; resolves to an error message, or null when signed in. */
  async signIn(email: string, password: string): Promise<string | null> {
    try {
      const { signIn, signOut } = await this.lib();
      await signOut().catch(() => undefined);
      const result = await signIn({ username: email, password, options: { authFlowType: 'USER_SRP_AUTH' } });
      this.session.update((n) => n + 1);
      if (!result.isSignedIn) {
        return `Cognito asks for a step this app does not offer yet (${result.nextStep.signInStep}).`;
      }
      return (await this.restore()) ? null : 'Signed in, but no session was kept.';
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'NotAuthorizedException' || name === 'UserNotFoundException') {
        return 'The email or password is not right.';
      }
      return `Sign-in failed: ${(error as Error).message ?? error}`;
    }
  }

  async signOut(): Promise<void> {
    this.session.update((n) => n + 1);
    await (await this.lib()).signOut().catch(() => undefined);
    this.user.set(null);
    await this.router.navigate(['/sign-in']);
  }

  /** The API said 401: the session is gone. Sign in again, then come back here. */
  async sessionExpired(): Promise<void> {
    // Several requests may fail at once: the first one decides where to come back to.
    if (this.expiring || this.router.url.startsWith('/sign-in')) return;
    this.expiring = true;
    try {
      const returnUrl = this.router.url;
      this.session.update((n) => n + 1);
      this.user.set(null);
      await (await this.lib()).signOut().catch(() => undefined);
      await this.router.navigate(['/sign-in'], { queryParams: { returnUrl, expired: 1 } });
    } finally {
      this.expiring = false;
    }
  }
}
