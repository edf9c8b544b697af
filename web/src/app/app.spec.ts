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
    const nav = () => [...element.querySelectorAll('nav a, nav button')].map((a) => a.textContent?.trim());
    expect(nav()).toEqual(['Register', 'Solutions', 'Divisions', 'Supply chain arrow_drop_down', 'Dashboards', 'Graph']);
    // Products, suppliers and sites are listed under the supply chain's button while it is open.
    const supplyChain = element.querySelector('[data-testid="supply-chain"] button') as HTMLButtonElement;
    supplyChain.click();
    await fixture.whenStable();
    expect(supplyChain.getAttribute('aria-expanded')).toBe('true');
    const pages = [...element.querySelectorAll('#supply-chain-pages a')];
    expect(pages.map((a) => [a.textContent?.trim(), a.getAttribute('href')])).toEqual([
      ['Products', '/products'],
      ['Suppliers', '/suppliers'],
      ['Sites', '/sites'],
    ]);
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await fixture.whenStable();
    expect(element.querySelector('#supply-chain-pages')).toBeNull();
    expect(supplyChain.getAttribute('aria-expanded')).toBe('false');
    expect(element.querySelector('[data-testid="sign-out"]')?.textContent).toContain('Sign out');

    auth.user.set({ email: 'analyst@riskplatform.local', roles: ['analyst'] });
    await fixture.whenStable();
    expect(element.textContent).toContain('Capture a risk');

    auth.user.set(null);
    await fixture.whenStable();
    expect(element.textContent).not.toContain('Sign out');
  });
});
