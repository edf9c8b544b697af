import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { AbstractControl, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { provideNativeDateAdapter } from '@angular/material/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar, MatSnackBarModule } from '@angular/material/snack-bar';
import { Api, Category, RiskIn, Treatment } from '../api/api';
import { bodies } from '../api/generated/intake.constraints';
import { Problem, networkProblem, problemOf } from '../api/problem';
import { AuthService } from '../auth/auth.service';
import { DivisionField } from '../shared/division-field';
import { DivisionsService } from '../shared/divisions.service';
import { errorText, splitList, validatorsFor } from '../shared/constraints';
import { CATEGORIES, CATEGORY_LABELS, TREATMENTS, TREATMENT_LABELS } from '../shared/labels';
import { isoDate } from '../shared/dates';

const RULES = bodies.RiskIn;

/** Patterns in words, for the messages next to the fields. */
const HINTS: Record<string, string> = {
  title: 'must contain more than spaces',
  ownerEmail: 'an email address, like name@example.com',
  tags: 'lower-case letters, digits and hyphens, up to 40, starting with a letter or digit',
};

import { FORM_FIELD_DEFAULTS } from '../shared/form-field';

@Component({
  selector: 'app-capture',
  imports: [
    ReactiveFormsModule, RouterLink, DivisionField, MatButtonModule, MatDatepickerModule, MatFormFieldModule, MatInputModule,
    MatProgressBarModule, MatSelectModule, MatSnackBarModule,
  ],
  providers: [FORM_FIELD_DEFAULTS, provideNativeDateAdapter()],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './capture.page.html',
  styleUrl: './capture.page.scss',
})
export class CapturePage {
  private readonly api = inject(Api);
  private readonly router = inject(Router);
  private readonly snackBar = inject(MatSnackBar);
  protected readonly divisions = inject(DivisionsService);
  protected readonly rules = RULES;
  protected readonly categories = CATEGORIES;
  protected readonly categoryLabels = CATEGORY_LABELS;
  protected readonly treatments = TREATMENTS;
  protected readonly treatmentLabels = TREATMENT_LABELS;

  protected readonly form = inject(NonNullableFormBuilder).group({
    title: ['', validatorsFor(RULES.title)],
    description: ['', validatorsFor(RULES.description)],
    divisionId: ['', validatorsFor(RULES.divisionId)],
    category: ['' as Category | '', validatorsFor(RULES.category)],
    ownerEmail: [inject(AuthService).user()?.email ?? '', validatorsFor(RULES.ownerEmail)],
    treatment: ['' as Treatment | ''],
    reviewDue: [null as Date | null],
    tags: ['', validatorsFor(RULES.tags)],
  });
  protected readonly busy = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  /** Field errors the API gave that no field of the form shows. */
  protected readonly otherErrors = computed(() => {
    const problem = this.problem();
    if (!problem) return [];
    return Object.entries(problem.fields)
      .filter(([field]) => !this.controlFor(field))
      .map(([field, reason]) => `${field}: ${reason}`);
  });

  constructor() {
    void this.divisions.load().then(() => {
      const only = this.divisions.tree();
      if (only.length === 1 && !this.form.controls.divisionId.value) {
        this.form.controls.divisionId.setValue(only[0].division.id);
      }
    });
  }

  protected error(control: AbstractControl, field: string): string {
    return errorText(control.errors, HINTS[field]);
  }

  protected async submit(): Promise<void> {
    this.problem.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.focusFirstInvalid();
      return;
    }
    const value = this.form.getRawValue();
    const body: RiskIn = {
      title: value.title.trim(),
      description: value.description,
      divisionId: value.divisionId,
      category: value.category as Category,
      ownerEmail: value.ownerEmail.trim(),
      treatment: value.treatment || null,
      reviewDue: value.reviewDue ? isoDate(value.reviewDue) : null,
      tags: splitList(value.tags),
    };
    this.busy.set(true);
    try {
      const { data, error, response } = await this.api.intake.POST('/risks', { body });
      if (data) {
        this.snackBar.open(`Captured “${data.title}”`, undefined, { duration: 4000 });
        await this.router.navigate(['/risks', data.id]);
        return;
      }
      this.showProblem(problemOf(response, error));
    } catch (error) {
      this.showProblem(networkProblem(error));
    } finally {
      this.busy.set(false);
    }
  }

  /** The API's field errors next to their fields. */
  private showProblem(problem: Problem): void {
    this.problem.set(problem);
    for (const [field, reason] of Object.entries(problem.fields)) {
      const control = this.controlFor(field);
      control?.setErrors({ ...(control.errors ?? {}), server: reason });
      control?.markAsTouched();
    }
    this.focusFirstInvalid();
  }

  private controlFor(field: string): AbstractControl | null {
    // "tags.3" is the fourth tag: shown on the tags field.
    const path = field.split('.').filter((part) => !/^\d+$/.test(part)).join('.');
    return path ? this.form.get(path) : null;
  }

  private focusFirstInvalid(): void {
    setTimeout(() => {
      const invalid = document.querySelector<HTMLElement>('form .ng-invalid[formControlName], form mat-select.ng-invalid');
      invalid?.focus();
    });
  }
}
