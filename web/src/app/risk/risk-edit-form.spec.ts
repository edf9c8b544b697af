import { TestBed } from '@angular/core/testing';
import { Api } from '../api/api';
import { RiskEditForm, RiskFields, describeRiskField } from './risk-edit-form';

/** The edit form in a real browser: moving a risk to another division it offers. */
describe('RiskEditForm', () => {
  const divisions = [
    { id: 'd1', name: 'Local', code: 'LOCAL', parentId: null, version: 1, retired: false },
    { id: 'd2', name: 'Line 3', code: 'LINE3', parentId: 'd1', version: 1, retired: false },
  ];
  const fakeApi = {
    intake: {
      GET: async () => ({
        data: { items: divisions, total: divisions.length, limit: 200, offset: 0 },
        response: new Response(null, { status: 200 }),
      }),
    },
  };
  const fields: RiskFields = {
    title: 'Seal drift',
    description: 'Seal strength drifts',
    divisionId: 'd1',
    category: 'product_safety',
    ownerEmail: 'analyst@riskplatform.local',
    treatment: null,
    reviewDue: null,
    tags: ['line-3'],
  };

  beforeEach(async () => {
    await TestBed.configureTestingModule({
      imports: [RiskEditForm],
      providers: [{ provide: Api, useValue: fakeApi }],
    }).compileComponents();
  });

  it('offers the divisions the user sees and saves the one picked with the other fields', async () => {
    const fixture = TestBed.createComponent(RiskEditForm);
    fixture.componentRef.setInput('fields', fields);
    await fixture.whenStable();
    const saved: RiskFields[] = [];
    fixture.componentInstance.saved.subscribe((value) => saved.push(value));
    const form = (fixture.componentInstance as unknown as { form: RiskEditForm['form'] }).form;
    const element = fixture.nativeElement as HTMLElement;

    expect(form.controls.divisionId.value).toBe('d1');
    const select = element.querySelector('app-division-field mat-select') as HTMLElement;
    select.click();
    await fixture.whenStable();
    const options = [...document.querySelectorAll<HTMLElement>('mat-option')];
    expect(options.map((o) => o.getAttribute('aria-label'))).toEqual(['Local', 'Local / Line 3']);
    options[1].click();
    await fixture.whenStable();

    (element.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    await fixture.whenStable();
    expect(saved).toEqual([{ ...fields, divisionId: 'd2' }]);
  });

  it('names a division by its name in the stale-edit dialog', () => {
    const names = new Map([['d2', 'Line 3']]);
    expect(describeRiskField('divisionId', 'd2', (id) => names.get(id) ?? '')).toBe('Line 3');
    expect(describeRiskField('divisionId', 'd9', () => '')).toBe('d9');
  });
});
