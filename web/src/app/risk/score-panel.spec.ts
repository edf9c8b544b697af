import { TestBed } from '@angular/core/testing';
import type { Score } from '../api/api';
import { ScorePanel } from './score-panel';

const level = (likelihood: number, impact: number, name: string) => ({ likelihood, impact, score: likelihood * impact, level: name });

// The fields the panel shows (the scoring API's ScoreOut has more).
const SCORE = {
  riskId: 'r1',
  divisionId: 'd1',
  category: 'product_safety',
  scoreVersion: 2,
  model: { modelId: 'default-5x5', version: 1 },
  inherent: level(4, 5, 'critical'),
  currentResidual: level(3, 5, 'high'),
  targetResidual: level(2, 3, 'medium'),
  fmea: { severity: 8, occurrence: 4, detection: 6, rpn: 192, actionPriority: 'high' },
  appetite: { status: 'breach', appetite: 8, tolerance: 12, divisionId: 'd1' },
  nextReviewDue: '2026-12-27',
  reviewOverdue: false,
  cause: { eventId: 'e1', detailType: 'RiskAssessed' },
  scoredAt: '2026-11-27T08:00:00Z',
  inputs: {
    assessmentId: 'a1', riskVersion: 2, likelihood: 4, impact: { safety: 5 }, assessedAt: '2026-11-27T08:00:00Z',
    kriUplift: 0, kris: [], solutions: [],
  },
  explanation: ['Likelihood 4 as assessed on 2026-11-27.', 'Inherent 4 x 5 = 20 (critical).'],
  history: [],
} as unknown as Score;

describe('the score panel', () => {
  it('shows the three scores with their levels, appetite, FMEA and every explanation line', async () => {
    const fixture = TestBed.createComponent(ScorePanel);
    fixture.componentRef.setInput('score', SCORE);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const row = (id: string) =>
      [...(element.querySelector(`[data-testid="${id}"]`)?.children ?? [])].map((cell) => cell.textContent?.trim()).join(' | ');
    expect(row('score-inherent')).toBe('Inherent | 4 × 5 | 20 | critical');
    expect(row('score-current')).toBe('Current residual | 3 × 5 | 15 | high');
    expect(row('score-target')).toBe('Target residual | 2 × 3 | 6 | medium');
    expect(element.querySelector('[data-testid="appetite"]')?.textContent).toContain('breach');
    expect(element.querySelector('.level-chip.level-critical')).not.toBeNull();
    expect(element.textContent).toContain('RPN 192');
    const lines = [...element.querySelectorAll('[data-testid="score-explanation"] li')].map((li) => li.textContent);
    expect(lines).toEqual(SCORE.explanation);
  });

  it('names the model levels an appetite was set as', async () => {
    const fixture = TestBed.createComponent(ScorePanel);
    const byLevel = {
      ...SCORE,
      appetite: { status: 'watch', appetite: 9, tolerance: 16, divisionId: 'd1', appetiteLevel: 'medium', toleranceLevel: 'high' },
    } as unknown as Score;
    fixture.componentRef.setInput('score', byLevel);
    await fixture.whenStable();
    const text = (fixture.nativeElement as HTMLElement).querySelector('[data-testid="appetite-thresholds"]')?.textContent;
    expect(text?.replace(/\s+/g, ' ').trim()).toBe('appetite 9 (medium), tolerance 16 (high)');
  });

  it('says when a risk has no score yet', async () => {
    const fixture = TestBed.createComponent(ScorePanel);
    fixture.componentRef.setInput('score', null);
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).textContent).toContain('Not scored yet');
  });
});
