import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, resource, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { DatePipe } from '@angular/common';
import { debounceTime, distinctUntilChanged, map } from 'rxjs';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatChipsModule } from '@angular/material/chips';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSortModule, Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { Api, ExportLink } from '../api/api';
import { Problem, networkProblem, problemOf } from '../api/problem';
import { AuthService } from '../auth/auth.service';
import { DivisionsService } from '../shared/divisions.service';
import { exportFileName, openLink, saveBlob } from '../shared/download';
import { ScoreCache } from '../shared/score-cache';
import { CATEGORIES, CATEGORY_LABELS, STATUSES, STATUS_LABELS } from '../shared/labels';
import {
  CellFilter, PAGE_SIZES, RegisterQuery, RegisterRow, apiQuery, cellFromParams, cellLabel, cellParams, paramsFromQuery,
  queryFromParams, reportExportQuery, reportQuery, rowFromReport, rowFromSummary,
} from './register-query';

import { FORM_FIELD_DEFAULTS } from '../shared/form-field';
import { LevelChip } from '../shared/level-chip';

@Component({
  selector: 'app-register',
  imports: [
    LevelChip, ReactiveFormsModule, RouterLink, DatePipe, MatButtonModule, MatCheckboxModule, MatChipsModule, MatFormFieldModule,
    MatIconModule, MatInputModule, MatPaginatorModule, MatProgressBarModule, MatSelectModule, MatSortModule, MatTableModule,
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
  /** In a heat map's cell, each risk's place in it instead of when it changed (reporting
   * does not keep that). */
  protected readonly columns = computed(() => [
    'title', 'division', 'category', 'status', 'ownerEmail', 'reviewDue', 'score', this.cell() ? 'cell' : 'updatedAt',
  ]);
  protected readonly canCapture = computed(() => this.auth.can('write-risks'));

  /** The view, from the URL. */
  protected readonly query = toSignal(
    this.route.queryParamMap.pipe(
      map(queryFromParams),
      distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
    ),
    { initialValue: queryFromParams(this.route.snapshot.queryParamMap) },
  );
  /** A heat map's cell, from the dashboards: the page lists the risks in it instead. */
  protected readonly cell = toSignal(
    this.route.queryParamMap.pipe(
      map(cellFromParams),
      distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
    ),
    { initialValue: cellFromParams(this.route.snapshot.queryParamMap) },
  );
  protected readonly cellLabel = cellLabel;
  protected readonly sortActive = computed(() => this.query().sort.replace(/^-/, ''));
  protected readonly sortDirection = computed(() => (!this.query().sort ? '' : this.query().sort.startsWith('-') ? 'desc' : 'asc'));

  protected readonly page = resource({
    params: () => ({ query: this.query(), cell: this.cell() }),
    loader: async ({ params: { query, cell }, abortSignal }) => {
      if (cell) return this.cellPage(query, cell, abortSignal);
      const { data, error, response } = await this.api.intake.GET('/risks', {
        params: { query: apiQuery(query) },
        signal: abortSignal,
      });
      if (!data) throw problemOf(response, error);
      return { items: data.items.map(rowFromSummary), total: data.total };
    },
  });
  protected readonly rows = computed<RegisterRow[]>(() => (this.page.hasValue() ? this.page.value().items : []));
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
    planned: [false],
  });

  constructor() {
    void this.divisions.load();
    // The URL drives the form (a shared link, back and forward)...
    effect(() => {
      const { q, division, status, category, owner, tag, planned } = this.query();
      this.filters.setValue({ q, division, status, category, owner, tag, planned }, { emitEvent: false });
    });
    // ...and the form drives the URL, back to the first page.
    this.filters.valueChanges.pipe(debounceTime(300), takeUntilDestroyed(inject(DestroyRef))).subscribe(() => {
      const value = this.filters.getRawValue() as Partial<RegisterQuery>;
      this.navigate({ ...value, page: 1 });
    });
    // Only the division narrows a heat map's cell: the other filters wait until it is removed.
    effect(() => {
      const inCell = !!this.cell();
      for (const [name, control] of Object.entries(this.filters.controls)) {
        if (name === 'division') continue;
        if (inCell) control.disable({ emitEvent: false });
        else control.enable({ emitEvent: false });
      }
    });
    // The level chips of the rows in view.
    effect(() => {
      const ids = this.rows().map((row) => row.id);
      if (ids.length) void this.scores.fetch(ids);
    });
  }

  /** Rows keep their elements while the same version of a risk is in view. */
  protected readonly trackRow = (_: number, row: RegisterRow) => `${row.id}:${row.version}`;

  protected sortBy(sort: Sort): void {
    this.navigate({ sort: sort.direction ? `${sort.direction === 'desc' ? '-' : ''}${sort.active}` : '', page: 1 });
  }

  protected pageTo(event: PageEvent): void {
    this.navigate({ page: event.pageIndex + 1, size: event.pageSize });
  }

  protected clear(): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: {} });
  }

  protected readonly exporting = signal(false);
  protected readonly exportProblem = signal<Problem | null>(null);

  /** Every risk of the cell in view as a CSV file, fetched with the caller's token. */
  protected async exportCell(): Promise<void> {
    const cell = this.cell();
    if (!cell) return;
    this.exporting.set(true);
    this.exportProblem.set(null);
    const query = this.query();
    try {
      const { data, error, response } = await this.api.reporting.GET('/reports/risks', {
        params: { query: reportExportQuery(query, cell) },
        parseAs: 'blob',
      });
      if (data && response.status === 201) {
        openLink((JSON.parse(await data.text()) as ExportLink).url); // too large to answer inline (ADR 64)
      } else if (data) {
        const code = query.division ? this.divisions.byId().get(query.division)?.code : '';
        const name = exportFileName(`risks-${cell.basis}-L${cell.likelihood}-I${cell.impact}`, code, new Date());
        saveBlob(data.type ? data : new Blob([data], { type: response.headers.get('Content-Type') ?? 'text/csv' }), name);
      } else {
        this.exportProblem.set(problemOf(response, error));
      }
    } catch (error) {
      this.exportProblem.set(networkProblem(error));
    } finally {
      this.exporting.set(false);
    }
  }

  /** Back to the whole register (the other filters as they were). */
  protected removeCell(): void {
    const queryParams = { ...cellParams(null), page: null };
    void this.router.navigate([], { relativeTo: this.route, queryParams, queryParamsHandling: 'merge' });
  }

  protected open(row: RegisterRow): void {
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
    const queryParams = { ...paramsFromQuery({ ...this.query(), ...change }), ...cellParams(this.cell()) };
    void this.router.navigate([], { relativeTo: this.route, queryParams });
  }

  /** The risks in a heat map's cell, a page at a time, from the reporting API; their
   * current score comes with them. */
  private async cellPage(query: RegisterQuery, cell: CellFilter, signal: AbortSignal) {
    const { data, error, response } = await this.api.reporting.GET('/reports/risks', {
      params: { query: reportQuery(query, cell) },
      signal,
    });
    // Without a file format the answer is the JSON page (the document declares a file's link too).
    if (!data || !('items' in data)) throw problemOf(response, error);
    for (const risk of data.items) {
      const current = risk.currentResidual;
      if (current) this.scores.put(risk.riskId, { level: current.level, score: current.score });
    }
    return { items: data.items.map((risk) => rowFromReport(risk, cell.basis)), total: data.total };
  }
}
