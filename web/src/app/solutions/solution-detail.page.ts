import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { DatePipe, KeyValuePipe } from '@angular/common';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { provideNativeDateAdapter } from '@angular/material/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar, MatSnackBarModule } from '@angular/material/snack-bar';
import { Api, Solution, SolutionPatch, SolutionStatus, TestOutcome, etagOf } from '../api/api';
import { Problem, networkProblem, problemOf } from '../api/problem';
import { AuthService } from '../auth/auth.service';
import { DivisionsService } from '../shared/divisions.service';
import { fromIsoDate, isoDate } from '../shared/dates';
import { errorText } from '../shared/constraints';
import {
  SOLUTION_KIND_LABELS, SOLUTION_STATUS_LABELS, SOLUTION_TRANSITION_LABELS, STATUS_LABELS, TEST_RESULTS, TEST_RESULT_LABELS,
} from '../shared/labels';
import { FORM_FIELD_DEFAULTS } from '../shared/form-field';
import { conflictsOf, reapplied } from '../shared/conflict';
import { ConflictChoice, ConflictDialog, ConflictDialogData } from '../shared/conflict-dialog';

/** The fields of the "Test and dates" form, as the API sends and takes them. */
export interface TestFields {
  [field: string]: string | null;
  testResult: TestOutcome | null;
  testedOn: string | null;
  nextTestDue: string | null;
  dueDate: string | null;
}

const TEST_FIELD_LABELS: Record<string, string> = {
  testResult: 'Test result',
  testedOn: 'Tested on',
  nextTestDue: 'Next test due',
  dueDate: 'Due date',
};

export function testFields(solution: Solution): TestFields {
  return {
    testResult: solution.testResult ?? null,
    testedOn: solution.testedOn ?? null,
    nextTestDue: solution.nextTestDue ?? null,
    dueDate: solution.dueDate ?? null,
  };
}

const STALE = 'Someone changed this solution since you opened it: it is shown as it is now. Check it and try again.';

/** A solution: every field, the risks it answers, and for risk managers its status, test
 * result and dates, each change sent with the version read (If-Match). */
@Component({
  selector: 'app-solution-detail',
  imports: [
    DatePipe, KeyValuePipe, ReactiveFormsModule, RouterLink, MatButtonModule, MatCardModule, MatDatepickerModule,
    MatFormFieldModule, MatInputModule, MatProgressBarModule, MatSelectModule, MatSnackBarModule,
  ],
  providers: [FORM_FIELD_DEFAULTS, provideNativeDateAdapter()],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './solution-detail.page.html',
  styleUrl: './solution-detail.page.scss',
})
export class SolutionDetailPage {
  private readonly api = inject(Api);
  private readonly auth = inject(AuthService);
  private readonly snackBar = inject(MatSnackBar);
  private readonly dialog = inject(MatDialog);
  protected readonly divisions = inject(DivisionsService);

  /** The solution's id, from the route. */
  readonly id = input.required<string>();

  protected readonly solution = signal<Solution | null>(null);
  private etag = '';
  protected readonly loading = signal(true);
  protected readonly busy = signal(false);
  protected readonly problem = signal<Problem | null>(null);

  protected readonly statusLabels = SOLUTION_STATUS_LABELS;
  protected readonly transitionLabels = SOLUTION_TRANSITION_LABELS;
  protected readonly kindLabels = SOLUTION_KIND_LABELS;
  protected readonly resultLabels = TEST_RESULT_LABELS;
  protected readonly riskStatusLabels = STATUS_LABELS;
  protected readonly results = TEST_RESULTS;

  protected readonly canManage = computed(() => this.auth.can('manage-solutions') && this.solution()?.status !== 'retired');
  protected readonly actions = computed(() => (this.canManage() ? (this.solution()?.nextStatuses ?? []) : []));

  protected readonly form = inject(NonNullableFormBuilder).group({
    testResult: ['' as TestOutcome | ''],
    testedOn: [null as Date | null],
    nextTestDue: [null as Date | null],
    dueDate: [null as Date | null],
  });

  constructor() {
    void this.divisions.load();
    effect(() => {
      const id = this.id();
      untracked(() => void this.load(id));
    });
  }

  private async load(id: string): Promise<void> {
    this.loading.set(true);
    this.problem.set(null);
    await this.loadSolution(id);
    this.loading.set(false);
  }

  private async loadSolution(id: string): Promise<void> {
    try {
      const { data, error, response } = await this.api.intake.GET('/solutions/{solution_id}', {
        params: { path: { solution_id: id } },
      });
      if (data) {
        this.show(data, response);
      } else {
        this.solution.set(null);
        this.problem.set(
          response.status === 404
            ? { ...problemOf(response, error), message: 'No solution you may read has this id.' }
            : problemOf(response, error),
        );
      }
    } catch (error) {
      this.problem.set(networkProblem(error));
    }
  }

  private show(solution: Solution, response: Response): void {
    this.solution.set(solution);
    this.etag = etagOf(response, solution.version);
    this.showTest(testFields(solution));
  }

  private showTest(fields: TestFields): void {
    this.form.reset({
      testResult: fields.testResult ?? '',
      testedOn: fromIsoDate(fields.testedOn),
      nextTestDue: fromIsoDate(fields.nextTestDue),
      dueDate: fromIsoDate(fields.dueDate),
    });
  }

  /** Moves the solution to a status; retiring is the API's DELETE. */
  protected moveTo(status: SolutionStatus): Promise<void> {
    return this.send(status === 'retired' ? null : { status }, `Status: ${SOLUTION_STATUS_LABELS[status]}`);
  }

  /** Saves the test result and the dates. A stale edit (412) shows what changed meanwhile
   * and offers to re-apply the user's values on the current version. */
  protected save(): Promise<void> {
    const solution = this.solution();
    if (!solution) return Promise.resolve();
    const loaded = testFields(solution);
    const value = this.form.getRawValue();
    const date = (d: Date | null) => (d ? isoDate(d) : null);
    const mine: TestFields = {
      testResult: value.testResult || null,
      testedOn: date(value.testedOn),
      nextTestDue: date(value.nextTestDue),
      dueDate: date(value.dueDate),
    };
    return this.send(mine, 'Saved', (fresh) => this.resolveConflict(loaded, testFields(fresh), mine));
  }

  private async resolveConflict(loaded: TestFields, server: TestFields, mine: TestFields): Promise<void> {
    const shown = (field: string, value: string | null | undefined) =>
      !value ? '—' : field === 'testResult' ? TEST_RESULT_LABELS[value as TestOutcome] : value;
    const data: ConflictDialogData = {
      thing: 'this solution',
      rows: conflictsOf(loaded, server, mine).map((conflict) => ({
        label: TEST_FIELD_LABELS[conflict.field] ?? conflict.field,
        server: shown(conflict.field, conflict.server as string | null),
        mine: shown(conflict.field, conflict.mine as string | null),
        edited: conflict.edited,
      })),
    };
    const opened = this.dialog.open<ConflictDialog, ConflictDialogData, ConflictChoice>(ConflictDialog, {
      data,
      width: '40rem',
      disableClose: true,
    });
    if ((await firstValueFrom(opened.afterClosed())) === 'reapply') {
      this.showTest(reapplied(loaded, server, mine));
      this.form.markAsDirty();
      this.snackBar.open('Your changes are back on the current version: check them and save.', undefined, { duration: 5000 });
    }
  }

  protected error(field: string): string {
    return errorText(this.form.get(field)?.errors);
  }

  /** PATCH (or DELETE, with no body) with If-Match; a 412 reloads and says so (or calls `stale`). */
  private async send(body: SolutionPatch | null, done: string, stale?: (fresh: Solution) => Promise<void>): Promise<void> {
    const solution = this.solution();
    if (!solution) return;
    this.busy.set(true);
    this.problem.set(null);
    try {
      const params = { path: { solution_id: solution.id }, header: { 'If-Match': this.etag } };
      const { data, error, response } = body
        ? await this.api.intake.PATCH('/solutions/{solution_id}', { params, body })
        : await this.api.intake.DELETE('/solutions/{solution_id}', { params });
      if (data) {
        this.show(data, response);
        this.snackBar.open(done, undefined, { duration: 3000 });
      } else if (response.status === 412) {
        await this.loadSolution(solution.id);
        const fresh = this.solution();
        if (stale && fresh) await stale(fresh);
        else this.problem.set({ ...problemOf(response, error), message: STALE });
      } else {
        const problem = problemOf(response, error);
        this.problem.set(problem);
        for (const [field, reason] of Object.entries(problem.fields)) {
          const control = this.form.get(field);
          control?.setErrors({ server: reason });
          control?.markAsTouched();
        }
      }
    } catch (error) {
      this.problem.set(networkProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
