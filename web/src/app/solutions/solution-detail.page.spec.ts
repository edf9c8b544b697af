import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Api, Solution } from '../api/api';
import { AuthService } from '../auth/auth.service';
import type { Role } from '../auth/roles';
import { SolutionDetailPage } from './solution-detail.page';

const SOLUTION: Solution = {
  id: 's1', divisionId: 'd1', title: 'Second-source resin', description: 'Qualify a second supplier', kind: 'preventive',
  status: 'planned', nextStatuses: ['in_progress', 'active', 'retired'], designEffectiveness: 70, testResult: null,
  testedOn: null, nextTestDue: null, ownerEmail: 'risk-manager@riskplatform.local', cost: null, dueDate: null, version: 3,
  risks: [{ id: 'r1', divisionId: 'd1', title: 'Resin shortage', status: 'open', retired: false }],
};

const json = (status: number, headers: Record<string, string> = {}) => new Response(null, { status, headers });

/** The solution's page against a fake API: role-aware actions, If-Match, and a stale edit. */
describe('SolutionDetailPage', () => {
  let current: Solution;
  let patchAnswer: 'ok' | 'stale';
  const patches: { header: unknown; body: unknown }[] = [];
  const fakeApi = {
    intake: {
      GET: async (path: string) =>
        path === '/divisions'
          ? { data: { items: [], total: 0, limit: 200, offset: 0 }, response: json(200) }
          : { data: current, response: json(200, { ETag: `"${current.version}"` }) },
      PATCH: async (_path: string, init: { params: { header: unknown }; body: Partial<Solution> }) => {
        patches.push({ header: init.params.header, body: init.body });
        if (patchAnswer === 'stale') {
          current = { ...current, status: 'active', version: current.version + 1 }; // someone else's change
          return { error: { message: 'stale', errors: [] }, response: json(412) };
        }
        current = { ...current, ...init.body, version: current.version + 1, nextStatuses: ['planned', 'active', 'retired'] } as Solution;
        return { data: current, response: json(200, { ETag: `"${current.version}"` }) };
      },
    },
  };

  async function open(role: Role) {
    await TestBed.configureTestingModule({
      imports: [SolutionDetailPage],
      providers: [provideRouter([]), { provide: Api, useValue: fakeApi }],
    }).compileComponents();
    TestBed.inject(AuthService).user.set({ email: `${role}@riskplatform.local`, roles: [role] });
    const fixture = TestBed.createComponent(SolutionDetailPage);
    fixture.componentRef.setInput('id', 's1');
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    return { fixture, element: fixture.nativeElement as HTMLElement };
  }

  const buttons = (element: HTMLElement) =>
    [...element.querySelectorAll('[role="group"][aria-label="Status"] button')].map((b) => b.textContent?.trim());

  beforeEach(() => {
    current = { ...SOLUTION };
    patchAnswer = 'ok';
    patches.length = 0;
  });

  it('shows the risks it answers, and an executive nothing to change', async () => {
    const { element } = await open('executive');
    expect(element.querySelector('h1')?.textContent).toContain('Second-source resin');
    expect(element.querySelector('[data-testid="solution-risks"]')?.textContent).toContain('Resin shortage');
    expect(buttons(element)).toEqual([]);
    expect(element.textContent).not.toContain('Test and dates');
  });

  it('offers a risk manager the next statuses and sends the version read as If-Match', async () => {
    const { fixture, element } = await open('risk-manager');
    expect(buttons(element)).toEqual(['Start work', 'Mark active', 'Retire']);
    (element.querySelector('[role="group"] button') as HTMLButtonElement).click();
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    expect(patches).toEqual([{ header: { 'If-Match': '"3"' }, body: { status: 'in_progress' } }]);
    expect(element.querySelector('[data-testid="solution-status"]')?.textContent).toBe('In progress');
  });

  it('says so when the solution changed meanwhile (412), and shows it as it is now', async () => {
    const { fixture, element } = await open('risk-manager');
    patchAnswer = 'stale';
    (element.querySelector('[role="group"] button') as HTMLButtonElement).click();
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('Someone changed this solution since you opened it');
    expect(element.querySelector('[data-testid="solution-status"]')?.textContent).toBe('Active');
  });

  it('on a stale save shows what changed meanwhile and re-applies the user\'s values on the current version', async () => {
    const { fixture, element } = await open('risk-manager');
    const form = element.querySelector('form') as HTMLFormElement;
    const page = fixture.componentInstance as unknown as { form: { patchValue(v: unknown): void } };
    page.form.patchValue({ dueDate: new Date(2027, 0, 31) });
    patchAnswer = 'stale';
    current = { ...current, nextTestDue: '2027-05-20' }; // the other user's change lands with the status
    form.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const dialog = document.querySelector('app-conflict-dialog') as HTMLElement;
    expect(dialog.querySelector('[data-testid="conflict-changes"]')?.textContent).toContain('Next test due');
    expect(dialog.textContent).toContain('2027-05-20');
    expect(dialog.textContent).not.toContain('Due date');
    const reapply = [...dialog.querySelectorAll('button')].find((b) => b.textContent?.includes('re-apply')) as HTMLButtonElement;
    reapply.click();
    for (let i = 0; i < 100 && document.querySelector('app-conflict-dialog'); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    expect(element.textContent).not.toContain('Someone changed this solution'); // the dialog said it
    patchAnswer = 'ok';
    form.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    expect(patches.at(-1)).toEqual({
      header: { 'If-Match': '"4"' },
      body: { testResult: null, testedOn: null, nextTestDue: '2027-05-20', dueDate: '2027-01-31' },
    });
  });
});
