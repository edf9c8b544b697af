import { TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { AcceptanceDialog, acceptanceWindow, addDays } from './acceptance-dialog';

describe('the acceptance dialog', () => {
  it('offers a window from tomorrow to 3 × 366 days ahead, a year suggested', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(acceptanceWindow('2026-11-27')).toEqual({ min: '2026-11-28', max: '2029-11-29', suggested: '2027-11-27' });
  });

  it('accepts only with a rationale and a day in the window, and closes with the terms', async () => {
    const closed: unknown[] = [];
    TestBed.configureTestingModule({
      providers: [
        { provide: MAT_DIALOG_DATA, useValue: { title: 'Seal integrity', today: '2026-11-27' } },
        { provide: MatDialogRef, useValue: { close: (value: unknown) => closed.push(value) } },
      ],
    });
    const fixture = TestBed.createComponent(AcceptanceDialog);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const submit = () => element.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    expect(submit().disabled).toBe(true);

    const dialog = fixture.componentInstance as unknown as { form: { setValue(v: object): void } };
    dialog.form.setValue({ rationale: '   ', expiresOn: '2027-06-30' });
    fixture.detectChanges();
    expect(submit().disabled).toBe(true); // blank is not a rationale

    dialog.form.setValue({ rationale: 'Covered by the second line', expiresOn: '2030-01-01' });
    fixture.detectChanges();
    expect(submit().disabled).toBe(true); // beyond the window

    dialog.form.setValue({ rationale: '  Covered by the second line ', expiresOn: '2027-06-30' });
    fixture.detectChanges();
    submit().click();
    expect(closed).toEqual([{ rationale: 'Covered by the second line', expiresOn: '2027-06-30' }]);
  });
});
