import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Api, SolutionSummary } from '../api/api';
import { LinkedSolutions, linkable } from './linked-solutions';

const solution = (id: string, title: string, status: SolutionSummary['status'] = 'active'): SolutionSummary => ({
  id, title, status, divisionId: 'd1', description: '', kind: 'preventive', nextStatuses: [], designEffectiveness: 60,
  testResult: null, testedOn: null, nextTestDue: null, ownerEmail: 'risk-manager@riskplatform.local', cost: null,
  dueDate: null, version: 1,
});

describe('linkable', () => {
  it('leaves out the solutions already linked and the retired ones', () => {
    const found = [solution('a', 'Alarm'), solution('b', 'Backup line'), solution('c', 'Cold spare', 'retired')];
    expect(linkable(found, [{ id: 'a' }]).map((s) => s.id)).toEqual(['b']);
  });
});

describe('LinkedSolutions', () => {
  const queries: unknown[] = [];
  const fakeApi = {
    intake: {
      GET: async (_path: string, init: { params: { query: unknown } }) => {
        queries.push(init.params.query);
        return { data: { items: [solution('a', 'Alarm'), solution('b', 'Backup line')], total: 2, limit: 11, offset: 0 } };
      },
    },
  };

  async function render(canLink: boolean) {
    await TestBed.configureTestingModule({
      imports: [LinkedSolutions],
      providers: [provideRouter([]), { provide: Api, useValue: fakeApi }],
    }).compileComponents();
    const fixture = TestBed.createComponent(LinkedSolutions);
    fixture.componentRef.setInput('solutions', [solution('a', 'Alarm')]);
    fixture.componentRef.setInput('canLink', canLink);
    await fixture.whenStable();
    return { fixture, element: fixture.nativeElement as HTMLElement };
  }

  beforeEach(() => (queries.length = 0));

  it('lists the linked solutions, without link or unlink for those who may not', async () => {
    const { element } = await render(false);
    expect(element.querySelector('[data-testid="linked-solutions"]')?.textContent).toContain('Alarm');
    expect(element.querySelector('input')).toBeNull();
    expect(element.querySelector('button[aria-label="Unlink Alarm"]')).toBeNull();
  });

  it('searches the solutions as the user types and offers only those not linked yet', async () => {
    const { fixture, element } = await render(true);
    const linked: SolutionSummary[] = [];
    fixture.componentInstance.link.subscribe((s) => linked.push(s));
    const input = element.querySelector('input') as HTMLInputElement;
    input.focus();
    input.value = 'a';
    input.dispatchEvent(new Event('input'));
    await new Promise((resolve) => setTimeout(resolve, 400));
    await fixture.whenStable();
    expect(queries).toEqual([{ q: 'a', limit: 11, sort: 'title' }]);
    const options = [...document.querySelectorAll('mat-option')].map((o) => o.textContent?.trim());
    expect(options.length).toBe(1);
    expect(options[0]).toContain('Backup line');
    (document.querySelector('mat-option') as HTMLElement).click();
    expect(linked.map((s) => s.id)).toEqual(['b']);
  });

  it('asks to unlink a solution', async () => {
    const { fixture, element } = await render(true);
    const unlinked: string[] = [];
    fixture.componentInstance.unlink.subscribe((s) => unlinked.push(s.id));
    (element.querySelector('button[aria-label="Unlink Alarm"]') as HTMLButtonElement).click();
    expect(unlinked).toEqual(['a']);
  });
});
