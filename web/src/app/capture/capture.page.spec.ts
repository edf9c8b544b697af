import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Api } from '../api/api';
import { AuthService } from '../auth/auth.service';
import { CapturePage } from './capture.page';

/** The form in a real browser, against a fake API that refuses the owner. */
describe('CapturePage', () => {
  const posted: unknown[] = [];
  const fakeApi = {
    intake: {
      GET: async () => ({
        data: { items: [{ id: 'd1', name: 'Local', code: 'LOCAL', parentId: null, version: 1, retired: false }], total: 1, limit: 200, offset: 0 },
        response: new Response(null, { status: 200 }),
      }),
      POST: async (_path: string, init: { body: unknown }) => {
        posted.push(init.body);
        return {
          error: { message: 'The request is not valid', errors: [{ field: 'ownerEmail', in: 'body', reason: 'no such owner here' }] },
          response: new Response(null, { status: 422 }),
        };
      },
    },
  };

  beforeEach(async () => {
    posted.length = 0;
    await TestBed.configureTestingModule({
      imports: [CapturePage],
      providers: [provideRouter([]), { provide: Api, useValue: fakeApi }],
    }).compileComponents();
    TestBed.inject(AuthService).user.set({ email: 'analyst@riskplatform.local', roles: ['analyst'] });
  });

  it('checks the fields before sending, then shows the API\'s field errors next to their fields', async () => {
    const fixture = TestBed.createComponent(CapturePage);
    await fixture.whenStable();
    const page = fixture.componentInstance as unknown as { form: CapturePage['form']; submit(): Promise<void> };
    const element = fixture.nativeElement as HTMLElement;

    await page.submit();
    await fixture.whenStable();
    expect(posted).toEqual([]);
    expect(element.textContent).toContain('Required');

    // The only division the analyst has is chosen for them.
    expect(page.form.controls.divisionId.value).toBe('d1');
    page.form.patchValue({ title: 'Seal drift', description: 'Seal strength drifts', category: 'product_safety', tags: 'line-3' });
    await page.submit();
    await fixture.whenStable();
    expect(posted).toEqual([
      expect.objectContaining({ title: 'Seal drift', divisionId: 'd1', ownerEmail: 'analyst@riskplatform.local', tags: ['line-3'] }),
    ]);
    const owner = element.querySelector('input[formcontrolname="ownerEmail"]')!.closest('mat-form-field')!;
    expect(owner.querySelector('mat-error')?.textContent).toContain('no such owner here');
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('The request is not valid');
  });
});
