import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Api, SolutionSummary } from '../api/api';
import { AuthService } from '../auth/auth.service';
import type { Role } from '../auth/roles';
import { SolutionsPage } from './solutions.page';

const ROW: SolutionSummary = {
  id: 's1', divisionId: 'd1', title: 'Second-source resin', description: '', kind: 'mitigating', status: 'degraded',
  nextStatuses: ['active', 'retired'], designEffectiveness: 40, testResult: 'failed', testedOn: '2026-11-02',
  nextTestDue: null, ownerEmail: 'risk-manager@riskplatform.local', cost: null, dueDate: null, version: 2,
};

describe('SolutionsPage', () => {
  const asked: unknown[] = [];
  const fakeApi = {
    intake: {
      GET: async (path: string, init: { params: { query: unknown } }) => {
        if (path === '/divisions') return { data: { items: [], total: 0, limit: 200, offset: 0 }, response: new Response(null) };
        asked.push(init.params.query);
        return { data: { items: [ROW], total: 1, limit: 20, offset: 0 }, response: new Response(null) };
      },
    },
  };

  async function open(role: Role) {
    asked.length = 0;
    await TestBed.configureTestingModule({
      imports: [SolutionsPage],
      providers: [provideRouter([]), { provide: Api, useValue: fakeApi }],
    }).compileComponents();
    TestBed.inject(AuthService).user.set({ email: `${role}@riskplatform.local`, roles: [role] });
    const fixture = TestBed.createComponent(SolutionsPage);
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('asks the server for the first page and shows each solution with its labels', async () => {
    const element = await open('executive');
    expect(asked).toEqual([{ limit: 20, offset: 0 }]);
    const row = element.querySelector('tr.row')!;
    expect(row.textContent).toContain('Second-source resin');
    expect(row.textContent).toContain('Mitigating');
    expect(row.textContent).toContain('Degraded');
    expect(row.textContent).toContain('Failed, 2 Nov 2026');
    expect(element.textContent).not.toContain('New solution');
  });

  it('offers risk managers a new solution', async () => {
    expect((await open('risk-manager')).textContent).toContain('New solution');
  });
});
