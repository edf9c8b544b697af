import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { Api, Heatmaps, ReportSummary, Trends } from '../api/api';
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

const TRENDS = {
  divisionId: null, fromDay: '2026-08-30', toDay: '2026-11-27',
  days: [
    { day: '2026-11-26', total: tally(7), categories: [] },
    { day: '2026-11-27', total: tally(9), categories: [] },
  ],
  movements: { level: null, worsened: 2, improved: 1, unchanged: 4, new: 2 },
  movementsByLevel: [{ level: 'high', worsened: 2, improved: 1, unchanged: 0, new: 2 }],
} as unknown as Trends;

const BREACHES = {
  divisionId: null, total: 1, counts: { inBreach: 1, accepted: 0 },
  items: [
    {
      riskId: 'r1', divisionId: 'd1', title: 'Resin shortage', category: 'supply_chain', ownerEmail: null, appetiteStatus: 'breach',
      currentResidual: { likelihood: 3, impact: 4, score: 12, level: 'high', acceptability: null },
      appetite: { status: 'breach', appetite: 6, tolerance: 9, divisionId: 'd1' }, overTolerance: 3, overAppetite: 6,
      breachSince: '2026-11-20T08:00:00Z', acceptedUntil: null,
    },
  ],
};

const KRIS = {
  divisionId: null, total: 1, counts: { red: 1, amber: 0, green: 2, unread: 1, stale: 0 },
  items: [
    {
      kriId: 'k1', name: 'Resin days of cover', unit: 'days', direction: 'below', amber: 20, red: 10, staleAfterDays: 30,
      riskId: 'r1', riskTitle: 'Resin shortage', divisionId: 'd1', status: 'red', stale: false, latestValue: 7,
      latestObservedAt: '2026-11-26T09:30:00Z', latestSource: 'erp',
    },
  ],
};

const EMPTY_TRENDS = {
  ...TRENDS,
  days: [{ day: '2026-11-27', total: { ...tally(3), risks: 0 }, categories: [] }],
  movements: { level: null, worsened: 0, improved: 0, unchanged: 0, new: 0 },
  movementsByLevel: [],
} as unknown as Trends;

describe('DashboardsPage', () => {
  const asked: { path: string; query: unknown; parseAs?: string }[] = [];
  let trendsFail = false;
  let exportLink = false;
  let trendsEmpty = false;
  const answer = (data: unknown, headers: Record<string, string> = {}) => ({ data, response: new Response(null, { headers }) });
  const fakeApi = {
    intake: { GET: async () => answer({ items: [{ id: 'd1', name: 'Local', code: 'LOCAL', parentId: null }], total: 1 }) },
    scoring: { GET: async () => answer([]) },
    reporting: {
      GET: async (path: string, init: { params: { query: unknown }; parseAs?: string }) => {
        asked.push({ path, query: init.params.query, parseAs: init.parseAs });
        if (init.parseAs === 'blob') {
          if (exportLink) {
            const link = { url: 'https://exports.example/risks.csv?X-Amz-Signature=abc', fileName: 'risks.csv', mediaType: 'text/csv' };
            return { data: new Blob([JSON.stringify(link)], { type: 'application/json' }), response: new Response(null, { status: 201 }) };
          }
          return answer(new Blob(['riskId,title\nr1,Resin shortage\n'], { type: 'text/csv' }), { 'Content-Type': 'text/csv' });
        }
        if (path === '/reports/heatmaps') return answer(HEATMAPS);
        if (path === '/reports/summary') return answer(SUMMARY);
        if (path === '/reports/breaches') return answer(BREACHES);
        if (path === '/reports/kris') return answer(KRIS);
        if (path === '/reports/trends') {
          if (trendsFail) return { error: { message: 'The service is unavailable' }, response: new Response(null, { status: 503 }) };
          return answer(trendsEmpty ? EMPTY_TRENDS : TRENDS);
        }
        throw new Error(`unexpected ${path}`);
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

  it('applies the as-of day in the URL to the reports, says so, and goes back to today', async () => {
    const harness = await open('/dashboards?division=d1&asOf=2026-10-01');
    expect(asked).toEqual([
      { path: '/reports/heatmaps', query: { divisionId: 'd1', asOf: '2026-10-01' }, parseAs: undefined },
      { path: '/reports/summary', query: { top: 10, divisionId: 'd1', asOf: '2026-10-01' }, parseAs: undefined },
    ]);
    const element = harness.routeNativeElement!;
    const caption = () => element.querySelector('[data-testid="as-of"]')!.textContent!;
    expect(caption()).toContain('Figures as of the end of 1 Oct 2026');
    expect((element.querySelector('input[placeholder="Today"]') as HTMLInputElement).value).toBe('10/1/2026');

    asked.length = 0;
    const back = [...element.querySelectorAll('button')].find((b) => b.textContent?.includes('Back to today'))!;
    back.click();
    await settle(harness);
    expect(TestBed.inject(Router).url).toBe('/dashboards?division=d1');
    expect(caption()).toContain('Figures as they stand now');
    expect(asked.map((a) => a.query)).toEqual([{ divisionId: 'd1' }, { top: 10, divisionId: 'd1' }]);
  });

  it('ends the trends on the as-of day', async () => {
    await open('/dashboards?tab=trends&asOf=2026-10-01');
    expect(asked.filter((a) => a.path === '/reports/trends').map((a) => a.query)).toEqual([{ from: '2026-09-02', to: '2026-10-01' }]);
  });

  it('asks for the trends only on their tab, over the range in the URL, and shows them with their tables', async () => {
    const harness = await open('/dashboards?tab=trends&range=90&division=d1');
    const from = new Date(Date.now() - 89 * 86_400_000).toISOString().slice(0, 10);
    expect(asked.filter((a) => a.path === '/reports/trends')).toEqual([
      { path: '/reports/trends', query: { from, divisionId: 'd1' }, parseAs: undefined },
    ]);
    const element = harness.routeNativeElement!;
    expect(element.querySelector('[data-testid="trend-range"]')?.textContent).toContain('From 30 Aug 2026 to 27 Nov 2026');
    const days = [...element.querySelectorAll('[data-testid="trend-table"] tbody tr')].map((r) =>
      [...r.children].map((c) => c.textContent!.trim()),
    );
    expect(days).toEqual([
      ['26 Nov 2026', '1', '0', '2', '0', '4', '7', '1', '4'],
      ['27 Nov 2026', '1', '0', '2', '0', '6', '9', '1', '4'],
    ]);
    const high = [...element.querySelectorAll('[data-testid="movements-table"] tbody tr')][2];
    expect([...high.children].map((c) => c.textContent!.trim())).toEqual(['high', '2', '1', '2', '0']);
    await vi.waitFor(() => expect(element.querySelector('[data-testid="trend-levels-chart"] canvas')).not.toBeNull(), {
      timeout: 10_000,
    });
    expect(element.querySelector('[data-testid="trend-breaches-chart"]')).not.toBeNull();
    expect(element.querySelector('[data-testid="trend-movements-chart"]')).not.toBeNull();

    // Another tab asks for no trends.
    asked.length = 0;
    await TestBed.inject(Router).navigateByUrl('/dashboards?tab=summary');
    await settle(harness);
    expect(asked.map((a) => a.path)).not.toContain('/reports/trends');
  });

  it('lists the risks in breach and the red and amber indicators, as of the day in view', async () => {
    const harness = await open('/dashboards?tab=breaches&division=d1&asOf=2026-11-26');
    expect(asked.filter((a) => a.path === '/reports/breaches' || a.path === '/reports/kris')).toEqual([
      { path: '/reports/breaches', query: { limit: 25, divisionId: 'd1', asOf: '2026-11-26' }, parseAs: undefined },
      { path: '/reports/kris', query: { status: 'red,amber', limit: 100, divisionId: 'd1', asOf: '2026-11-26' }, parseAs: undefined },
    ]);
    const element = harness.routeNativeElement!;
    const cells = (testId: string) =>
      [...element.querySelectorAll(`[data-testid="${testId}"] tr.mat-mdc-row td`)].map((c) => c.textContent!.replace(/\s+/g, ' ').trim());
    expect(cells('breaches')).toEqual(['Resin shortage', 'Local', 'high · 12', '+3 (tolerance 9)', 'breach', '20 Nov 2026']);
    expect(element.querySelector('[data-testid="breaches"] a')?.getAttribute('href')).toBe('/risks/r1');
    expect(cells('kris').slice(1)).toEqual(['red', '7 days', 'amber 20 · red 10 (below)', expect.stringMatching(/^26 Nov 2026, \d\d:30$/)]);
    expect(element.querySelector('[data-testid="kris"] .kri-name')?.textContent).toBe('Resin days of cover');
    expect(element.querySelector('[data-testid="kris"] a')?.textContent).toBe('Resin shortage');
    const figures = [...element.querySelectorAll('[data-testid="kri-figures"] .figure')].map((f) =>
      [...f.children].map((c) => c.textContent!.trim()).join(' '),
    );
    expect(figures).toEqual(['1 red', '0 amber', '2 green', '1 No reading yet', '0 Stale']);
  });

  it('says so when no open risk is in view over the range, and draws no chart', async () => {
    trendsEmpty = true;
    try {
      const harness = await open('/dashboards?tab=trends');
      const element = harness.routeNativeElement!;
      expect(element.querySelector('[data-testid="trends-empty"]')?.textContent).toContain('No open risks in view in this range.');
      expect(element.querySelector('[data-testid="trend-levels"]')).toBeNull();
    } finally {
      trendsEmpty = false;
    }
  });

  it("says so when the trends cannot be loaded", async () => {
    trendsFail = true;
    try {
      const harness = await open('/dashboards?tab=trends');
      const alert = harness.routeNativeElement!.querySelector('[role="alert"]');
      expect(alert?.textContent).toContain('The trends could not be loaded: The service is unavailable');
      expect(harness.routeNativeElement!.querySelector('[data-testid="trend-levels"]')).toBeNull();
    } finally {
      trendsFail = false;
    }
  });

  /** Opens the export menu and answers its items' names. */
  async function exportMenu(harness: RouterTestingHarness): Promise<HTMLElement[]> {
    const button = [...harness.routeNativeElement!.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'download Export')!;
    button.click();
    await settle(harness);
    return [...document.querySelectorAll<HTMLElement>('[role="menuitem"]')];
  }

  async function pick(harness: RouterTestingHarness, name: string): Promise<void> {
    const item = (await exportMenu(harness)).find((i) => i.textContent?.trim() === name);
    expect(item, name).toBeDefined();
    item!.click();
    await settle(harness);
  }

  it("exports the tab's report or the risks in view, in each format the API offers, through the API client", async () => {
    const harness = await open('/dashboards?division=d1');
    const saved: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download || this.href);
    });
    const today = new Date().toISOString().slice(0, 10);
    try {
      const items = await exportMenu(harness);
      expect(items.map((i) => i.textContent!.trim())).toEqual([
        'The heat maps as CSV', 'The heat maps as Excel (XLSX)', 'The heat maps as PDF',
        'The risks in view as CSV', 'The risks in view as Excel (XLSX)', 'The risks in view as PDF',
      ]);
      asked.length = 0;
      items[3].click();
      await settle(harness);
      expect(asked).toEqual([{ path: '/reports/risks', query: { format: 'csv', divisionId: 'd1' }, parseAs: 'blob' }]);
      expect(saved).toEqual([`risks-LOCAL-${today}.csv`]);

      asked.length = 0;
      await pick(harness, 'The heat maps as Excel (XLSX)');
      expect(asked).toEqual([{ path: '/reports/heatmaps', query: { format: 'xlsx', divisionId: 'd1' }, parseAs: 'blob' }]);
      expect(saved.at(-1)).toBe(`heatmaps-LOCAL-${today}.xlsx`);

      // As of a day: the figures of that day, named after it.
      await TestBed.inject(Router).navigateByUrl('/dashboards?division=d1&asOf=2026-10-01&tab=mitigation');
      await settle(harness);
      asked.length = 0;
      await pick(harness, 'The summary, with the mitigation as PDF');
      expect(asked).toEqual([
        { path: '/reports/summary', query: { format: 'pdf', top: 10, divisionId: 'd1', asOf: '2026-10-01' }, parseAs: 'blob' },
      ]);
      expect(saved.at(-1)).toBe('summary-LOCAL-2026-10-01.pdf');

      await TestBed.inject(Router).navigateByUrl('/dashboards?tab=trends&range=90&asOf=2026-10-01');
      await settle(harness);
      asked.length = 0;
      await pick(harness, 'The trends as CSV');
      expect(asked).toEqual([
        { path: '/reports/trends', query: { format: 'csv', from: '2026-07-04', to: '2026-10-01' }, parseAs: 'blob' },
      ]);
      expect(saved.at(-1)).toBe('trends-90d-2026-10-01.csv');

      // The breaches tab: the risks above tolerance, and every indicator, each a list of its own.
      await TestBed.inject(Router).navigateByUrl('/dashboards?tab=breaches&division=d1&asOf=2026-10-01');
      await settle(harness);
      asked.length = 0;
      await pick(harness, 'The risks above tolerance as CSV');
      await pick(harness, 'Every key risk indicator as Excel (XLSX)');
      expect(asked).toEqual([
        { path: '/reports/breaches', query: { format: 'csv', divisionId: 'd1', asOf: '2026-10-01' }, parseAs: 'blob' },
        { path: '/reports/kris', query: { format: 'xlsx', divisionId: 'd1', asOf: '2026-10-01' }, parseAs: 'blob' },
      ]);
      expect(saved.slice(-2)).toEqual(['breaches-LOCAL-2026-10-01.csv', 'kris-LOCAL-2026-10-01.xlsx']);

      // A file too large for an answer comes as a link of its own.
      exportLink = true;
      await pick(harness, 'The risks in view as CSV');
      expect(saved.at(-1)).toBe('https://exports.example/risks.csv?X-Amz-Signature=abc');
    } finally {
      exportLink = false;
      click.mockRestore();
    }
  });
});
