import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, resource } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { DatePipe } from '@angular/common';
import { debounceTime, distinctUntilChanged, map } from 'rxjs';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSortModule, Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { Api, SolutionSummary } from '../api/api';
import { problemOf } from '../api/problem';
import { AuthService } from '../auth/auth.service';
import { DivisionsService } from '../shared/divisions.service';
import {
  SOLUTION_KINDS, SOLUTION_KIND_LABELS, SOLUTION_STATUSES, SOLUTION_STATUS_LABELS, TEST_RESULT_LABELS,
} from '../shared/labels';
import { FORM_FIELD_DEFAULTS } from '../shared/form-field';
import { PAGE_SIZES, SolutionsQuery, apiQuery, paramsFromQuery, queryFromParams } from './solutions-query';

/** The solutions (controls and mitigations) the caller may read, a page at a time from the
 * server, the whole view in the URL. */
@Component({
  selector: 'app-solutions',
  imports: [
    ReactiveFormsModule, RouterLink, DatePipe, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatIconModule,
    MatInputModule, MatPaginatorModule, MatProgressBarModule, MatSelectModule, MatSortModule, MatTableModule,
  ],
  providers: [FORM_FIELD_DEFAULTS],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './solutions.page.html',
  styleUrl: '../register/register.page.scss',
})
export class SolutionsPage {
  private readonly api = inject(Api);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly auth = inject(AuthService);
  protected readonly divisions = inject(DivisionsService);

  protected readonly statuses = SOLUTION_STATUSES;
  protected readonly kinds = SOLUTION_KINDS;
  protected readonly statusLabels = SOLUTION_STATUS_LABELS;
  protected readonly kindLabels = SOLUTION_KIND_LABELS;
  protected readonly resultLabels = TEST_RESULT_LABELS;
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly columns = [
    'title', 'division', 'kind', 'status', 'designEffectiveness', 'testResult', 'nextTestDue', 'dueDate', 'ownerEmail',
  ];
  protected readonly canManage = computed(() => this.auth.can('manage-solutions'));

  /** The view, from the URL. */
  protected readonly query = toSignal(
    this.route.queryParamMap.pipe(
      map(queryFromParams),
      distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
    ),
    { initialValue: queryFromParams(this.route.snapshot.queryParamMap) },
  );
  protected readonly sortActive = computed(() => this.query().sort.replace(/^-/, ''));
  protected readonly sortDirection = computed(() => (!this.query().sort ? '' : this.query().sort.startsWith('-') ? 'desc' : 'asc'));

  protected readonly page = resource({
    params: () => this.query(),
    loader: async ({ params, abortSignal }) => {
      const { data, error, response } = await this.api.intake.GET('/solutions', {
        params: { query: apiQuery(params) },
        signal: abortSignal,
      });
      if (!data) throw problemOf(response, error);
      return data;
    },
  });
  protected readonly rows = computed<SolutionSummary[]>(() => (this.page.hasValue() ? this.page.value().items : []));
  protected readonly total = computed(() => (this.page.hasValue() ? this.page.value().total : 0));
  protected readonly problem = computed(() => {
    const error = this.page.error() as { message?: string } | undefined;
    return error ? (error.message ?? 'The solutions could not be loaded.') : '';
  });

  protected readonly filters = inject(NonNullableFormBuilder).group({
    q: [''],
    division: [''],
    status: [[] as string[]],
    kind: [[] as string[]],
    owner: [''],
    overdue: [false],
  });

  constructor() {
    void this.divisions.load();
    // The URL drives the form (a shared link, back and forward)...
    effect(() => {
      const { q, division, status, kind, owner, overdue } = this.query();
      this.filters.setValue({ q, division, status, kind, owner, overdue }, { emitEvent: false });
    });
    // ...and the form drives the URL, back to the first page.
    this.filters.valueChanges.pipe(debounceTime(300), takeUntilDestroyed(inject(DestroyRef))).subscribe(() => {
      const value = this.filters.getRawValue() as Partial<SolutionsQuery>;
      this.navigate({ ...value, page: 1 });
    });
  }

  protected readonly trackRow = (_: number, row: SolutionSummary) => `${row.id}:${row.version}`;

  protected sortBy(sort: Sort): void {
    this.navigate({ sort: sort.direction ? `${sort.direction === 'desc' ? '-' : ''}${sort.active}` : '', page: 1 });
  }

  protected pageTo(event: PageEvent): void {
    this.navigate({ page: event.pageIndex + 1, size: event.pageSize });
  }

  protected clear(): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: {} });
  }

  protected open(row: SolutionSummary): void {
    void this.router.navigate(['/solutions', row.id]);
  }

  protected kindLabel(row: SolutionSummary): string {
    return SOLUTION_KIND_LABELS[row.kind] ?? row.kind;
  }

  protected statusLabel(row: SolutionSummary): string {
    return SOLUTION_STATUS_LABELS[row.status] ?? row.status;
  }

  protected resultLabel(row: SolutionSummary): string {
    return row.testResult ? TEST_RESULT_LABELS[row.testResult] : '';
  }

  private navigate(change: Partial<SolutionsQuery>): void {
    const queryParams = paramsFromQuery({ ...this.query(), ...change });
    void this.router.navigate([], { relativeTo: this.route, queryParams });
  }
}
