import { Routes } from '@angular/router';
import { allowed, signedIn } from './auth/auth.guard';

/** Every page is loaded when first visited; the register, the solutions, the divisions, the
 * dashboards and each thing's page keep their state in the URL so a view can be shared by link. */
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
        path: 'risks/import',
        title: 'Import risks · Risk register',
        canActivate: [allowed('write-risks')],
        loadComponent: () => import('./import/import.page').then((m) => m.ImportPage),
      },
      {
        path: 'risks/:id',
        title: 'Risk · Risk register',
        loadComponent: () => import('./risk/risk-detail.page').then((m) => m.RiskDetailPage),
      },
      {
        path: 'solutions',
        title: 'Solutions · Risk register',
        loadComponent: () => import('./solutions/solutions.page').then((m) => m.SolutionsPage),
      },
      {
        path: 'solutions/new',
        title: 'New solution · Risk register',
        canActivate: [allowed('manage-solutions')],
        loadComponent: () => import('./solutions/solution-new.page').then((m) => m.SolutionNewPage),
      },
      {
        path: 'solutions/:id',
        title: 'Solution · Risk register',
        loadComponent: () => import('./solutions/solution-detail.page').then((m) => m.SolutionDetailPage),
      },
      {
        path: 'divisions',
        title: 'Divisions · Risk register',
        loadComponent: () => import('./divisions/divisions.page').then((m) => m.DivisionsPage),
      },
      {
        path: 'dashboards',
        title: 'Dashboards · Risk register',
        loadComponent: () => import('./dashboards/dashboards.page').then((m) => m.DashboardsPage),
      },
      {
        path: 'products',
        title: 'Products · Risk register',
        data: { type: 'product' },
        loadComponent: () => import('./entities/entities.page').then((m) => m.EntitiesPage),
      },
      {
        path: 'products/:id',
        title: 'Product · Risk register',
        data: { type: 'product' },
        loadComponent: () => import('./entities/entity-detail.page').then((m) => m.EntityDetailPage),
      },
      {
        path: 'suppliers',
        title: 'Suppliers · Risk register',
        data: { type: 'supplier' },
        loadComponent: () => import('./entities/entities.page').then((m) => m.EntitiesPage),
      },
      {
        path: 'suppliers/:id',
        title: 'Supplier · Risk register',
        data: { type: 'supplier' },
        loadComponent: () => import('./entities/entity-detail.page').then((m) => m.EntityDetailPage),
      },
      {
        path: 'sites',
        title: 'Sites · Risk register',
        data: { type: 'site' },
        loadComponent: () => import('./entities/entities.page').then((m) => m.EntitiesPage),
      },
      {
        path: 'sites/:id',
        title: 'Site · Risk register',
        data: { type: 'site' },
        loadComponent: () => import('./entities/entity-detail.page').then((m) => m.EntityDetailPage),
      },
      {
        path: 'graph',
        title: 'Graph · Risk register',
        loadComponent: () => import('./graph/graph.page').then((m) => m.GraphPage),
      },
    ],
  },
  { path: '**', redirectTo: 'risks' },
];
