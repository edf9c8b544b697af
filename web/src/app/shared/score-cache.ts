import { Injectable, inject, signal } from '@angular/core';
import { Api, Scores } from '../api/api';

export interface CurrentLevel {
  level: string;
  score: number;
}

/** The current residual score of risks in view, fetched per risk from the scoring API
 * (GET /scores/{riskId}), a few at a time. null: the risk has no score yet. */
@Injectable({ providedIn: 'root' })
export class ScoreCache {
  private readonly api = inject(Api);
  readonly levels = signal<ReadonlyMap<string, CurrentLevel | null>>(new Map());

  async fetch(riskIds: readonly string[], refresh = false, parallel = 4): Promise<void> {
    const wanted = riskIds.filter((id) => refresh || !this.levels().has(id));
    let next = 0;
    const worker = async () => {
      while (next < wanted.length) {
        const id = wanted[next++];
        const { data } = await this.api.scoring.GET('/scores/{risk_id}', { params: { path: { risk_id: id } } }).catch(() => ({ data: undefined }));
        this.put(id, data ? current(data.currentResidual) : null);
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, wanted.length) }, worker));
  }

  put(riskId: string, level: CurrentLevel | null): void {
    this.levels.update((map) => new Map(map).set(riskId, level));
  }
}

function current(scores: Scores): CurrentLevel {
  return { level: scores.level, score: scores.score };
}
