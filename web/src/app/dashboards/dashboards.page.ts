import { ChangeDetectionStrategy, Component, computed, inject, resource, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { DatePipe } from '@angular/common';
import { distinctUntilChanged, map } from 'rxjs';
import { NgxEchartsDirective, provideEchartsCore } from 'ngx-echarts';
import { MatButtonModule } from '@angular/material/button';
import { provideNativeDateAdapter } from '@angular/material/core';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatDividerModule } from '@angular/material/divider';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { Api, Basis, Breach, ExportLink, Kri, ModelHeatmaps, ReportRisk } from '../api/api';
import { Problem, networkProblem, problemOf } from '../api/problem';
import { DivisionsService } from '../shared/divisions.service';
import { fromIsoDate, isoDate } from '../shared/dates';
import { exportFileName, openLink, saveBlob } from '../shared/download';
import { FORM_FIELD_DEFAULTS } from '../shared/form-field';
import { CATEGORY_LABELS, SOLUTION_STATUSES, SOLUTION_STATUS_LABELS } from '../shared/labels';
import { LEVELS } from '../graph/graph-elements';
import {
  BASES, BASIS_LABELS, Band, DASHBOARD_TABS, DashboardQuery, DashboardTab, MOVEMENTS, MOVEMENT_LABELS, TAB_LABELS,
  TREND_RANGES, TrendRange, bandsByModel, breachTrendOptions, cellQueryParams, clickedCell, dashboardQueryParams,
  defaultBands, heatmapOptions, heatmapRows, levelTrendOptions, mitigationOptions, movementOptions, parseDashboardQuery,
  percent, rollupOptions, sameQuery, trendHasRisks, trendQuery, trendRows, FILE_FORMATS, FileFormat, TAB_REPORTS,
  TabReport, formatLabel,
} from './dashboard-charts';
import { LevelChip } from '../shared/level-chip';

/** Dashboards on the reporting API: the inherent, current and target heat maps (a click
 * on a cell opens the register filtered to it), the executive summary, the division
 * rollups, the mitigation progress, the trends, and the risks in breach with the red and
 * amber indicators, for the division picked and as of the day picked (or now); an export
 * menu on every tab, in each file format the API offers. The division, the tab, the
 * trends' range and the as-of day are in the URL. ECharts is loaded with this page only. */
@Component({
  selector: 'app-dashboards',
  imports: [
    LevelChip, RouterLink, DatePipe, NgxEchartsDirective, MatButtonModule, MatDatepickerModule, MatFormFieldModule, MatIconModule,
    MatInputModule, MatMenuModule, MatDividerModule, MatProgressBarModule, MatSelectModule, MatTableModule,
  ],
  providers: [
    FORM_FIELD_DEFAULTS, provideNativeDateAdapter(), provideEchartsCore({ echarts: () => import('../shared/echarts') }),
  ],
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
  protected readonly percent = percent;
  protected readonly trendRanges = TREND_RANGES;
  protected readonly fileFormats = FILE_FORMATS;
  protected readonly formatLabel = formatLabel;
  protected readonly tabReports = TAB_REPORTS;
  protected readonly movements = MOVEMENTS;
  protected readonly movementLabels = MOVEMENT_LABELS;
  protected readonly breachColumns = ['title', 'division', 'current', 'overTolerance', 'appetiteStatus', 'breachSince'];
  protected readonly kriColumns = ['name', 'status', 'latestValue', 'thresholds', 'latestObservedAt'];
  protected readonly topColumns = ['title', 'division', 'category', 'inherent', 'current', 'appetite', 'nextReviewDue'];

  protected readonly query = toSignal(
    this.route.queryParamMap.pipe(map(parseDashboardQuery), distinctUntilChanged(sameQuery)),
    { initialValue: parseDashboardQuery(this.route.snapshot.queryParamMap) },
  );
  private readonly divisionId = computed(() => this.query().division);
  /** The day the figures stand at (YYYY-MM-DD); empty: now. */
  protected readonly asOf = computed(() => this.query().asOf);
  /** The as-of day for the date picker; the last day it offers is today (UTC, as the API counts). */
  protected readonly asOfDate = computed(() => fromIsoDate(this.asOf()));
  protected readonly today = fromIsoDate(new Date().toISOString().slice(0, 10));

  protected readonly heatmaps = resource({
    params: () => ({ division: this.divisionId(), asOf: this.asOf() }),
    loader: async ({ params, abortSignal }) => {
      const { data, error, response } = await this.api.reporting.GET('/reports/heatmaps', {
        params: { query: { ...(params.division ? { divisionId: params.division } : {}), ...asOfQuery(params.asOf) } },
        signal: abortSignal,
      });
      if (!data || !('models' in data)) throw problemOf(response, error);
      return data;
    },
  });

  protected readonly summary = resource({
    params: () => ({ division: this.divisionId(), asOf: this.asOf() }),
    loader: async ({ params, abortSignal }) => {
      const { data, error, response } = await this.api.reporting.GET('/reports/summary', {
        params: { query: { top: 10, ...(params.division ? { divisionId: params.division } : {}), ...asOfQuery(params.asOf) } },
        signal: abortSignal,
      });
      if (!data || !('totals' in data)) throw problemOf(response, error);
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

  /** The trends, asked for only while their tab is open (a year of days is not free). */
  protected readonly trends = resource({
    params: () => {
      const { tab, division, range, asOf } = this.query();
      return tab === 'trends' ? { division, ...trendQuery(range, asOf, new Date()) } : undefined;
    },
    loader: async ({ params: { division, ...range }, abortSignal }) => {
      const { data, error, response } = await this.api.reporting.GET('/reports/trends', {
        params: { query: { ...range, ...(division ? { divisionId: division } : {}) } },
        signal: abortSignal,
      });
      if (!data || !('days' in data)) throw problemOf(response, error);
      return data;
    },
  });

  protected readonly trendView = computed(() => {
    if (!this.trends.hasValue()) return null;
    const trends = this.trends.value();
    const rows = trendRows(trends);
    return {
      trends,
      rows,
      empty: !trendHasRisks(trends),
      levels: levelTrendOptions(rows),
      breaches: breachTrendOptions(rows),
      movements: movementOptions(trends),
      byLevel: LEVELS.map((level) => ({
        level,
        movement: trends.movementsByLevel.find((m) => m.level === level) ?? { worsened: 0, improved: 0, unchanged: 0, new: 0 },
      })),
    };
  });

  /** The open risks above their tolerance, and the red and amber indicators, asked for
   * only while their tab is open. */
  protected readonly breaches = resource({
    params: () => (this.query().tab === 'breaches' ? { division: this.divisionId(), asOf: this.asOf() } : undefined),
    loader: async ({ params, abortSignal }) => {
      const { data, error, response } = await this.api.reporting.GET('/reports/breaches', {
        params: {
          query: { limit: BREACH_LIMIT, ...(params.division ? { divisionId: params.division } : {}), ...asOfQuery(params.asOf) },
        },
        signal: abortSignal,
      });
      if (!data || !('items' in data)) throw problemOf(response, error);
      return data;
    },
  });

  protected readonly kris = resource({
    params: () => (this.query().tab === 'breaches' ? { division: this.divisionId(), asOf: this.asOf() } : undefined),
    loader: async ({ params, abortSignal }) => {
      const { data, error, response } = await this.api.reporting.GET('/reports/kris', {
        params: {
          query: {
            status: 'red,amber', limit: KRI_LIMIT, ...(params.division ? { divisionId: params.division } : {}),
            ...asOfQuery(params.asOf),
          },
        },
        signal: abortSignal,
      });
      if (!data || !('items' in data)) throw problemOf(response, error);
      return data;
    },
  });

  protected readonly watchProblem = computed(() => {
    const error = this.breaches.error() ?? this.kris.error();
    return error ? (problemMessage(error) ?? 'The breaches and indicators could not be loaded.') : '';
  });

  protected readonly trendsProblem = computed(() => {
    const error = this.trends.error();
    return error ? (problemMessage(error) ?? 'The trends could not be loaded.') : '';
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
    const error = this.heatmaps.error() ?? this.summary.error();
    return error ? (problemMessage(error) ?? 'The dashboards could not be loaded.') : '';
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

  /** The figures as they stood at the end of a day; today (or none) is now. */
  protected setAsOf(date: Date | null): void {
    const day = date && !Number.isNaN(date.getTime()) ? isoDate(date) : '';
    const today = new Date().toISOString().slice(0, 10);
    this.navigate({ ...this.query(), asOf: day && day < today ? day : '' });
  }

  protected setRange(range: TrendRange): void {
    this.navigate({ ...this.query(), range });
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

  /** The tab's report, or every risk in view, as a file in a format the API offers:
   * fetched with the caller's token and saved (a file too large for an answer comes as a
   * short-lived link of its own, which the browser downloads). */
  protected async exportFile(what: 'view' | 'risks' | 'kris', format: FileFormat): Promise<void> {
    this.exporting.set(true);
    this.exportProblem.set(null);
    const { division, asOf, tab, range } = this.query();
    const report = what === 'view' ? TAB_REPORTS[tab].report : what;
    try {
      const { data, error, response } = await this.fetchExport(report, format);
      if (data && response.status === 201) {
        openLink((JSON.parse(await data.text()) as ExportLink).url);
      } else if (data) {
        const blob = data.type ? data : new Blob([data], { type: response.headers.get('Content-Type') ?? '' });
        const day = asOf ? new Date(`${asOf}T00:00:00Z`) : new Date();
        const code = division ? this.divisions.byId().get(division)?.code : '';
        saveBlob(blob, exportFileName(report === 'trends' ? `trends-${range}d` : report, code, day, format));
      } else {
        this.exportProblem.set(problemOf(response, error));
      }
    } catch (error) {
      this.exportProblem.set(networkProblem(error));
    } finally {
      this.exporting.set(false);
    }
  }

  private fetchExport(report: TabReport | 'risks' | 'kris', format: FileFormat) {
    const { division, asOf, range } = this.query();
    const scope = division ? { divisionId: division } : {};
    const reporting = this.api.reporting;
    switch (report) {
      case 'risks':
        return reporting.GET('/reports/risks', { params: { query: { format, ...scope, ...asOfQuery(asOf) } }, parseAs: 'blob' });
      case 'heatmaps':
        return reporting.GET('/reports/heatmaps', { params: { query: { format, ...scope, ...asOfQuery(asOf) } }, parseAs: 'blob' });
      case 'summary':
        return reporting.GET('/reports/summary', {
          params: { query: { format, top: 10, ...scope, ...asOfQuery(asOf) } }, parseAs: 'blob',
        });
      case 'breaches':
        return reporting.GET('/reports/breaches', { params: { query: { format, ...scope, ...asOfQuery(asOf) } }, parseAs: 'blob' });
      case 'kris':
        return reporting.GET('/reports/kris', { params: { query: { format, ...scope, ...asOfQuery(asOf) } }, parseAs: 'blob' });
      case 'trends':
        return reporting.GET('/reports/trends', {
          params: { query: { format, ...scope, ...trendQuery(range, asOf, new Date()) } }, parseAs: 'blob',
        });
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
  protected readonly trackBreach = (_: number, breach: Breach) => breach.riskId;
  protected readonly trackKri = (_: number, kri: Kri) => kri.kriId;

  private navigate(query: DashboardQuery): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: dashboardQueryParams(query) });
  }
}

/** The message of the problem a loader threw (a resource wraps what is not an Error). */
function problemMessage(error: Error): string | undefined {
  const problem = (error.cause ?? error) as Partial<Problem>;
  return typeof problem.message === 'string' && problem.message ? problem.message : undefined;
}

/** How many breaches the tab lists (the largest excess first; the export holds them all),
 * and how many indicators (red first). */
const BREACH_LIMIT = 25;
const KRI_LIMIT = 100;

/** The `asOf` of the reports that take it (none: now). */
function asOfQuery(asOf: string): { asOf?: string } {
  return asOf ? { asOf } : {};
}
