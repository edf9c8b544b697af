import { convertToParamMap } from '@angular/router';
import type { DivisionRollup, ModelHeatmaps, ScoringModel, Trends } from '../api/api';
import {
  bandsByModel, breachTrendOptions, cellLevel, cellQueryParams, clickedCell, dashboardQueryParams, defaultBands, heatmapOptions,
  heatmapRows, levelTrendOptions, mitigationOptions, movementOptions, parseDashboardQuery, percent, rollupTree, trendHasRisks,
  trendQuery, trendRows, validDay, FILE_FORMATS, TAB_REPORTS, DASHBOARD_TABS, formatLabel,
} from './dashboard-charts';
import { exportFileName } from '../shared/download';

const MAP: ModelHeatmaps = {
  modelId: 'default-5x5',
  size: 5,
  scale: [1, 2, 3, 4, 5],
  inherent: [{ likelihood: 5, impact: 5, count: 2 }],
  current: [
    { likelihood: 3, impact: 4, count: 7 },
    { likelihood: 1, impact: 2, count: 1 },
  ],
  target: [],
  total: 8,
};

const FIVE = defaultBands(5);

interface Item {
  value: number[];
  label: { show: boolean; color: string };
}

describe('the dashboards view in the URL', () => {
  it('reads the division, the tab, the range and the as-of day, and leaves defaults out of links', () => {
    expect(parseDashboardQuery(convertToParamMap({ division: 'd1', tab: 'trends', range: '90', asOf: '2026-10-01' }))).toEqual({
      division: 'd1', tab: 'trends', range: 90, asOf: '2026-10-01',
    });
    expect(parseDashboardQuery(convertToParamMap({ tab: 'bogus', range: '7', asOf: '2026-02-30' }))).toEqual({
      division: '', tab: 'heatmaps', range: 30, asOf: '',
    });
    expect(dashboardQueryParams({ division: '', tab: 'heatmaps', range: 30, asOf: '' })).toEqual({
      division: null, tab: null, range: null, asOf: null,
    });
    expect(dashboardQueryParams({ division: 'd1', tab: 'mitigation', range: 365, asOf: '2026-01-31' })).toEqual({
      division: 'd1', tab: 'mitigation', range: 365, asOf: '2026-01-31',
    });
  });

  it('takes only real days as as-of days', () => {
    expect(validDay('2024-02-29')).toBe('2024-02-29');
    expect(validDay('2026-02-29')).toBeNull();
    expect(validDay('2026-1-01')).toBeNull();
    expect(validDay(null)).toBeNull();
  });

  it('ends the trend on the as-of day, or today (UTC), and spans the range', () => {
    const now = new Date('2026-03-10T23:30:00Z');
    expect(trendQuery(30, '', now)).toEqual({ from: '2026-02-09' });
    expect(trendQuery(90, '2026-01-01', now)).toEqual({ from: '2025-10-04', to: '2026-01-01' });
    expect(trendQuery(365, '2024-12-31', now)).toEqual({ from: '2024-01-02', to: '2024-12-31' });
  });
});

describe('heat-map levels', () => {
  it('stretches the default bands to the matrix (exactly the default on 5x5)', () => {
    expect(FIVE).toEqual([
      { level: 'low', min: 1, max: 4 },
      { level: 'medium', min: 5, max: 9 },
      { level: 'high', min: 10, max: 16 },
      { level: 'critical', min: 17, max: 25 },
    ]);
    const three = defaultBands(3);
    expect(three.at(-1)).toEqual({ level: 'critical', min: 7, max: 9 });
    expect(three.map((b) => b.min)).toEqual([1, 2, 4, 7]);
  });

  it('colours a cell by its score in the bands', () => {
    expect(cellLevel(1, 4, FIVE)).toBe('low');
    expect(cellLevel(3, 3, FIVE)).toBe('medium');
    expect(cellLevel(3, 4, FIVE)).toBe('high');
    expect(cellLevel(5, 4, FIVE)).toBe('critical');
  });

  it("takes each model's bands from its published version", () => {
    const bands = [{ level: 'low' as const, min: 1, max: 3 }, { level: 'high' as const, min: 4, max: 9 }];
    const model = {
      modelId: 'm3', publishedVersion: 2,
      versions: [
        { version: 1, definition: { bands: [] } },
        { version: 2, definition: { bands } },
      ],
    } as unknown as ScoringModel;
    expect(bandsByModel([model]).get('m3')).toEqual(bands);
  });
});

describe('a heat map as ECharts options', () => {
  it('draws every cell of the model, likelihood up and impact across, with its count and level', () => {
    const options = heatmapOptions(MAP, 'current', FIVE);
    expect((options.xAxis as { data: string[] }).data).toEqual(['1', '2', '3', '4', '5']);
    expect((options.yAxis as { data: string[] }).data).toEqual(['1', '2', '3', '4', '5']);
    const data = (options.series as { data: Item[] }[])[0].data;
    expect(data).toHaveLength(25);
    // [impact index, likelihood index, count, level index (+4 when empty)]
    const cell = data.find((d) => d.value[0] === 3 && d.value[1] === 2)!;
    expect(cell.value).toEqual([3, 2, 7, 2]);
    expect(cell.label.show).toBe(true);
    const empty = data.find((d) => d.value[0] === 4 && d.value[1] === 4)!;
    expect(empty.value).toEqual([4, 4, 0, 3 + 4]); // faded: nothing in it
    expect(empty.label.show).toBe(false);
    expect((options.visualMap as { dimension: number; pieces: { value: number }[] }).dimension).toBe(3);
  });

  it('sizes the axes by the scale (a 6x6 model)', () => {
    const six: ModelHeatmaps = { ...MAP, size: 6, scale: [1, 2, 3, 4, 5, 6], current: [{ likelihood: 6, impact: 6, count: 1 }] };
    const options = heatmapOptions(six, 'current', defaultBands(6));
    expect((options.xAxis as { data: string[] }).data).toHaveLength(6);
    expect((options.series as { data: Item[] }[])[0].data).toHaveLength(36);
  });

  it('lists the rows for the table, the highest likelihood first', () => {
    const rows = heatmapRows(MAP, 'current', FIVE);
    expect(rows.map((r) => r[0].likelihood)).toEqual([5, 4, 3, 2, 1]);
    expect(rows[2][3]).toEqual({ likelihood: 3, impact: 4, count: 7, level: 'high' });
  });
});

describe('a click on a heat map', () => {
  it("opens the register on the clicked cell's risks, in the division in view", () => {
    const cell = clickedCell(MAP, { seriesType: 'heatmap', value: [3, 2, 7, 2] });
    expect(cell).toEqual({ likelihood: 3, impact: 4, count: 7 });
    expect(cellQueryParams('current', cell!, 'd1')).toEqual({ basis: 'current', likelihood: 3, impact: 4, division: 'd1' });
    expect(cellQueryParams('inherent', { likelihood: 5, impact: 5 }, '')).toEqual({ basis: 'inherent', likelihood: 5, impact: 5 });
  });

  it('ignores an empty cell and anything that is not a cell', () => {
    expect(clickedCell(MAP, { seriesType: 'heatmap', value: [4, 4, 0, 7] })).toBeNull();
    expect(clickedCell(MAP, { seriesType: 'bar', value: 3 })).toBeNull();
  });
});

describe('the division rollup', () => {
  const tally = (risks: number) => ({
    risks, byLevel: { low: 0, medium: 0, high: 0, critical: 0, unscored: risks }, highOrCritical: 1, breaches: 0,
    overdueReviews: 0, accepted: 0, controlled: 0,
  });
  const division = (id: string, parentId: string | null, depth: number, own: number, subtree: number): DivisionRollup => ({
    divisionId: id, parentId, code: id.toUpperCase(), name: `Division ${id}`, retired: false, depth, own: tally(own), subtree: tally(subtree),
  });

  it("nests the depth-first list and sizes each by its subtree (a parent's own risks beside its children), leaving out empty ones", () => {
    const tree = rollupTree([
      division('a', null, 0, 1, 6),
      division('a1', 'a', 1, 5, 5),
      division('a2', 'a', 1, 0, 0),
      division('b', null, 0, 2, 2),
    ]);
    expect(tree.map((n) => [n.name, n.value, n.children.map((c) => c.name)])).toEqual([
      ['Division a', 6, ['Division a1', 'Division a itself']],
      ['Division b', 2, []],
    ]);
    expect(tree[0].children.map((c) => c.value)).toEqual([5, 1]);
  });
});

describe('mitigation and exports', () => {
  it('charts the solutions by every status, in the workflow order', () => {
    const options = mitigationOptions({
      solutions: { active: 4, planned: 2 }, overdueTests: 1, overduePlans: 0, highOrCritical: 5, controlled: 2, controlledShare: 0.4,
    });
    expect((options.xAxis as { data: string[] }).data).toEqual(['Planned', 'In progress', 'Active', 'Degraded', 'Retired']);
    expect((options.series as { data: number[] }[])[0].data).toEqual([2, 0, 4, 0, 0]);
    expect(percent(0.4)).toBe('40 %');
    expect(percent(null)).toBe('—');
  });

  it("offers the API's file formats (never JSON), each by a name, and an export for every tab", () => {
    expect(FILE_FORMATS).toContain('csv');
    expect(FILE_FORMATS).not.toContain('json');
    expect(formatLabel('xlsx')).toBe('Excel (XLSX)');
    expect(formatLabel('ods')).toBe('ODS');
    expect(DASHBOARD_TABS.map((tab) => TAB_REPORTS[tab].report)).toEqual(['heatmaps', 'summary', 'summary', 'summary', 'trends', 'breaches']);
  });

  it('names the file after the report, the division and the day', () => {
    const day = new Date('2026-11-27T10:00:00Z');
    expect(exportFileName('risks', 'LOCAL', day)).toBe('risks-LOCAL-2026-11-27.csv');
    expect(exportFileName('risks', null, day)).toBe('risks-2026-11-27.csv');
    expect(exportFileName('risks', 'a/b c', day)).toBe('risks-a-b-c-2026-11-27.csv');
  });
});

describe('the trends', () => {
  const tally = (risks: number, breaches: number, overdueReviews: number) => ({
    risks, byLevel: { low: 1, medium: 1, high: risks - 3, critical: 1, unscored: 0 }, highOrCritical: risks - 2, breaches,
    overdueReviews, accepted: 0, controlled: 0,
  });
  const movement = (level: 'high' | 'critical' | null, worsened: number, improved: number) => ({
    level, worsened, improved, unchanged: 1, new: 2,
  });
  const TRENDS: Trends = {
    divisionId: null, fromDay: '2026-11-25', toDay: '2026-11-27',
    days: [
      { day: '2026-11-25', total: tally(5, 1, 0), categories: [] },
      { day: '2026-11-26', total: tally(6, 2, 1), categories: [] },
      { day: '2026-11-27', total: tally(8, 2, 3), categories: [] },
    ],
    movements: movement(null, 3, 1),
    movementsByLevel: [movement('high', 2, 1), movement('critical', 1, 0)],
  };

  it('lists each day with its open risks by level, its breaches and overdue reviews', () => {
    expect(trendRows(TRENDS).at(-1)).toEqual({
      day: '2026-11-27', low: 1, medium: 1, high: 5, critical: 1, unscored: 0, risks: 8, breaches: 2, overdueReviews: 3,
    });
    expect(trendHasRisks(TRENDS)).toBe(true);
    const none = { ...TRENDS, days: TRENDS.days.map((d) => ({ ...d, total: { ...d.total, risks: 0 } })), movements: movement(null, 0, 0) };
    expect(trendHasRisks({ ...none, movements: { ...none.movements, unchanged: 0, new: 0 } })).toBe(false);
  });

  it('stacks the levels day by day, and draws breaches and overdue reviews as lines', () => {
    const rows = trendRows(TRENDS);
    const levels = levelTrendOptions(rows);
    expect((levels.xAxis as { data: string[] }).data).toEqual(['2026-11-25', '2026-11-26', '2026-11-27']);
    const series = levels.series as { name: string; stack: string; data: number[] }[];
    expect(series.map((s) => s.name)).toEqual(['low', 'medium', 'high', 'critical', 'not scored']);
    expect(series.every((s) => s.stack === 'risks')).toBe(true);
    expect(series[2].data).toEqual([2, 3, 5]);
    expect((levels.aria as { label: { description: string } }).label.description).toContain('high 5');
    const lines = (breachTrendOptions(rows).series as { name: string; data: number[] }[]).map((s) => [s.name, s.data]);
    expect(lines).toEqual([['Appetite breaches', [1, 2, 2]], ['Reviews overdue', [0, 1, 3]]]);
  });

  it('draws the score movements by level at the end as bars (a level without any as zeros)', () => {
    const options = movementOptions(TRENDS);
    expect((options.xAxis as { data: string[] }).data).toEqual(['low', 'medium', 'high', 'critical']);
    const bars = (options.series as { type: string; name: string; data: number[] }[]).map((s) => [s.type, s.name, s.data]);
    expect(bars).toEqual([
      ['bar', 'Worsened', [0, 0, 2, 1]],
      ['bar', 'Improved', [0, 0, 1, 0]],
      ['bar', 'New', [0, 0, 2, 2]],
    ]);
  });
});
