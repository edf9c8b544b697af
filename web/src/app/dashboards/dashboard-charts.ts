import type { ParamMap, Params } from '@angular/router';
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, HeatmapSeriesOption, LineSeriesOption, TreemapSeriesOption } from 'echarts/charts';
import type {
  AriaComponentOption, GridComponentOption, LegendComponentOption, TooltipComponentOption, VisualMapComponentOption,
} from 'echarts/components';
import type {
  Basis, DivisionRollup, ExportFormat, HeatmapCell, Mitigation, ModelHeatmaps, ScoringModel, Trends,
} from '../api/api';
import { enums } from '../api/generated/reporting.constraints';
import { LEVELS, LEVEL_COLOURS, type Level } from '../graph/graph-elements';
import { SOLUTION_STATUSES, SOLUTION_STATUS_LABELS } from '../shared/labels';

/** The options of the charts drawn here (only the parts of ECharts the page loads). */
export type ChartOptions = ComposeOption<
  | HeatmapSeriesOption | TreemapSeriesOption | BarSeriesOption | LineSeriesOption
  | GridComponentOption | TooltipComponentOption | VisualMapComponentOption | AriaComponentOption | LegendComponentOption
>;

// --- The view in the URL -----------------------------------------------------------------

export const DASHBOARD_TABS = ['heatmaps', 'summary', 'divisions', 'mitigation', 'trends', 'breaches'] as const;
export type DashboardTab = (typeof DASHBOARD_TABS)[number];
export const TAB_LABELS: Readonly<Record<DashboardTab, string>> = {
  heatmaps: 'Heat maps',
  summary: 'Executive summary',
  divisions: 'Divisions',
  mitigation: 'Mitigation',
  trends: 'Trends',
  breaches: 'Breaches and KRIs',
};

/** The trends' ranges, in days (the last one the day in view). */
export const TREND_RANGES = [30, 90, 365] as const;
export type TrendRange = (typeof TREND_RANGES)[number];
export const DEFAULT_RANGE: TrendRange = 30;

export interface DashboardQuery {
  division: string;
  tab: DashboardTab;
  /** The trends' length in days. */
  range: TrendRange;
  /** The day the figures stand at (YYYY-MM-DD); empty: now. */
  asOf: string;
}

export function parseDashboardQuery(params: ParamMap): DashboardQuery {
  const tab = params.get('tab') ?? '';
  const range = Number(params.get('range'));
  return {
    division: params.get('division') ?? '',
    tab: (DASHBOARD_TABS as readonly string[]).includes(tab) ? (tab as DashboardTab) : 'heatmaps',
    range: (TREND_RANGES as readonly number[]).includes(range) ? (range as TrendRange) : DEFAULT_RANGE,
    asOf: validDay(params.get('asOf')) ?? '',
  };
}

/** The query parameters of a view: defaults left out. */
export function dashboardQueryParams(query: DashboardQuery): Params {
  return {
    division: query.division || null,
    tab: query.tab === 'heatmaps' ? null : query.tab,
    range: query.range === DEFAULT_RANGE ? null : query.range,
    asOf: query.asOf || null,
  };
}

export function sameQuery(a: DashboardQuery, b: DashboardQuery): boolean {
  return a.division === b.division && a.tab === b.tab && a.range === b.range && a.asOf === b.asOf;
}

/** A real calendar day written YYYY-MM-DD, else null. */
export function validDay(value: string | null | undefined): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
  if (!match) return null;
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return day.toISOString().slice(0, 10) === value ? value : null;
}

/** The day `days` before a YYYY-MM-DD day (the calendar's, no time zone in it). */
export function daysBefore(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d - days)).toISOString().slice(0, 10);
}

/** The trends' query: `range` days ending on the as-of day, or today (UTC, as the API
 * counts days). */
export function trendQuery(range: TrendRange, asOf: string, now: Date): { from: string; to?: string } {
  const to = asOf || now.toISOString().slice(0, 10);
  return { from: daysBefore(to, range - 1), ...(asOf ? { to: asOf } : {}) };
}

// --- Heat maps ---------------------------------------------------------------------------

export const BASES = enums.Basis as readonly Basis[];
export const BASIS_LABELS: Readonly<Record<Basis, string>> = {
  inherent: 'Inherent',
  current: 'Current residual',
  target: 'Target residual',
};

/** The plot area inside each heat map's element, in pixels (fixed, so a cell's place on
 * the canvas follows from the element's size alone). */
export const HEATMAP_GRID = { left: 56, right: 12, top: 12, bottom: 48 } as const;

export interface Band {
  level: Level;
  min: number;
  max: number;
}

/** The default model's bands (1-4, 5-9, 10-16, 17-25 on a 5x5 matrix), stretched to an
 * N x N one: used for risks whose model is not known. */
export function defaultBands(size: number): Band[] {
  const top = size * size;
  const cut = (share: number) => Math.round(share * top);
  const low = cut(4 / 25);
  const medium = Math.max(low + 1, cut(9 / 25));
  const high = Math.max(medium + 1, cut(16 / 25));
  return [
    { level: 'low', min: 1, max: low },
    { level: 'medium', min: low + 1, max: medium },
    { level: 'high', min: medium + 1, max: high },
    { level: 'critical', min: high + 1, max: top },
  ];
}

/** Each scoring model's bands, from its published version. */
export function bandsByModel(models: readonly ScoringModel[]): Map<string, Band[]> {
  const out = new Map<string, Band[]>();
  for (const model of models) {
    const published = model.versions.find((v) => v.version === model.publishedVersion);
    if (published) out.set(model.modelId, published.definition.bands.map(({ level, min, max }) => ({ level, min, max })));
  }
  return out;
}

/** A cell's level: its score (likelihood x impact) in the bands. */
export function cellLevel(likelihood: number, impact: number, bands: readonly Band[]): Level {
  const score = likelihood * impact;
  return bands.find((b) => score >= b.min && score <= b.max)?.level ?? (score > (bands.at(-1)?.max ?? 0) ? 'critical' : 'low');
}

export interface GridCell {
  likelihood: number;
  impact: number;
  count: number;
  level: Level;
}

/** Every cell of a heat map, the highest likelihood first (as it is drawn), empty ones
 * included. */
export function heatmapRows(map: ModelHeatmaps, basis: Basis, bands: readonly Band[]): GridCell[][] {
  const counts = new Map(map[basis].map((c) => [`${c.likelihood}:${c.impact}`, c.count]));
  const scale = map.scale.length ? map.scale : Array.from({ length: map.size }, (_, i) => i + 1);
  return [...scale].reverse().map((likelihood) =>
    scale.map((impact) => ({
      likelihood, impact, count: counts.get(`${likelihood}:${impact}`) ?? 0, level: cellLevel(likelihood, impact, bands),
    })),
  );
}

/** One heat map as ECharts options: impact across, likelihood up, each cell in its
 * level's colour with its number of risks. */
export function heatmapOptions(map: ModelHeatmaps, basis: Basis, bands: readonly Band[]): ChartOptions {
  const scale = map.scale.length ? map.scale : Array.from({ length: map.size }, (_, i) => i + 1);
  const axis = scale.map(String);
  const cells = heatmapRows(map, basis, bands).flat();
  const total = map[basis].reduce((sum, c) => sum + c.count, 0);
  return {
    aria: {
      enabled: true,
      label: { description: `${BASIS_LABELS[basis]} heat map, ${scale.length} by ${scale.length}: ${total} risks.` },
    },
    animation: false,
    grid: { ...HEATMAP_GRID, outerBoundsMode: 'none' },
    tooltip: {
      formatter: (params) => {
        const [i, l, count] = (params as unknown as { value: number[] }).value;
        return `Likelihood ${scale[l]} × impact ${scale[i]}: ${count} risk${count === 1 ? '' : 's'}`;
      },
    },
    xAxis: { type: 'category', data: axis, name: 'Impact', nameLocation: 'middle', nameGap: 28, splitArea: { show: false } },
    yAxis: { type: 'category', data: axis, name: 'Likelihood', nameLocation: 'middle', nameGap: 32, splitArea: { show: false } },
    // The fourth value picks the colour: the level's, faded where the cell holds no risk.
    visualMap: {
      type: 'piecewise',
      show: false,
      dimension: 3,
      seriesIndex: 0,
      pieces: [
        ...LEVELS.map((level, index) => ({ value: index, label: level, color: LEVEL_COLOURS[level].fill })),
        ...LEVELS.map((level, index) => ({
          value: index + LEVELS.length, label: `${level}, empty`, color: LEVEL_COLOURS[level].fill, opacity: 0.4,
        })),
      ],
    },
    series: [
      {
        type: 'heatmap',
        name: BASIS_LABELS[basis],
        cursor: 'pointer',
        itemStyle: { borderColor: '#ffffff', borderWidth: 2 },
        emphasis: { itemStyle: { borderColor: '#1b1b1f', borderWidth: 2 } },
        data: cells.map((cell) => ({
          value: [
            scale.indexOf(cell.impact), scale.indexOf(cell.likelihood), cell.count,
            LEVELS.indexOf(cell.level) + (cell.count ? 0 : LEVELS.length),
          ],
          label: { show: cell.count > 0, color: LEVEL_COLOURS[cell.level].text, fontWeight: 'bold' },
        })),
      },
    ],
  };
}

/** The cell an ECharts click landed on (null: not a heat-map cell, or an empty one). */
export function clickedCell(map: ModelHeatmaps, event: { seriesType?: string; value?: unknown }): HeatmapCell | null {
  if (event.seriesType !== 'heatmap' || !Array.isArray(event.value)) return null;
  const [i, l, count] = event.value as number[];
  const scale = map.scale.length ? map.scale : Array.from({ length: map.size }, (_, k) => k + 1);
  const impact = scale[i];
  const likelihood = scale[l];
  if (!impact || !likelihood || !count) return null;
  return { likelihood, impact, count };
}

/** The register's query for the risks in a cell (and the division in view). */
export function cellQueryParams(basis: Basis, cell: { likelihood: number; impact: number }, division: string): Params {
  return { basis, likelihood: cell.likelihood, impact: cell.impact, ...(division ? { division } : {}) };
}

// --- Division rollups --------------------------------------------------------------------

export interface RollupNode {
  id: string;
  name: string;
  value: number;
  highOrCritical: number;
  breaches: number;
  overdue: number;
  children: RollupNode[];
}

/** The rollup (the tree depth first) as nested nodes sized by their subtree's open risks,
 * a parent's own risks as one more child; divisions without any are left out (a treemap
 * cannot draw nothing). */
export function rollupTree(divisions: readonly DivisionRollup[]): RollupNode[] {
  const nodes = new Map<string, RollupNode>();
  const roots: RollupNode[] = [];
  const own = new Map<string, DivisionRollup['own']>();
  for (const division of divisions) {
    if (division.subtree.risks <= 0) continue;
    const node: RollupNode = {
      id: division.divisionId,
      name: division.name ?? division.code ?? division.divisionId,
      value: division.subtree.risks,
      highOrCritical: division.subtree.highOrCritical,
      breaches: division.subtree.breaches,
      overdue: division.subtree.overdueReviews,
      children: [],
    };
    nodes.set(node.id, node);
    const parent = division.parentId ? nodes.get(division.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
    own.set(node.id, division.own);
  }
  // A parent's own risks take their share of its area beside its children's.
  for (const node of nodes.values()) {
    const tally = own.get(node.id);
    if (node.children.length && tally && tally.risks > 0) {
      node.children.push({
        id: `${node.id}:own`, name: `${node.name} itself`, value: tally.risks, highOrCritical: tally.highOrCritical,
        breaches: tally.breaches, overdue: tally.overdueReviews, children: [],
      });
    }
  }
  return roots;
}

/** Dark enough for white labels (4.5:1 or more). */
const ROLLUP_COLOURS = ['#00629e', '#6b4fa0', '#006a60', '#8c4a00', '#a3245e', '#3f5f00', '#4a5b70'];

export function rollupOptions(divisions: readonly DivisionRollup[]): ChartOptions {
  const roots = rollupTree(divisions);
  return {
    aria: { enabled: true, label: { description: `Open risks by division: ${roots.map((r) => `${r.name} ${r.value}`).join(', ')}.` } },
    tooltip: {
      formatter: (params) => {
        const node = (params as unknown as { data: RollupNode }).data;
        return `${node.name}: ${node.value} open risks, ${node.highOrCritical} high or critical, ` +
          `${node.breaches} in breach, ${node.overdue} reviews overdue`;
      },
    },
    series: [
      {
        type: 'treemap',
        name: 'Open risks',
        roam: false,
        top: 8,
        left: 8,
        right: 8,
        bottom: 36,
        nodeClick: 'zoomToNode',
        leafDepth: 2,
        breadcrumb: { show: true, bottom: 4 },
        upperLabel: { show: true, height: 22, color: '#ffffff', formatter: (p) => `${p.name} · ${p.value}` },
        label: { show: true, formatter: (p) => `${p.name} · ${p.value}` },
        levels: [
          { color: ROLLUP_COLOURS, itemStyle: { borderColor: '#37474f', borderWidth: 2, gapWidth: 2 } },
          { color: ROLLUP_COLOURS, itemStyle: { borderColor: '#37474f', borderWidth: 2, gapWidth: 1 } },
          { colorSaturation: [0.35, 0.6], itemStyle: { borderColorSaturation: 0.6, gapWidth: 1, borderWidth: 1 } },
        ],
        data: roots,
      },
    ],
  };
}

// --- Mitigation ---------------------------------------------------------------------------

export function mitigationOptions(mitigation: Mitigation): ChartOptions {
  const counts = SOLUTION_STATUSES.map((status) => mitigation.solutions[status] ?? 0);
  const described = SOLUTION_STATUSES.map((s, i) => `${SOLUTION_STATUS_LABELS[s]} ${counts[i]}`).join(', ');
  return {
    aria: { enabled: true, label: { description: `Solutions by status: ${described}.` } },
    grid: { left: 48, right: 16, top: 16, bottom: 32 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: SOLUTION_STATUSES.map((s) => SOLUTION_STATUS_LABELS[s]) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', name: 'Solutions', data: counts, itemStyle: { color: '#0061a4' }, label: { show: true, position: 'top' } }],
  };
}

/** "42 %" of a share from 0 to 1; a dash when there is nothing to share. */
export function percent(share: number | null | undefined): string {
  return share === null || share === undefined ? '—' : `${Math.round(share * 100)} %`;
}

// --- Trends -------------------------------------------------------------------------------

/** The line colours of the levels (their border colours: the fills are too pale for a line). */
const LINE_COLOURS: Readonly<Record<Level | 'unscored', string>> = {
  low: LEVEL_COLOURS.low.border,
  medium: LEVEL_COLOURS.medium.border,
  high: LEVEL_COLOURS.high.border,
  critical: LEVEL_COLOURS.critical.border,
  unscored: LEVEL_COLOURS.none.border,
};

export interface TrendRow {
  day: string;
  low: number;
  medium: number;
  high: number;
  critical: number;
  unscored: number;
  risks: number;
  breaches: number;
  overdueReviews: number;
}

/** Each day of the trend, the first first: its open risks by current residual level, its
 * breaches and overdue reviews. */
export function trendRows(trends: Trends): TrendRow[] {
  return trends.days.map(({ day, total }) => ({
    day, ...total.byLevel, risks: total.risks, breaches: total.breaches, overdueReviews: total.overdueReviews,
  }));
}

/** Whether the trend has anything to draw (some open risk on some day, or a movement). */
export function trendHasRisks(trends: Trends): boolean {
  const m = trends.movements;
  return trends.days.some((d) => d.total.risks > 0) || m.worsened + m.improved + m.unchanged + m.new > 0;
}

const dayAxis = (rows: readonly TrendRow[]) => ({ type: 'category' as const, boundaryGap: false, data: rows.map((r) => r.day) });

/** The open risks by current residual level, day by day, as stacked areas. */
export function levelTrendOptions(rows: readonly TrendRow[]): ChartOptions {
  const last = rows.at(-1);
  const keys = [...LEVELS, 'unscored'] as const;
  const label = (key: (typeof keys)[number]) => (key === 'unscored' ? 'not scored' : key);
  return {
    aria: {
      enabled: true,
      label: {
        description: `Open risks by level from ${rows[0]?.day ?? '—'} to ${last?.day ?? '—'}` +
          (last ? `; on the last day ${keys.map((k) => `${label(k)} ${last[k]}`).join(', ')}.` : '.'),
      },
    },
    animation: false,
    grid: { left: 48, right: 16, top: 40, bottom: 32 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: dayAxis(rows),
    yAxis: { type: 'value', minInterval: 1 },
    series: keys.map((key) => ({
      type: 'line' as const,
      name: label(key),
      stack: 'risks',
      showSymbol: false,
      areaStyle: { opacity: 0.5 },
      color: LINE_COLOURS[key],
      data: rows.map((r) => r[key]),
    })),
  };
}

/** Appetite breaches and overdue reviews, day by day, as lines. */
export function breachTrendOptions(rows: readonly TrendRow[]): ChartOptions {
  const last = rows.at(-1);
  return {
    aria: {
      enabled: true,
      label: {
        description: `Appetite breaches and overdue reviews from ${rows[0]?.day ?? '—'} to ${last?.day ?? '—'}` +
          (last ? `; on the last day ${last.breaches} breaches and ${last.overdueReviews} reviews overdue.` : '.'),
      },
    },
    animation: false,
    grid: { left: 48, right: 16, top: 40, bottom: 32 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: dayAxis(rows),
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { type: 'line', name: 'Appetite breaches', showSymbol: false, color: '#b3261e', data: rows.map((r) => r.breaches) },
      { type: 'line', name: 'Reviews overdue', showSymbol: false, color: '#00629e', data: rows.map((r) => r.overdueReviews) },
    ],
  };
}

export const MOVEMENTS = ['worsened', 'improved', 'new', 'unchanged'] as const;
export const MOVEMENT_LABELS: Readonly<Record<(typeof MOVEMENTS)[number], string>> = {
  worsened: 'Worsened', improved: 'Improved', new: 'New', unchanged: 'Unchanged',
};
const MOVEMENT_COLOURS = { worsened: '#b3261e', improved: '#2e7d32', new: '#00629e' } as const;

/** The score movements over the range, by current residual level at its end: worsened,
 * improved and new risks as bars (unchanged ones are in the table). */
export function movementOptions(trends: Trends): ChartOptions {
  const byLevel = LEVELS.map((level) => trends.movementsByLevel.find((m) => m.level === level));
  const bars = ['worsened', 'improved', 'new'] as const;
  const m = trends.movements;
  return {
    aria: {
      enabled: true,
      label: {
        description: `Score movements from ${trends.fromDay} to ${trends.toDay}: ${m.worsened} worsened, ` +
          `${m.improved} improved, ${m.new} new, ${m.unchanged} unchanged.`,
      },
    },
    animation: false,
    grid: { left: 48, right: 16, top: 40, bottom: 32 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: [...LEVELS] },
    yAxis: { type: 'value', minInterval: 1 },
    series: bars.map((key) => ({
      type: 'bar' as const,
      name: MOVEMENT_LABELS[key],
      color: MOVEMENT_COLOURS[key],
      data: byLevel.map((movement) => movement?.[key] ?? 0),
    })),
  };
}

// --- Exports ------------------------------------------------------------------------------

/** The file formats the reports are exported in: the API's, but JSON (what the page reads). */
export type FileFormat = Exclude<ExportFormat, 'json'>;
export const FILE_FORMATS = (enums.ExportFormat as readonly ExportFormat[]).filter((f): f is FileFormat => f !== 'json');
const FORMAT_LABELS: Readonly<Record<string, string>> = { csv: 'CSV', xlsx: 'Excel (XLSX)', pdf: 'PDF' };
export const formatLabel = (format: string): string => FORMAT_LABELS[format] ?? format.toUpperCase();

/** The report each tab shows, exported with it (the rollup and the mitigation are parts
 * of the summary; the breaches are the register's risks in breach), and how the menu
 * names it. */
export type TabReport = 'heatmaps' | 'summary' | 'trends' | 'breaches';
export const TAB_REPORTS: Readonly<Record<DashboardTab, { report: TabReport; label: string }>> = {
  heatmaps: { report: 'heatmaps', label: 'The heat maps' },
  summary: { report: 'summary', label: 'The summary' },
  divisions: { report: 'summary', label: 'The summary, with the divisions' },
  mitigation: { report: 'summary', label: 'The summary, with the mitigation' },
  trends: { report: 'trends', label: 'The trends' },
  breaches: { report: 'breaches', label: 'The risks above tolerance' },
};
