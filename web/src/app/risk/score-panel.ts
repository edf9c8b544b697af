import { ChangeDetectionStrategy, Component, effect, input, signal } from '@angular/core';
import { DatePipe } from '@angular/common';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { NgxEchartsDirective, provideEchartsCore } from 'ngx-echarts';
import type { Score } from '../api/api';
import { historyChart, historySummary } from './score-history';
import { LevelChip } from '../shared/level-chip';

/** A risk's score from the scoring API: inherent, current and target residual, appetite,
 * FMEA action priority, and the explanation of every step. */
@Component({
  selector: 'app-score-panel',
  imports: [DatePipe, LevelChip, MatCardModule, MatProgressBarModule, NgxEchartsDirective],
  providers: [provideEchartsCore({ echarts: () => import('../shared/echarts') })],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined" class="score" aria-labelledby="score-heading" role="region" data-testid="score-panel">
      <mat-card-header><mat-card-title><h2 id="score-heading">Score</h2></mat-card-title></mat-card-header>
      <mat-card-content>
        <div aria-live="polite">
          @if (scoring()) {
            <p class="muted">Scoring the new assessment…</p>
            <mat-progress-bar mode="indeterminate" aria-label="Scoring" />
          }
        </div>
        @let s = score();
        @if (s === undefined) {
          <p class="muted">Loading…</p>
        } @else if (s === null) {
          <p class="muted" data-testid="not-scored">Not scored yet: assess the risk to score it.</p>
        } @else {
          <table class="levels">
            <caption class="visually-hidden">Scores</caption>
            <thead>
              <tr><th scope="col">Score</th><th scope="col">Likelihood × impact</th><th scope="col">Value</th><th scope="col">Level</th></tr>
            </thead>
            <tbody>
              @for (row of rows(s); track row.name) {
                <tr [attr.data-testid]="row.id">
                  <th scope="row">{{ row.name }}</th>
                  <td>{{ row.value.likelihood }} × {{ row.value.impact }}</td>
                  <td>{{ row.value.score }}</td>
                  <td><app-level-chip [value]="row.value.level" /></td>
                </tr>
              }
            </tbody>
          </table>
          <dl>
            <dt>Appetite</dt>
            <dd data-testid="appetite">
              @if (s.appetite; as appetite) {
                <app-level-chip kind="appetite" [value]="appetite.status" />
                <span class="muted" data-testid="appetite-thresholds">
                  appetite {{ appetite.appetite }}@if (appetite.appetiteLevel) { ({{ appetite.appetiteLevel }})},
                  tolerance {{ appetite.tolerance }}@if (appetite.toleranceLevel) { ({{ appetite.toleranceLevel }})}
                </span>
              } @else {
                No appetite set for this division and category
              }
            </dd>
            @if (s.fmea; as fmea) {
              <dt>FMEA</dt>
              <dd>S {{ fmea.severity }} × O {{ fmea.occurrence }} × D {{ fmea.detection }} = RPN {{ fmea.rpn }};
                action priority <strong>{{ fmea.actionPriority }}</strong></dd>
            }
            <dt>Model</dt><dd>{{ s.model.modelId }} v{{ s.model.version }}</dd>
            <dt>Scored</dt><dd>{{ s.scoredAt | date: 'medium' }} ({{ s.cause.detailType }})</dd>
            <dt>Next review</dt>
            <dd>{{ s.nextReviewDue | date: 'mediumDate' }}@if (s.reviewOverdue) { <strong> — overdue</strong>}</dd>
          </dl>
          <h3>Why</h3>
          <ol class="explanation" data-testid="score-explanation">
            @for (line of s.explanation; track $index) {
              <li>{{ line }}</li>
            }
          </ol>
          @if (s.history.length > 1) {
            <h3>History</h3>
            @if (chartsReady()) {
              <div echarts class="history-chart" data-testid="score-history-chart" role="img"
                [attr.aria-label]="historySummary(s.history)" [options]="historyChart(s.history)"></div>
            }
            <ul class="history">
              @for (entry of s.history; track entry.scoreVersion) {
                <li>{{ entry.scoredAt | date: 'short' }}: current {{ entry.currentResidual.score }} ({{ entry.currentResidual.level }}),
                  inherent {{ entry.inherent.score }} — {{ entry.cause.detailType }}</li>
              }
            </ul>
          }
        }
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    h2 { font: var(--mat-sys-title-large); margin: 0; }
    h3 { font: var(--mat-sys-title-small); margin: 16px 0 4px; }
    .muted { color: var(--mat-sys-on-surface-variant); }
    table.levels { border-collapse: collapse; width: 100%; margin: 8px 0; }
    table.levels th, table.levels td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 6px 16px; margin: 8px 0 0; }
    dt { color: var(--mat-sys-on-surface-variant); }
    dd { margin: 0; }
    .explanation { margin: 0; padding-left: 20px; }
    .explanation li { margin: 2px 0; }
    .history { margin: 0; padding-left: 18px; font-size: 0.875rem; }
    .history-chart { height: 180px; margin: 4px 0 8px; }
  `,
})
export class ScorePanel {
  /** undefined while loading; null when the risk has no score yet. */
  readonly score = input<Score | null | undefined>(undefined);
  readonly scoring = input(false);
  protected readonly historyChart = historyChart;
  protected readonly historySummary = historySummary;
  /** ECharts is fetched only when a score has a history to draw. */
  protected readonly chartsReady = signal(false);

  constructor() {
    effect(() => {
      if (!this.chartsReady() && (this.score()?.history.length ?? 0) > 1) {
        void import('../shared/echarts').then(() => this.chartsReady.set(true));
      }
    });
  }

  protected rows(score: Score) {
    return [
      { id: 'score-inherent', name: 'Inherent', value: score.inherent },
      { id: 'score-current', name: 'Current residual', value: score.currentResidual },
      { id: 'score-target', name: 'Target residual', value: score.targetResidual },
    ];
  }
}
