import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { AuthService } from './auth.service';
import { Action } from './roles';

/** Signed-in users only; others go to sign in and come back here afterwards. */
export const signedIn: CanActivateFn = async (_route, state) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  if (auth.user() || (await auth.restore())) return true;
  return router.createUrlTree(['/sign-in'], { queryParams: { returnUrl: state.url } });
};

/** Pages for a role's action (the API refuses the rest anyway): others see the register. */
export function allowed(action: Action): CanActivateFn {
  return () => inject(AuthService).can(action) || inject(Router).createUrlTree(['/risks']);
}

/** A return URL is a path of this app, never another site. */
export function safeReturnUrl(value: string | null | undefined): string {
  return value && value.startsWith('/') && !/^\/[/\\]/.test(value) && !value.startsWith('/sign-in') ? value : '/risks';
}
