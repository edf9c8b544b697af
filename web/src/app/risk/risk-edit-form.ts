import { ChangeDetectionStrategy, Component, effect, inject, input, output, untracked } from '@angular/core';
import { AbstractControl, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { provideNativeDateAdapter } from '@angular/material/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { Category, Risk, Treatment } from '../api/api';
import { bodies } from '../api/generated/intake.constraints';
import { errorText, splitList, validatorsFor } from '../shared/constraints';
import { fromIsoDate, isoDate } from '../shared/dates';
import { DivisionField } from '../shared/division-field';
import { CATEGORIES, CATEGORY_LABELS, TREATMENTS, TREATMENT_LABELS } from '../shared/labels';

const RULES = bodies.RiskPatch;

/** The fields of a risk this form edits, as the API sends and takes them. */
export interface RiskFields {
  [field: string]: unknown;
  title: string;
  description: string;
  divisionId: string;
  category: Category;
  ownerEmail: string;
  treatment: Treatment | null;
  reviewDue: string | null;
  tags: string[];
}

export const RISK_FIELD_LABELS: Readonly<Record<keyof RiskFields & string, string>> = {
  title: 'Title',
  description: 'Description',
  divisionId: 'Division',
  category: 'Category',
  ownerEmail: "Owner's email",
  treatment: 'Treatment',
  reviewDue: 'Review due',
  tags: 'Tags',
};

export function riskFields(risk: Risk): RiskFields {
  return {
    title: risk.title,
    description: risk.description,
    divisionId: risk.divisionId,
    category: risk.category,
    ownerEmail: risk.ownerEmail,
    treatment: risk.treatment ?? null,
    reviewDue: risk.reviewDue ?? null,
    tags: [...risk.tags],
  };
}

/** A risk field's value in words, for the stale-edit dialog; a division by its name. */
export function describeRiskField(field: string, value: unknown, divisionName: (id: string) => string = (id) => id): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) return '—';
  if (field === 'divisionId') return divisionName(String(value)) || String(value);
  if (field === 'category') return CATEGORY_LABELS[value as Category] ?? String(value);
  if (field === 'treatment') return TREATMENT_LABELS[value as Treatment] ?? String(value);
  if (Array.isArray(value)) return value.join(', ');
  const text = String(value);
  return text.length > 200 ? `${text.slice(0, 197)}…` : text;
}

const HINTS: Record<string, string> = {
  title: 'must contain more than spaces',
  ownerEmail: 'an email address, like name@example.com',
  tags: 'lower-case letters, digits and hyphens, up to 40, starting with a letter or digit',
};

/** Edits a risk's details. The page sends only the fields changed (PATCH with If-Match)
 * and, on a stale edit, can put the user's values back with `show`. */
@Component({
  selector: 'app-risk-edit-form',
  imports: [
    ReactiveFormsModule, DivisionField, MatButtonModule, MatDatepickerModule, MatFormFieldModule, MatInputModule, MatSelectModule,
  ],
  providers: [provideNativeDateAdapter()],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate aria-labelledby="edit-heading" class="edit">
      <h2 id="edit-heading">Edit details</h2>
      <mat-form-field class="full">
        <mat-label>Title</mat-label>
        <input matInput formControlName="title" [attr.maxlength]="rules.title.maxLength" required />
        @if (form.controls.title.invalid) {
          <mat-error>{{ error(form.controls.title, 'title') }}</mat-error>
        }
      </mat-form-field>
      <mat-form-field class="full">
        <mat-label>Description</mat-label>
        <textarea matInput formControlName="description" rows="4"></textarea>
        @if (form.controls.description.invalid) {
          <mat-error>{{ error(form.controls.description, 'description') }}</mat-error>
        }
      </mat-form-field>
      <div class="row">
        <app-division-field [control]="form.controls.divisionId" hint="Moving it takes write access in both divisions" />
        <mat-form-field>
          <mat-label>Category</mat-label>
          <mat-select formControlName="category" required>
            @for (category of categories; track category) {
              <mat-option [value]="category">{{ categoryLabels[category] }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field>
          <mat-label>Treatment</mat-label>
          <mat-select formControlName="treatment">
            <mat-option value="">Not decided</mat-option>
            @for (treatment of treatments; track treatment) {
              <mat-option [value]="treatment">{{ treatmentLabels[treatment] }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field>
          <mat-label>Owner's email</mat-label>
          <input matInput formControlName="ownerEmail" type="email" [attr.maxlength]="rules.ownerEmail.maxLength" required />
          @if (form.controls.ownerEmail.invalid) {
            <mat-error>{{ error(form.controls.ownerEmail, 'ownerEmail') }}</mat-error>
          }
        </mat-form-field>
      </div>
      <div class="row">
        <mat-form-field>
          <mat-label>Review due</mat-label>
          <input matInput formControlName="reviewDue" [matDatepicker]="picker" />
          <mat-datepicker-toggle matIconSuffix [for]="picker" />
          <mat-datepicker #picker />
          @if (form.controls.reviewDue.invalid) {
            <mat-error>{{ error(form.controls.reviewDue, 'reviewDue') }}</mat-error>
          }
        </mat-form-field>
        <mat-form-field>
          <mat-label>Tags</mat-label>
          <input matInput formControlName="tags" />
          <mat-hint>Separated by commas</mat-hint>
          @if (form.controls.tags.invalid) {
            <mat-error>{{ error(form.controls.tags, 'tags') }}</mat-error>
          }
        </mat-form-field>
      </div>
      <div class="actions">
        <button mat-flat-button type="submit" [disabled]="busy()">Save</button>
        <button mat-button type="button" (click)="cancelled.emit()">Cancel</button>
      </div>
    </form>
  `,
  styles: `
    .edit { display: flex; flex-direction: column; gap: 8px; }
    h2 { font: var(--mat-sys-title-large); margin: 0 0 8px; }
    .full { width: 100%; }
    .row { display: flex; flex-wrap: wrap; gap: 12px; }
    .row mat-form-field { flex: 1 1 220px; }
    .actions { display: flex; gap: 8px; }
  `,
})
export class RiskEditForm {
  /** The values to show: set again (a reload, or the user's edits re-applied) to replace the form's. */
  readonly fields = input.required<RiskFields>();
  readonly busy = input(false);
  readonly saved = output<RiskFields>();
  readonly cancelled = output<void>();

  protected readonly rules = RULES;
  protected readonly categories = CATEGORIES;
  protected readonly categoryLabels = CATEGORY_LABELS;
  protected readonly treatments = TREATMENTS;
  protected readonly treatmentLabels = TREATMENT_LABELS;

  protected readonly form = inject(NonNullableFormBuilder).group({
    title: ['', [...validatorsFor(RULES.title), ...validatorsFor({ required: true })]],
    description: ['', validatorsFor(RULES.description)],
    divisionId: ['', validatorsFor({ required: true })],
    category: ['' as Category | ''],
    ownerEmail: ['', validatorsFor(RULES.ownerEmail)],
    treatment: ['' as Treatment | ''],
    reviewDue: [null as Date | null],
    tags: ['', validatorsFor(RULES.tags)],
  });

  constructor() {
    effect(() => {
      const fields = this.fields();
      untracked(() => this.show(fields));
    });
  }

  private show(fields: RiskFields): void {
    this.form.reset({
      title: fields.title,
      description: fields.description,
      divisionId: fields.divisionId,
      category: fields.category,
      ownerEmail: fields.ownerEmail,
      treatment: fields.treatment ?? '',
      reviewDue: fromIsoDate(fields.reviewDue),
      tags: fields.tags.join(', '),
    });
  }

  /** The form's values, as the API takes them. */
  value(): RiskFields {
    const value = this.form.getRawValue();
    return {
      title: value.title.trim(),
      description: value.description,
      divisionId: value.divisionId,
      category: value.category as Category,
      ownerEmail: value.ownerEmail.trim(),
      treatment: value.treatment || null,
      reviewDue: value.reviewDue ? isoDate(value.reviewDue) : null,
      tags: splitList(value.tags),
    };
  }

  protected error(control: AbstractControl, field: string): string {
    return errorText(control.errors, HINTS[field]);
  }

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.saved.emit(this.value());
  }
}
