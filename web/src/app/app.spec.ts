import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { App } from './app';
import { AuthService } from './auth/auth.service';

describe('the app shell', () => {
  beforeEach(async () => {
    await TestBed.configureTestingModule({ imports: [App], providers: [provideRouter([])] }).compileComponents();
  });

  it('shows who is signed in, the pages, and offers capture only to roles that write risks', async () => {
    const auth = TestBed.inject(AuthService);
    const fixture = TestBed.createComponent(App);
    const element = fixture.nativeElement as HTMLElement;

    auth.user.set({ email: 'executive@riskplatform.local', roles: ['executive'] });
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="signed-in-user"]')?.textContent).toContain('executive@riskplatform.local');
    expect(element.textContent).not.toContain('Capture a risk');
    const nav = [...element.querySelectorAll('nav a')].map((a) => a.textContent?.trim());
    expect(nav).toEqual(['Register', 'Solutions', 'Divisions', 'Products', 'Suppliers', 'Sites', 'Dashboards', 'Graph']);
    expect(element.querySelector('button')?.textContent).toContain('Sign out');

    auth.user.set({ email: 'analyst@riskplatform.local', roles: ['analyst'] });
    await fixture.whenStable();
    expect(element.textContent).toContain('Capture a risk');

    auth.user.set(null);
    await fixture.whenStable();
    expect(element.textContent).not.toContain('Sign out');
  });
});
