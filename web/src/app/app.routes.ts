import { Routes } from '@angular/router';
import { allowed, signedIn } from './auth/auth.guard';

/** Every page is loaded when first visited; the register, the form and the risk's page
 * keep their state in the URL so a view can be shared by link. */
export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'risks' },
  {
    path: 'sign-in',
    title: 'Sign in · Risk register',
    loadComponent: () => import('./auth/sign-in.page').then((m) => m.SignInPage),
  },
  {
    path: '',
    canActivate: [signedIn],
    children: [
      {
        path: 'risks',
        title: 'Register · Risk register',
        loadComponent: () => import('./register/register.page').then((m) => m.RegisterPage),
      },
      {
        path: 'risks/new',
        title: 'Capture a risk · Risk register',
        canActivate: [allowed('write-risks')],
        loadComponent: () => import('./capture/capture.page').then((m) => m.CapturePage),
      },
      {
        path: 'risks/:id',
        title: 'Risk · Risk register',
        loadComponent: () => import('./risk/risk-detail.page').then((m) => m.RiskDetailPage),
      },
    ],
  },
  { path: '**', redirectTo: 'risks' },
];
