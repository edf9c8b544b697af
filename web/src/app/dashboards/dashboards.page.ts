import { ChangeDetectionStrategy, Component, computed, inject, resource, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { DatePipe } from '@angular/common';
import { distinctUntilChanged, map } from 'rxjs';
import { NgxEchartsDirective, provideEchartsCore } from 'ngx-echarts';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { Api, Basis, ModelHeatmaps, ReportRisk } from '../api/api';
import { Problem, networkProblem, problemOf } from '../api/problem';
import { DivisionsService } from '../shared/divisions.service';
import { exportFileName, saveBlob } from '../shared/download';
import { FORM_FIELD_DEFAULTS } from '../shared/form-field';
import { CATEGORY_LABELS, SOLUTION_STATUSES, SOLUTION_STATUS_LABELS, levelClass } from '../shared/labels';
import { LEVELS } from '../graph/graph-elements';
import {
  BASES, BASIS_LABELS, Band, DASHBOARD_TABS, DashboardQuery, DashboardTab, TAB_LABELS, bandsByModel, cellQueryParams,
  clickedCell, dashboardQueryParams, defaultBands, heatmapOptions, heatmapRows, mitigationOptions, parseDashboardQuery,
  percent, rollupOptions,
} from './dashboard-charts';

/** Dashboards on the reporting API: the inherent, current and target heat maps (a click
 * on a cell opens the register filtered to it), the executive summary, the division
 * rollups and the mitigation progress, for the division picked; an export of the risks
 * as CSV. The division and the tab are in the URL. ECharts is loaded with this page only. */
@Component({
  selector: 'app-dashboards',
  imports: [
    RouterLink, DatePipe, NgxEchartsDirective, MatButtonModule, MatFormFieldModule, MatIconModule, MatProgressBarModule,
    MatSelectModule, MatTableModule,
  ],
  providers: [FORM_FIELD_DEFAULTS, provideEchartsCore({ echarts: () => import('../shared/echarts') })],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './dashboards.page.html',
  styleUrl: './dashboards.page.scss',
})
export class DashboardsPage {
  private readonly api = inject(Api);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  protected readonly divisions = inject(DivisionsService);

  protected readonly tabs = DASHBOARD_TABS;
  protected readonly tabLabels = TAB_LABELS;
  protected readonly basisLabels = BASIS_LABELS;
  protected readonly levels = LEVELS;
  protected readonly solutionStatuses = SOLUTION_STATUSES;
  protected readonly solutionStatusLabels = SOLUTION_STATUS_LABELS;
  protected readonly levelClass = levelClass;
  protected readonly percent = percent;
  protected readonly topColumns = ['title', 'division', 'category', 'inherent', 'current', 'appetite', 'nextReviewDue'];

  protected readonly query = toSignal(
    this.route.queryParamMap.pipe(
      map(parseDashboardQuery),
      distinctUntilChanged((a, b) => a.division === b.division && a.tab === b.tab),
    ),
    { initialValue: parseDashboardQuery(this.route.snapshot.queryParamMap) },
  );
  private readonly divisionId = computed(() => this.query().division);

  protected readonly heatmaps = resource({
    params: () => ({ division: this.divisionId() }),
    loader: async ({ params, abortSignal }) => {
      const { data, error, response } = await this.api.reporting.GET('/reports/heatmaps', {
        params: { query: params.division ? { divisionId: params.division } : {} },
        signal: abortSignal,
      });
      if (!data) throw problemOf(response, error);
      return data;
    },
  });

  protected readonly summary = resource({
    params: () => ({ division: this.divisionId() }),
    loader: async ({ params, abortSignal }) => {
      const { data, error, response } = await this.api.reporting.GET('/reports/summary', {
        params: { query: { top: 10, ...(params.division ? { divisionId: params.division } : {}) } },
        signal: abortSignal,
      });
      if (!data) throw problemOf(response, error);
      return data;
    },
  });

  /** The scoring models' bands, to colour each cell by its level (the default model's,
   * stretched to the matrix, when a model cannot be read). */
  private readonly models = resource({
    loader: async () => {
      const { data } = await this.api.scoring.GET('/models').catch(() => ({ data: undefined }));
      return bandsByModel(data ?? []);
    },
  });

  protected readonly maps = computed(() => {
    if (!this.heatmaps.hasValue()) return [];
    const bands = this.models.hasValue() ? this.models.value() : new Map<string, Band[]>();
    return this.heatmaps.value().models.map((model) => {
      const modelBands = (model.modelId && bands.get(model.modelId)) || defaultBands(model.size);
      return {
        model,
        title: model.modelId ? `Model ${model.modelId}` : `${model.size} × ${model.size} matrix`,
        charts: BASES.map((basis) => ({
          basis,
          total: model[basis].reduce((sum, c) => sum + c.count, 0),
          options: heatmapOptions(model, basis, modelBands),
          rows: heatmapRows(model, basis, modelBands),
        })),
      };
    });
  });

  protected readonly rollupOptions = computed(() => (this.summary.hasValue() ? rollupOptions(this.summary.value().divisions) : null));
  protected readonly mitigationOptions = computed(() =>
    this.summary.hasValue() ? mitigationOptions(this.summary.value().mitigation) : null,
  );
  protected readonly divisionNames = computed(() => {
    const names = new Map<string, string>();
    if (this.summary.hasValue()) for (const d of this.summary.value().divisions) names.set(d.divisionId, d.name ?? d.code ?? '');
    return names;
  });

  protected readonly problem = computed(() => {
    const error = (this.heatmaps.error() ?? this.summary.error()) as Partial<Problem> | undefined;
    return error ? (error.message ?? 'The dashboards could not be loaded.') : '';
  });

  protected readonly exporting = signal(false);
  protected readonly exportProblem = signal<Problem | null>(null);

  /** ECharts, fetched once when the page opens: a chart is drawn only once it is here, so
   * none is left starting up after its tab was closed. */
  protected readonly chartsReady = signal(false);

  constructor() {
    void this.divisions.load();
    void import('../shared/echarts').then(() => this.chartsReady.set(true));
  }

  protected setDivision(division: string): void {
    this.navigate({ ...this.query(), division });
  }

  protected tabParams(tab: DashboardTab) {
    return dashboardQueryParams({ ...this.query(), tab });
  }

  /** A click on a heat map's cell: the register, filtered to the risks in it. */
  protected openCell(model: ModelHeatmaps, basis: Basis, event: { seriesType?: string; value?: unknown }): void {
    const cell = clickedCell(model, event);
    if (cell) void this.router.navigate(['/risks'], { queryParams: cellQueryParams(basis, cell, this.query().division) });
  }

  protected cellLink(basis: Basis, cell: { likelihood: number; impact: number }) {
    return cellQueryParams(basis, cell, this.query().division);
  }

  /** Every risk in view as a CSV file, fetched with the caller's token and saved. */
  protected async exportCsv(): Promise<void> {
    this.exporting.set(true);
    this.exportProblem.set(null);
    const division = this.query().division;
    try {
      const { data, error, response } = await this.api.reporting.GET('/reports/risks', {
        params: { query: { format: 'csv', ...(division ? { divisionId: division } : {}) } },
        parseAs: 'blob',
      });
      if (data) {
        const blob = data.type ? data : new Blob([data], { type: response.headers.get('Content-Type') ?? 'text/csv' });
        saveBlob(blob, exportFileName('risks', division ? this.divisions.byId().get(division)?.code : '', new Date()));
      } else {
        this.exportProblem.set(problemOf(response, error));
      }
    } catch (error) {
      this.exportProblem.set(networkProblem(error));
    } finally {
      this.exporting.set(false);
    }
  }

  protected divisionName(id: string): string {
    return this.divisionNames().get(id) || this.divisions.name(id);
  }

  protected categoryLabel(category: string | null): string {
    return (category && CATEGORY_LABELS[category as keyof typeof CATEGORY_LABELS]) || category || '—';
  }

  protected cellName(cell: { likelihood: number; impact: number; count: number }): string {
    return `Likelihood ${cell.likelihood}, impact ${cell.impact}: ${cell.count} risk${cell.count === 1 ? '' : 's'}`;
  }

  protected readonly trackRisk = (_: number, risk: ReportRisk) => risk.riskId;

  private navigate(query: DashboardQuery): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: dashboardQueryParams(query) });
  }
}
