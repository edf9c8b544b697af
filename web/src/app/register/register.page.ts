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
import { Api, RiskSummary } from '../api/api';
import { problemOf } from '../api/problem';
import { AuthService } from '../auth/auth.service';
import { DivisionsService } from '../shared/divisions.service';
import { ScoreCache } from '../shared/score-cache';
import { CATEGORIES, CATEGORY_LABELS, STATUSES, STATUS_LABELS, levelClass } from '../shared/labels';
import { PAGE_SIZES, RegisterQuery, apiQuery, paramsFromQuery, queryFromParams } from './register-query';

import { FORM_FIELD_DEFAULTS } from '../shared/form-field';

@Component({
  selector: 'app-register',
  imports: [
    ReactiveFormsModule, RouterLink, DatePipe, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatIconModule,
    MatInputModule, MatPaginatorModule, MatProgressBarModule, MatSelectModule, MatSortModule, MatTableModule,
  ],
  providers: [FORM_FIELD_DEFAULTS],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './register.page.html',
  styleUrl: './register.page.scss',
})
export class RegisterPage {
  private readonly api = inject(Api);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly auth = inject(AuthService);
  protected readonly divisions = inject(DivisionsService);
  protected readonly scores = inject(ScoreCache);

  protected readonly categories = CATEGORIES;
  protected readonly statuses = STATUSES;
  protected readonly categoryLabels = CATEGORY_LABELS;
  protected readonly statusLabels = STATUS_LABELS;
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly levelClass = levelClass;
  protected readonly columns = ['title', 'division', 'category', 'status', 'ownerEmail', 'reviewDue', 'score', 'updatedAt'];
  protected readonly canCapture = computed(() => this.auth.can('write-risks'));

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
      const { data, error, response } = await this.api.intake.GET('/risks', {
        params: { query: apiQuery(params) },
        signal: abortSignal,
      });
      if (!data) throw problemOf(response, error);
      return data;
    },
  });
  protected readonly rows = computed<RiskSummary[]>(() => (this.page.hasValue() ? this.page.value().items : []));
  protected readonly total = computed(() => (this.page.hasValue() ? this.page.value().total : 0));
  protected readonly problem = computed(() => {
    const error = this.page.error() as { message?: string } | undefined;
    return error ? (error.message ?? 'The register could not be loaded.') : '';
  });

  protected readonly filters = inject(NonNullableFormBuilder).group({
    q: [''],
    division: [''],
    status: [[] as string[]],
    category: [[] as string[]],
    owner: [''],
    tag: [''],
    overdue: [false],
  });

  constructor() {
    void this.divisions.load();
    // The URL drives the form (a shared link, back and forward)...
    effect(() => {
      const { q, division, status, category, owner, tag, overdue } = this.query();
      this.filters.setValue({ q, division, status, category, owner, tag, overdue }, { emitEvent: false });
    });
    // ...and the form drives the URL, back to the first page.
    this.filters.valueChanges.pipe(debounceTime(300), takeUntilDestroyed(inject(DestroyRef))).subscribe(() => {
      const value = this.filters.getRawValue() as Partial<RegisterQuery>;
      this.navigate({ ...value, page: 1 });
    });
    // The level chips of the rows in view.
    effect(() => {
      const ids = this.rows().map((row) => row.id);
      if (ids.length) void this.scores.fetch(ids);
    });
  }

  /** Rows keep their elements while the same version of a risk is in view. */
  protected readonly trackRow = (_: number, row: RiskSummary) => `${row.id}:${row.version}`;

  protected sortBy(sort: Sort): void {
    this.navigate({ sort: sort.direction ? `${sort.direction === 'desc' ? '-' : ''}${sort.active}` : '', page: 1 });
  }

  protected pageTo(event: PageEvent): void {
    this.navigate({ page: event.pageIndex + 1, size: event.pageSize });
  }

  protected clear(): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: {} });
  }

  protected open(row: RiskSummary): void {
    void this.router.navigate(['/risks', row.id]);
  }

  protected categoryLabel(category: string): string {
    return CATEGORY_LABELS[category as keyof typeof CATEGORY_LABELS] ?? category;
  }

  protected statusLabel(status: string): string {
    return STATUS_LABELS[status as keyof typeof STATUS_LABELS] ?? status;
  }

  protected level(id: string) {
    return this.scores.levels().get(id);
  }

  private navigate(change: Partial<RegisterQuery>): void {
    const queryParams = paramsFromQuery({ ...this.query(), ...change });
    void this.router.navigate([], { relativeTo: this.route, queryParams });
  }
}
