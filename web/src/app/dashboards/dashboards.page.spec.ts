import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { Api, Heatmaps, ReportSummary } from '../api/api';
import { AuthService } from '../auth/auth.service';
import { DashboardsPage } from './dashboards.page';

const HEATMAPS: Heatmaps = {
  divisionId: null,
  models: [
    {
      modelId: 'default-5x5', size: 5, scale: [1, 2, 3, 4, 5], total: 3,
      inherent: [{ likelihood: 4, impact: 5, count: 3 }],
      current: [{ likelihood: 3, impact: 4, count: 2 }, { likelihood: 1, impact: 1, count: 1 }],
      target: [{ likelihood: 1, impact: 2, count: 3 }],
    },
  ],
};

const tally = (risks: number) => ({
  risks, byLevel: { low: 1, medium: 0, high: 2, critical: 0, unscored: risks - 3 }, highOrCritical: 2, breaches: 1,
  overdueReviews: 4, accepted: 5, controlled: 1,
});

const SUMMARY = {
  divisionId: null,
  totals: tally(9),
  top: [
    {
      riskId: 'r1', divisionId: 'd1', title: 'Resin shortage', category: 'supply_chain', status: 'open', score: 20,
      level: 'critical', currentResidual: { likelihood: 3, impact: 4, score: 12, level: 'high', acceptability: null },
      appetiteStatus: 'breach', nextReviewDue: '2026-12-01', reviewOverdue: false,
    },
  ],
  divisions: [
    { divisionId: 'd1', parentId: null, code: 'LOCAL', name: 'Local', retired: false, depth: 0, own: tally(9), subtree: tally(9) },
  ],
  mitigation: {
    solutions: { active: 3, planned: 1 }, overdueTests: 2, overduePlans: 1, highOrCritical: 2, controlled: 1, controlledShare: 0.5,
  },
} as unknown as ReportSummary;

describe('DashboardsPage', () => {
  const asked: { path: string; query: unknown; parseAs?: string }[] = [];
  const answer = (data: unknown, headers: Record<string, string> = {}) => ({ data, response: new Response(null, { headers }) });
  const fakeApi = {
    intake: { GET: async () => answer({ items: [{ id: 'd1', name: 'Local', code: 'LOCAL', parentId: null }], total: 1 }) },
    scoring: { GET: async () => answer([]) },
    reporting: {
      GET: async (path: string, init: { params: { query: unknown }; parseAs?: string }) => {
        asked.push({ path, query: init.params.query, parseAs: init.parseAs });
        if (path === '/reports/heatmaps') return answer(HEATMAPS);
        if (path === '/reports/summary') return answer(SUMMARY);
        return answer(new Blob(['riskId,title\nr1,Resin shortage\n'], { type: 'text/csv' }), { 'Content-Type': 'text/csv' });
      },
    },
  };

  async function open(url: string) {
    asked.length = 0;
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: 'dashboards', component: DashboardsPage }, { path: 'risks', children: [] }]),
        { provide: Api, useValue: fakeApi },
      ],
    });
    TestBed.inject(AuthService).user.set({ email: 'executive@riskplatform.local', roles: ['executive'] });
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url, DashboardsPage);
    await settle(harness);
    return harness;
  }

  async function settle(harness: RouterTestingHarness) {
    for (let i = 0; i < 3; i++) {
      await harness.fixture.whenStable();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it("asks for the division's heat maps and summary, and links each cell that holds risks to the register", async () => {
    const harness = await open('/dashboards?division=d1');
    expect(asked).toEqual([
      { path: '/reports/heatmaps', query: { divisionId: 'd1' }, parseAs: undefined },
      { path: '/reports/summary', query: { top: 10, divisionId: 'd1' }, parseAs: undefined },
    ]);
    const element = harness.routeNativeElement!;
    expect(element.querySelector('[data-testid="heatmap-current"] h2')?.textContent).toContain('Current residual · 3 risks');
    const link = element.querySelector('[data-testid="heatmap-current"] a[aria-label="Likelihood 3, impact 4: 2 risks"]')!;
    expect(link.getAttribute('href')).toBe('/risks?basis=current&likelihood=3&impact=4&division=d1');
    expect(element.querySelectorAll('[data-testid="heatmap-current"] td a')).toHaveLength(2);
    // Drawn once ECharts, fetched with the page, is here.
    const canvas = () => element.querySelector('[data-testid="heatmap-chart-current"] canvas');
    await vi.waitFor(() => expect(canvas()).not.toBeNull(), { timeout: 10_000 });
    expect(element.querySelector('[data-testid="heatmap-chart-current"]')?.getAttribute('data-size')).toBe('5');
  });

  it('shows the summary, the rollup and the mitigation on their tabs', async () => {
    const harness = await open('/dashboards?tab=summary');
    const element = harness.routeNativeElement!;
    const figures = [...element.querySelectorAll('[data-testid="summary-figures"] .figure')].map((f) =>
      [...f.children].map((c) => c.textContent!.trim()).join(' '),
    );
    expect(figures).toEqual([
      '9 Open risks', '1 low', '0 medium', '2 high', '0 critical', '6 not scored', '1 Appetite breaches', '4 Reviews overdue',
      '5 Accepted',
    ]);
    const row = element.querySelector('[data-testid="top-risks"] tr.mat-mdc-row')!;
    expect(row.querySelector('a')?.getAttribute('href')).toBe('/risks/r1');
    expect(row.textContent).toContain('critical · 20');
    expect(row.textContent).toContain('high · 12');
    expect(row.textContent).toContain('breach');

    await TestBed.inject(Router).navigateByUrl('/dashboards?tab=mitigation');
    await settle(harness);
    expect(element.querySelector('[data-testid="mitigation-figures"]')?.textContent).toContain('50 %');
    await TestBed.inject(Router).navigateByUrl('/dashboards?tab=divisions');
    await settle(harness);
    expect(element.querySelector('[data-testid="rollup-table"] tbody tr')?.textContent).toContain('Local');
  });

  it('exports the risks in view as a file, through the API client', async () => {
    const harness = await open('/dashboards?division=d1');
    const saved: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    try {
      asked.length = 0;
      const button = [...harness.routeNativeElement!.querySelectorAll('button')].find((b) => b.textContent?.includes('Export CSV'))!;
      button.click();
      await settle(harness);
      expect(asked).toEqual([{ path: '/reports/risks', query: { format: 'csv', divisionId: 'd1' }, parseAs: 'blob' }]);
      expect(saved).toEqual([`risks-LOCAL-${new Date().toISOString().slice(0, 10)}.csv`]);
    } finally {
      click.mockRestore();
    }
  });
});
