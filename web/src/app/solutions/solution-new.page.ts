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
import { Api, SolutionIn, SolutionKind, SolutionStatus } from '../api/api';
import { bodies } from '../api/generated/intake.constraints';
import { Problem, networkProblem, problemOf } from '../api/problem';
import { AuthService } from '../auth/auth.service';
import { DivisionField } from '../shared/division-field';
import { DivisionsService } from '../shared/divisions.service';
import { errorText, validatorsFor } from '../shared/constraints';
import { SOLUTION_KINDS, SOLUTION_KIND_LABELS, SOLUTION_STATUSES, SOLUTION_STATUS_LABELS } from '../shared/labels';
import { isoDate } from '../shared/dates';
import { FORM_FIELD_DEFAULTS } from '../shared/form-field';

const RULES = bodies.SolutionIn;

/** Patterns in words, for the messages next to the fields. */
const HINTS: Record<string, string> = {
  title: 'must contain more than spaces',
  ownerEmail: 'an email address, like name@example.com',
};

/** Registers a solution (risk managers, in their divisions). */
@Component({
  selector: 'app-solution-new',
  imports: [
    ReactiveFormsModule, RouterLink, DivisionField, MatButtonModule, MatDatepickerModule, MatFormFieldModule, MatInputModule,
    MatProgressBarModule, MatSelectModule, MatSnackBarModule,
  ],
  providers: [FORM_FIELD_DEFAULTS, provideNativeDateAdapter()],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './solution-new.page.html',
  styleUrl: '../capture/capture.page.scss',
})
export class SolutionNewPage {
  private readonly api = inject(Api);
  private readonly router = inject(Router);
  private readonly snackBar = inject(MatSnackBar);
  protected readonly divisions = inject(DivisionsService);
  protected readonly rules = RULES;
  protected readonly kinds = SOLUTION_KINDS;
  protected readonly kindLabels = SOLUTION_KIND_LABELS;
  /** A new solution cannot start retired. */
  protected readonly statuses = SOLUTION_STATUSES.filter((status) => status !== 'retired');
  protected readonly statusLabels = SOLUTION_STATUS_LABELS;

  protected readonly form = inject(NonNullableFormBuilder).group({
    title: ['', validatorsFor(RULES.title)],
    description: ['', validatorsFor(RULES.description)],
    divisionId: ['', validatorsFor(RULES.divisionId)],
    kind: ['' as SolutionKind | '', validatorsFor(RULES.kind)],
    status: ['planned' as SolutionStatus],
    designEffectiveness: [50 as number | null, validatorsFor(RULES.designEffectiveness)],
    ownerEmail: [inject(AuthService).user()?.email ?? '', validatorsFor(RULES.ownerEmail)],
    dueDate: [null as Date | null],
    nextTestDue: [null as Date | null],
  });
  protected readonly busy = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  /** Field errors the API gave that no field of the form shows. */
  protected readonly otherErrors = computed(() => {
    const problem = this.problem();
    if (!problem) return [];
    return Object.entries(problem.fields)
      .filter(([field]) => !this.form.get(field))
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
    const body: SolutionIn = {
      title: value.title.trim(),
      description: value.description,
      divisionId: value.divisionId,
      kind: value.kind as SolutionKind,
      status: value.status,
      designEffectiveness: Number(value.designEffectiveness),
      ownerEmail: value.ownerEmail.trim(),
      dueDate: value.dueDate ? isoDate(value.dueDate) : null,
      nextTestDue: value.nextTestDue ? isoDate(value.nextTestDue) : null,
    };
    this.busy.set(true);
    try {
      const { data, error, response } = await this.api.intake.POST('/solutions', { body });
      if (data) {
        this.snackBar.open(`Registered “${data.title}”`, undefined, { duration: 4000 });
        await this.router.navigate(['/solutions', data.id]);
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
      const control = this.form.get(field);
      control?.setErrors({ ...(control.errors ?? {}), server: reason });
      control?.markAsTouched();
    }
    this.focusFirstInvalid();
  }

  private focusFirstInvalid(): void {
    setTimeout(() => {
      const invalid = document.querySelector<HTMLElement>('form .ng-invalid[formControlName], form mat-select.ng-invalid');
      invalid?.focus();
    });
  }
}
