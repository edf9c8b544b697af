import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { Api, RiskSummary } from '../api/api';
import { AuthService } from '../auth/auth.service';
import { RegisterPage } from './register.page';

const SUMMARY: RiskSummary = {
  id: 'r1', divisionId: 'd1', title: 'Seal failure', description: '', category: 'operational', ownerEmail: 'a@b.co',
  status: 'open', nextStatuses: [], treatment: null, reviewDue: null, tags: [], retired: false, acceptance: null,
  version: 2, capturedAt: '2026-11-01T10:00:00Z', updatedAt: '2026-11-02T10:00:00Z',
} as unknown as RiskSummary;

const REPORTED = {
  riskId: 'r2', divisionId: 'd1', title: 'Resin shortage', category: 'supply_chain', ownerEmail: 'a@b.co', status: 'open',
  reviewDue: null, likelihood: 4, impact: 5, scoreVersion: 1,
  currentResidual: { likelihood: 3, impact: 4, score: 12, level: 'high', acceptability: null }, targetResidual: null,
};

describe('RegisterPage', () => {
  const asked: { api: string; path: string; query: unknown }[] = [];
  const answer = (data: unknown) => ({ data, response: new Response(null) });
  const fakeApi = {
    intake: {
      GET: async (path: string, init: { params: { query: unknown } }) => {
        if (path === '/divisions') return answer({ items: [], total: 0, limit: 200, offset: 0 });
        asked.push({ api: 'intake', path, query: init.params.query });
        return answer({ items: [SUMMARY], total: 1, limit: 20, offset: 0 });
      },
    },
    reporting: {
      GET: async (path: string, init: { params: { query: unknown } }) => {
        asked.push({ api: 'reporting', path, query: init.params.query });
        return answer({ items: [REPORTED], total: 1 });
      },
    },
    scoring: { GET: async () => answer(undefined) },
  };

  async function open(url: string) {
    asked.length = 0;
    TestBed.configureTestingModule({
      providers: [provideRouter([{ path: 'risks', component: RegisterPage }]), { provide: Api, useValue: fakeApi }],
    });
    TestBed.inject(AuthService).user.set({ email: 'executive@riskplatform.local', roles: ['executive'] });
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url, RegisterPage);
    await settle(harness);
    return harness;
  }

  async function settle(harness: RouterTestingHarness) {
    for (let i = 0; i < 3; i++) {
      await harness.fixture.whenStable();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('lists from intake without a heat-map cell', async () => {
    const harness = await open('/risks?division=d1');
    expect(asked).toEqual([{ api: 'intake', path: '/risks', query: { divisionId: 'd1', limit: 20, offset: 0 } }]);
    const element = harness.routeNativeElement!;
    expect(element.querySelector('tr.row')?.textContent).toContain('Seal failure');
    expect(element.querySelector('[data-testid="cell-filter"]')).toBeNull();
  });

  it("lists a cell's risks from reporting with a removable chip, then the whole register again", async () => {
    const harness = await open('/risks?basis=current&likelihood=3&impact=4&division=d1');
    expect(asked).toEqual([
      {
        api: 'reporting', path: '/reports/risks',
        query: { basis: 'current', likelihood: 3, impact: 4, divisionId: 'd1', sort: '-currentResidual', limit: 20, offset: 0 },
      },
    ]);
    const element = harness.routeNativeElement!;
    expect(element.querySelector('[data-testid="cell-filter"]')?.textContent).toContain(
      'Heat map: current · likelihood 3 × impact 4',
    );
    const row = element.querySelector('tr.row')!;
    expect(row.textContent).toContain('Resin shortage');
    expect(row.textContent).toContain('3 × 4');
    expect(row.textContent).toContain('high · 12');

    asked.length = 0;
    (element.querySelector('button[aria-label="Remove the heat-map filter"]') as HTMLButtonElement).click();
    await settle(harness);
    expect(TestBed.inject(Router).url).toBe('/risks?division=d1');
    expect(asked).toEqual([{ api: 'intake', path: '/risks', query: { divisionId: 'd1', limit: 20, offset: 0 } }]);
    expect(element.querySelector('[data-testid="cell-filter"]')).toBeNull();
  });
});
