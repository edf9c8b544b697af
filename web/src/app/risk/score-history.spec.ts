import type { Score } from '../api/api';
import { historyChart, historySummary } from './score-history';

const cell = (score: number) => ({ likelihood: 1, impact: score, score, level: 'low' });
const entry = (version: number, scoredAt: string, inherent: number, current: number, target: number) => ({
  scoreVersion: version, scoredAt, inherent: cell(inherent), currentResidual: cell(current), targetResidual: cell(target),
});
const HISTORY = [
  entry(3, '2026-11-20T09:00:00Z', 20, 8, 6),
  entry(2, '2026-11-10T09:00:00Z', 20, 15, 6),
  entry(1, '2026-11-01T09:00:00Z', 16, 16, 8),
] as unknown as Score['history'];

describe("a risk's score history", () => {
  it('draws the three scores oldest first, one point a version', () => {
    const options = historyChart(HISTORY) as { series: { name: string; data: [string, number][] }[] };
    expect(options.series.map((s) => s.name)).toEqual(['Inherent', 'Current residual', 'Target residual']);
    expect(options.series[1].data).toEqual([
      ['2026-11-01T09:00:00Z', 16], ['2026-11-10T09:00:00Z', 15], ['2026-11-20T09:00:00Z', 8],
    ]);
  });

  it('says in words where the current residual went', () => {
    expect(historySummary(HISTORY)).toBe('3 scores: current residual from 16 to 8.');
    expect(historySummary([] as unknown as Score['history'])).toBe('No scores yet.');
  });
});
