import type { ParamMap, Params } from '@angular/router';
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, HeatmapSeriesOption, TreemapSeriesOption } from 'echarts/charts';
import type {
  AriaComponentOption, GridComponentOption, TooltipComponentOption, VisualMapComponentOption,
} from 'echarts/components';
import type { Basis, DivisionRollup, HeatmapCell, Mitigation, ModelHeatmaps, ScoringModel } from '../api/api';
import { enums } from '../api/generated/reporting.constraints';
import { LEVELS, LEVEL_COLOURS, type Level } from '../graph/graph-elements';
import { SOLUTION_STATUSES, SOLUTION_STATUS_LABELS } from '../shared/labels';

/** The options of the charts drawn here (only the parts of ECharts the page loads). */
export type ChartOptions = ComposeOption<
  | HeatmapSeriesOption | TreemapSeriesOption | BarSeriesOption
  | GridComponentOption | TooltipComponentOption | VisualMapComponentOption | AriaComponentOption
>;

// --- The view in the URL -----------------------------------------------------------------

export const DASHBOARD_TABS = ['heatmaps', 'summary', 'divisions', 'mitigation'] as const;
export type DashboardTab = (typeof DASHBOARD_TABS)[number];
export const TAB_LABELS: Readonly<Record<DashboardTab, string>> = {
  heatmaps: 'Heat maps',
  summary: 'Executive summary',
  divisions: 'Divisions',
  mitigation: 'Mitigation',
};

export interface DashboardQuery {
  division: string;
  tab: DashboardTab;
}

export function parseDashboardQuery(params: ParamMap): DashboardQuery {
  const tab = params.get('tab') ?? '';
  return {
    division: params.get('division') ?? '',
    tab: (DASHBOARD_TABS as readonly string[]).includes(tab) ? (tab as DashboardTab) : 'heatmaps',
  };
}

/** The query parameters of a view: defaults left out. */
export function dashboardQueryParams(query: DashboardQuery): Params {
  return { division: query.division || null, tab: query.tab === 'heatmaps' ? null : query.tab };
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
