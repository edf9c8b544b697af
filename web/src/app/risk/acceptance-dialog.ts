import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

/** What a risk manager states when accepting a risk as it is (ADR 27): why, and the
 * last day the acceptance holds (after today, at most 3 × 366 days ahead, as intake
 * checks). After that day the risk is back in review and in the breach lists. */
export interface AcceptanceTerms {
  rationale: string;
  expiresOn: string; // YYYY-MM-DD
}

export interface AcceptanceDialogData {
  title: string;
  today: string; // YYYY-MM-DD, the caller's UTC day
}

const MAX_DAYS = 3 * 366;

/** A day ``days`` after ``day`` (both YYYY-MM-DD, in UTC). */
export function addDays(day: string, days: number): string {
  const moment = new Date(`${day}T00:00:00Z`);
  moment.setUTCDate(moment.getUTCDate() + days);
  return moment.toISOString().slice(0, 10);
}

/** The window an acceptance may end in: from tomorrow to 3 × 366 days ahead. */
export function acceptanceWindow(today: string): { min: string; max: string; suggested: string } {
  return { min: addDays(today, 1), max: addDays(today, MAX_DAYS), suggested: addDays(today, 365) };
}

@Component({
  selector: 'app-acceptance-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>Accept “{{ data.title }}”</h2>
    <form [formGroup]="form" (ngSubmit)="accept()">
      <mat-dialog-content>
        <p>
          Accepting keeps the risk as it is: it leaves the breach and review-overdue lists until the
          acceptance ends, then comes back into review.
        </p>
        <mat-form-field class="full">
          <mat-label>Rationale</mat-label>
          <textarea matInput formControlName="rationale" rows="4" maxlength="5000" required></textarea>
          <mat-hint>Why the risk is accepted as it is</mat-hint>
          @if (form.controls.rationale.hasError('required')) {
            <mat-error>Say why the risk is accepted</mat-error>
          }
        </mat-form-field>
        <mat-form-field class="full">
          <mat-label>Accepted until</mat-label>
          <input matInput type="date" formControlName="expiresOn" [min]="window.min" [max]="window.max" required />
          <mat-hint>The last day it holds, at most three years ahead</mat-hint>
          @if (form.controls.expiresOn.invalid) {
            <mat-error>A day from {{ window.min }} to {{ window.max }}</mat-error>
          }
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>Cancel</button>
        <button mat-flat-button type="submit" [disabled]="form.invalid">Accept the risk</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `.full { width: 100%; margin-bottom: 0.5rem; }`,
})
export class AcceptanceDialog {
  protected readonly data = inject<AcceptanceDialogData>(MAT_DIALOG_DATA);
  private readonly dialog = inject<MatDialogRef<AcceptanceDialog, AcceptanceTerms>>(MatDialogRef);
  protected readonly window = acceptanceWindow(this.data.today);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    rationale: ['', [Validators.required, Validators.maxLength(5000), Validators.pattern(/\S/)]],
    expiresOn: [this.window.suggested, [Validators.required, this.within()]],
  });

  private within() {
    return (control: { value: string }) =>
      control.value && control.value >= this.window.min && control.value <= this.window.max ? null : { window: true };
  }

  protected accept(): void {
    if (this.form.invalid) return;
    const { rationale, expiresOn } = this.form.getRawValue();
    this.dialog.close({ rationale: rationale.trim(), expiresOn });
  }
}
