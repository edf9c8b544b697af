import type { EChartsCoreOption } from 'echarts/core';
import type { Score } from '../api/api';

type History = Score['history'];

/** A risk's scores over time as a line chart: inherent, current and target residual,
 * oldest first (the API lists them newest first), one point a score version. */
export function historyChart(history: History): EChartsCoreOption {
  const oldestFirst = [...history].reverse();
  const series = (name: string, pick: (entry: History[number]) => number) => ({
    name,
    type: 'line',
    step: 'end',
    symbolSize: 6,
    data: oldestFirst.map((entry) => [entry.scoredAt, pick(entry)]),
  });
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 36, right: 12, top: 32, bottom: 28 },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', minInterval: 1, min: 0, name: 'score' },
    series: [
      series('Inherent', (e) => e.inherent.score),
      series('Current residual', (e) => e.currentResidual.score),
      series('Target residual', (e) => e.targetResidual.score),
    ],
  };
}

/** What the chart shows, in words, for those who cannot see it. */
export function historySummary(history: History): string {
  const oldestFirst = [...history].reverse();
  const first = oldestFirst[0];
  const last = oldestFirst[oldestFirst.length - 1];
  if (!first || !last) return 'No scores yet.';
  return `${history.length} scores: current residual from ${first.currentResidual.score} to ${last.currentResidual.score}.`;
}
